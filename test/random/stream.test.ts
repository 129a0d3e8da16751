/**
 * Stream.fillNormal is a bulk form of Stream.normal: the same draws in the same order — across the ziggurat's
 * rejection path (about 1% of draws, so thousands of draws cross it many times), with an offset and a count, and
 * leaving the stream where the one-by-one draws leave it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { key } from "../../src/random/key.js";
import { Stream } from "../../src/random/stream.js";

describe("Stream.fillNormal", () => {
  it("gives normal()'s draws one after another, to the bit, rejection path included", () => {
    for (const [seed, n] of [[1, 1], [2, 7], [3, 1550], [4, 20_000]]) {
      const bulk = new Float64Array(n + 3).fill(NaN);
      const a = new Stream(key(seed));
      a.fillNormal(bulk, 2, n);
      const b = new Stream(key(seed));
      for (let k = 0; k < n; k++) assert.ok(Object.is(bulk[2 + k], b.normal()), `seed ${seed}, draw ${k}: ${bulk[2 + k]}`);
      assert.ok(Number.isNaN(bulk[0]) && Number.isNaN(bulk[1]) && Number.isNaN(bulk[n + 2]), "outside [offset, offset + count) untouched");
      assert.equal(a.uint32(), b.uint32(), `seed ${seed}: the stream continues where normal() leaves it`);
    }
  });

  it("crosses the rejection path: some of 20 000 draws lie beyond the ziggurat's base layer edge 3.654", () => {
    const x = new Float64Array(20_000);
    new Stream(key(5)).fillNormal(x);
    assert.ok(x.some((v) => Math.abs(v) > 3.6541528853610088), "no draw from the tail: the rejection path was not exercised");
  });
});
