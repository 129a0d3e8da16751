/**
 * Unbiasedness of every ELBO gradient estimator against the closed-form ELBO gradient of a Gaussian model with a
 * Gaussian guide (gaussianModel.ts), |estimate − truth| ≤ z·SE with z Bonferroni-corrected over the checks of a
 * test, and of the discrete estimators against exact enumeration.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { Categorical } from "../../src/distributions/categorical.js";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import { Normal } from "../../src/distributions/normal.js";
import type { Distribution } from "../../src/distributions/distribution.js";
import { foldIn, key } from "../../src/random/key.js";
import { elboGradient, estimateElbo } from "../../src/vi/elbo.js";
import type { ElboEstimator, EntropyMode } from "../../src/vi/elboCommon.js";
import type { Model } from "../../src/vi/model.js";
import { Product as ProductGuide } from "../../src/distributions/product.js";
import { assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";
import { gaussianModel, mvnGuideTruth, normalGuideTruth } from "./gaussianModel.js";

const model = gaussianModel([1, -1, 0.5], [[2, 0.6, 0], [0.6, 1, -0.3], [0, -0.3, 1.5]]);
const mu = [0, 0.5, 1];
const sigma = [1.5, 0.7, 0.4];
const Lrows = [[1.2, 0, 0], [0.3, 0.8, 0], [-0.2, 0.4, 0.6]];
const normalGuide = new Normal({ loc: mu, scale: sigma });
const mvnGuide = new MultivariateNormal({ loc: mu, scaleTril: Lrows });
const normalTruth = normalGuideTruth(model, mu, sigma);
const mvnTruth = mvnGuideTruth(model, mu, Lrows);

/** Cases whose rows are independent across samples: one large call, SE from the rows. */
const direct: { estimator: ElboEstimator; entropy?: EntropyMode; guide: "normal" | "mvn"; n: number }[] = [
  { estimator: "score", guide: "normal", n: 40_000 },
  { estimator: "score", entropy: "analytic", guide: "normal", n: 40_000 },
  { estimator: "score", guide: "mvn", n: 40_000 },
  { estimator: "score-rb", guide: "normal", n: 40_000 },
  { estimator: "score-rb", guide: "mvn", n: 40_000 },
  { estimator: "score-rb", entropy: "analytic", guide: "normal", n: 40_000 },
  { estimator: "pathwise", guide: "normal", n: 10_000 },
  { estimator: "pathwise", entropy: "sample", guide: "normal", n: 10_000 },
  { estimator: "pathwise", guide: "mvn", n: 10_000 },
  { estimator: "pathwise", entropy: "sample", guide: "mvn", n: 10_000 },
  { estimator: "stl", guide: "normal", n: 10_000 },
  { estimator: "stl", guide: "mvn", n: 10_000 },
];

describe("ELBO gradient estimators are unbiased (Gaussian model, closed form)", () => {
  direct.forEach((c, idx) => {
    it(`${c.estimator}${c.entropy ? ` (entropy ${c.entropy})` : ""}, ${c.guide} guide`, () => {
      const guide: Distribution = c.guide === "normal" ? normalGuide : mvnGuide;
      const truth = c.guide === "normal" ? normalTruth : mvnTruth;
      const r = elboGradient(model, guide, key(testSeed(100 + idx)), { estimator: c.estimator, numSamples: c.n, entropy: c.entropy });
      const z = zFor(guide.paramSize + 1);
      assertWithinZ("gradient", r.gradient.mean, truth.grad, r.gradient.stderr, z);
      assertWithinZ("elbo", [r.elbo], [truth.elbo], [r.elboStderr], z);
    });
  });

  it("iwae with K = 1 is the ELBO gradient (numBounds independent bounds)", () => {
    const r = elboGradient(model, mvnGuide, key(testSeed(130)), { estimator: "iwae", numSamples: 1, numBounds: 10_000 });
    const z = zFor(mvnGuide.paramSize + 1);
    assertWithinZ("gradient", r.gradient.mean, mvnTruth.grad, r.gradient.stderr, z);
    assertWithinZ("elbo", [r.elbo], [mvnTruth.elbo], [r.elboStderr], z);
  });

  // Leave-one-out control variates couple the rows of one call: average many independent small-n calls (STYLE.md).
  for (const [guideName, guide, truth] of [["normal", normalGuide, normalTruth], ["mvn", mvnGuide, mvnTruth]] as const) {
    it(`score-rb-cv, ${guideName} guide: the mean of 4000 independent n = 4 estimates`, () => {
      const reps = 4000;
      const P = guide.paramSize;
      const means = new Float64Array(reps * P);
      const root = key(testSeed(140 + P));
      for (let t = 0; t < reps; t++) means.set(elboGradient(model, guide, foldIn(root, t), { estimator: "score-rb-cv", numSamples: 4 }).gradient.mean, t * P);
      const s = columnStats(means, reps, P);
      assertWithinZ("gradient", s.mean, truth.grad, s.se, zFor(P));
    });
  }

  it("estimateElbo matches the closed form (analytic and sample entropy)", () => {
    const z = zFor(2);
    for (const entropy of ["analytic", "sample"] as const) {
      const r = estimateElbo(model, mvnGuide, key(testSeed(150)), { numSamples: 20_000, entropy });
      assertWithinZ(`elbo (${entropy})`, [r.elbo], [mvnTruth.elbo], [r.stderr], z);
    }
  });
});

// A discrete model on three binary latents: log p(z) = Σ_j a_j z_j + b z0 z1 + c z1 z2 (terms by what they read).
const a = [0.5, -1, 2];
const discrete: Model = {
  name: "binary",
  dim: 3,
  logJoint: (z) => a[0] * z[0] + a[1] * z[1] + a[2] * z[2] + 1.5 * z[0] * z[1] - 2 * z[1] * z[2],
  terms: [
    { latents: [0], logDensity: (z) => a[0] * z[0] },
    { latents: [1], logDensity: (z) => a[1] * z[1] },
    { latents: [2], logDensity: (z) => a[2] * z[2] },
    { latents: [0, 1], logDensity: (z) => 1.5 * z[0] * z[1] },
    { latents: [1, 2], logDensity: (z) => -2 * z[1] * z[2] },
  ],
};
const logits = [0.3, -0.8, 1.1];

/** Exact ELBO and gradient over the 8 configurations: ∇ = Σ_z q(z)(log p − log q) s(z), s_j = z_j − σ(l_j). */
function discreteTruth(): { elbo: number; grad: number[] } {
  const p = logits.map((l) => 1 / (1 + Math.exp(-l)));
  let elbo = 0;
  const grad = [0, 0, 0];
  for (let c = 0; c < 8; c++) {
    const z = Float64Array.from([c & 1, (c >> 1) & 1, (c >> 2) & 1]);
    let lq = 0;
    for (let j = 0; j < 3; j++) lq += Math.log(z[j] === 1 ? p[j] : 1 - p[j]);
    const f = discrete.logJoint(z) - lq;
    elbo += Math.exp(lq) * f;
    for (let j = 0; j < 3; j++) grad[j] += Math.exp(lq) * f * (z[j] - p[j]);
  }
  return { elbo, grad };
}

describe("discrete latents: score-function estimators and enumeration against exact enumeration", () => {
  const truth = discreteTruth();
  const guide = new Bernoulli({ logits });
  // (VIMCO targets the K-sample bound, not the ELBO: see multiSample.test.ts.)
  (["score", "score-rb", "enumerate"] as const).forEach((estimator, idx) => {
    it(estimator, () => {
      const r = elboGradient(discrete, guide, key(testSeed(200 + idx)), { estimator, numSamples: 20_000 });
      assertWithinZ("gradient", r.gradient.mean, truth.grad, r.gradient.stderr, zFor(4));
      assertWithinZ("elbo", [r.elbo], [truth.elbo], [r.elboStderr], zFor(4));
    });
  });

  it("enumerate is exact when each discrete latent is read only by terms of its own", () => {
    const separable: Model = { name: "separable", dim: 3, logJoint: (z) => a[0] * z[0] + a[1] * z[1] + a[2] * z[2], terms: discrete.terms!.slice(0, 3) };
    const r = elboGradient(separable, guide, key(testSeed(210)), { estimator: "enumerate", numSamples: 3 });
    const p = logits.map((l) => 1 / (1 + Math.exp(-l)));
    // ∂/∂l_j E[a_j z_j + H_j] = p(1 − p)(a_j − l_j).
    const exact = p.map((pj, j) => pj * (1 - pj) * (a[j] - logits[j]));
    for (let j = 0; j < 3; j++) {
      assert.ok(Math.abs(r.gradient.mean[j] - exact[j]) < 1e-12, `coordinate ${j}: ${r.gradient.mean[j]} vs ${exact[j]}`);
      assert.ok(r.gradient.variance[j] < 1e-24, `coordinate ${j}: variance ${r.gradient.variance[j]}`);
    }
  });
});

// A mixed model: z0 continuous, z1 ∈ {0, 1, 2}; log p = −z0²/8 − ½(z0 − A_{z1})² + B_{z1}.
const A = [-1, 0.5, 2];
const B = [0.2, -0.4, 0.1];
const mixed: Model = {
  name: "mixed",
  dim: 2,
  logJoint: (z) => -(z[0] ** 2) / 8 - 0.5 * (z[0] - A[z[1]]) ** 2 + B[z[1]],
  terms: [
    { latents: [0], logDensity: (z) => -(z[0] ** 2) / 8 },
    { latents: [0, 1], logDensity: (z) => -0.5 * (z[0] - A[z[1]]) ** 2 },
    { latents: [1], logDensity: (z) => B[z[1]] },
  ],
};

describe("a product guide (Normal × Categorical) on a mixed model", () => {
  const m0 = 0.4;
  const s0 = 0.8;
  const l = [0.2, -0.5, 0.7];
  const guide = new ProductGuide([
    { dist: new Normal({ loc: m0, scale: s0 }), latents: [0] },
    { dist: new Categorical({ logits: l }), latents: [1] },
  ]);
  // Exact: E_N[log p | z1 = k] = F_k − (μ² + σ²)/8 with F_k = −½((μ − A_k)² + σ²) + B_k.
  const mx = Math.max(...l);
  const e = l.map((v) => Math.exp(v - mx));
  const pi = e.map((v) => v / e.reduce((s, w) => s + w, 0));
  const F = A.map((Ak, k) => -0.5 * ((m0 - Ak) ** 2 + s0 ** 2) + B[k]);
  const gradMu = pi.reduce((s, p, k) => s + p * (A[k] - m0), 0) - m0 / 4;
  const gradLogSigma = 1 - s0 ** 2 * (1 + 1 / 4);
  const gradLogits = l.map((_, j) => pi.reduce((s, pk, k) => s + pk * ((k === j ? 1 : 0) - pi[j]) * (F[k] - Math.log(pk)), 0));
  const truth = [gradMu, gradLogSigma, ...gradLogits];

  (["score", "score-rb", "enumerate"] as const).forEach((estimator, idx) => {
    it(estimator, () => {
      const r = elboGradient(mixed, guide, key(testSeed(300 + idx)), { estimator, numSamples: 40_000 });
      assertWithinZ("gradient", r.gradient.mean, truth, r.gradient.stderr, zFor(5));
    });
  });
});
