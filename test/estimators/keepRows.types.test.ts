// The rows of an estimate are typed: `keepRows: true` returns GradientEstimateWithRows (rows present), the default a
// GradientEstimate whose rows may be absent (checked by `npm test`'s tsc), and the run-time result agrees.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Normal } from "../../src/distributions/normal.js";
import { scoreFunction } from "../../src/estimators/scoreFunction.js";
import { pathwise } from "../../src/estimators/pathwise.js";
import { measureValued } from "../../src/estimators/measureValued.js";
import { key } from "../../src/random/key.js";

describe("keepRows at the type level and at run time", () => {
  it("with keepRows: true the rows are a Float64Array; without, reading them needs a check", () => {
    const dist = new Normal({ loc: 0, scale: 2 });
    const f = (x: Float64Array) => x[0] ** 2;
    const grad = (x: Float64Array) => [2 * x[0]];
    const rows: Float64Array[] = [
      scoreFunction(f, dist, key(0), { numSamples: 8, keepRows: true }).rows,
      pathwise(f, dist, key(0), { numSamples: 8, grad, keepRows: true }).rows,
      measureValued(f, dist, key(0), { numSamples: 8, keepRows: true }).rows,
    ];
    for (const r of rows) assert.equal(r.length, 16);
    // @ts-expect-error — without keepRows the rows may be absent: Float64Array | undefined.
    const maybe: Float64Array = scoreFunction(f, dist, key(0), { numSamples: 8 }).rows;
    assert.equal(maybe, undefined);
    // @ts-expect-error — the same for pathwise.
    const maybePathwise: Float64Array = pathwise(f, dist, key(0), { numSamples: 8, grad }).rows;
    assert.equal(maybePathwise, undefined);
  });
});
