// Score-function unbiasedness for discrete families, against exact gradients computed in the test by enumerating
// the support (probabilities written out here, derivatives by central finite differences of the exact expectation).
import { describe, it } from "node:test";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { Categorical } from "../../src/distributions/categorical.js";
import { scoreFunction, type ScoreBaseline } from "../../src/estimators/scoreFunction.js";
import { key, split } from "../../src/random/key.js";
import { assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";

/** ∇ of an exact expectation E(θ) by central differences (h = 1e-5: error ~1e-10, far below any SE here). */
function fdGradient(expectation: (theta: number[]) => number, theta: number[]): number[] {
  return theta.map((_, k) => {
    const h = 1e-5;
    const tp = theta.slice();
    const tm = theta.slice();
    tp[k] += h;
    tm[k] -= h;
    return (expectation(tp) - expectation(tm)) / (2 * h);
  });
}

// Categorical over 4 categories, f(k) = VALUES[k].
const LOGITS = [0.5, -1, 1.2, 0];
const VALUES = [3, -1, 0.5, 7];
const categoricalExpectation = (theta: number[]) => {
  const w = theta.map(Math.exp);
  const z = w.reduce((a, b) => a + b, 0);
  return w.reduce((acc, wk, k) => acc + (wk / z) * VALUES[k], 0);
};
const CATEGORICAL_TRUTH = fdGradient(categoricalExpectation, LOGITS);
const fCat = (x: Float64Array) => VALUES[x[0]];

// Three independent Bernoulli variables, f non-linear in x.
const B_LOGITS = [0.3, -1.5, 2];
const fBern = (x: ArrayLike<number>) => (x[0] + 2 * x[1] - x[2]) ** 2 + 3 * x[0] * x[2];
const bernoulliExpectation = (theta: number[]) => {
  const p = theta.map((t) => 1 / (1 + Math.exp(-t)));
  let e = 0;
  for (let m = 0; m < 8; m++) {
    const x = [m & 1, (m >> 1) & 1, (m >> 2) & 1];
    e += x.reduce((acc, xj, j) => acc * (xj ? p[j] : 1 - p[j]), 1) * fBern(x);
  }
  return e;
};
const BERNOULLI_TRUTH = fdGradient(bernoulliExpectation, B_LOGITS);

const N = 20_000;

describe("scoreFunction on discrete families: unbiased against exact enumeration", () => {
  const baselines: ScoreBaseline[] = ["none", 2];
  baselines.forEach((baseline, b) => {
    it(`Categorical(logits ${JSON.stringify(LOGITS)}), f(k) = ${JSON.stringify(VALUES)}[k] (baseline ${JSON.stringify(baseline)})`, () => {
      const g = scoreFunction(fCat, new Categorical({ logits: LOGITS }), key(testSeed(90 + b)), { numSamples: N, baseline });
      assertWithinZ("∇E[f]", g.mean, CATEGORICAL_TRUTH, g.stderr, zFor(4));
    });
    it(`Bernoulli(logits ${JSON.stringify(B_LOGITS)}), f = (x₀ + 2x₁ − x₂)² + 3x₀x₂ (baseline ${JSON.stringify(baseline)})`, () => {
      const g = scoreFunction(fBern, new Bernoulli({ logits: B_LOGITS }), key(testSeed(95 + b)), { numSamples: N, baseline });
      assertWithinZ("∇E[f]", g.mean, BERNOULLI_TRUTH, g.stderr, zFor(3));
    });
  });

  it('Categorical with baseline "mean": the average of 20 000 estimates at n = 4 matches the exact gradient', () => {
    const dist = new Categorical({ logits: LOGITS });
    const keys = split(key(testSeed(97)), 20_000);
    const means = new Float64Array(keys.length * 4);
    keys.forEach((k, r) => means.set(scoreFunction(fCat, dist, k, { numSamples: 4, baseline: "mean" }).mean, r * 4));
    const st = columnStats(means, keys.length, 4);
    assertWithinZ("∇E[f]", st.mean, CATEGORICAL_TRUTH, st.se, zFor(4));
  });

  it('Bernoulli with baseline "mean": the average of 20 000 estimates at n = 4 matches the exact gradient', () => {
    const dist = new Bernoulli({ logits: B_LOGITS });
    const keys = split(key(testSeed(98)), 20_000);
    const means = new Float64Array(keys.length * 3);
    keys.forEach((k, r) => means.set(scoreFunction(fBern, dist, k, { numSamples: 4, baseline: "mean" }).mean, r * 3));
    const st = columnStats(means, keys.length, 3);
    assertWithinZ("∇E[f]", st.mean, BERNOULLI_TRUTH, st.se, zFor(3));
  });
});
