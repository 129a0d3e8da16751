import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compareEstimators, type EstimatorCost } from "../../src/diagnostics/compareEstimators.js";
import { exactExpectation } from "../../src/diagnostics/exactExpectation.js";
import { Bernoulli, sigmoid } from "../../src/distributions/bernoulli.js";
import { Gamma } from "../../src/distributions/gamma.js";
import { Normal } from "../../src/distributions/normal.js";
import { scoreFunction } from "../../src/estimators/scoreFunction.js";
import { key } from "../../src/random/key.js";
import { gaussianExpect } from "../helpers/quadrature.js";
import { assertClose, assertWithinZ, testSeed, zFor } from "../helpers/stats.js";

// N(1, 2²) (σ away from 1 so a missing chain-rule factor shows), f = cos(1.5x) + 0.3x², θ = [μ, log σ].
const MU = 1;
const SIGMA = 2;
const K = 1.5;
const C = 0.3;
const f = (x: Float64Array) => Math.cos(K * x[0]) + C * x[0] * x[0];
const df = (x: number) => -K * Math.sin(K * x) + 2 * C * x;
const grad = (x: Float64Array) => [df(x[0])];
const dist = new Normal({ loc: MU, scale: SIGMA });

/** Exact per-sample variances by quadrature over ε (x = μ + σε): plain score rows and pathwise rows. */
function exactVariances(): { score: number[]; pathwise: number[]; gradient: number[] } {
  const fx = (e: number) => f(Float64Array.of(MU + SIGMA * e));
  const [g0, g1, s0, s1, p0, p1] = gaussianExpect((e) => {
    const v = fx(e);
    const d = df(MU + SIGMA * e);
    return [v * (e / SIGMA), v * (e * e - 1), (v * e / SIGMA) ** 2, (v * (e * e - 1)) ** 2, d * d, (d * SIGMA * e) ** 2];
  });
  // The pathwise and score rows have the same mean, the gradient.
  return { score: [s0 - g0 * g0, s1 - g1 * g1], pathwise: [p0 - g0 * g0, p1 - g1 * g1], gradient: [g0, g1] };
}

const byFirst = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
const byName = (rows: EstimatorCost[], name: string): EstimatorCost => {
  const r = rows.find((e) => e.name === name);
  assert.ok(r, `no estimator named ${name} in ${rows.map((e) => e.name).join(", ")}`);
  return r;
};

describe("compareEstimators on a Normal with a known f", () => {
  const exact = exactVariances();
  const cmp = compareEstimators(f, dist, key(testSeed(1200)), { numSamples: 40_000, batches: 100, grad, truth: exact.gradient });

  it("per-sample variances of the score function and pathwise rows match quadrature within z·SE (SE from batch means)", () => {
    const z = zFor(4);
    const score = byName(cmp.estimators, "score function");
    const path = byName(cmp.estimators, "pathwise");
    assertWithinZ("score-function variance", score.variance, exact.score, score.varianceStderr, z);
    assertWithinZ("pathwise variance", path.variance, exact.pathwise, path.varianceStderr, z);
  });

  it("every estimator is unbiased (|bias z| ≤ z over all estimators and coordinates)", () => {
    const z = zFor(2 * cmp.estimators.length);
    for (const e of cmp.estimators) {
      assert.ok(e.biasZ, e.name);
      for (const v of e.biasZ) assert.ok(Math.abs(v) <= z, `${e.name}: bias z = ${v}`);
    }
  });

  it("counts the evaluations exactly: score 1 f, pathwise 1 f + 1 ∇f, measure-valued 3d + 1 = 4 f per sample", () => {
    assert.deepEqual(
      cmp.estimators.map((e) => [e.name, e.fEvaluationsPerSample, e.gradEvaluationsPerSample]).sort(byFirst),
      [
        ["measure-valued", 4, 0],
        ["pathwise", 1, 1],
        ["score function", 1, 0],
        ["score function, baseline mean", 1, 0],
        ["score function, baseline optimal", 1, 0],
      ],
    );
  });

  it("ranks by V·c, the summed variance times the evaluations per sample, with consistent totals and SEs", () => {
    for (const e of cmp.estimators) {
      assertClose(`${e.name} total`, [e.totalVariance], [e.variance.reduce((a, b) => a + b, 0)], 1e-12);
      assertClose(`${e.name} work`, [e.workVariance], [e.totalVariance * e.costPerSample], 1e-12);
      assertClose(`${e.name} work SE`, [e.workVarianceStderr], [e.totalVarianceStderr * e.costPerSample], 1e-12);
      assert.ok(e.secondsPerSample > 0 && e.timeVariance === e.totalVariance * e.secondsPerSample);
    }
    const works = cmp.estimators.map((e) => e.workVariance);
    assert.deepEqual(works, [...works].sort((a, b) => a - b));
  });

  it("a gradient that costs more moves pathwise down the ranking by exactly that factor", () => {
    const dear = compareEstimators(f, dist, key(testSeed(1200)), { numSamples: 40_000, batches: 100, grad, gradientCost: 10 });
    const cheap = byName(cmp.estimators, "pathwise");
    const costly = byName(dear.estimators, "pathwise");
    assert.equal(costly.costPerSample, 11);
    assertClose("work at gradientCost 10", [costly.workVariance], [cheap.totalVariance * 11], 1e-12);
  });
});

describe("compareEstimators on a discrete family (exact truth by enumeration)", () => {
  const logits = [0.5, -1, 1.5];
  const bern = new Bernoulli({ logits });
  const g = (x: Float64Array) => 5 + 3 * x[0] - 2 * x[1] + 4 * x[2] + 2 * x[0] * x[1];

  it("exactExpectation sums the support: closed-form gradient of a linear-plus-pair f", () => {
    const e = exactExpectation(g, bern);
    const p = logits.map(sigmoid);
    const dp = p.map((q) => q * (1 - q));
    // ∂E/∂logit_c = dp_c · ∂E/∂p_c with E = 5 + 3p₀ − 2p₁ + 4p₂ + 2p₀p₁.
    assertClose("gradient", e.gradient, [dp[0] * (3 + 2 * p[1]), dp[1] * (-2 + 2 * p[0]), dp[2] * 4], 1e-13);
    assertClose("value", [e.value], [5 + 3 * p[0] - 2 * p[1] + 4 * p[2] + 2 * p[0] * p[1]], 1e-13);
    assert.equal(e.outcomes, 8);
    assert.throws(() => exactExpectation(g, dist), /exactExpectation: Normal.enumerateSupport: the support is infinite/);
  });

  it("the score function's measured variance matches the exact one; measure-valued costs 2d f per sample", () => {
    const e = exactExpectation(g, bern);
    const cmp = compareEstimators(g, bern, key(testSeed(1201)), { numSamples: 20_000, batches: 100, truth: e.gradient });
    const score = byName(cmp.estimators, "score function");
    assertWithinZ("score variance", score.variance, e.scoreFunctionVariance, score.varianceStderr, zFor(3));
    const mv = byName(cmp.estimators, "measure-valued");
    assert.equal(mv.fEvaluationsPerSample, 6);
    assert.equal(cmp.estimators.some((r) => r.name === "pathwise"), false, "no pathwise for a Bernoulli");
  });
});

describe("compareEstimators: options and bad input", () => {
  it("takes extra estimators (counted like the others) and drops measure-valued on request", () => {
    const gamma = new Gamma({ concentration: 2, rate: 1 });
    const twice = {
      name: "score function, run twice",
      run: (h: (x: Float64Array) => number, k: ReturnType<typeof key>, n: number) => {
        const a = scoreFunction(h, gamma, k, { numSamples: n });
        scoreFunction(h, gamma, k, { numSamples: n });
        return a;
      },
    };
    const cmp = compareEstimators(f, gamma, key(1), { numSamples: 200, batches: 4, measureValued: false, baselines: ["none"], extra: [twice] });
    assert.deepEqual(cmp.estimators.map((e) => [e.name, e.fEvaluationsPerSample]).sort(byFirst), [["score function", 1], ["score function, run twice", 2]]);
    // null options mean the defaults.
    assert.equal(compareEstimators(f, gamma, key(1), null as never).batches, 50);
  });

  it("names the function, argument and value", () => {
    const k = key(0);
    assert.throws(() => compareEstimators(null as unknown as typeof f, dist, k), /compareEstimators: f must be a function of one sample, got null/);
    assert.throws(() => compareEstimators(f, null as unknown as Normal, k), /compareEstimators: dist must be a Distribution/);
    assert.throws(() => compareEstimators(f, dist, k, { batches: 1 }), /compareEstimators: batches must be at least 2/);
    assert.throws(() => compareEstimators(f, dist, k, { numSamples: 30, batches: 20 }), /compareEstimators: numSamples \/ batches must be at least 2, got 30 \/ 20/);
    assert.throws(() => compareEstimators(f, dist, k, { gradientCost: 0 }), /compareEstimators: gradientCost must be a finite number > 0, got 0/);
    assert.throws(() => compareEstimators(f, dist, k, { truth: [1] }), /compareEstimators: truth must have length P = 2, got \[1\]/);
    assert.throws(() => compareEstimators(f, dist, k, { extra: [null as never] }), /compareEstimators: extra must be an array of \{ name, run \}/);
  });
});

describe("compareEstimators with a control variate from mcgrad/variance (transformEstimator)", () => {
  it("the delta-method control variate on a quadratic f removes all variance: V = 0 up to rounding, 1 f per sample", async () => {
    const { transformEstimator } = await import("../../src/variance/transformEstimator.js");
    const { controlVariateTransform } = await import("../../src/variance/controlVariate.js");
    const { deltaMethodControlVariate } = await import("../../src/variance/deltaMethod.js");
    const q = (x: Float64Array) => (x[0] - 0.5) ** 2;
    const t = controlVariateTransform(deltaMethodControlVariate(q, (x) => [2 * (x[0] - 0.5)], () => [2]), { coefficient: 1 });
    const cmp = compareEstimators(q, dist, key(testSeed(1202)), { numSamples: 2000, batches: 4, extra: [transformEstimator(dist, t)] });
    const cv = byName(cmp.estimators, "score function + controlVariate(deltaMethod)");
    assert.equal(cv.fEvaluationsPerSample, 1);
    // With c = 1 and h = f exactly, every row is E[h s] = ∇θ E[f] = [2(μ − 0.5), 2σ²]: no spread at all.
    assert.ok(cv.totalVariance <= 1e-20, `V = ${cv.totalVariance}`);
    assertClose("rows' mean", cv.mean, [2 * (MU - 0.5), 2 * SIGMA ** 2], 1e-12);
    assert.equal(cmp.estimators[0].name, cv.name, "ranked first");
    assert.throws(() => transformEstimator(dist, null as never), /transformEstimator: transform must be a variance transform/);
  });
});
