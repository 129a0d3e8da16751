import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Categorical } from "../../src/distributions/categorical.js";
import { categorical, CategoricalExcluding } from "../../src/random/discrete.js";
import { Stream } from "../../src/random/stream.js";
import { distributionLaws } from "../helpers/laws.js";
import { assertClose, testSeed } from "../helpers/stats.js";
import { assertDiscreteFrequencies } from "../helpers/frequencies.js";
import { key, split } from "../../src/random/key.js";

distributionLaws("Categorical K = 4", () => new Categorical({ logits: [0.5, -1, 2, 0] }), { sumSupport: { max: 3 } });
distributionLaws("Categorical K = 6, skewed", () => new Categorical({ logits: [-3, 1.5, 0, 0.7, -0.4, 2.2] }), {
  sumSupport: { max: 5 },
  seed: 100,
});
// K ≥ 32: the alias table, whatever the number of draws (a stream of chunks of 1 draws from the same table as n = 200).
distributionLaws("Categorical K = 40 (alias method)", () => new Categorical({ logits: Array.from({ length: 40 }, (_, k) => Math.cos(k) - 0.02 * k) }), {
  sumSupport: { max: 39 },
  seed: 200,
});

/** Softmax straight from the definition exp(l_k) / Σ exp(l_j) (fine for moderate logits). */
function textbookProbs(logits: number[]): number[] {
  const e = logits.map(Math.exp);
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

describe("Categorical", () => {
  it("logProb matches log(exp(l_k) / Σ exp(l_j))", () => {
    const logits = [0.3, -1.2, 2.5, 0];
    const p = textbookProbs(logits);
    const d = new Categorical({ logits });
    assertClose("logProb", d.logProb([2, 0, 1, 3]), [2, 0, 1, 3].map((k) => Math.log(p[k])), 1e-13);
    assertClose("probs", d.probs, p, 1e-15);
  });

  it("logits of ±1e4 give finite, correct log-probabilities, scores and entropy", () => {
    const d = new Categorical({ logits: [1e4, -1e4, 0] });
    // log p = l_k − log(e^{1e4}(1 + e^{−2e4} + e^{−1e4})) = l_k − 1e4 exactly in float64.
    assertClose("logProb", d.logProb([0, 1, 2]), [0, -2e4, -1e4], 1e-15);
    assertClose("score", d.score([1]), [-1, 1, 0], 1e-15);
    assert.equal(d.entropy(), 0);
    const tie = new Categorical({ logits: [1e4, 1e4, -1e4] });
    assertClose("tie", tie.logProb([0, 1, 2]), [-Math.LN2, -Math.LN2, -2e4 - Math.LN2], 1e-15);
    assertClose("tie entropy", [tie.entropy()], [Math.LN2], 1e-15);
    // Categories of probability 0 are never drawn, by inversion (K < 32) or by the alias method (K ≥ 32).
    for (const K of [3, 40]) {
      const logits = Array.from({ length: K }, (_, k) => (k % 3 === 1 ? -1e4 : 0.1 * k));
      const x = new Categorical({ logits }).sample(key(testSeed(20)), 50_000);
      for (let i = 0; i < x.length; i++) assert.notEqual(x[i] % 3, 1, `K = ${K}: drew category ${x[i]} of probability 0`);
    }
  });

  it("score is onehot − softmax and fisher is diag(p) − p pᵀ", () => {
    const logits = [0.4, -0.6, 1.1];
    const p = textbookProbs(logits);
    const d = new Categorical({ logits });
    assertClose("score", d.score([1]), [-p[0], 1 - p[1], -p[2]], 1e-15);
    const F = [];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) F.push((a === b ? p[a] : 0) - p[a] * p[b]);
    assertClose("fisher", d.fisher(), F, 1e-15);
  });

  it("sampler frequencies match the pmf by inversion and by the alias method (per-bin z, Bonferroni)", () => {
    const [k1, k2, k3] = split(key(testSeed(21)), 3);
    const small = [0.2, -1, 1.3, 0.5, -2.5];
    assertDiscreteFrequencies("K = 5", new Categorical({ logits: small }).sample(k1, 200_000), textbookProbs(small));
    const large = Array.from({ length: 100 }, (_, k) => Math.sin(k) * 2 - 0.01 * k);
    assertDiscreteFrequencies("K = 100 (alias)", new Categorical({ logits: large }).sample(k2, 200_000), textbookProbs(large));
    // The raw sampler with unnormalized weights.
    assertDiscreteFrequencies("weights", categorical(k3, [1, 0, 3, 6], 100_000), [0.1, 0, 0.3, 0.6]);
  });

  it("CategoricalExcluding draws p(· | not j): never j or a zero-probability category, frequencies per bin (z-test, Bonferroni)", () => {
    // K = 5: the CDF with j's interval skipped; K = 40: the alias table redrawn, and the CDF for the category above ½.
    const small = [0.3, 0, 0.45, 0.05, 0.2];
    const large = Array.from({ length: 40 }, (_, k) => (k % 9 === 4 ? 0 : k === 7 ? 30 : 1 + Math.sin(k) ** 2));
    const cases: [number[], number[]][] = [[small, [0, 2, 4]], [large, [0, 7, 13, 39]]];
    const keys = split(key(testSeed(22)), 7);
    let next = 0;
    for (const [p, js] of cases) {
      const ex = new CategoricalExcluding(p);
      for (const j of js) {
        const s = new Stream(keys[next++]);
        const x = Float64Array.from({ length: 40_000 }, () => ex.draw(s, j));
        const rest = p.reduce((a, v, k) => a + (k === j ? 0 : v), 0);
        for (let i = 0; i < x.length; i++) assert.ok(x[i] !== j && p[x[i]] > 0, `K = ${p.length}, j = ${j}: drew ${x[i]}`);
        assertDiscreteFrequencies(`K = ${p.length}, not ${j}`, x, p.map((v, k) => (k === j ? 0 : v / rest)));
      }
    }
  });

  it("rejects bad parameters and samples with messages naming the argument", () => {
    assert.throws(() => new Categorical({ logits: [0, NaN] }), /Categorical: logits\[1\] must be a finite number, got NaN/);
    assert.throws(() => new Categorical({ logits: [] }), /Categorical: logits must be a non-empty array/);
    const d = new Categorical({ logits: [0, 1, 2] });
    assert.throws(() => d.logProb([3]), /Categorical.logProb: x\[0\] = 3 is outside the support \(integers 0 … 2\)/);
    assert.throws(() => d.logProb([0, -1]), /Categorical.logProb: x\[1\] = -1 is outside the support/);
    assert.throws(() => d.score([1.5]), /Categorical.score: x\[0\] = 1.5 is outside the support/);
    assert.throws(() => d.withParams([0, 1]), /Categorical.withParams: theta must have length 3, got length 2/);
    assert.throws(() => d.withParams([0, 1, Infinity]), /Categorical.withParams: theta\[2\] must be a finite number, got Infinity/);
    assert.throws(() => d.sample(key(0), 1.5), /Categorical.sample: n must be a positive integer, got 1.5/);
    assert.throws(() => categorical(key(0), [1, -1], 3), /categorical: weights\[1\] must be a finite number ≥ 0, got -1/);
    assert.throws(() => categorical(key(0), [0, 0], 3), /categorical: weights must be an array with a finite positive sum/);
  });
});
