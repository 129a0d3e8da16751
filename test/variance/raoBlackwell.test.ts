import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { Categorical } from "../../src/distributions/categorical.js";
import { Dirichlet } from "../../src/distributions/dirichlet.js";
import type { Distribution } from "../../src/distributions/distribution.js";
import { Normal } from "../../src/distributions/normal.js";
import { scoreFunction } from "../../src/estimators/scoreFunction.js";
import { key, split } from "../../src/random/key.js";
import { downstreamScoreFunction, type CostTerm } from "../../src/variance/downstream.js";
import { enumeratedScoreFunction } from "../../src/variance/enumerate.js";
import { assertClose, assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";
import { assertVarianceNear, columnVariance } from "./varianceStats.js";

const MU = [1.5, -0.5];
const SIGMA = [2, 0.7];
const normal = new Normal({ loc: MU, scale: SIGMA });

describe("downstream-cost Rao-Blackwellization (stochastic computation graphs)", () => {
  it("f = x₀ + x₁: unbiased, and the per-sample variances drop to the closed forms", () => {
    const terms: CostTerm[] = [
      { f: (x) => x[0], deps: [0] },
      { f: (x) => x[1], deps: [1] },
    ];
    // θ = [μ₀, μ₁, log σ₀, log σ₁], x_c = μ_c + σ_c z_c, a = μ₀ + μ₁. Plain rows (x₀ + x₁)·s, downstream rows x_c·s:
    //   plain  μ_c: (a² + 3σ_c² + σ_other²)/σ_c² − 1     downstream μ_c: μ_c²/σ_c² + 2
    //   plain  log σ_c: 2a² + 10σ_c² + 2σ_other²         downstream log σ_c: 2μ_c² + 10σ_c²
    // Not a conditional expectation, so the gain is not automatic: with μ = [1.5, −0.5] the dropped x₁ term cancels
    // part of x₀'s mean and the μ₀ variance would rise. Here both means are positive and every coordinate gains.
    const mu = [1.5, 0.8];
    const d = new Normal({ loc: mu, scale: SIGMA });
    const a = mu[0] + mu[1];
    const [s0, s1] = SIGMA;
    const plainVar = [(a * a + 3 * s0 * s0 + s1 * s1) / (s0 * s0) - 1, (a * a + 3 * s1 * s1 + s0 * s0) / (s1 * s1) - 1, 2 * a * a + 10 * s0 * s0 + 2 * s1 * s1, 2 * a * a + 10 * s1 * s1 + 2 * s0 * s0];
    const rbVar = [mu[0] ** 2 / s0 ** 2 + 2, mu[1] ** 2 / s1 ** 2 + 2, 2 * mu[0] ** 2 + 10 * s0 * s0, 2 * mu[1] ** 2 + 10 * s1 * s1];
    for (let j = 0; j < 4; j++) assert.ok(rbVar[j] < plainVar[j], `known gain at ${j}: ${rbVar[j]} < ${plainVar[j]}`);
    const n = 40_000;
    const k = key(testSeed(500));
    const rb = downstreamScoreFunction(terms, d, k, { numSamples: n });
    const plain = scoreFunction((x) => x[0] + x[1], d, k, { numSamples: n, keepRows: true });
    const z = zFor(12);
    assertWithinZ("downstream mean", rb.mean, [1, 1, 0, 0], rb.stderr, z);
    assertVarianceNear("downstream variance", columnVariance(rb.rows, n, 4), rbVar, z);
    assertVarianceNear("plain variance", columnVariance(plain.rows, n, 4), plainVar, z);
  });

  it('terms sharing coordinates, with the per-coordinate "mean" baseline: unbiased at n = 4', () => {
    // f = x₀² + x₀x₁ + x₁: ∇θ E[f] = [2μ₀ + μ₁, μ₀ + 1, 2σ₀², 0]
    const terms: CostTerm[] = [
      { f: (x) => x[0] * x[0], deps: [0] },
      { f: (x) => x[0] * x[1], deps: [0, 1] },
      { f: (x) => x[1], deps: [1] },
    ];
    const m = 8000;
    const keys = split(key(testSeed(501)), m);
    const means = new Float64Array(m * 4);
    for (let r = 0; r < m; r++) means.set(downstreamScoreFunction(terms, normal, keys[r], { numSamples: 4, baseline: "mean" }).mean, r * 4);
    const st = columnStats(means, m, 4);
    assertWithinZ("downstream + mean baseline", st.mean, [2 * MU[0] + MU[1], MU[0] + 1, 2 * SIGMA[0] ** 2, 0], st.se, zFor(4));
  });
});

/** Exact expectations over the 2^d states of independent Bernoullis. */
function bernoulliExact(p: Float64Array, f: (x: Float64Array) => number) {
  const d = p.length;
  const states: { x: Float64Array; w: number }[] = [];
  for (let m = 0; m < 1 << d; m++) {
    const x = Float64Array.from({ length: d }, (_, j) => (m >> j) & 1);
    states.push({ x, w: x.reduce((acc, v, j) => acc * (v === 1 ? p[j] : 1 - p[j]), 1) });
  }
  const truth = new Float64Array(d);
  const plainSq = new Float64Array(d);
  const enumSq = new Float64Array(d);
  for (const { x, w } of states) {
    for (let j = 0; j < d; j++) {
      const row = f(x) * (x[j] - p[j]);
      truth[j] += w * row;
      plainSq[j] += w * row * row;
      // The enumerated row depends on x_{−j} only; average its square over x with weight w (x_j is summed out).
      const x1 = x.slice();
      x1[j] = 1;
      const x0 = x.slice();
      x0[j] = 0;
      const r = p[j] * f(x1) * (1 - p[j]) + (1 - p[j]) * f(x0) * -p[j];
      enumSq[j] += w * r * r;
    }
  }
  return { truth, plainVar: plainSq.map((v, j) => v - truth[j] ** 2), enumVar: enumSq.map((v, j) => v - truth[j] ** 2) };
}

describe("exact enumeration of discrete coordinates", () => {
  const bern = new Bernoulli({ logits: [0.5, -1] });
  const fb = (x: Float64Array) => x[0] + 2 * x[1] + 3 * x[0] * x[1] + 1;

  it("Bernoulli: unbiased, with the per-sample variance that exhaustive summation predicts", () => {
    const ex = bernoulliExact(bern.probs, fb);
    for (let j = 0; j < 2; j++) assert.ok(ex.enumVar[j] < ex.plainVar[j], `known gain at ${j}`);
    const n = 20_000;
    const k = key(testSeed(510));
    const g = enumeratedScoreFunction(fb, bern, k, { numSamples: n });
    const plain = scoreFunction(fb, bern, k, { numSamples: n, keepRows: true });
    const z = zFor(6);
    assertWithinZ("enumerated mean", g.mean, ex.truth, g.stderr, z);
    assertVarianceNear("enumerated variance", columnVariance(g.rows, n, 2), ex.enumVar, z);
    assertVarianceNear("plain variance", columnVariance(plain.rows, n, 2), ex.plainVar, z);
  });

  it("Bernoulli: enumerating coordinate 0 only leaves coordinate 1's rows as plain score-function rows", () => {
    const k = key(testSeed(511));
    const g = enumeratedScoreFunction(fb, bern, k, { numSamples: 500, coordinates: [0] });
    const plain = scoreFunction(fb, bern, k, { numSamples: 500, keepRows: true });
    const p = bern.probs;
    for (let i = 0; i < 500; i++) {
      assert.equal(g.rows[i * 2 + 1], plain.rows[i * 2 + 1]);
      const x1 = (g.rows[i * 2] / (p[0] * (1 - p[0])) - 1) / 3; // row₀ = p₀(1 − p₀)(1 + 3x₁)
      assert.ok(Math.abs(x1) < 1e-12 || Math.abs(x1 - 1) < 1e-12, `row ${i}: ${g.rows[i * 2]}`);
    }
  });

  it("Categorical: every row is the exact gradient Σ_k π_k f(k)(e_k − π) (zero variance)", () => {
    const cat = new Categorical({ logits: [0.3, -1, 2, 0] });
    const fc = (x: Float64Array) => (x[0] - 1.5) ** 2 + x[0];
    const pi = cat.probs;
    const exact = new Float64Array(4);
    for (let c = 0; c < 4; c++) for (let kk = 0; kk < 4; kk++) exact[c] += pi[kk] * fc(new Float64Array([kk])) * ((kk === c ? 1 : 0) - pi[c]);
    const g = enumeratedScoreFunction(fc, cat, key(testSeed(512)), { numSamples: 50 });
    for (let i = 0; i < 50; i++) assertClose(`row ${i}`, g.rows.subarray(i * 4, i * 4 + 4), exact, 1e-12);
    assertClose("variance", g.variance, [0, 0, 0, 0], 1e-12);
  });
});

describe("Rao-Blackwellization: bad input", () => {
  it("names the function, argument and value", () => {
    const k = key(0);
    const t: CostTerm[] = [{ f: (x) => x[0], deps: [0] }];
    assert.throws(() => downstreamScoreFunction([{ f: (x) => x[0], deps: [2] }], normal, k), /downstreamScoreFunction: terms\[0\].deps contains 2; coordinates are integers in \[0, 2\)/);
    assert.throws(() => downstreamScoreFunction([], normal, k), /downstreamScoreFunction: terms must be a non-empty array/);
    assert.throws(() => downstreamScoreFunction([{ f: 3 as unknown as () => number, deps: [0] }], normal, k), /terms\[0\].f must be a function/);
    assert.throws(() => downstreamScoreFunction(t, normal, k, { baseline: "optimal" as "mean" }), /baseline must be "none" or "mean", got "optimal"/);
    assert.throws(() => downstreamScoreFunction(t, normal, k, { numSamples: 1, baseline: "mean" }), /needs numSamples ≥ 2, got 1/);
    assert.throws(() => downstreamScoreFunction(t, undefined as unknown as Normal, k), /^Error: downstreamScoreFunction: dist must be a Distribution .*got undefined/);
    assert.throws(() => enumeratedScoreFunction((x) => x[0], null as unknown as Normal, k), /^Error: enumeratedScoreFunction: dist must be a Distribution .*got null/);
    assert.throws(() => downstreamScoreFunction(t, normal, k, { paramCoordinates: [0, 1] }), /paramCoordinates must be 4 coordinate indices/);
    assert.throws(() => downstreamScoreFunction([{ f: () => NaN, deps: [0] }], normal, k, { numSamples: 3 }), /downstreamScoreFunction: f returned NaN at sample 0/);
    const notFactorized: Distribution = new Dirichlet({ concentration: [1, 2, 3] });
    assert.throws(() => downstreamScoreFunction(t, notFactorized, k), /Dirichlet is not known to factorize over its 3 coordinates; pass paramCoordinates/);
    assert.throws(() => enumeratedScoreFunction((x) => x[0], normal, k), /enumeratedScoreFunction: exact enumeration needs a family with a finite support \(Bernoulli, Categorical\), got "Normal"/);
    assert.throws(() => enumeratedScoreFunction((x) => x[0], new Bernoulli({ logits: [0, 1] }), k, { coordinates: [5] }), /coordinates contains 5; coordinates are integers in \[0, 2\)/);
    assert.throws(() => enumeratedScoreFunction((x) => (x[0] === 1 ? Infinity : 0), new Bernoulli({ logits: [0] }), k, { numSamples: 5 }), /enumeratedScoreFunction: f returned Infinity/);
  });
});
