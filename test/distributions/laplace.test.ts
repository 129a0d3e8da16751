import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Laplace } from "../../src/distributions/laplace.js";
import type { Distribution } from "../../src/distributions/distribution.js";
import { distributionLaws, finiteDifferenceVjp } from "../helpers/laws.js";
import { assertClose, testSeed } from "../helpers/stats.js";
import { assertContinuousFrequencies } from "../helpers/frequencies.js";
import { key } from "../../src/random/key.js";

/**
 * log p has a kink at x = μ: a draw within the law's step h = 1e-5·max(1, |μ|) of μ (probability ≈ 2h·p(μ) per draw,
 * about 1e-4 per run of 50 draws, above the suite's false-positive rate) makes the difference quotient wrong, so
 * the finite-difference law skips draws within 100 h of μ.
 */
const awayFromKink = (d: Distribution, row: Float64Array): boolean => {
  const loc = (d as Laplace).loc;
  return row.every((v, j) => Math.abs(v - loc[j]) > 1e-3 * Math.max(1, Math.abs(loc[j])));
};

// The kink at x = μ sits on an even Simpson node (the interval is symmetric about μ), so the rule stays accurate.
distributionLaws("Laplace 1-D (μ = 1, b = 2)", () => new Laplace({ loc: 1, scale: 2 }), {
  integrate: { lower: -79, upper: 81 },
  fdKeepRow: awayFromKink,
});
// Dyadic scales: the squared loc-score is the constant 1/b² for every draw, so its row SE is only the rounding of the
// column sum; with 1/b² exactly representable that sum is exact (assertWithinZ's z·SE has no rounding floor).
distributionLaws("Laplace 3-D", () => new Laplace({ loc: [0.5, -1, 3], scale: [0.25, 0.5, 4] }), {
  seed: 100,
  fdKeepRow: awayFromKink,
});

describe("Laplace", () => {
  it("logProb matches log(e^{−|x−μ|/b} / (2b)); θ = [loc, log scale]; fisher = diag(1/b², 1)", () => {
    const d = new Laplace({ loc: [1, -2], scale: [2, 0.5] });
    const expected = Math.log((Math.exp(-Math.abs(0.3 - 1) / 2) / 4) * (Math.exp(-Math.abs(-1.1 + 2) / 0.5) / 1));
    assertClose("logProb", d.logProb([0.3, -1.1]), [expected], 1e-13);
    assertClose("params", d.params, [1, -2, Math.log(2), Math.log(0.5)], 1e-15);
    assertClose("score", d.score([0.3, -1.1]), [-1 / 2, 1 / 0.5, 0.7 / 2 - 1, 0.9 / 0.5 - 1], 1e-14);
    assertClose("fisher", d.fisher(), [0.25, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], 0);
  });

  it("transformVjp equals finite differences of the transform in θ", () => {
    const d = new Laplace({ loc: [1, -0.5], scale: [2, 0.3] });
    const eps = d.sampleNoise(key(testSeed(50)), 5);
    const g = new Float64Array(10).map((_, i) => Math.cos(i));
    assertClose("transformVjp", d.transformVjp(eps, g), finiteDifferenceVjp(d, eps, g), 1e-7);
  });

  it("sampler frequencies match the Laplace CDF on bins (per-bin z, Bonferroni)", () => {
    const mu = 1;
    const b = 2;
    const x = new Laplace({ loc: mu, scale: b }).sample(key(testSeed(51)), 200_000);
    const cdf = (t: number): number => (t < mu ? 0.5 * Math.exp((t - mu) / b) : 1 - 0.5 * Math.exp(-(t - mu) / b));
    const edges = [-10, -4, -2, -1, 0, 0.5, 1, 1.5, 2, 3, 5, 8, 14];
    assertContinuousFrequencies("Laplace(1, 2)", x, edges, cdf);
  });

  it("rejects bad parameters and samples with messages naming the argument", () => {
    assert.throws(() => new Laplace({ loc: 0, scale: 0 }), /Laplace: scale\[0\] must be > 0, got 0/);
    assert.throws(() => new Laplace({ loc: NaN, scale: 1 }), /Laplace: loc\[0\] must be a finite number, got NaN/);
    assert.throws(() => new Laplace({ loc: [0, 1], scale: [1, 2, 3] }), /Laplace: loc and scale must have the same length/);
    const d = new Laplace({ loc: 0, scale: 1 });
    assert.throws(() => d.withParams([0]), /Laplace.withParams: theta must have length 2, got length 1/);
    assert.throws(() => d.withParams([0, -1e4]), /Laplace.withParams: theta\[1\] = -10000 \(log scale\)/);
    assert.throws(() => d.logProb([NaN]), /Laplace.logProb: x\[0\] must be a finite number, got NaN/);
    assert.throws(() => d.sample(key(0), 0), /Laplace.sample: n must be a positive integer, got 0/);
  });
});
