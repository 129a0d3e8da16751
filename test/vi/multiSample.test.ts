/**
 * IWAE and VIMCO estimate the gradient of the K-sample bound L_K = E[log (1/K) Σ_k w_k], not of the ELBO. The truth
 * here is L_K itself, computed independently — by a 2-D trapezoid rule over the guide's noise for a Gaussian model,
 * by enumerating every K-tuple for a discrete one — and its gradient by central finite differences of that exact
 * function. Rows of one bound are coupled, so the SE comes from many independent bounds.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { Normal } from "../../src/distributions/normal.js";
import type { Distribution } from "../../src/distributions/distribution.js";
import { key } from "../../src/random/key.js";
import { elboGradient } from "../../src/vi/elbo.js";
import type { ElboGradient } from "../../src/vi/elboCommon.js";
import type { Model } from "../../src/vi/model.js";
import { assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";
import { gaussianModel, normalGuideTruth } from "./gaussianModel.js";

const lse = (v: number[]) => {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
};

/** Central finite differences of a function of θ. */
function fdGradient(f: (theta: number[]) => number, theta: number[], h = 1e-4): number[] {
  return theta.map((_, k) => {
    const p = theta.slice();
    const m = theta.slice();
    p[k] += h;
    m[k] -= h;
    return (f(p) - f(m)) / (2 * h);
  });
}

/** Per-bound gradients (mean of each bound's K rows) and bound SE inputs from one call with B bounds. */
function perBound(r: ElboGradient, B: number, K: number, P: number): { mean: Float64Array; se: Float64Array } {
  const g = new Float64Array(B * P);
  for (let b = 0; b < B; b++) for (let k = 0; k < K; k++) for (let p = 0; p < P; p++) g[b * P + p] += r.gradient.rows[(b * K + k) * P + p] / K;
  return columnStats(g, B, P);
}

// 1-D Gaussian model and a Normal guide away from the posterior.
const model1 = gaussianModel([1], [[2]], 0.3, "gauss1");
const theta1 = [0, Math.log(1.5)];

/** L_2(μ, log σ) by the trapezoid rule on ε₁, ε₂ ∈ [−9, 9]. */
function iwaeBound2(theta: number[]): number {
  const [mu, logSigma] = theta;
  const sigma = Math.exp(logSigma);
  const h = 0.03;
  const pts: number[] = [];
  for (let e = -9; e <= 9 + h / 2; e += h) pts.push(e);
  const lw = pts.map((e) => model1.c - 0.5 * 2 * (mu + sigma * e - 1) ** 2 + 0.5 * e * e + logSigma + 0.5 * Math.log(2 * Math.PI));
  const wt = pts.map((e) => (h * Math.exp(-0.5 * e * e)) / Math.sqrt(2 * Math.PI));
  let s = 0;
  for (let i = 0; i < pts.length; i++) for (let j = 0; j < pts.length; j++) s += wt[i] * wt[j] * (lse([lw[i], lw[j]]) - Math.log(2));
  return s;
}

describe("multi-sample bounds on a Gaussian model (K = 2, trapezoid truth)", () => {
  const L2 = iwaeBound2(theta1);
  const grad2 = fdGradient(iwaeBound2, theta1);
  const guide = new Normal({ loc: theta1[0], scale: Math.exp(theta1[1]) });
  const elbo = normalGuideTruth(model1, [theta1[0]], [Math.exp(theta1[1])]);

  it("the truth is a tighter bound than the ELBO and below log p(x)", () => {
    assert.ok(elbo.elbo < L2 && L2 < model1.logEvidence, `ELBO ${elbo.elbo}, L_2 ${L2}, log p(x) ${model1.logEvidence}`);
    // and its gradient differs from the ELBO's, so the tests below can tell the two apart
    assert.ok(Math.abs(grad2[0] - elbo.grad[0]) > 0.05, `${grad2[0]} vs ${elbo.grad[0]}`);
  });

  for (const [estimator, seed] of [["iwae", 400], ["vimco", 401]] as const) {
    it(`${estimator}: E[gradient] = ∇L_2 and E[bound] = L_2`, () => {
      const B = 40_000;
      const r = elboGradient(model1, guide, key(testSeed(seed)), { estimator, numSamples: 2, numBounds: B });
      const s = perBound(r, B, 2, 2);
      const z = zFor(3);
      assertWithinZ("gradient", s.mean, grad2, s.se, z);
      assertWithinZ("bound", [r.elbo], [L2], [r.elboStderr], z);
    });
  }
});

// Two binary latents with a free table log p(z0 + 2 z1) and a Bernoulli guide; K = 3.
const table = [0.1, -0.5, 1.2, -2];
const binary: Model = { name: "table", dim: 2, logJoint: (z) => table[z[0] + 2 * z[1]] };

/** L_3(logits) by enumerating all 4³ triples of configurations. */
function vimcoBound3(logits: number[]): number {
  const p = logits.map((l) => 1 / (1 + Math.exp(-l)));
  const lq = [0, 1, 2, 3].map((c) => Math.log((c & 1 ? p[0] : 1 - p[0]) * (c & 2 ? p[1] : 1 - p[1])));
  let s = 0;
  for (let a = 0; a < 4; a++) {
    for (let b = 0; b < 4; b++) {
      for (let c = 0; c < 4; c++) {
        const lw = [a, b, c].map((k) => table[k] - lq[k]);
        s += Math.exp(lq[a] + lq[b] + lq[c]) * (lse(lw) - Math.log(3));
      }
    }
  }
  return s;
}

describe("VIMCO on discrete latents (K = 3, enumeration truth)", () => {
  const logits = [0.4, -1.2];
  const guide: Distribution = new Bernoulli({ logits });
  it("E[gradient] = ∇L_3 and E[bound] = L_3", () => {
    const B = 40_000;
    const r = elboGradient(binary, guide, key(testSeed(410)), { estimator: "vimco", numSamples: 3, numBounds: B });
    const s = perBound(r, B, 3, 2);
    const z = zFor(3);
    assertWithinZ("gradient", s.mean, fdGradient(vimcoBound3, logits, 1e-5), s.se, z);
    assertWithinZ("bound", [r.elbo], [vimcoBound3(logits)], [r.elboStderr], z);
  });

  it("iwae refuses a discrete guide, naming the alternative", () => {
    assert.throws(() => elboGradient(binary, guide, key(0), { estimator: "iwae", numSamples: 3 }), /elboIwae: the guide must be reparameterizable .* Bernoulli; use a score-function estimator/);
  });
});

describe("VIMCO's leave-one-out bounds in O(K)", () => {
  it("equal the direct log-sum-exp of each sample's leave-one-out weights, also where one weight dominates", () => {
    // The direct form: for each k, w_k replaced by the geometric mean of the others, then log-sum-exp over all K.
    const lse = (v: readonly number[]) => {
      const m = Math.max(...v);
      return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
    };
    for (const sharpness of [0.5, 30, 300]) {
      const model: Model = { name: "peak", dim: 2, logJoint: (z) => -sharpness * ((z[0] - 1) ** 2 + (z[1] + 2) ** 2) };
      const guide = new Normal({ loc: [0, 0], scale: 1 });
      const K = 20;
      const k0 = key(testSeed(40));
      const r = elboGradient(model, guide, k0, { estimator: "vimco", numSamples: K });
      const { x: z, logProb: logq } = guide.sampleAndLogProb(k0, K);
      const scores = guide.score(z);
      const logW = Array.from({ length: K }, (_, k) => model.logJoint(z.subarray(2 * k, 2 * k + 2)) - logq[k]);
      const bound = lse(logW) - Math.log(K);
      const big = Math.max(...Array.from(r.gradient.rows, Math.abs));
      for (let k = 0; k < K; k++) {
        const rest = logW.slice();
        rest[k] = (logW.reduce((s, v) => s + v, 0) - logW[k]) / (K - 1);
        const signal = bound - (lse(rest) - Math.log(K)) - Math.exp(logW[k] - lse(logW));
        for (let p = 0; p < 4; p++) {
          const want = K * signal * scores[k * 4 + p];
          assert.ok(Math.abs(r.gradient.rows[k * 4 + p] - want) <= 1e-12 * big, `sharpness ${sharpness}, row ${k}, θ_${p}: ${r.gradient.rows[k * 4 + p]} vs ${want}`);
        }
      }
    }
  });
});
