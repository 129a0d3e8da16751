import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Poisson, poissonEntropy } from "../../src/distributions/poisson.js";
import { poisson, PTRS_THRESHOLD } from "../../src/random/poisson.js";
import { distributionLaws } from "../helpers/laws.js";
import { assertClose, testSeed } from "../helpers/stats.js";
import { assertDiscreteFrequencies } from "../helpers/frequencies.js";
import { key, split } from "../../src/random/key.js";

distributionLaws("Poisson 1-D (λ = 3.7)", () => new Poisson({ rate: 3.7 }), { sumSupport: { max: 60 } });
distributionLaws("Poisson 3-D (λ = 0.4, 12, 250)", () => new Poisson({ rate: [0.4, 12, 250] }), { seed: 100 });

/** The pmf k = 0 … K by the textbook recursion p_k = p_{k−1} λ/k, carried in log space (no gammaln). */
function textbookPmf(lambda: number, K: number): Float64Array {
  const out = new Float64Array(K + 1);
  let logp = -lambda;
  for (let k = 0; k <= K; k++) {
    if (k > 0) logp += Math.log(lambda / k);
    out[k] = Math.exp(logp);
  }
  return out;
}

/** Entropy by brute force over the textbook pmf. */
function textbookEntropy(lambda: number): number {
  const K = Math.ceil(lambda + 40 * Math.sqrt(lambda) + 60);
  const p = textbookPmf(lambda, K);
  let h = 0;
  for (let k = 0; k <= K; k++) if (p[k] > 0) h -= p[k] * Math.log(p[k]);
  return h;
}

describe("Poisson", () => {
  it("logProb matches the textbook pmf λᵏ e^{−λ} / k!", () => {
    const d = new Poisson({ rate: [2.5, 0.3] });
    const x = [3, 0, 0, 4, 7, 1];
    const pmf = (k: number, l: number): number => (l ** k * Math.exp(-l)) / [1, 1, 2, 6, 24, 120, 720, 5040][k];
    const expected = [
      Math.log(pmf(3, 2.5) * pmf(0, 0.3)),
      Math.log(pmf(0, 2.5) * pmf(4, 0.3)),
      Math.log(pmf(7, 2.5) * pmf(1, 0.3)),
    ];
    assertClose("logProb", d.logProb(x), expected, 1e-12);
    // A large count far in the tail stays finite and exact.
    const big = new Poisson({ rate: 1e4 }).logProb([2e4])[0];
    let logFact = 0;
    for (let k = 2; k <= 2e4; k++) logFact += Math.log(k);
    assertClose("tail", [big], [2e4 * Math.log(1e4) - 1e4 - logFact], 1e-12);
  });

  it("θ is log rate, score is k − λ and fisher is diag(λ)", () => {
    const d = new Poisson({ rate: [2, 0.5] });
    assertClose("params", d.params, [Math.log(2), Math.log(0.5)], 1e-15);
    assertClose("score", d.score([3, 0]), [1, -0.5], 1e-15);
    assertClose("fisher", d.fisher(), [2, 0, 0, 0.5], 1e-15);
  });

  it("entropy matches a brute-force sum, on both sides of the series/asymptotic switch", () => {
    for (const l of [1e-8, 0.05, 1, 3.7, 9.5, 10, 80, 2000]) {
      assertClose(`H(${l})`, [poissonEntropy(l)], [textbookEntropy(l)], 1e-11);
    }
    // Series just below the switch vs asymptotic just above: continuous to well under 1e-11.
    assertClose("switch", [poissonEntropy(9999.999)], [poissonEntropy(1e4) - 0.5 * Math.log(1e4 / 9999.999)], 1e-11);
    assertClose("sum over coordinates", [new Poisson({ rate: [1, 3.7] }).entropy()], [textbookEntropy(1) + textbookEntropy(3.7)], 1e-11);
  });

  it("sampler frequencies match the pmf for λ on both sides of the inversion/PTRS switch (per-bin z, Bonferroni)", () => {
    const lambdas = [0.7, 3.7, 9.99, PTRS_THRESHOLD, 47.3, 1234.5];
    const keys = split(key(testSeed(11)), lambdas.length);
    lambdas.forEach((l, i) => {
      const x = poisson(keys[i], l, 200_000);
      assertDiscreteFrequencies(`Poisson(${l})`, x, textbookPmf(l, Math.ceil(l + 12 * Math.sqrt(l) + 30)));
    });
  });

  it("Poisson.sample draws each coordinate from its own rate", () => {
    const rates = [0.4, 25];
    const x = new Poisson({ rate: rates }).sample(key(testSeed(12)), 100_000);
    rates.forEach((l, j) => {
      const col = new Float64Array(100_000);
      for (let i = 0; i < col.length; i++) col[i] = x[i * 2 + j];
      assertDiscreteFrequencies(`column ${j}`, col, textbookPmf(l, Math.ceil(l + 12 * Math.sqrt(l) + 30)));
    });
  });

  it("rejects bad parameters and samples with messages naming the argument", () => {
    assert.throws(() => new Poisson({ rate: 0 }), /Poisson: rate\[0\] must be > 0, got 0/);
    assert.throws(() => new Poisson({ rate: -1 }), /Poisson: rate\[0\] must be > 0, got -1/);
    assert.throws(() => new Poisson({ rate: NaN }), /Poisson: rate\[0\] must be a finite number, got NaN/);
    assert.throws(() => new Poisson({ rate: [1, Infinity] }), /Poisson: rate\[1\] must be a finite number, got Infinity/);
    const d = new Poisson({ rate: 2 });
    assert.throws(() => d.logProb([-1]), /Poisson.logProb: x\[0\] = -1 is outside the support/);
    assert.throws(() => d.score([1, 2.5]), /Poisson.score: x\[1\] = 2.5 is outside the support/);
    assert.throws(() => d.withParams([1, 2]), /Poisson.withParams: theta must have length 1, got length 2/);
    assert.throws(() => d.withParams([800]), /Poisson.withParams: theta\[0\] = 800 \(log rate\)/);
    assert.throws(() => d.sample(key(0), 0), /Poisson.sample: n must be a positive integer, got 0/);
    assert.throws(() => poisson(key(0), 0, 5), /poisson: lambda must be a finite number > 0, got 0/);
  });
});
