/**
 * The one result type of every gradient estimator: per-sample rows, so the spread is always visible.
 */
import { show } from "../util/validate.js";

/**
 * A Monte Carlo gradient estimate. `rows` holds the n per-sample gradient terms (row-major n×P); `mean` is their
 * column mean (the estimate), `variance` the per-coordinate sample variance (divisor n − 1; 0 when n = 1) and
 * `stderr` = √(variance / n).
 */
export interface GradientEstimate {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  readonly stderr: Float64Array;
  readonly rows: Float64Array;
  readonly numSamples: number;
  readonly paramSize: number;
}

/** A black-box function of one sample (a length-dim view, valid only during the call). */
export type SampleFunction = (x: Float64Array) => number;

/**
 * Builds a {@link GradientEstimate} from per-sample rows (row-major n×P). Throws, naming `fn` (the estimator) and
 * the first bad entry, if a row is not finite (e.g. f(x)·score overflowed) — a NaN never reaches an estimate.
 */
export function estimateFromRows(rows: Float64Array, n: number, P: number, fn = "estimateFromRows"): GradientEstimate {
  for (let i = 0; i < n * P; i++) {
    if (!Number.isFinite(rows[i])) {
      throw new Error(
        `${fn}: per-sample gradient term (sample ${Math.floor(i / P)}, coordinate ${i % P}) is ${show(rows[i])}; f or its gradient is too large for float64 — rescale f`,
      );
    }
  }
  const mean = new Float64Array(P);
  for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) mean[j] += rows[i * P + j];
  for (let j = 0; j < P; j++) mean[j] /= n;
  const variance = new Float64Array(P);
  if (n > 1) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < P; j++) {
        const r = rows[i * P + j] - mean[j];
        variance[j] += r * r;
      }
    }
    for (let j = 0; j < P; j++) variance[j] /= n - 1;
  }
  const stderr = variance.map((v) => Math.sqrt(v / n));
  return { mean, variance, stderr, rows, numSamples: n, paramSize: P };
}

/**
 * Evaluates f on each of the n rows of x (n×dim) and returns the n values. Throws, naming the caller, the sample
 * index and the sample, if f returns anything but a finite number — a NaN never reaches an estimate.
 */
export function evaluateRows(fn: string, f: SampleFunction, x: Float64Array, n: number, dim: number): Float64Array {
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x.subarray(i * dim, (i + 1) * dim);
    const v = f(xi);
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${fn}: f returned ${show(v)} at sample ${i} (x = ${show(xi)}); f must return a finite number`);
    }
    out[i] = v;
  }
  return out;
}
