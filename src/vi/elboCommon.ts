/**
 * What the ELBO estimators share: their names, options and result type, argument checks and the packing of rows
 * and ELBO values into a result. The estimators themselves live in elboScore.ts, elboPathwise.ts and
 * elboMultiSample.ts; `elboGradient` (elbo.ts) dispatches by name.
 */
import { isReparameterizable, type Distribution } from "../distributions/distribution.js";
import { estimateFromRows, type GradientEstimateWithRows } from "../estimators/result.js";
import { assertKey, type Key } from "../random/key.js";
import { checkOptionsObject, checkPositiveInt, show } from "../util/validate.js";
import { checkGuide, guideEntropyGradient, hasLogProbGradZ } from "./guide.js";
import { checkModel, type Model } from "./model.js";

/** The ELBO gradient estimators by name (the CLI's --estimator values). */
export const ELBO_ESTIMATORS = ["score", "score-rb", "score-rb-cv", "enumerate", "pathwise", "stl", "iwae", "vimco"] as const;

/** One of {@link ELBO_ESTIMATORS}. */
export type ElboEstimator = (typeof ELBO_ESTIMATORS)[number];

/** How the entropy part −E[log q] enters: closed form (where the guide has one) or Monte Carlo. */
export type EntropyMode = "analytic" | "sample";

/** Options of {@link elboGradient} and of each estimator function. */
export interface ElboGradientOptions {
  /** The estimator; default: "pathwise" when the model has gradLogJoint and the guide is reparameterizable, else "score-rb-cv" when the model has terms, else "score". */
  estimator?: ElboEstimator;
  /**
   * Samples per call (default 16). For "iwae" and "vimco" this is K, the samples inside one multi-sample bound
   * (Burda et al. 2016), and `numBounds` independent bounds are averaged.
   */
  numSamples?: number;
  /** "iwae"/"vimco": independent K-sample bounds per call (default 1). */
  numBounds?: number;
  /**
   * "analytic": ELBO = E[log p] + H(q) and ∇θ H(q) in closed form (see `guideEntropyGradient`); "sample": −log q(z) by
   * Monte Carlo. Default: "analytic" for "pathwise" when the guide has it, "sample" otherwise (the score-function
   * estimators then estimate exactly f = log p − log q, as in Ranganath et al.). Ignored by "stl", "iwae", "vimco".
   */
  entropy?: EntropyMode;
}

/** An ELBO gradient: the core's {@link GradientEstimateWithRows} (ascent direction, rows n×P) and the ELBO estimate ± SE. */
export interface ElboGradient {
  readonly estimator: ElboEstimator;
  /** ∇θ ELBO: mean, per-coordinate variance and standard error of the per-sample rows. */
  readonly gradient: GradientEstimateWithRows;
  /** The ELBO estimate (for "iwae"/"vimco": the K-sample bound E[log (1/K) Σ_k w_k]). */
  readonly elbo: number;
  /** Its standard error (over samples; over bounds when numBounds ≥ 2, else the delta-method SE of one bound). */
  readonly elboStderr: number;
}

/** Checked common arguments of an estimator: model, guide, key, n (≥ minSamples) and the entropy mode. */
export function estimatorArgs(
  fn: string,
  model: Model,
  guide: Distribution,
  key: Key,
  options: ElboGradientOptions | undefined,
  minSamples = 1,
  defaultEntropy: EntropyMode = "sample",
): { n: number; entropy: EntropyMode; entropyGrad: Float64Array | null } {
  checkGuide(fn, guide);
  checkModel(fn, model, guide.dim);
  assertKey(fn, key);
  const { numSamples = 16, entropy } = checkOptionsObject<NonNullable<typeof options>>(fn, options);
  const n = checkPositiveInt(fn, "numSamples", numSamples);
  if (n < minSamples) throw new Error(`${fn}: numSamples must be ≥ ${minSamples} for this estimator, got ${n}`);
  if (entropy !== undefined && entropy !== "analytic" && entropy !== "sample") {
    throw new Error(`${fn}: options.entropy must be "analytic" or "sample", got ${show(entropy)}`);
  }
  const mode = entropy ?? defaultEntropy;
  if (mode === "analytic") {
    const g = guideEntropyGradient(guide);
    if (g === null) {
      if (entropy === "analytic") throw new Error(`${fn}: options.entropy "analytic" needs a guide with a closed-form entropy gradient, got ${guide.name}; use "sample"`);
      return { n, entropy: "sample", entropyGrad: null };
    }
    return { n, entropy: mode, entropyGrad: g };
  }
  return { n, entropy: mode, entropyGrad: null };
}

/** Throws unless the guide supports the pathwise estimators (reparameterizable; `needGradZ`: ∇z log q too). */
export function requireReparameterizable(fn: string, guide: Distribution, needGradZ: boolean): void {
  checkGuide(fn, guide);
  if (!isReparameterizable(guide)) {
    throw new Error(`${fn}: the guide must be reparameterizable (Normal, MultivariateNormal, Laplace or a product of them), got ${guide.name}; use a score-function estimator`);
  }
  if (needGradZ && !hasLogProbGradZ(guide)) {
    throw new Error(`${fn}: this estimator needs ∇z log q, available for Normal, Laplace, MultivariateNormal and products of them, got ${guide.name}`);
  }
}

/**
 * Packs per-sample gradient rows (n×P) and per-sample ELBO values (length m) into an {@link ElboGradient}. A row
 * entry that is not finite throws (estimateFromRows), naming `fn`.
 */
export function elboResult(fn: string, estimator: ElboEstimator, rows: Float64Array, n: number, P: number, values: Float64Array): ElboGradient {
  const fast = rows instanceof Float64Array && Number.isInteger(n) && Number.isInteger(P) && n >= 1 && P >= 1 && rows.length === n * P ? columnEstimate(rows, n, P) : null;
  const gradient = fast ?? estimateFromRows(rows, n, P, fn);
  const { mean, stderr } = meanAndStderr(values);
  return { estimator, gradient, elbo: mean, elboStderr: stderr };
}

/**
 * The core's estimateFromRows on n×P `rows`, equal to it to the bit (each column summed in row order from 0, then
 * its squared deviations likewise), two columns at a time with the running sums in registers — about twice the
 * speed in V8, which re-checks a typed array's bounds at every access. Returns null when anything is not finite (a
 * row entry, or a sum or variance beyond float64): the caller then runs its own checks and hands the rows to
 * estimateFromRows, which rescales or throws naming the entry.
 */
export function columnEstimate(rows: Float64Array, n: number, P: number): GradientEstimateWithRows | null {
  const mean = new Float64Array(P);
  const variance = new Float64Array(P);
  const nP = n * P;
  let check = 0;
  let j = 0;
  for (; j + 1 < P; j += 2) {
    let s0 = 0;
    let s1 = 0;
    for (let k = j; k < nP; k += P) {
      s0 += rows[k];
      s1 += rows[k + 1];
    }
    const m0 = s0 / n;
    const m1 = s1 / n;
    let q0 = 0;
    let q1 = 0;
    for (let k = j; k < nP; k += P) {
      const e0 = rows[k] - m0;
      const e1 = rows[k + 1] - m1;
      q0 += e0 * e0;
      q1 += e1 * e1;
    }
    mean[j] = m0;
    mean[j + 1] = m1;
    variance[j] = n > 1 ? q0 / (n - 1) : 0;
    variance[j + 1] = n > 1 ? q1 / (n - 1) : 0;
    check += m0 - m0 + (m1 - m1) + (q0 - q0) + (q1 - q1);
  }
  if (j < P) check += lastColumn(rows, n, P, j, mean, variance);
  if (check !== 0) return null;
  const stderr = variance.map((v) => Math.sqrt(v / n));
  return { mean, variance, stderr, rows, numSamples: n, paramSize: P };
}

/** columnEstimate's odd last column j: its mean and variance written, 0 returned when both are finite (else NaN). */
function lastColumn(rows: Float64Array, n: number, P: number, j: number, mean: Float64Array, variance: Float64Array): number {
  let s = 0;
  for (let k = j; k < n * P; k += P) s += rows[k];
  const m = s / n;
  let q = 0;
  for (let k = j; k < n * P; k += P) {
    const e = rows[k] - m;
    q += e * e;
  }
  mean[j] = m;
  variance[j] = n > 1 ? q / (n - 1) : 0;
  return m - m + (q - q);
}

/**
 * Mean and standard error (divisor m − 1; 0 for one value) of a sample. The squares are scaled by the largest
 * deviation, so values near 1e200 (a diverging fit) give a finite SE instead of overflowing to ∞.
 */
export function meanAndStderr(values: ArrayLike<number>): { mean: number; stderr: number } {
  const m = values.length;
  let mean = 0;
  for (let i = 0; i < m; i++) mean += values[i] / m;
  let big = 0;
  for (let i = 0; i < m; i++) big = Math.max(big, Math.abs(values[i] - mean));
  if (m < 2 || big === 0) return { mean, stderr: 0 };
  let ss = 0;
  for (let i = 0; i < m; i++) ss += ((values[i] - mean) / big) ** 2;
  return { mean, stderr: big * Math.sqrt(ss / (m - 1) / m) };
}
