/**
 * A Gaussian mixture with one categorical assignment per data point — a model with discrete latents only, where the
 * pathwise estimator does not apply and the score function (with Rao-Blackwellization) or exact enumeration must.
 *
 *   z_i ~ Categorical(π),   x_i | z_i = k ~ N(μ_k, Σ_k),   i = 1 … n
 *
 * The mixture parameters (π, μ, Σ) are fixed — the maximum-likelihood values from {@link fitMixtureEm} for Iris —
 * so the latents are the n assignments and everything is exact: with ℓ_ik = log π_k + log N(x_i; μ_k, Σ_k),
 *   log p(x, z) = Σ_i ℓ_{i z_i},   p(z_i = k | x) = softmax_k(ℓ_i·),   log p(x) = Σ_i logsumexp_k ℓ_ik,
 * and for a mean-field guide q(z) = Π_i Categorical(z_i; q_i·),
 *   ELBO(q) = Σ_i Σ_k q_ik (ℓ_ik − log q_ik) = log p(x) − Σ_i KL(q_i ‖ p(z_i | x)),
 * which reaches log p(x) at q = the posterior (the guide family contains it). Terms: one per point, reading z_i only.
 */
import { digest } from "../../util/codec.js";
import { LOG_2PI } from "../../util/constants.js";
import { cholesky, solveLower } from "../../util/linalg.js";
import { checkPositiveInt, checkSamples, show, toFiniteVector } from "../../util/validate.js";
import { checkLatents, type Model } from "../model.js";


/** Mixture parameters: weights π (K), means (K × d) and covariances (K × d × d), all row-major. */
export interface MixtureParams {
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly covariances: Float64Array;
}

/** The mixture as a model over the n assignments, with its exact posterior and evidence. */
export interface GaussianMixtureModel extends Model {
  /** Number of components K (each latent takes values 0 … K − 1). */
  readonly numComponents: number;
  readonly n: number;
  /** ℓ_ik = log π_k + log N(x_i; μ_k, Σ_k), n × K. */
  readonly logLikelihoods: Float64Array;
  /** Exact p(z_i = k | x), n × K. */
  readonly responsibilities: Float64Array;
  /** Exact log p(x) = Σ_i logsumexp_k ℓ_ik. */
  readonly logEvidence: number;
  /** The exact ELBO of a mean-field Categorical guide given by its logits (n × K). */
  elbo(logits: ArrayLike<number>): number;
}

/**
 * ℓ_ik = log π_k + log N(x_i; μ_k, Σ_k) for every point and component (n × K), from Cholesky factors of the
 * covariances. Requires x of n × d finite values and valid params (weights > 0 summing to 1, SPD covariances).
 * @example mixtureLogLikelihoods(new Float64Array([0, 1]), 1, { weights: [1], means: [0], covariances: [1] }) // [−0.919, −1.419]
 */
export function mixtureLogLikelihoods(x: Float64Array, d: number, p: MixtureParams): Float64Array {
  const fn = "mixtureLogLikelihoods";
  checkPositiveInt(fn, "d", d);
  const xv = checkSamples(fn, x, d).x;
  checkParams(fn, p, d);
  return logLikelihoods(fn, xv, d, p);
}

/** {@link mixtureLogLikelihoods} on checked arguments; throws, naming `fn`, if an ℓ_ik leaves float64's range. */
function logLikelihoods(fn: string, x: Float64Array, d: number, p: MixtureParams): Float64Array {
  const K = p.weights.length;
  const n = x.length / d;
  const out = new Float64Array(n * K);
  const diff = new Float64Array(d);
  for (let k = 0; k < K; k++) {
    const L = cholesky(p.covariances.subarray(k * d * d, (k + 1) * d * d), d);
    let logDet = 0;
    for (let j = 0; j < d; j++) logDet += Math.log(L[j * d + j]);
    const c = Math.log(p.weights[k]) - logDet - 0.5 * d * LOG_2PI;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) diff[j] = x[i * d + j] - p.means[k * d + j];
      const u = solveLower(L, diff, d);
      let q = 0;
      for (let j = 0; j < d; j++) q += u[j] * u[j];
      out[i * K + k] = c - 0.5 * q;
      if (!Number.isFinite(out[i * K + k])) throw new Error(`${fn}: ℓ for point ${i}, component ${k} is ${show(out[i * K + k])}; x or the parameters are beyond float64's range`);
    }
  }
  return out;
}

/** Row-wise log-sum-exp of an n × K matrix. */
function logSumExpRows(a: Float64Array, n: number, K: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, a[i * K + k]);
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(a[i * K + k] - max);
    out[i] = max + Math.log(s);
  }
  return out;
}

function checkParams(fn: string, p: MixtureParams, d: number): number {
  if (p === null || typeof p !== "object") throw new Error(`${fn}: params must be { weights, means, covariances }, got ${show(p)}`);
  const w = toFiniteVector(fn, "params.weights", p.weights);
  const K = w.length;
  let total = 0;
  for (let k = 0; k < K; k++) {
    if (!(w[k] > 0)) throw new Error(`${fn}: params.weights[${k}] must be > 0, got ${show(w[k])}`);
    total += w[k];
  }
  if (Math.abs(total - 1) > 1e-9) throw new Error(`${fn}: params.weights must sum to 1, got sum ${total}`);
  toFiniteVector(fn, "params.means", p.means, K * d);
  toFiniteVector(fn, "params.covariances", p.covariances, K * d * d);
  return K;
}

/**
 * The mixture model over the assignments of the points x (n × d) under fixed parameters.
 * @example
 *   const data = iris(text);
 *   const model = gaussianMixture(data.x, data.d, fitMixtureEm(data.x, data.d, 3));
 *   model.logEvidence; // the ELBO's maximum
 */
export function gaussianMixture(x: ArrayLike<number>, d: number, params: MixtureParams): GaussianMixtureModel {
  const fn = "gaussianMixture";
  checkPositiveInt(fn, "d", d);
  const xv = toFiniteVector(fn, "x", x);
  const n = xv.length / d;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${fn}: x must hold n × d values with d = ${d}, got ${xv.length}`);
  const K = checkParams(fn, params, d);
  const ell = logLikelihoods(fn, xv, d, params);
  const lse = logSumExpRows(ell, n, K);
  const responsibilities = ell.map((v, idx) => Math.exp(v - lse[Math.floor(idx / K)]));
  const logEvidence = lse.reduce((a, b) => a + b, 0);
  const term = (z: Float64Array, i: number): number => {
    const k = z[i];
    if (!Number.isInteger(k) || k < 0 || k >= K) throw new Error(`${fn}: latent z[${i}] must be a component index in 0…${K - 1}, got ${show(k)}`);
    return ell[i * K + k];
  };
  return {
    name: "mixture",
    dim: n,
    numComponents: K,
    n,
    logLikelihoods: ell,
    responsibilities,
    logEvidence,
    identity: { n, d, K, data: digest({ x: xv, weights: params.weights, means: params.means, covariances: params.covariances }) },
    logJoint(z) {
      checkLatents("gaussianMixture.logJoint", z, n, "one component index per point");
      let s = 0;
      for (let i = 0; i < n; i++) s += term(z, i);
      return s;
    },
    terms: Array.from({ length: n }, (_, i) => ({ name: `x[${i}]`, latents: [i], logDensity: (z: Float64Array) => term(z, i) })),
    elbo(logits) {
      const a = toFiniteVector("gaussianMixture.elbo", "logits", logits, n * K);
      const logZ = logSumExpRows(a, n, K);
      let s = 0;
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < K; k++) {
          const logq = a[i * K + k] - logZ[i];
          s += Math.exp(logq) * (ell[i * K + k] - logq);
        }
      }
      return s;
    },
  };
}
