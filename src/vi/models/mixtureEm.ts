/**
 * Maximum-likelihood mixture parameters by expectation–maximization (Dempster, Laird & Rubin 1977), used to fix the
 * continuous parameters of {@link gaussianMixture} so that only the discrete assignments are latent.
 *
 * Deterministic: the start splits the points, sorted along the feature of largest variance, into K groups of
 * (nearly) equal size and takes each group's mean, the pooled covariance and equal weights; then E-steps
 * (responsibilities r_ik ∝ π_k N(x_i; μ_k, Σ_k)) and M-steps (π_k = Σ_i r_ik / n, μ_k = weighted mean,
 * Σ_k = weighted covariance + a ridge of 1e-6 × the mean feature variance) alternate until the log likelihood rises
 * by less than `tolerance` or `iterations` is reached. EM never lowers the likelihood.
 */
import { checkOptionsObject, checkPositive, checkPositiveInt, show, toFiniteVector } from "../../util/validate.js";
import { mixtureLogLikelihoods, type MixtureParams } from "./gaussianMixture.js";

/** Options of {@link fitMixtureEm}. */
export interface MixtureEmOptions {
  /** Maximum EM iterations (default 500). */
  iterations?: number;
  /** Stop when the log likelihood rises by less than this (default 1e-10). */
  tolerance?: number;
}

/** Fitted parameters and the log likelihood trace (one entry per E-step). */
export interface MixtureEmResult extends MixtureParams {
  readonly logLikelihood: readonly number[];
}

/**
 * Fits a K-component full-covariance Gaussian mixture to the rows of x (n × d) by EM.
 * @example const params = fitMixtureEm(data.x, 4, 3); // Iris: log likelihood ≈ −180
 */
export function fitMixtureEm(x: ArrayLike<number>, d: number, K: number, options: MixtureEmOptions = {}): MixtureEmResult {
  const fn = "fitMixtureEm";
  const { iterations = 500, tolerance = 1e-10 } = checkOptionsObject<NonNullable<typeof options>>("fitMixtureEm", options);
  checkPositiveInt(fn, "d", d);
  checkPositiveInt(fn, "K", K);
  checkPositiveInt(fn, "iterations", iterations);
  checkPositive(fn, "tolerance", tolerance);
  const xv = toFiniteVector(fn, "x", x);
  const n = xv.length / d;
  if (!Number.isInteger(n) || n < 2 * K) throw new Error(`${fn}: x must hold n ≥ 2K = ${2 * K} rows of d = ${d} values, got ${show(xv.length)} values`);
  const r = initialResponsibilities(xv, n, d, K);
  let params = mStep(xv, n, d, K, r);
  const trace: number[] = [];
  for (let it = 0; it < iterations; it++) {
    const ell = mixtureLogLikelihoods(xv, d, params);
    let total = 0;
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, ell[i * K + k]);
      let s = 0;
      for (let k = 0; k < K; k++) s += r[i * K + k] = Math.exp(ell[i * K + k] - max);
      for (let k = 0; k < K; k++) r[i * K + k] /= s;
      total += max + Math.log(s);
    }
    trace.push(total);
    if (it > 0 && total - trace[it - 1] < tolerance) break;
    params = mStep(xv, n, d, K, r);
  }
  return { ...params, logLikelihood: trace };
}

/** Hard responsibilities of the equal-size groups along the feature of largest variance. */
function initialResponsibilities(x: Float64Array, n: number, d: number, K: number): Float64Array {
  let best = 0;
  let bestVar = -1;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * d + j] / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i * d + j] - m) ** 2;
    if (v > bestVar) [best, bestVar] = [j, v];
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a * d + best] - x[b * d + best] || a - b);
  const r = new Float64Array(n * K);
  order.forEach((i, rank) => {
    r[i * K + Math.min(K - 1, Math.floor((rank * K) / n))] = 1;
  });
  return r;
}

function mStep(x: Float64Array, n: number, d: number, K: number, r: Float64Array): MixtureParams {
  const weights = new Float64Array(K);
  const means = new Float64Array(K * d);
  const covariances = new Float64Array(K * d * d);
  let ridge = 0;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * d + j] / n;
    for (let i = 0; i < n; i++) ridge += (x[i * d + j] - m) ** 2 / (n * d);
  }
  ridge *= 1e-6;
  for (let k = 0; k < K; k++) {
    let nk = 0;
    for (let i = 0; i < n; i++) nk += r[i * K + k];
    if (!(nk > 0)) throw new Error(`fitMixtureEm: component ${k} lost all its points; try fewer components`);
    weights[k] = nk / n;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[k * d + j] += (r[i * K + k] * x[i * d + j]) / nk;
    const C = covariances.subarray(k * d * d, (k + 1) * d * d);
    for (let i = 0; i < n; i++) {
      const w = r[i * K + k] / nk;
      for (let a = 0; a < d; a++) {
        const da = x[i * d + a] - means[k * d + a];
        for (let b = 0; b <= a; b++) C[a * d + b] += w * da * (x[i * d + b] - means[k * d + b]);
      }
    }
    for (let a = 0; a < d; a++) {
      C[a * d + a] += ridge;
      for (let b = 0; b < a; b++) C[b * d + a] = C[a * d + b];
    }
  }
  return { weights, means, covariances };
}
