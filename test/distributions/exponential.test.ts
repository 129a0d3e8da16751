import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Exponential } from "../../src/distributions/exponential.js";
import { distributionLaws, finiteDifferenceVjp } from "../helpers/laws.js";
import { assertClose, testSeed } from "../helpers/stats.js";
import { assertContinuousFrequencies } from "../helpers/frequencies.js";
import { key } from "../../src/random/key.js";

distributionLaws("Exponential 1-D (λ = 2)", () => new Exponential({ rate: 2 }), { integrate: { lower: 0, upper: 25 } });
distributionLaws("Exponential 3-D", () => new Exponential({ rate: [0.5, 2, 7] }), { seed: 100 });

describe("Exponential", () => {
  it("logProb matches log(λ e^{−λx}), θ = log λ, fisher = I", () => {
    const d = new Exponential({ rate: [2, 0.25] });
    assertClose("logProb", d.logProb([0.3, 4, 0, 1.5]), [Math.log(2 * Math.exp(-0.6) * 0.25 * Math.exp(-1)), Math.log(2 * 0.25 * Math.exp(-0.375))], 1e-13);
    assertClose("params", d.params, [Math.log(2), Math.log(0.25)], 1e-15);
    assertClose("score", d.score([0.3, 4]), [1 - 0.6, 1 - 1], 1e-15);
    assertClose("fisher", d.fisher(), [1, 0, 0, 1], 0);
  });

  it("transformVjp equals finite differences of the transform in θ", () => {
    const d = new Exponential({ rate: [2, 0.3] });
    const eps = d.sampleNoise(key(testSeed(40)), 5);
    const g = new Float64Array(10).map((_, i) => Math.cos(i));
    assertClose("transformVjp", d.transformVjp(eps, g), finiteDifferenceVjp(d, eps, g), 1e-7);
  });

  it("sampler frequencies match the CDF 1 − e^{−λx} on decile bins (per-bin z, Bonferroni)", () => {
    const rate = 2.5;
    const x = new Exponential({ rate }).sample(key(testSeed(41)), 200_000);
    const edges = Array.from({ length: 9 }, (_, b) => -Math.log(1 - (b + 1) / 10) / rate);
    edges.push(-Math.log(1e-3) / rate); // a tail bin of mass 1e-3 (200 expected draws) as well
    assertContinuousFrequencies("Exponential(2.5)", x, edges, (t) => 1 - Math.exp(-rate * t));
  });

  it("rejects bad parameters and samples with messages naming the argument", () => {
    assert.throws(() => new Exponential({ rate: 0 }), /Exponential: rate\[0\] must be > 0, got 0/);
    assert.throws(() => new Exponential({ rate: [1, -2] }), /Exponential: rate\[1\] must be > 0, got -2/);
    assert.throws(() => new Exponential({ rate: Infinity }), /Exponential: rate\[0\] must be a finite number, got Infinity/);
    const d = new Exponential({ rate: 1 });
    assert.throws(() => d.logProb([-0.5]), /Exponential.logProb: x\[0\] = -0.5 is outside the support \(x ≥ 0\)/);
    assert.throws(() => d.score([1, -1e-300]), /Exponential.score: x\[1\] = -1e-300 is outside the support/);
    assert.throws(() => d.withParams([-800]), /Exponential.withParams: theta\[0\] = -800 \(log rate\)/);
    assert.throws(() => d.sample(key(0), 0), /Exponential.sample: n must be a positive integer, got 0/);
  });
});
