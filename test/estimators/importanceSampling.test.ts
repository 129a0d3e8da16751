import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { importanceSampling } from "../../src/estimators/importanceSampling.js";
import { multipleImportanceSampling } from "../../src/estimators/multipleImportanceSampling.js";
import { effectiveSampleSize, logSumExp } from "../../src/estimators/importanceWeights.js";
import { Normal } from "../../src/distributions/normal.js";
import { Poisson } from "../../src/distributions/poisson.js";
import { Exponential } from "../../src/distributions/exponential.js";
import { key } from "../../src/random/key.js";
import { essRatioTruth } from "../helpers/quadrature.js";
import { assertClose, assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";

// Target N(μ = 1, σ = 2), f = x²: E f = μ² + σ² = 5, ∇θ E f = [2μ, 2σ²] = [2, 8] in θ = [μ, log σ].
const target = new Normal({ loc: 1, scale: 2 });
const square = (x: Float64Array): number => x[0] * x[0];
const TRUTH = [2, 8];
const VALUE = 5;

describe("effectiveSampleSize and logSumExp", () => {
  it("Kish's (Σw)²/Σw² on known weights, invariant to a common shift of the log-weights", () => {
    assertClose("equal", [effectiveSampleSize([0, 0, 0, 0])], [4], 1e-14);
    assertClose("one non-zero", [effectiveSampleSize([0, -Infinity, -Infinity])], [1], 1e-14);
    assertClose("1, 2, 3", [effectiveSampleSize([0, Math.log(2), Math.log(3)])], [36 / 14], 1e-14);
    assertClose("shift +1000", [effectiveSampleSize([1000, 1000 + Math.log(2), 1000 + Math.log(3)])], [36 / 14], 1e-12);
    assertClose("shift −1e4", [effectiveSampleSize([-1e4, -1e4 + Math.log(2), -1e4 + Math.log(3)])], [36 / 14], 1e-10);
    assert.equal(effectiveSampleSize([-Infinity, -Infinity]), 0);
    assertClose("logSumExp", [logSumExp([1000, 1000])], [1000 + Math.log(2)], 1e-15);
    assert.throws(() => effectiveSampleSize([0, NaN]), /effectiveSampleSize: log-weight 1 must be finite or −Infinity, got NaN/);
    assert.throws(() => effectiveSampleSize([Infinity]), /log-weight 0 must be finite/);
    assert.throws(() => effectiveSampleSize([]), /non-empty/);
  });
});

describe("importanceSampling", () => {
  it("plain IS is unbiased for the value and the gradient (continuous and discrete; z-test, Bonferroni)", () => {
    const z = zFor(6);
    const g = importanceSampling(square, target, new Normal({ loc: 0, scale: 3 }), key(testSeed(300)), { numSamples: 40_000 });
    assertWithinZ("Normal gradient", g.mean, TRUTH, g.stderr, z);
    assertWithinZ("Normal value", [g.value], [VALUE], [g.valueStderr], z);
    // Poisson(3) from Poisson(4), f = k²: E = λ + λ² = 12, ∂log λ = λ(1 + 2λ) = 21.
    const h = importanceSampling((k) => k[0] * k[0], new Poisson({ rate: 3 }), new Poisson({ rate: 4 }), key(testSeed(301)), { numSamples: 40_000 });
    assertWithinZ("Poisson gradient", h.mean, [21], h.stderr, z);
    assertWithinZ("Poisson value", [h.value], [12], [h.valueStderr], z);
  });

  it("plain IS averaged over many small batches (n = 5) stays unbiased", () => {
    const reps = 4000;
    const q = new Normal({ loc: 0, scale: 3 });
    const means = new Float64Array(reps * 2);
    for (let r = 0; r < reps; r++) {
      const g = importanceSampling(square, target, q, key(testSeed(310) * 7919 + r), { numSamples: 5, supportCheckSamples: 0 });
      means.set(g.mean, r * 2);
    }
    const st = columnStats(means, reps, 2);
    assertWithinZ("small-batch average", st.mean, TRUTH, st.se, zFor(2));
  });

  it("self-normalized IS is consistent: at large n it matches the truth within its delta-method SE", () => {
    const g = importanceSampling(square, target, new Normal({ loc: 2, scale: 2.5 }), key(testSeed(320)), { numSamples: 100_000, selfNormalized: true });
    const z = zFor(4);
    assertWithinZ("SN gradient", g.mean, TRUTH, g.stderr, z);
    assertWithinZ("SN value", [g.value], [VALUE], [g.valueStderr], z);
    // Kish's ESS/n → E_q[w]²/E_q[w²], by quadrature over the proposal's noise (x = 2 + 2.5 z), with its delta-method SE.
    const logN = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s);
    const truth = essRatioTruth((e) => Math.exp(logN(2 + 2.5 * e, 1, 2) - logN(2 + 2.5 * e, 2, 2.5)), 100_000);
    assertWithinZ("SN ESS / n", [g.ess / 100_000], [truth.ratio], [truth.se], z);
    assert.equal(g.selfNormalized, true);
  });

  it("a proposal equal to the target has weights 1 and ESS = n exactly", () => {
    const g = importanceSampling(square, target, target, key(3), { numSamples: 200 });
    assertClose("log-weights", g.logWeights, new Float64Array(200), 0);
    assertClose("ESS", [g.ess], [200], 1e-12);
  });

  it("proposal mass outside the target's support gets weight 0 and f is never called there", () => {
    // Target Exp(2) on x ≥ 0 from a Normal proposal: negative samples have p = 0. f = log x is undefined at x ≤ 0.
    // E[log X] = −γ − log λ; ∂/∂log λ E[log X] = −1.
    const p = new Exponential({ rate: 2 });
    const g = importanceSampling((x) => Math.log(x[0]), p, new Normal({ loc: 0.5, scale: 1 }), key(testSeed(330)), { numSamples: 60_000 });
    const z = zFor(2);
    assertWithinZ("value", [g.value], [-0.5772156649015329 - Math.log(2)], [g.valueStderr], z);
    assertWithinZ("gradient", g.mean, [-1], g.stderr, z);
    assert.ok(g.logWeights.some((l) => l === -Infinity));
  });

  it("errors: support mismatch, ESS collapse under minEss, NaN f, dimension mismatch", () => {
    assert.throws(
      () => importanceSampling(square, target, new Exponential({ rate: 1 }), key(0)),
      /importanceSampling: support mismatch: the target Normal puts mass at x = \[-?[\d.e-]+\] where the proposal \(Exponential\) has zero density/,
    );
    const far = new Normal({ loc: 12, scale: 0.5 });
    assert.throws(() => importanceSampling(square, new Normal({ loc: 0, scale: 1 }), far, key(0), { minEss: 50 }), /effective sample size [\d.e+-]+ of 1000 samples is below minEss = 50/);
    const ok = importanceSampling(square, new Normal({ loc: 0, scale: 1 }), far, key(0));
    assert.ok(ok.ess < 50, `ESS is reported (${ok.ess})`);
    assert.throws(() => importanceSampling(() => NaN, target, target, key(0)), /importanceSampling: f returned NaN at sample 0/);
    assert.throws(() => importanceSampling(square, target, new Normal({ loc: [0, 0], scale: 1 }), key(0)), /proposal 0 \(Normal\) has dim 2 but the target \(Normal\) has dim 1/);
    assert.throws(() => importanceSampling(square, target, target, key(0), { minEss: -1 }), /options.minEss must be a finite number ≥ 0, got -1/);
    assert.throws(() => importanceSampling(square, target, target, key(0), { numSamples: 1.5 }), /numSamples must be a positive integer, got 1.5/);
  });
});

describe("multipleImportanceSampling", () => {
  const proposals = [new Normal({ loc: -2, scale: 1.5 }), new Normal({ loc: 3, scale: 1 }), new Exponential({ rate: 0.5 })];
  const counts = [20_000, 15_000, 10_000];

  for (const heuristic of ["balance", "power"] as const) {
    it(`${heuristic} heuristic is unbiased for the value and the gradient (z-test, Bonferroni)`, () => {
      const g = multipleImportanceSampling(square, target, proposals, key(testSeed(heuristic === "balance" ? 400 : 410)), { numSamples: counts, heuristic });
      const z = zFor(3);
      assertWithinZ(`${heuristic} gradient`, g.mean, TRUTH, g.stderr, z);
      assertWithinZ(`${heuristic} value`, [g.value], [VALUE], [g.valueStderr], z);
      assert.deepEqual(g.counts, counts);
    });
  }

  it("the stratified SE matches the spread of independent repetitions (balance heuristic)", () => {
    // Var of the reported stderr² is small; compare the mean reported stderr² with the empirical variance of the
    // estimates, whose SE comes from the replicates' fourth moment.
    const reps = 400;
    const est = new Float64Array(reps);
    let meanSe2 = 0;
    for (let r = 0; r < reps; r++) {
      const g = multipleImportanceSampling(square, target, proposals.slice(0, 2), key(testSeed(420) * 7919 + r), { numSamples: [60, 40], supportCheckSamples: 0 });
      est[r] = g.value;
      meanSe2 += g.valueStderr ** 2 / reps;
    }
    const m = est.reduce((s, v) => s + v, 0) / reps;
    const c2 = est.reduce((s, v) => s + (v - m) ** 2, 0) / (reps - 1);
    const c4 = est.reduce((s, v) => s + (v - m) ** 4, 0) / reps;
    const seVar = Math.sqrt((c4 - c2 * c2) / reps);
    assert.ok(Math.abs(c2 - meanSe2) <= zFor(1) * seVar, `empirical var ${c2} vs mean reported stderr² ${meanSe2} (SE ${seVar})`);
  });

  it("errors: proposals that together miss the target's support, bad heuristic, count mismatch", () => {
    assert.throws(
      () => multipleImportanceSampling(square, target, [new Exponential({ rate: 1 }), new Exponential({ rate: 3 })], key(0)),
      /multipleImportanceSampling: support mismatch: .* where the proposal \(Exponential, Exponential\) has zero density/,
    );
    assert.throws(() => multipleImportanceSampling(square, target, proposals, key(0), { heuristic: "max" as "power" }), /heuristic must be "balance" or "power", got "max"/);
    assert.throws(() => multipleImportanceSampling(square, target, proposals, key(0), { numSamples: [1, 2] }), /numSamples must be a number or 3 counts/);
    assert.throws(() => multipleImportanceSampling(square, target, [], key(0)), /proposals must be a non-empty array/);
  });
});
