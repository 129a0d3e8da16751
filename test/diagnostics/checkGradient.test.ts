import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Normal } from "../../src/distributions/normal.js";
import { checkGradient, formatGradientCheck } from "../../src/diagnostics/checkGradient.js";
import { estimateFromRows, type GradientEstimate } from "../../src/estimators/result.js";
import { pathwise } from "../../src/estimators/pathwise.js";
import { scoreFunction } from "../../src/estimators/scoreFunction.js";
import { key } from "../../src/random/key.js";
import { FAMILY_ALPHA, testSeed } from "../helpers/stats.js";

const dist = new Normal({ loc: [1.5, -0.5], scale: [2, 0.7] });
const sumSq = (x: Float64Array) => x[0] * x[0] + x[1] * x[1];
const TRUTH = [3, -1, 8, 2 * 0.49];

describe("checkGradient", () => {
  it("passes on an unbiased estimate (its false-positive rate is alpha)", () => {
    const g = scoreFunction(sumSq, dist, key(testSeed(80)), { numSamples: 20_000 });
    const r = checkGradient(g, TRUTH, { alpha: FAMILY_ALPHA });
    assert.ok(r.pass, formatGradientCheck(r));
    assert.equal(r.z.length, 4);
  });

  it("fails on a biased estimate (pathwise rows missing the σ chain-rule factor)", () => {
    const n = 20_000;
    const eps = dist.sampleNoise(key(testSeed(81)), n);
    const x = dist.transform(eps);
    const rows = new Float64Array(n * 4);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 2; j++) {
        rows[i * 4 + j] = 2 * x[i * 2 + j];
        rows[i * 4 + 2 + j] = 2 * x[i * 2 + j] * eps[i * 2 + j]; // should be × σ_j
      }
    }
    const r = checkGradient(estimateFromRows(rows, n, 4), TRUTH);
    assert.equal(r.pass, false);
    assert.equal(r.worst.index, 2);
    assert.match(formatGradientCheck(r), /FAIL .*worst θ\[2\]/);
  });

  it("zero stderr: exact agreement passes with z = 0, any disagreement fails with z = ±∞", () => {
    const g = pathwise((x) => x[0] + x[1], dist, key(3), { numSamples: 100, grad: () => [1, 1] });
    const exact = scoreFunction(() => 2, dist, key(3), { numSamples: 100, baseline: 2 }); // all rows 0
    const r0 = checkGradient(exact, [0, 0, 0, 0]);
    assert.ok(r0.pass);
    assert.deepEqual(Array.from(r0.z), [0, 0, 0, 0]);
    const r1 = checkGradient(exact, [0, 0, 1e-6, 0]);
    assert.equal(r1.pass, false);
    assert.equal(r1.worst.z, -Infinity);
    assert.match(formatGradientCheck(r1), /z = −∞/);
    // ∂loc of f = Σx under pathwise is exactly 1 with zero spread.
    assert.equal(checkGradient(g, [1, 1, 0, 0], { alpha: FAMILY_ALPHA }).z[0], 0);
  });

  it("rejects bad input, naming function, argument and value", () => {
    const g = scoreFunction(sumSq, dist, key(0), { numSamples: 10 });
    assert.throws(() => checkGradient(g, [1, 2, 3]), /checkGradient: truth must have length 4, got length 3/);
    assert.throws(() => checkGradient(g, [1, NaN, 3, 4]), /checkGradient: truth\[1\] must be a finite number, got NaN/);
    assert.throws(() => checkGradient(g, TRUTH, { alpha: 2 }), /checkGradient: alpha must be a number in \(0, 1\), got 2/);
    const one = scoreFunction(sumSq, dist, key(0), { numSamples: 1 });
    assert.throws(() => checkGradient(one, TRUTH), /checkGradient: estimate.numSamples must be at least 2 .*got 1/);
    assert.throws(() => checkGradient({} as GradientEstimate, TRUTH), /checkGradient: estimate must be a GradientEstimate/);
  });
});
