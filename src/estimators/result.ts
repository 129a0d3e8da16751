/**
 * The one result type of every gradient estimator: mean, variance and standard error, and the per-sample rows when
 * they were asked for (`keepRows: true`), so the spread is always visible.
 */
import { checkCallerName, checkPositiveInt, fail, show } from "../util/validate.js";

/**
 * A Monte Carlo gradient estimate over n per-sample gradient terms r_i (length P each): `mean` is their column mean
 * (the estimate), `variance` the per-coordinate sample variance (divisor n − 1; 0 when n = 1) and
 * `stderr` = √(variance / n). `rows` (row-major n×P) is present only when the estimator was asked to keep them
 * (`keepRows: true`, typed {@link GradientEstimateWithRows}); by default an estimator streams its rows into the
 * moments in chunks and keeps O(P) memory.
 */
export interface GradientEstimate {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  readonly stderr: Float64Array;
  readonly rows?: Float64Array;
  readonly numSamples: number;
  readonly paramSize: number;
}

/** A {@link GradientEstimate} that carries its per-sample rows (row-major n×P). */
export type GradientEstimateWithRows = GradientEstimate & { readonly rows: Float64Array };

/** A black-box function of one sample (a length-dim view, valid only during the call). */
export type SampleFunction = (x: Float64Array) => number;

/**
 * Column mean and sample variance (divisor n − 1) of column j of the n×P matrix `rows`, scaled by the column's
 * largest magnitude m so nothing overflows: mean = m·mean(r/m), variance = m²·var(r/m). The variance is ±∞ only if
 * its true value is beyond float64's range.
 */
function scaledColumnMoments(rows: Float64Array, n: number, P: number, j: number): { mean: number; variance: number } {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(rows[i * P + j]));
  if (m === 0) return { mean: 0, variance: 0 };
  let s = 0;
  for (let i = 0; i < n; i++) s += rows[i * P + j] / m;
  const meanScaled = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i * P + j] / m - meanScaled;
    ss += r * r;
  }
  return { mean: meanScaled * m, variance: n > 1 ? (ss / (n - 1)) * m * m : 0 };
}

/**
 * Builds a {@link GradientEstimate} from per-sample rows (row-major n×P). Requires n and P positive integers and rows
 * a Float64Array (or number array) of n·P finite numbers. Throws, naming `fn` (the estimator) and the first bad entry,
 * if a row is not finite (e.g. f(x)·score overflowed) — a NaN never reaches an estimate — and, naming the coordinate,
 * if the rows are finite but their variance is beyond float64's range (rows near ±1e154 and beyond). Mean and
 * variance are computed without intermediate overflow (rescaled by the column's largest entry when needed).
 * @example estimateFromRows(new Float64Array([1, 2, 3, 4]), 2, 2).mean // [2, 3]
 */
export function estimateFromRows(rows: Float64Array, n: number, P: number, fn = "estimateFromRows"): GradientEstimateWithRows {
  checkCallerName("estimateFromRows", fn);
  checkPositiveInt(fn, "n", n);
  checkPositiveInt(fn, "P", P);
  if (!(rows instanceof Float64Array) && !Array.isArray(rows)) fail(fn, "rows", `a Float64Array of n×P = ${n}×${P} numbers`, rows);
  if (rows.length !== n * P) throw new Error(`${fn}: rows must have length n·P = ${n}·${P} = ${n * P}, got length ${rows.length}`);
  // x − x is 0 for a finite number and NaN otherwise: one cheap pass over a Float64Array, the entry search only on failure.
  let finite = 0;
  if (rows instanceof Float64Array) for (let i = 0; i < n * P; i++) finite += rows[i] - rows[i];
  for (let i = 0; i < n * P && !(rows instanceof Float64Array && finite === 0); i++) {
    if (typeof rows[i] !== "number" || !Number.isFinite(rows[i])) {
      throw new Error(
        `${fn}: per-sample gradient term (sample ${Math.floor(i / P)}, coordinate ${i % P}) is ${show(rows[i])}; f or its gradient is too large for float64 — rescale f`,
      );
    }
  }
  const r = rows instanceof Float64Array ? rows : Float64Array.from(rows);
  // Column by column, each sum in row order (a register accumulator instead of a store per entry).
  const mean = new Float64Array(P);
  const variance = new Float64Array(P);
  for (let j = 0; j < P; j++) {
    let s = 0;
    for (let k = j; k < n * P; k += P) s += r[k];
    const m = s / n;
    mean[j] = m;
    if (n < 2) continue;
    let ss = 0;
    for (let k = j; k < n * P; k += P) {
      const d = r[k] - m;
      ss += d * d;
    }
    variance[j] = ss / (n - 1);
  }
  for (let j = 0; j < P; j++) {
    if (Number.isFinite(mean[j]) && Number.isFinite(variance[j])) continue;
    const c = scaledColumnMoments(r, n, P, j);
    mean[j] = c.mean;
    variance[j] = c.variance;
    if (!Number.isFinite(variance[j])) {
      throw new Error(`${fn}: the sample variance of coordinate ${j} is beyond float64's range (per-sample terms up to ${show(Math.max(...Array.from({ length: n }, (_, i) => Math.abs(r[i * P + j]))))}); rescale f`);
    }
  }
  const stderr = variance.map((v) => Math.sqrt(v / n));
  return { mean, variance, stderr, rows: r, numSamples: n, paramSize: P };
}

/**
 * The number of doubles an estimator stores per sample (the sample and its gradient row), for the size check of
 * `numSamples` (`checkSize`); 1 when `dist` is not a distribution (its own check reports that).
 */
export function perSampleWidth(dist: unknown): number {
  const d = dist as { dim?: unknown; paramSize?: unknown } | null;
  if (d === null || typeof d !== "object") return 1;
  const dim = typeof d.dim === "number" && d.dim > 0 ? d.dim : 0;
  const P = typeof d.paramSize === "number" && d.paramSize > 0 ? d.paramSize : 0;
  return Math.max(1, dim + P);
}

/**
 * Evaluates f on each of the n rows of x (n×dim) and returns the n values. Throws, naming the caller, the sample
 * index and the sample, if f returns anything but a finite number — a NaN never reaches an estimate.
 */
export function evaluateRows(fn: string, f: SampleFunction, x: Float64Array, n: number, dim: number): Float64Array {
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = checkedValue(fn, f, x.subarray(i * dim, (i + 1) * dim), i);
  return out;
}

/**
 * f(x), checked: throws, naming the caller, the sample index i (in the whole batch) and x, if f returns anything but
 * a finite number. Every estimator evaluates f through this, so they all report a bad value alike.
 */
export function checkedValue(fn: string, f: SampleFunction, x: Float64Array, i: number): number {
  const v = f(x);
  if (typeof v !== "number" || v - v !== 0) throw new Error(`${fn}: f returned ${show(v)} at sample ${i} (x = ${show(x)}); f must return a finite number`);
  return v;
}
