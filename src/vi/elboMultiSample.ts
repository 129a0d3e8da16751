/**
 * Multi-sample bounds: for K samples z_1…z_K ~ q and weights w_k = p(x, z_k)/q(z_k),
 *
 *   L_K = E[ log (1/K) Σ_k w_k ],     L_1 = ELBO ≤ L_K ≤ L_{K+1} ≤ log p(x)      (Burda, Grosse & Salakhutdinov 2016)
 *
 * IWAE's gradient is pathwise: ∇θ L_K = E_ε[ Σ_k w̃_k ∇θ log w(z_k(ε_k, θ)) ] with normalized weights
 * w̃_k = w_k / Σ_j w_j. VIMCO (Mnih & Rezende 2016) is the score-function estimator of the same gradient for any
 * guide, discrete included, with a leave-one-out baseline per sample:
 *
 *   ∇θ L_K = E[ Σ_k (L̂ − L̂_{−k} − w̃_k) ∇θ log q(z_k) ],   L̂ = log (1/K) Σ_j w_j,
 *   L̂_{−k} = log (1/K) (Σ_{j≠k} w_j + ŵ_{−k}),  ŵ_{−k} = exp( mean_{j≠k} log w_j )
 *
 * (L̂_{−k} does not depend on z_k, so subtracting it keeps the estimate unbiased). All in log space (log-sum-exp).
 * Rows: each of the K samples of a bound gives one row, scaled by K so that the row mean is the bound's gradient;
 * rows of one bound are coupled, so their spread is a rough diagnostic — `numBounds` ≥ 2 gives independent bounds.
 */
import type { Distribution, Reparameterizable } from "../distributions/distribution.js";
import { estimateFromRows } from "../estimators/result.js";
import { logSumExp } from "../estimators/importanceWeights.js";
import type { Key } from "../random/key.js";
import { checkPositiveInt, show } from "../util/validate.js";
import { columnEstimate, estimatorArgs, meanAndStderr, requireReparameterizable, type ElboGradient, type ElboGradientOptions } from "./elboCommon.js";
import { pathDrawWithGuide } from "./elboPathwise.js";
import { checkGuideLogProbs, logJointRows, type Model } from "./model.js";

/**
 * Normalized weights w̃_k = w_k / Σ_j w_j (length K) and the bound log (1/K) Σ_k w_k of one bound's log-weights
 * log w_k, by log-sum-exp (Burda et al. 2016).
 * @example normalizedWeights(new Float64Array([0, Math.log(3)])) // { weights: [0.25, 0.75], bound: log 2 }
 */
export function normalizedWeights(logW: Float64Array): { weights: Float64Array; bound: number } {
  const fn = "normalizedWeights";
  if (!(logW instanceof Float64Array) || logW.length === 0) throw new Error(`${fn}: logW must be a non-empty Float64Array of log-weights, got ${show(logW)}`);
  const K = logW.length;
  const lse = logSumExp(logW);
  if (!Number.isFinite(lse)) throw new Error(`${fn}: the log-weights must have a finite log-sum-exp (every weight is 0 or a log-weight is NaN/+∞), got log Σ w = ${show(lse)}`);
  return { weights: logW.map((v) => Math.exp(v - lse)), bound: lse - Math.log(K) };
}

/** The bound values, and their SE: over bounds when B ≥ 2, else the delta-method SE of log(mean w) from one bound. */
function boundSummary(bounds: Float64Array, weights: Float64Array, K: number): { elbo: number; elboStderr: number } {
  const { mean, stderr } = meanAndStderr(bounds);
  if (bounds.length > 1 || K < 2) return { elbo: mean, elboStderr: stderr };
  // Var[log mean w] ≈ Var[w]/(K E[w]²): the spread of K·w̃ (mean 1) over √K.
  let ss = 0;
  for (let k = 0; k < K; k++) ss += (K * weights[k] - 1) ** 2;
  return { elbo: mean, elboStderr: Math.sqrt(ss / (K - 1) / K) };
}

function boundsArg(fn: string, options: ElboGradientOptions | undefined): number {
  return checkPositiveInt(fn, "numBounds", options?.numBounds ?? 1);
}

/**
 * IWAE gradient of the K-sample bound (K = numSamples): per bound, Σ_k w̃_k [(∂z_k/∂θ)ᵀ (∇z log p − ∇z log q)(z_k) −
 * ∇θ log q(z_k)]. K = 1 is the pathwise ELBO gradient with Monte Carlo entropy. Requires model.gradLogJoint and a
 * location-family guide (Normal, Laplace, MultivariateNormal, products).
 * @example elboIwae(model, guide, key(0), { numSamples: 8, numBounds: 4 }).elbo // ≥ the ELBO, ≤ log p(x) in expectation
 */
export function elboIwae(model: Model, guide: Distribution, key: Key, options: ElboGradientOptions = {}): ElboGradient {
  const fn = "elboIwae";
  requireReparameterizable(fn, guide, true);
  const { n: K } = estimatorArgs(fn, model, guide, key, options);
  const B = boundsArg(fn, options);
  const q = guide as Reparameterizable;
  const n = B * K;
  const P = q.paramSize;
  const { eps, logp, logq, scores, diff } = pathDrawWithGuide(fn, model, q, key, n);
  const rows = q.transformVjp(eps, diff);
  const bounds = new Float64Array(B);
  let weights: Float64Array = new Float64Array(K);
  for (let b = 0; b < B; b++) {
    const logW = new Float64Array(K);
    for (let k = 0; k < K; k++) logW[k] = logp[b * K + k] - logq[b * K + k];
    const nw = normalizedWeights(logW);
    bounds[b] = nw.bound;
    weights = nw.weights;
    for (let k = 0; k < K; k++) {
      const i = b * K + k;
      const c = K * nw.weights[k];
      for (let p = 0; p < P; p++) rows[i * P + p] = c * (rows[i * P + p] - scores[i * P + p]);
    }
  }
  return { estimator: "iwae", gradient: estimateFromRows(rows, n, P, fn), ...boundSummary(bounds, weights, K) };
}

/**
 * VIMCO gradient of the K-sample bound (K = numSamples ≥ 2): per bound, Σ_k (L̂ − L̂_{−k} − w̃_k) ∇θ log q(z_k)
 * (see the module comment). Needs only model.logJoint, so it works for discrete latents.
 * @example elboVimco(model, new Bernoulli({ logits: [0, 0] }), key(0), { numSamples: 5, numBounds: 8 })
 */
export function elboVimco(model: Model, guide: Distribution, key: Key, options: ElboGradientOptions = {}): ElboGradient {
  const fn = "elboVimco";
  const { n: K } = estimatorArgs(fn, model, guide, key, options, 2);
  const B = boundsArg(fn, options);
  const n = B * K;
  const P = guide.paramSize;
  const d = guide.dim;
  const { x: z, logProb: logq } = guide.sampleAndLogProb(key, n);
  checkGuideLogProbs(fn, logq, z, d);
  const scores = guide.score(z);
  const logp = logJointRows(fn, model, z, n);
  const rows = new Float64Array(n * P);
  const bounds = new Float64Array(B);
  let weights: Float64Array = new Float64Array(K);
  const logW = new Float64Array(K);
  const rest = new Float64Array(K);
  const shifted = new Float64Array(K);
  for (let b = 0; b < B; b++) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += logW[k] = logp[b * K + k] - logq[b * K + k];
    const nw = normalizedWeights(logW);
    bounds[b] = nw.bound;
    weights = nw.weights;
    // Σ_j e^{log w_j − M} once (M the largest log-weight; the others' mean is ≤ M, so nothing overflows), then each
    // L̂_{−k} in O(1) by swapping one term — O(K) per bound instead of O(K²). Where w_k holds more than half of the
    // sum the subtraction would cancel: that (at most one) k gets the direct log-sum-exp.
    let M = -Infinity;
    for (let k = 0; k < K; k++) M = Math.max(M, logW[k]);
    let S = 0;
    for (let k = 0; k < K; k++) S += shifted[k] = Math.exp(logW[k] - M);
    for (let k = 0; k < K; k++) {
      // L̂_{−k}: w_k replaced by the geometric mean of the others.
      const r = (sum - logW[k]) / (K - 1);
      let lse: number;
      if (shifted[k] <= 0.5 * S) lse = M + Math.log(S - shifted[k] + Math.exp(r - M));
      else {
        rest.set(logW);
        rest[k] = r;
        lse = logSumExp(rest, fn);
      }
      const signal = nw.bound - (lse - Math.log(K)) - nw.weights[k];
      const i = b * K + k;
      for (let p = 0; p < P; p++) rows[i * P + p] = K * signal * scores[i * P + p];
    }
  }
  return { estimator: "vimco", gradient: columnEstimate(rows, n, P) ?? estimateFromRows(rows, n, P, fn), ...boundSummary(bounds, weights, K) };
}
