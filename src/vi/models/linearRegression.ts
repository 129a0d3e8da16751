/**
 * Bayesian linear regression with a Gaussian prior and known noise — the conjugate model whose posterior, log
 * evidence and mean-field optimum are all closed form, so a variational fit can be checked against the truth.
 *
 *   w ~ N(0, τ² I_d),   y_i | w ~ N(x_iᵀ w, σ²),  i = 1 … n
 *
 * Posterior: N(m, Λ⁻¹) with precision Λ = I/τ² + XᵀX/σ² and mean m = Λ⁻¹ Xᵀy / σ².
 * Log evidence (the ELBO's maximum over all q): log p(y) = log p(y | m) + log p(m) − log N(m; m, Λ⁻¹)
 *   = −(n/2) log 2πσ² − ‖y − Xm‖²/2σ² − (d/2) log τ² − ‖m‖²/2τ² − ½ log det Λ.
 * For a Gaussian guide q = N(μ, S), ELBO(q) = log p(y) − KL(q ‖ posterior) with
 *   KL = ½ [tr(ΛS) + (μ − m)ᵀΛ(μ − m) − d − log det Λ − log det S].
 * The mean-field (diagonal) optimum: μ = m, S = diag(1 / Λ_jj) (Bishop 2006, §10.1.2).
 */
import { assertKey, type Key } from "../../random/key.js";
import { LOG_2PI } from "../../util/constants.js";
import { Stream } from "../../random/stream.js";
import { digest } from "../../util/codec.js";
import { cholesky, choleskySolve, matVec } from "../../util/linalg.js";
import { checkFinite, checkOptionsObject, checkPositive, checkPositiveInt, checkSize, show, toFiniteVector } from "../../util/validate.js";
import { checkLatents, checkLogJoint, type Model } from "../model.js";


/** Data and hyperparameters of {@link linearRegression}. */
export interface LinearRegressionData {
  /** Design matrix, row-major n × d. */
  x: ArrayLike<number>;
  /** Responses, length n. */
  y: ArrayLike<number>;
  /** Number of weights d. */
  d: number;
  /** Known noise standard deviation σ (default 1). */
  noiseScale?: number;
  /** Prior standard deviation τ of each weight (default 1). */
  priorScale?: number;
}

/** The exact posterior N(mean, covariance) of the weights, its precision, and the log evidence log p(y). */
export interface GaussianPosterior {
  readonly d: number;
  readonly mean: Float64Array;
  /** d × d row-major. */
  readonly covariance: Float64Array;
  /** Λ, d × d row-major. */
  readonly precision: Float64Array;
  readonly logEvidence: number;
}

/** A linear-regression model with its data and its closed forms. */
export interface LinearRegressionModel extends Model {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly noiseScale: number;
  readonly priorScale: number;
  /** The exact posterior and log evidence. */
  posterior(): GaussianPosterior;
}

function checkData(fn: string, data: LinearRegressionData): { x: Float64Array; y: Float64Array; n: number; d: number; sigma: number; tau: number } {
  if (data === null || typeof data !== "object") throw new Error(`${fn}: data must be { x, y, d, noiseScale?, priorScale? }, got ${show(data)}`);
  const d = checkPositiveInt(fn, "d", data.d);
  const y = toFiniteVector(fn, "y", data.y);
  const n = y.length;
  const x = toFiniteVector(fn, "x", data.x, n * d);
  const sigma = checkScale(fn, "noiseScale", data.noiseScale ?? 1);
  const tau = checkScale(fn, "priorScale", data.priorScale ?? 1);
  return { x, y, n, d, sigma, tau };
}

/** The supported range of noiseScale and priorScale: their squares and inverse squares stay normal float64 numbers. */
const MIN_SCALE = 1e-150;
const MAX_SCALE = 1e150;

function checkScale(fn: string, arg: string, value: unknown): number {
  const v = checkPositive(fn, arg, value);
  if (!(v >= MIN_SCALE && v <= MAX_SCALE)) throw new Error(`${fn}: ${arg} must be in [${MIN_SCALE}, ${MAX_SCALE}] (its square must stay a normal float64), got ${show(v)}`);
  return v;
}

/**
 * The model as a black box for variational inference: latents z = w (d weights); the log joint, its gradient, and
 * its terms (one Gaussian prior term per weight, reading that weight only, and one likelihood term per data
 * point, reading all weights), whose sum is the log joint.
 * @example
 *   const model = linearRegression({ x: [1, 0, 0, 1, 1, 1], y: [1, 2, 2.5], d: 2 });
 *   model.posterior().logEvidence; // the exact maximum of the ELBO
 */
export function linearRegression(data: LinearRegressionData): LinearRegressionModel {
  const { x, y, n, d, sigma, tau } = checkData("linearRegression", data);
  const s2 = sigma * sigma;
  const t2 = tau * tau;
  const priorTerm = (z: Float64Array, j: number): number => -0.5 * (z[j] * z[j]) / t2 - 0.5 * (LOG_2PI + Math.log(t2));
  const residual = (z: Float64Array, i: number): number => {
    let eta = 0;
    for (let j = 0; j < d; j++) eta += x[i * d + j] * z[j];
    return y[i] - eta;
  };
  const likelihoodTerm = (z: Float64Array, i: number): number => -0.5 * residual(z, i) ** 2 / s2 - 0.5 * (LOG_2PI + Math.log(s2));
  const all = Array.from({ length: d }, (_, j) => j);
  let cached: GaussianPosterior | undefined;
  return {
    name: "linreg",
    dim: d,
    x,
    y,
    n,
    noiseScale: sigma,
    priorScale: tau,
    identity: { n, d, noiseScale: sigma, priorScale: tau, data: digest({ x, y }) },
    logJoint(z) {
      checkLatents("linearRegression.logJoint", z, d, "the weights");
      let s = 0;
      for (let j = 0; j < d; j++) s += priorTerm(z, j);
      for (let i = 0; i < n; i++) s += likelihoodTerm(z, i);
      return checkLogJoint("linearRegression.logJoint", s, z);
    },
    gradLogJoint(z, out) {
      checkLatents("linearRegression.gradLogJoint", z, d, "the weights");
      let s = 0;
      for (let j = 0; j < d; j++) {
        out[j] = -z[j] / t2;
        s += priorTerm(z, j);
      }
      for (let i = 0; i < n; i++) {
        const r = residual(z, i);
        s += -0.5 * (r * r) / s2 - 0.5 * (LOG_2PI + Math.log(s2));
        for (let j = 0; j < d; j++) out[j] += (r / s2) * x[i * d + j];
      }
      for (let j = 0; j < d; j++) if (!Number.isFinite(out[j])) throw new Error(`linearRegression.gradLogJoint: the gradient overflows float64 at z = ${show(z)}; use smaller weights or rescale the data`);
      return checkLogJoint("linearRegression.gradLogJoint", s, z);
    },
    terms: [
      ...all.map((j) => ({ name: `prior w[${j}]`, latents: [j], logDensity: (z: Float64Array) => priorTerm(z, j) })),
      ...Array.from({ length: n }, (_, i) => ({ name: `y[${i}]`, latents: all, logDensity: (z: Float64Array) => likelihoodTerm(z, i) })),
    ],
    posterior() {
      cached ??= gaussianPosterior(x, y, n, d, sigma, tau);
      return cached;
    },
  };
}

function gaussianPosterior(x: Float64Array, y: Float64Array, n: number, d: number, sigma: number, tau: number): GaussianPosterior {
  const s2 = sigma * sigma;
  const t2 = tau * tau;
  const precision = new Float64Array(d * d);
  const xty = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      xty[j] += (x[i * d + j] * y[i]) / s2;
      for (let k = 0; k < d; k++) precision[j * d + k] += (x[i * d + j] * x[i * d + k]) / s2;
    }
  }
  for (let j = 0; j < d; j++) precision[j * d + j] += 1 / t2;
  const L = cholesky(precision, d);
  const mean = choleskySolve(L, xty, d);
  const covariance = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const e = new Float64Array(d);
    e[k] = 1;
    const col = choleskySolve(L, e, d);
    for (let j = 0; j < d; j++) covariance[j * d + k] = col[j];
  }
  let logDetPrecision = 0;
  for (let j = 0; j < d; j++) logDetPrecision += 2 * Math.log(L[j * d + j]);
  const fit = matVec(x, mean, n, d);
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i] - fit[i]) ** 2;
  let mm = 0;
  for (let j = 0; j < d; j++) mm += mean[j] * mean[j];
  const logEvidence = -0.5 * n * (LOG_2PI + Math.log(s2)) - rss / (2 * s2) - 0.5 * d * Math.log(t2) - mm / (2 * t2) - 0.5 * logDetPrecision;
  return { d, mean, covariance, precision, logEvidence };
}

/**
 * The best mean-field (diagonal) Gaussian guide of a Gaussian posterior: loc = the posterior mean, scale_j =
 * 1/√Λ_jj (the variance is the inverse of the precision's diagonal, smaller than the marginal variance).
 * @example const { loc, scale } = meanFieldOptimum(model.posterior());
 */
export function meanFieldOptimum(post: GaussianPosterior): { loc: Float64Array; scale: Float64Array } {
  const fn = "meanFieldOptimum";
  if (post === null || typeof post !== "object") throw new Error(`${fn}: post must be a GaussianPosterior (model.posterior()), got ${show(post)}`);
  const d = checkPositiveInt(fn, "post.d", post.d);
  const mean = toFiniteVector(fn, "post.mean", post.mean, d);
  const precision = toFiniteVector(fn, "post.precision", post.precision, d * d);
  const scale = Float64Array.from({ length: d }, (_, j) => 1 / Math.sqrt(precision[j * d + j]));
  for (let j = 0; j < d; j++) {
    if (!(Number.isFinite(scale[j]) && scale[j] > 0)) throw new Error(`${fn}: post.precision[${j * d + j}] (diagonal ${j}) must be a finite number > 0, got ${show(precision[j * d + j])}`);
  }
  return { loc: mean, scale };
}

/**
 * The exact ELBO of a Gaussian guide N(loc, covariance) under a Gaussian posterior: log p(y) − KL(q ‖ posterior).
 * Equal to the log evidence exactly when the guide is the posterior.
 * @example gaussianElbo(post, post.mean, post.covariance) === post.logEvidence; // up to rounding
 */
export function gaussianElbo(post: GaussianPosterior, loc: ArrayLike<number>, covariance: ArrayLike<number>): number {
  const fn = "gaussianElbo";
  if (post === null || typeof post !== "object") throw new Error(`${fn}: post must be a GaussianPosterior (model.posterior()), got ${show(post)}`);
  const d = checkPositiveInt(fn, "post.d", post.d);
  const mean = toFiniteVector(fn, "post.mean", post.mean, d);
  const precision = toFiniteVector(fn, "post.precision", post.precision, d * d);
  const logEvidence = checkFinite(fn, "post.logEvidence", post.logEvidence);
  const mu = toFiniteVector(fn, "loc", loc, d);
  const S = toFiniteVector(fn, "covariance", covariance, d * d);
  const Ls = spdFactor(fn, "covariance", S, d);
  const Lp = spdFactor(fn, "post.precision", precision, d);
  let trace = 0;
  for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) trace += precision[j * d + k] * S[k * d + j];
  const delta = mu.map((v, j) => v - mean[j]);
  const pd = matVec(precision, delta, d, d);
  let quad = 0;
  for (let j = 0; j < d; j++) quad += delta[j] * pd[j];
  let logDets = 0;
  for (let j = 0; j < d; j++) logDets += 2 * Math.log(Lp[j * d + j]) + 2 * Math.log(Ls[j * d + j]);
  const elbo = logEvidence - 0.5 * (trace + quad - d - logDets);
  if (!Number.isFinite(elbo)) throw new Error(`${fn}: the ELBO overflows float64 (trace ${show(trace)}, quadratic term ${show(quad)}); rescale loc and covariance`);
  return elbo;
}

/** The Cholesky factor of a d×d matrix argument, or an Error naming `fn` and `arg` when it is not symmetric positive definite. */
function spdFactor(fn: string, arg: string, A: Float64Array, d: number): Float64Array {
  try {
    return cholesky(A, d);
  } catch (e) {
    throw new Error(`${fn}: ${arg} must be a symmetric positive definite ${d}×${d} matrix, got ${show(A)} (${(e as Error).message})`);
  }
}

/** Options of {@link syntheticLinearRegression}. */
export interface SyntheticRegressionOptions {
  /** Data points (default 100). */
  n?: number;
  /** Weights (default 5; the first column of x is a bias of ones). */
  d?: number;
  noiseScale?: number;
  priorScale?: number;
}

/**
 * A reproducible data set drawn from the model itself: w ~ N(0, τ² I), a bias column and standard-normal features,
 * y = Xw + σ ε. The same key gives the same data.
 * @example const model = linearRegression(syntheticLinearRegression(key(0), { n: 100, d: 5 }));
 */
export function syntheticLinearRegression(k: Key, options: SyntheticRegressionOptions = {}): LinearRegressionData {
  const fn = "syntheticLinearRegression";
  const { n = 100, d = 5, noiseScale = 1, priorScale = 1 } = checkOptionsObject<NonNullable<typeof options>>("syntheticLinearRegression", options);
  checkSize(fn, "d", d);
  checkSize(fn, "n", n, d);
  checkScale(fn, "noiseScale", noiseScale);
  checkScale(fn, "priorScale", priorScale);
  assertKey(fn, k);
  const s = new Stream(k);
  const w = Float64Array.from({ length: d }, () => priorScale * s.normal());
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i * d] = 1;
    for (let j = 1; j < d; j++) x[i * d + j] = s.normal();
    let eta = 0;
    for (let j = 0; j < d; j++) eta += x[i * d + j] * w[j];
    y[i] = eta + noiseScale * s.normal();
  }
  return { x, y, d, noiseScale, priorScale };
}
