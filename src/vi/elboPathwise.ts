/**
 * Pathwise (reparameterization) ELBO gradients: the core's pathwise estimator applied to
 * f(z) = log p(x, z) − log qθ(z) along z = g(ε; θ):
 *
 *   ∇θ L = E_ε[(∂z/∂θ)ᵀ (∇z log p(x, z) − ∇z log qθ(z)) − ∇θ log qθ(z)]      (Kingma & Welling 2014)
 *
 * The last term (the score) has mean zero. Keeping the entropy in closed form instead gives
 * ∇θ L = E_ε[(∂z/∂θ)ᵀ ∇z log p(x, z)] + ∇θ H(qθ). Dropping the score term keeps the estimator unbiased and makes
 * it exact at the posterior: when q = p(z | x), ∇z log p(x, z) − ∇z log q(z) = ∇z log p(x) = 0 for every sample —
 * "sticking the landing" (Roeder, Wu & Duvenaud, NeurIPS 2017).
 */
import type { Distribution, Reparameterizable } from "../distributions/distribution.js";
import type { Key } from "../random/key.js";
import { elboResult, estimateFromSums, estimatorArgs, meanAndStderr, requireReparameterizable, type ElboGradient, type ElboGradientOptions } from "./elboCommon.js";
import { diagonalLocationScale, logProbGradZ } from "./guide.js";
import { checkGradRows, checkGuideLogProbs, gradLogJointRows, type Model } from "./model.js";

/** The reparameterized draws: noise ε (n×noiseDim), z = g(ε; θ), log p(x, z) and ∇z log p(x, z) (n×dim). */
export function pathDraw(fn: string, model: Model, guide: Reparameterizable, key: Key, n: number) {
  const eps = guide.sampleNoise(key, n);
  const z = guide.transform(eps);
  const { logJoint, grad } = gradLogJointRows(fn, model, z, n);
  return { eps, z, logp: logJoint, gradP: grad };
}

/**
 * {@link pathDraw} plus the guide's side: log q(z) (n), the score ∇θ log q(z) (n×P) and
 * ∇z log p − ∇z log q (n×dim, the integrand of sticking the landing). The guide is evaluated before the model.
 */
export function pathDrawWithGuide(fn: string, model: Model, guide: Reparameterizable, key: Key, n: number) {
  const eps = guide.sampleNoise(key, n);
  const z = guide.transform(eps);
  const d = guide.dim;
  const logq = guide.logProb(z);
  checkGuideLogProbs(fn, logq, z, d);
  const gradQ = logProbGradZ(guide, z, n);
  const scores = guide.score(z);
  const { logJoint, grad } = gradLogJointRows(fn, model, z, n);
  const diff = new Float64Array(n * d);
  for (let k = 0; k < n * d; k++) diff[k] = grad[k] - gradQ[k];
  return { eps, z, logp: logJoint, logq, scores, diff };
}

/**
 * Pathwise ELBO gradient (see the module comment). With `entropy: "analytic"` (the default where the guide has a
 * closed-form entropy gradient: Normal, MultivariateNormal, Laplace and products) row i is
 * (∂z_i/∂θ)ᵀ ∇z log p(x, z_i) + ∇θ H; with "sample" it is (∂z_i/∂θ)ᵀ (∇z log p − ∇z log q)(z_i) − ∇θ log q(z_i).
 * Requires model.gradLogJoint and a reparameterizable guide.
 * @example elboPathwise(model, new MultivariateNormal({ loc: [0, 0], scaleTril: [1, 0, 0, 1] }), key(0), { numSamples: 16 })
 */
export function elboPathwise(model: Model, guide: Distribution, key: Key, options: ElboGradientOptions = {}): ElboGradient {
  return elboPathwiseReusing(model, guide, key, options, null);
}

/**
 * Buffers of the location–scale fast path (z, ∇z log p, log p, rows) that a caller taking many steps (fit) hands to
 * {@link elboPathwiseReusing} so a step allocates only its small results. Internal: not exported from the package.
 */
export class PathwiseBuffers {
  eps = new Float64Array(0);
  z = new Float64Array(0);
  gradP = new Float64Array(0);
  logp = new Float64Array(0);
  rows = new Float64Array(0);

  /** Exactly n×d ε, z and ∇z log p, n log p and n×2d rows (reallocated only when n or d change). */
  ensure(n: number, d: number): void {
    if (this.z.length === n * d && this.logp.length === n) return;
    this.eps = new Float64Array(n * d);
    this.z = new Float64Array(n * d);
    this.gradP = new Float64Array(n * d);
    this.logp = new Float64Array(n);
    this.rows = new Float64Array(n * 2 * d);
  }
}

/**
 * The guide's noise for n samples: into buffers.eps through the family's noise stream when it has one (the same
 * draws as sampleNoise, see Normal.noiseStream), else sampleNoise's own array.
 */
function drawNoise(q: Reparameterizable, key: Key, n: number, buffers: PathwiseBuffers | null): Float64Array {
  const stream = (q as { noiseStream?: (k: Key) => (out: Float64Array) => void }).noiseStream;
  if (buffers === null || typeof stream !== "function") return q.sampleNoise(key, n);
  stream.call(q, key)(buffers.eps);
  return buffers.eps;
}

/**
 * {@link elboPathwise}, the location–scale fast path writing into `buffers` when given: the same result to the bit, but its
 * gradient.rows is buffers.rows, valid only until the next call with the same buffers. For fit's step loop.
 */
export function elboPathwiseReusing(model: Model, guide: Distribution, key: Key, options: ElboGradientOptions, buffers: PathwiseBuffers | null): ElboGradient {
  const fn = "elboPathwise";
  const { n, entropy, entropyGrad } = estimatorArgs(fn, model, guide, key, options, 1, "analytic");
  requireReparameterizable(fn, guide, entropyGrad === null);
  const q = guide as Reparameterizable;
  const P = q.paramSize;
  if (entropy === "analytic" && entropyGrad !== null) {
    const ls = typeof model.gradLogJointBatch === "function" ? diagonalLocationScale(q) : null;
    if (ls !== null) return locationScalePath(fn, "pathwise", model, q, ls, key, n, entropyGrad, buffers);
    const { eps, logp, gradP } = pathDraw(fn, model, q, key, n);
    const rows = q.transformVjp(eps, gradP);
    for (let i = 0; i < n; i++) for (let p = 0; p < P; p++) rows[i * P + p] += entropyGrad[p];
    const h = q.entropy();
    return elboResult(fn, "pathwise", rows, n, P, logp.map((v) => v + h));
  }
  const { eps, logp, logq, scores, diff } = pathDrawWithGuide(fn, model, q, key, n);
  const rows = q.transformVjp(eps, diff);
  for (let k = 0; k < n * P; k++) rows[k] -= scores[k];
  return elboResult(fn, "pathwise", rows, n, P, logp.map((v, i) => v - logq[i]));
}

/**
 * The pathwise estimator with analytic entropy ("pathwise") or sticking the landing ("stl") for a diagonal
 * location–scale guide (Normal, Laplace; recognized by its facts, see diagonalLocationScale) and a model with
 * gradLogJointBatch, in few passes: z = μ + σ ε in one loop, the model's batch gradient, then the rows and their
 * column sums in one loop — [g, g σ ε] + ∇θ H for "pathwise", [g − ∇z log q, (g − ∇z log q) σ ε] for "stl" — and
 * the variance in one more (estimateFromSums). The same values as the general path (transform, transformVjp) to
 * rounding. Nothing is checked on the way: when the moments or the ELBO values come out non-finite, the checks run
 * afterwards in the general path's order (z, then the model's values and gradients, then the rows), so the same
 * errors are thrown.
 */
function locationScalePath(
  fn: string,
  estimator: "pathwise" | "stl",
  model: Model,
  q: Reparameterizable,
  { loc, scale }: { loc: Float64Array; scale: Float64Array },
  key: Key,
  n: number,
  entropyGrad: Float64Array | null,
  buffers: PathwiseBuffers | null,
): ElboGradient {
  const d = q.dim;
  const P = 2 * d;
  buffers?.ensure(n, d);
  const eps = drawNoise(q, key, n, buffers);
  const z = buffers === null ? new Float64Array(n * d) : buffers.z;
  for (let i = 0; i < n * d; i += d) for (let j = 0; j < d; j++) z[i + j] = loc[j] + scale[j] * eps[i + j];
  const gradP = buffers === null ? new Float64Array(n * d) : buffers.gradP;
  const values = buffers === null ? new Float64Array(n) : buffers.logp;
  (model.gradLogJointBatch as NonNullable<Model["gradLogJointBatch"]>)(z, gradP, values);
  // "stl": ∇z log q = −(the location score) for a location family; "pathwise": ∇θ H enters each row.
  const scores = estimator === "stl" ? q.score(z) : null;
  const logq = estimator === "stl" ? q.logProb(z) : null;
  const rows = buffers === null ? new Float64Array(n * P) : buffers.rows;
  const sums = new Float64Array(P);
  const eg = entropyGrad ?? new Float64Array(P);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const r = i * P;
    for (let j = 0; j < d; j++) {
      const g = scores === null ? gradP[o + j] : gradP[o + j] + scores[r + j];
      const a = g + eg[j];
      const b = g * (scale[j] * eps[o + j]) + eg[d + j];
      rows[r + j] = a;
      rows[r + d + j] = b;
      sums[j] += a;
      sums[d + j] += b;
    }
  }
  const h = logq === null ? q.entropy() : 0;
  let check = 0;
  for (let i = 0; i < n; i++) {
    values[i] = logq === null ? values[i] + h : values[i] - logq[i];
    check += values[i];
  }
  for (let p = 0; p < P; p++) check += sums[p];
  if (!Number.isFinite(check)) {
    q.transform(eps); // throws the family's message if a z is not finite
    checkGradRows(fn, "model.gradLogJointBatch", z, gradP, values, d);
    if (logq !== null) checkGuideLogProbs(fn, logq, z, d);
  }
  const { mean, stderr } = meanAndStderr(values);
  return { estimator, gradient: estimateFromSums(fn, rows, sums, n, P), elbo: mean, elboStderr: stderr };
}

/**
 * Sticking-the-landing ELBO gradient (Roeder, Wu & Duvenaud 2017): row i = (∂z_i/∂θ)ᵀ (∇z log p(x, z_i) −
 * ∇z log q(z_i)), the pathwise estimator without the mean-zero score term. Unbiased; its variance vanishes when the
 * guide equals the posterior. Requires model.gradLogJoint and a location-family guide (Normal, Laplace,
 * MultivariateNormal or a product of them).
 * @example elboStl(model, guide, key(0), { numSamples: 16 })
 */
export function elboStl(model: Model, guide: Distribution, key: Key, options: ElboGradientOptions = {}): ElboGradient {
  return elboStlReusing(model, guide, key, options, null);
}

/** {@link elboStl} writing into `buffers` when given (see {@link elboPathwiseReusing}). Internal: for fit's loop. */
export function elboStlReusing(model: Model, guide: Distribution, key: Key, options: ElboGradientOptions, buffers: PathwiseBuffers | null): ElboGradient {
  const fn = "elboStl";
  requireReparameterizable(fn, guide, true);
  const { n } = estimatorArgs(fn, model, guide, key, options, 1, "sample");
  const q = guide as Reparameterizable;
  const ls = typeof model.gradLogJointBatch === "function" ? diagonalLocationScale(q) : null;
  if (ls !== null) return locationScalePath(fn, "stl", model, q, ls, key, n, null, buffers);
  const { eps, logp, logq, diff } = pathDrawWithGuide(fn, model, q, key, n);
  const rows = q.transformVjp(eps, diff);
  return elboResult(fn, "stl", rows, n, q.paramSize, logp.map((v, i) => v - logq[i]));
}
