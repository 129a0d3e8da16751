/**
 * Variance claims: sticking the landing has zero variance at the exact posterior (while the plain pathwise estimator
 * does not), and Rao-Blackwellization lowers the per-sample variance of the score-function estimator — a paired
 * test on the same draws: E[plain²] − E[rb²] = Var[plain] − Var[rb] because both are unbiased for the same gradient.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import { Normal } from "../../src/distributions/normal.js";
import { key } from "../../src/random/key.js";
import { elboGradient } from "../../src/vi/elbo.js";
import { columnStats, testSeed, zFor } from "../helpers/stats.js";
import { gaussianModel } from "./gaussianModel.js";

/** Inverse of a small SPD matrix by Gauss–Jordan (test-side). */
function inverse(A: number[][]): number[][] {
  const d = A.length;
  const M = A.map((r, i) => [...r, ...Array.from({ length: d }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < d; c++) {
    const p = M[c][c];
    for (let j = 0; j < 2 * d; j++) M[c][j] /= p;
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = M[r][c];
      for (let j = 0; j < 2 * d; j++) M[r][j] -= f * M[c][j];
    }
  }
  return M.map((r) => r.slice(d));
}

describe("sticking the landing", () => {
  const model = gaussianModel([1, -1, 0.5], [[2, 0.6, 0], [0.6, 1, -0.3], [0, -0.3, 1.5]]);
  const posterior = MultivariateNormal.fromCovariance(model.m, inverse(model.Lam));

  it("has zero gradient and zero variance when the guide is the exact posterior; pathwise does not", () => {
    const stl = elboGradient(model, posterior, key(testSeed(500)), { estimator: "stl", numSamples: 2000 });
    const scale = Math.max(...Array.from(stl.gradient.rows, Math.abs));
    assert.ok(scale < 1e-12, `largest |STL row| at the posterior is ${scale}`);
    // every sample's log p − log q is log p(x): the ELBO estimate is exact with zero spread
    assert.ok(Math.abs(stl.elbo - model.logEvidence) < 1e-12 && stl.elboStderr < 1e-12, `ELBO ${stl.elbo} ± ${stl.elboStderr} vs ${model.logEvidence}`);
    const pw = elboGradient(model, posterior, key(testSeed(501)), { estimator: "pathwise", numSamples: 2000 });
    const meanVar = pw.gradient.variance.reduce((s, v) => s + v, 0) / pw.gradient.paramSize;
    assert.ok(meanVar > 0.1, `pathwise mean per-coordinate variance at the posterior: ${meanVar}`);
  });

  it("a mean-field guide at the exact posterior of a factorized model also sticks", () => {
    const diag = gaussianModel([0.5, 2], [[4, 0], [0, 0.25]], 0, "diagonal");
    const q = new Normal({ loc: diag.m, scale: [0.5, 2] });
    const stl = elboGradient(diag, q, key(testSeed(502)), { estimator: "stl", numSamples: 1000 });
    assert.ok(Math.max(...Array.from(stl.gradient.rows, Math.abs)) < 1e-12);
  });
});

describe("Rao-Blackwellization lowers the score-function variance", () => {
  // Eight latents, each read by its own term and by a chain of cross terms with its neighbours: most terms are
  // independent of each θ. The claim is on the total (the trace of the rows' covariance): per coordinate it can fail,
  // because the downstream rule is not a conditional expectation — a dropped term's mean also acted as a baseline,
  // so the log-scale coordinate of a latent whose own term dominates can gain a little variance.
  const d = 8;
  const m = Array.from({ length: d }, (_, j) => (j % 3) - 0.5);
  const Lam = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (__, j) => (i === j ? 1 + 0.2 * i : Math.abs(i - j) === 1 ? 0.2 : 0)));
  const model = gaussianModel(m, Lam);
  const guide = new Normal({ loc: new Array<number>(d).fill(0), scale: 1 });

  it("Σ_p Var[score-rb]_p < Σ_p Var[score]_p on the same draws (paired one-sided z-test)", () => {
    const n = 20_000;
    const k = key(testSeed(510));
    const plain = elboGradient(model, guide, k, { estimator: "score", numSamples: n });
    const rb = elboGradient(model, guide, k, { estimator: "score-rb", numSamples: n });
    const P = guide.paramSize;
    const diff = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let p = 0; p < P; p++) diff[i] += plain.gradient.rows[i * P + p] ** 2 - rb.gradient.rows[i * P + p] ** 2;
    const s = columnStats(diff, n, 1);
    const total = (v: Float64Array) => v.reduce((a, b) => a + b, 0);
    assert.ok(s.mean[0] - zFor(1) * s.se[0] > 0, `Σ Var[plain] − Σ Var[rb] = ${s.mean[0]} ± ${s.se[0]} (totals ${total(plain.gradient.variance)}, ${total(rb.gradient.variance)})`);
    // and by a wide margin: the dropped terms carried about half of the total variance
    assert.ok(total(rb.gradient.variance) < 0.7 * total(plain.gradient.variance));
  });
});
