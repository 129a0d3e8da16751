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
import type { GradientEstimateWithRows } from "../estimators/result.js";
import { elboResult, estimatorArgs, requireReparameterizable, type ElboGradient, type ElboGradientOptions } from "./elboCommon.js";
import { diagonalLocationScale, logProbGradZ } from "./guide.js";
import { checkGuideLogProbs, gradLogJointRows, type Model } from "./model.js";
import { locationScalePath, type PathEstimate, type PathwiseBuffers } from "./locationScalePath.js";

/** The reparameterized draws: noise ε (n×noiseDim), z = g(ε; θ), log p(x, z) and ∇z log p(x, z) (n×dim). */
function pathDraw(fn: string, model: Model, guide: Reparameterizable, key: Key, n: number) {
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
  return withGradient("pathwise", pathEstimate("pathwise", model, guide, key, options, null, true));
}

/**
 * Sticking-the-landing ELBO gradient (Roeder, Wu & Duvenaud 2017): row i = (∂z_i/∂θ)ᵀ (∇z log p(x, z_i) −
 * ∇z log q(z_i)), the pathwise estimator without the mean-zero score term. Unbiased; its variance vanishes when the
 * guide equals the posterior. Requires model.gradLogJoint and a location-family guide (Normal, Laplace,
 * MultivariateNormal or a product of them).
 * @example elboStl(model, guide, key(0), { numSamples: 16 })
 */
export function elboStl(model: Model, guide: Distribution, key: Key, options: ElboGradientOptions = {}): ElboGradient {
  return withGradient("stl", pathEstimate("stl", model, guide, key, options, null, true));
}

/**
 * One step of fit with "pathwise" or "stl": the mean gradient and the ELBO ± SE, with the per-coordinate variance
 * of the per-sample rows only when `withVariance` (the fast path then skips writing rows). Internal: for fit's loop.
 */
export function pathStep(estimator: "pathwise" | "stl", model: Model, guide: Distribution, key: Key, options: ElboGradientOptions, buffers: PathwiseBuffers, withVariance: boolean): { mean: Float64Array; variance: Float64Array | null; elbo: number; elboStderr: number } {
  const r = pathEstimate(estimator, model, guide, key, options, buffers, withVariance);
  return { mean: r.mean, variance: r.gradient === null ? null : r.gradient.variance, elbo: r.elbo, elboStderr: r.elboStderr };
}

function withGradient(estimator: "pathwise" | "stl", r: PathEstimate): ElboGradient {
  return { estimator, gradient: r.gradient as GradientEstimateWithRows, elbo: r.elbo, elboStderr: r.elboStderr };
}

function fromElboGradient(r: ElboGradient): PathEstimate {
  return { gradient: r.gradient, mean: r.gradient.mean, elbo: r.elbo, elboStderr: r.elboStderr };
}

/** The body of both estimators: the location–scale fast path where it applies (rows only if `withRows`), else the general one. */
function pathEstimate(estimator: "pathwise" | "stl", model: Model, guide: Distribution, key: Key, options: ElboGradientOptions, buffers: PathwiseBuffers | null, withRows: boolean): PathEstimate {
  const fn = estimator === "pathwise" ? "elboPathwise" : "elboStl";
  if (estimator === "stl") requireReparameterizable(fn, guide, true);
  const { n, entropy, entropyGrad } = estimatorArgs(fn, model, guide, key, options, 1, estimator === "pathwise" ? "analytic" : "sample");
  if (estimator === "pathwise") requireReparameterizable(fn, guide, entropyGrad === null);
  const q = guide as Reparameterizable;
  const P = q.paramSize;
  const analytic = estimator === "pathwise" && entropy === "analytic" && entropyGrad !== null;
  const ls = typeof model.gradLogJointBatch === "function" && (analytic || estimator === "stl") ? diagonalLocationScale(q) : null;
  if (ls !== null) return locationScalePath(fn, estimator, model, q, ls, key, n, analytic ? entropyGrad : null, buffers, withRows);
  if (analytic) {
    const { eps, logp, gradP } = pathDraw(fn, model, q, key, n);
    const rows = q.transformVjp(eps, gradP);
    for (let i = 0; i < n; i++) for (let p = 0; p < P; p++) rows[i * P + p] += entropyGrad[p];
    const h = q.entropy();
    return fromElboGradient(elboResult(fn, "pathwise", rows, n, P, logp.map((v) => v + h)));
  }
  const { eps, logp, logq, scores, diff } = pathDrawWithGuide(fn, model, q, key, n);
  const rows = q.transformVjp(eps, diff);
  if (estimator === "pathwise") for (let k = 0; k < n * P; k++) rows[k] -= scores[k];
  return fromElboGradient(elboResult(fn, estimator, rows, n, P, logp.map((v, i) => v - logq[i])));
}
