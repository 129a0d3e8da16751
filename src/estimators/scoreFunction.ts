/**
 * The score-function (log-derivative, REINFORCE, likelihood-ratio) estimator.
 *
 *   ∇θ E_{x~pθ}[f(x)] = E[(f(x) − b) ∇θ log pθ(x)]
 *
 * which holds for any b that does not depend on x because E[∇θ log pθ(x)] = 0. Requires only that f can be
 * evaluated: f may be discontinuous, non-differentiable or a black box; pθ may be discrete.
 * By default the rows are streamed into their moments (src/estimators/scoreMoments.ts: memory O(P) plus one chunk,
 * fused for the diagonal Normal); `keepRows: true` materializes them (n×P) as well.
 * References: Glynn (1990); Williams (1992) REINFORCE; Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §4.
 */
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { assertKey, type Key } from "../random/key.js";
import { checkFinite, checkOptionsObject, checkPositiveInt, checkSize, show } from "../util/validate.js";
import { leaveOneOutRatio } from "../util/leaveOneOut.js";
import { estimateFromRows, evaluateRows, perSampleWidth, type GradientEstimate, type GradientEstimateWithRows, type SampleFunction } from "./result.js";
import { defaultChunkSize, sampleValues, scoreMoments } from "./scoreMoments.js";
import { checkStreamedCount, heldPerSample } from "./sampleChunks.js";

/**
 * Baseline choice for {@link scoreFunction}: the stateless conveniences. A baseline with state across calls goes
 * through `scoreFunctionWithBaseline` or `baselineTransform` (src/variance/), which return the next state.
 */
export type ScoreBaseline = "none" | "mean" | "optimal" | number;

/** Options of {@link scoreFunction}. */
export interface ScoreFunctionOptions {
  /** Number of samples n (default 1000). */
  numSamples?: number;
  /**
   * "none" (default): b = 0. A number: that constant b. "mean": the leave-one-out batch mean
   * b_i = (Σ_{k≠i} f_k)/(n − 1), independent of x_i, so the estimate stays unbiased (needs n ≥ 2).
   * "optimal": the per-coordinate b_j = E[f s_j²]/E[s_j²], estimated leave-one-out (needs n ≥ 2).
   * (Stateful baselines such as `emaBaseline`: `scoreFunctionWithBaseline`, which also returns the next state.)
   */
  baseline?: ScoreBaseline;
  /**
   * Keep the n×P per-sample rows in the result (default false: the rows are streamed into mean and variance in
   * chunks, memory O(P) plus one chunk). With rows, mean/variance/stderr are computed from them exactly; without,
   * the same draws give the same mean and variance up to rounding.
   */
  keepRows?: boolean;
  /**
   * Samples per chunk when the rows are not kept (default about 4096/dim, between 16 and 256): bounds the memory,
   * not the result (beyond rounding).
   */
  chunkSize?: number;
}

/**
 * Score-function gradient of E_{x~dist}[f(x)] with respect to dist.params (θ).
 *
 * Row i is (f(x_i) − b_i) · ∇θ log p(x_i). With baseline "mean" or "optimal" rows share the batch, so their sample
 * variance slightly understates the spread of the mean (a U-statistic); the estimate itself is exactly unbiased.
 * Memory without rows: O(P) plus one chunk for "none" and a constant b; "mean" also keeps f's n values (two passes
 * over the same draws); "optimal" forms the n×P rows internally and drops them. The generic (non-Normal) path holds
 * the n samples (n×dim). `{ keepRows: true }` returns the rows too ({@link GradientEstimateWithRows}).
 * @example
 *   const g = scoreFunction((x) => x[0] ** 2, new Normal({ loc: 1, scale: 2 }), key(0), { numSamples: 10_000 });
 *   g.mean; // ≈ [2·μ, 2σ²] = [2, 8]
 *   scoreFunction(f, dist, key(0), { keepRows: true }).rows; // n×P, typed as present
 */
export function scoreFunction(f: SampleFunction, dist: Distribution, key: Key, options: ScoreFunctionOptions & { keepRows: true }): GradientEstimateWithRows;
export function scoreFunction(f: SampleFunction, dist: Distribution, key: Key, options?: ScoreFunctionOptions): GradientEstimate;
export function scoreFunction(
  f: SampleFunction,
  dist: Distribution,
  key: Key,
  options: ScoreFunctionOptions = {},
): GradientEstimate {
  const fn = "scoreFunction";
  checkDistribution(fn, dist);
  assertKey(fn, key);
  const { numSamples = 1000, baseline = "none", keepRows = false, chunkSize } = checkOptionsObject<NonNullable<typeof options>>("scoreFunction", options, "options", ["numSamples", "baseline", "keepRows", "chunkSize"]);
  if (typeof keepRows !== "boolean") throw new Error(`${fn}: options.keepRows must be a boolean, got ${show(keepRows)}`);
  if (keepRows || baseline === "optimal") {
    checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
    if (chunkSize !== undefined) checkPositiveInt(fn, "chunkSize", chunkSize);
    const e = scoreFunctionRows(fn, f, dist, key, numSamples, baseline);
    if (keepRows) return e;
    const { rows: _rows, ...summary } = e;
    return summary;
  }
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  // n-sized memory without rows: f's n values for "mean", the samples for a family that cannot stream them.
  const held = heldPerSample(dist) + (baseline === "mean" ? 1 : 0);
  const n = held === 0 ? checkStreamedCount(fn, "numSamples", numSamples) : checkSize(fn, "numSamples", numSamples, held);
  const C = chunkSize === undefined ? defaultChunkSize(dist.dim) : checkPositiveInt(fn, "chunkSize", chunkSize);
  if (baseline === "mean") {
    if (n < 2) throw new Error(`${fn}: baseline "mean" (leave-one-out) needs numSamples ≥ 2, got ${n}`);
    const fx = sampleValues(fn, f, dist, key, n, C);
    const b = leaveOneOutRatio(fx, null, null, n, 1);
    for (let i = 0; i < n; i++) b[i] = fx[i] - b[i];
    return scoreMoments(fn, f, dist, key, n, C, 0, b).toEstimate(fn);
  }
  const b = baselineValue(fn, baseline);
  return scoreMoments(fn, f, dist, key, n, C, b, null).toEstimate(fn);
}

/** The rows path (today's arithmetic, kept bit for bit): rows (f(x_i) − b_i)·s_i materialized, then their moments. */
function scoreFunctionRows(fn: string, f: SampleFunction, dist: Distribution, key: Key, n: number, baseline: ScoreBaseline): GradientEstimateWithRows {
  const { scores: s, fx } = sampleScoresAndValues(fn, f, dist, key, n);
  const P = dist.paramSize;
  const rows = new Float64Array(n * P);
  if (baseline === "optimal") {
    if (n < 2) throw new Error(`${fn}: baseline "optimal" (leave-one-out) needs numSamples ≥ 2, got ${n}`);
    const b = leaveOneOutRatio(fx, s, s, n, P, () => leaveOneOutRatio(fx, null, null, n, 1));
    for (let k = 0; k < n * P; k++) rows[k] = (fx[Math.floor(k / P)] - b[k]) * s[k];
    return estimateFromRows(rows, n, P, fn);
  }
  const b = baselineValues(fn, baseline, fx, n);
  for (let i = 0; i < n; i++) {
    const w = fx[i] - b[i];
    for (let j = 0; j < P; j++) rows[i * P + j] = w * s[i * P + j];
  }
  return estimateFromRows(rows, n, P, fn);
}

/**
 * The draws every score-function estimator starts from: n samples x (n×dim), their scores (n×P) and f(x) (n).
 * The scores are computed before f sees x, so an f that writes into its sample cannot corrupt them. `fn` names the
 * caller in errors; arguments are checked by the caller.
 */
export function sampleScoresAndValues(
  fn: string,
  f: SampleFunction,
  dist: Distribution,
  key: Key,
  n: number,
): { x: Float64Array; scores: Float64Array; fx: Float64Array } {
  const x = dist.sample(key, n);
  const scores = dist.score(x);
  const fx = evaluateRows(fn, f, x, n, dist.dim);
  return { x, scores, fx };
}

/** The constant b of baseline "none" (0) or a number; throws, naming `fn`, for anything else. */
function baselineValue(fn: string, baseline: ScoreBaseline): number {
  if (baseline === "none") return 0;
  if (typeof baseline === "number") return checkFinite(fn, "baseline", baseline);
  throw new Error(`${fn}: baseline must be "none", "mean", "optimal", or a finite number (stateful baselines: scoreFunctionWithBaseline), got ${show(baseline)}`);
}

function baselineValues(fn: string, baseline: ScoreBaseline, fx: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  if (baseline === "none") return b;
  if (typeof baseline === "number") {
    checkFinite(fn, "baseline", baseline);
    return b.fill(baseline);
  }
  if (baseline === "mean") {
    if (n < 2) throw new Error(`${fn}: baseline "mean" (leave-one-out) needs numSamples ≥ 2, got ${n}`);
    return leaveOneOutRatio(fx, null, null, n, 1);
  }
  throw new Error(`${fn}: baseline must be "none", "mean", "optimal", or a finite number (stateful baselines: scoreFunctionWithBaseline), got ${show(baseline)}`);
}
