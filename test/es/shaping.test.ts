import { test } from "node:test";
import assert from "node:assert/strict";
import { centeredRankUtilities, nesUtilities, shapeFitness, zScoreUtilities } from "../../src/es/shaping.js";
import { assertClose } from "../helpers/stats.js";

test("NES utilities follow the paper's formula, sum to zero, and favour lower fitness", () => {
  const f = new Float64Array([5, 1, 3, 2, 4, 0]);
  const u = nesUtilities(f);
  const n = 6;
  const w = [1, 2, 3, 4, 5, 6].map((k) => Math.max(0, Math.log(n / 2 + 1) - Math.log(k)));
  const tot = w.reduce((a, b) => a + b, 0);
  const byRank = w.map((v) => v / tot - 1 / n); // rank 1 = f 0 (index 5), rank 2 = f 1 (index 1), …
  assertClose("nes", u, [byRank[5], byRank[1], byRank[3], byRank[2], byRank[4], byRank[0]], 1e-14);
  assert.ok(Math.abs(u.reduce((a, b) => a + b, 0)) < 1e-14);
});

test("ties share the average utility; centered ranks and z-scores", () => {
  const u = centeredRankUtilities(new Float64Array([1, 1, 0]));
  assertClose("ties", u, [-0.25, -0.25, 0.5], 1e-15);
  assertClose("z", zScoreUtilities(new Float64Array([0, 2])), [1, -1], 1e-15);
  assertClose("z flat", zScoreUtilities(new Float64Array([3, 3, 3])), [0, 0, 0], 0);
});

test("non-finite fitness ranks worst and is counted", () => {
  const { utilities, nonFinite } = shapeFitness("t", "centeredRanks", [NaN, 0, -Infinity, 1, Infinity]);
  assert.equal(nonFinite, 3);
  // finite ones: 0 best (+0.5), 1 next (+0.25); the three failures share ranks 2–4: (0 − 0.25 − 0.5)/3.
  assertClose("u", utilities, [-0.25, 0.5, -0.25, 0.25, -0.25], 1e-15);
  assert.throws(() => shapeFitness("xnes.tell", "bogus" as never, [1]), /xnes\.tell: shaping must be one of/);
  assert.throws(() => shapeFitness("xnes.tell", () => new Float64Array([NaN]), [1]), /non-finite utility/);
});
