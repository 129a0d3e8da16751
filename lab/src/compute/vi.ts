/**
 * Variational inference in 2-D (pure except for `post`; the worker runs it, the tests run `fit` in Node the same
 * way): a correlated Gaussian posterior p(z | x) ∝ exp(log N(z; m, Σ)) with log Z = 0, so the ELBO's maximum is 0 for a
 * full-rank guide and −KL(q*‖p) for a mean-field one. Each ELBO estimator of src/vi fits the guide by `fit`, in
 * chunks: a chunk resumes the previous one's checkpoint (exact), so the page can draw the ellipse as it moves.
 */
import { MultivariateNormal } from "../../../src/distributions/multivariateNormal.js";
import { Normal } from "../../../src/distributions/normal.js";
import type { Distribution } from "../../../src/distributions/distribution.js";
import { key } from "../../../src/random/key.js";
import { LOG_2PI } from "../../../src/util/constants.js";
import type { ElboEstimator } from "../../../src/vi/elboCommon.js";
import { fit } from "../../../src/vi/fit.js";
import type { Model } from "../../../src/vi/model.js";

export const VI_ESTIMATORS = ["score", "score-rb", "pathwise", "stl"] as const;

export interface ViParams {
  rho: number;
  guide: "meanField" | "fullRank";
  steps: number;
  numSamples: number;
  learningRate: number;
  seed: number;
}

export interface ViFrame {
  step: number;
  /** Per estimator: guide mean, covariance (2×2), ELBO trace so far, or the error that stopped it. */
  fits: { estimator: string; mean: number[]; cov: number[]; elbo: number[]; error?: string }[];
  target: { mean: number[]; cov: number[] };
}

const M = [1, -0.5];
const S = [1.2, 0.7];

/** The posterior's mean and covariance for correlation rho. */
export function posterior(rho: number): { mean: number[]; cov: number[] } {
  return { mean: M, cov: [S[0] ** 2, rho * S[0] * S[1], rho * S[0] * S[1], S[1] ** 2] };
}

/** log N(z; m, Σ) and its gradient, in closed form. */
export function gaussianModel(rho: number): Model {
  if (!(Math.abs(rho) < 1)) throw new Error(`ρ must be in (−1, 1), got ${rho}`);
  const { cov } = posterior(rho);
  const det = cov[0] * cov[3] - cov[1] * cov[2];
  const inv = [cov[3] / det, -cov[1] / det, -cov[2] / det, cov[0] / det];
  const logNorm = -LOG_2PI - 0.5 * Math.log(det);
  const lp = (z: Float64Array, out?: Float64Array) => {
    const a = z[0] - M[0];
    const b = z[1] - M[1];
    const g0 = inv[0] * a + inv[1] * b;
    const g1 = inv[2] * a + inv[3] * b;
    if (out) {
      out[0] = -g0;
      out[1] = -g1;
    }
    return logNorm - 0.5 * (a * g0 + b * g1);
  };
  return { name: "lab.gaussian2d", dim: 2, identity: { rho }, logJoint: (z) => lp(z), gradLogJoint: (z, out) => lp(z, out) };
}

export function initialGuide(kind: ViParams["guide"]): Distribution {
  return kind === "meanField" ? new Normal({ loc: [-1.5, 1.5], scale: [0.5, 0.5] }) : new MultivariateNormal({ loc: [-1.5, 1.5], scaleTril: [[0.5, 0], [0, 0.5]] });
}

/** The guide's mean and covariance (the page chose the family: `kind`). */
function meanCov(kind: ViParams["guide"], g: Distribution): { mean: number[]; cov: number[] } {
  if (kind === "meanField") {
    const n = g as Normal;
    return { mean: Array.from(n.loc), cov: [n.scale[0] ** 2, 0, 0, n.scale[1] ** 2] };
  }
  const m = g as MultivariateNormal;
  const L = m.scaleTril;
  return { mean: Array.from(m.loc), cov: [L[0] * L[0], L[0] * L[2], L[0] * L[2], L[2] * L[2] + L[3] * L[3]] };
}

/** The `fit` options of one estimator for `steps` steps (the tests run the same). */
export function fitOptions(p: ViParams, estimator: string, steps: number) {
  return { estimator: estimator as ElboEstimator, steps, numSamples: p.numSamples, key: key(p.seed), optimizer: { name: "adam" as const, learningRate: p.learningRate }, checkpointEvery: steps };
}

/** Fits every estimator in chunks of `chunk` steps, posting a frame after each chunk; returns the last frame. */
export function viRun(p: ViParams, post: (f: ViFrame) => void, chunk = 25): ViFrame {
  if (!Number.isInteger(p.steps) || p.steps < 1 || p.steps > 20000) throw new Error(`steps must be an integer in 1…20000, got ${p.steps}`);
  if (!Number.isInteger(p.numSamples) || p.numSamples < 1) throw new Error(`samples per step must be an integer ≥ 1, got ${p.numSamples}`);
  if (!(p.learningRate > 0)) throw new Error(`learning rate must be > 0, got ${p.learningRate}`);
  const model = gaussianModel(p.rho);
  const guide0 = initialGuide(p.guide);
  const checkpoints = new Map<string, string>();
  const errors = new Map<string, string>();
  const state = new Map<string, { mean: number[]; cov: number[]; elbo: number[] }>();
  for (const e of VI_ESTIMATORS) state.set(e, { ...meanCov(p.guide, guide0), elbo: [] });
  let frame: ViFrame | null = null;
  for (let done = Math.min(chunk, p.steps); ; done = Math.min(done + chunk, p.steps)) {
    for (const e of VI_ESTIMATORS) {
      if (errors.has(e)) continue;
      try {
        let ck = "";
        const r = fit(model, guide0, { ...fitOptions(p, e, done), checkpoint: (json) => (ck = json), ...(checkpoints.has(e) ? { resume: checkpoints.get(e)! } : {}) });
        checkpoints.set(e, ck);
        state.set(e, { ...meanCov(p.guide, r.guide), elbo: Array.from(r.elboTrace) });
      } catch (err) {
        errors.set(e, (err as Error).message);
      }
    }
    frame = { step: done, fits: VI_ESTIMATORS.map((e) => ({ estimator: e, ...state.get(e)!, ...(errors.has(e) ? { error: errors.get(e)! } : {}) })), target: posterior(p.rho) };
    post(frame);
    if (done >= p.steps) return frame;
  }
}
