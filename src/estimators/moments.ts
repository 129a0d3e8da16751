/**
 * Column moments (count, mean, sum of squared deviations M2) of per-sample gradient rows, merged chunk by chunk with
 * the pairwise update of Chan, Golub & LeVeque (1979):
 *
 *   n = n_a + n_b,  δ = mean_b − mean_a,  mean = mean_a + δ·n_b/n,  M2 = M2_a + M2_b + δ²·n_a·n_b/n
 *
 * so an estimate accumulated over chunks does not depend on the chunk size beyond rounding, and stays accurate when
 * the rows share a large offset (no Σx² − n·mean² cancellation). Merging in a fixed order makes the result the same
 * to the bit wherever the chunks were computed.
 */
import { checkCallerName, checkPositiveInt, fail } from "../util/validate.js";
import { estimateFromRows, type GradientEstimate } from "./result.js";

/** Moments of the columns of n×P rows: `count` = n, `mean` (length P), `m2` = Σ_i (r_ij − mean_j)² (length P). */
export interface ColumnMoments {
  readonly count: number;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
}

/**
 * Checks a {@link ColumnMoments} at a public boundary: an object with a count (an integer ≥ 0), and `mean` and `m2`
 * Float64Arrays of one length P ≥ 1, mean finite and m2 finite and ≥ 0. The error names `fn`, `arg` and the field.
 */
function checkMoments(fn: string, arg: string, m: unknown): ColumnMoments {
  const c = m as Partial<ColumnMoments> | null;
  if (c === null || typeof c !== "object") fail(fn, arg, "a ColumnMoments { count, mean, m2 } (from columnMoments)", m);
  if (typeof c.count !== "number" || !Number.isInteger(c.count) || c.count < 0) fail(fn, `${arg}.count`, "an integer ≥ 0", c.count);
  if (!(c.mean instanceof Float64Array) || c.mean.length === 0) fail(fn, `${arg}.mean`, "a non-empty Float64Array", c.mean);
  if (!(c.m2 instanceof Float64Array) || c.m2.length !== c.mean.length) fail(fn, `${arg}.m2`, `a Float64Array of length ${c.mean.length} (as ${arg}.mean)`, c.m2);
  for (let j = 0; j < c.mean.length; j++) {
    if (!Number.isFinite(c.mean[j])) fail(fn, `${arg}.mean[${j}]`, "a finite number", c.mean[j]);
    if (!(Number.isFinite(c.m2[j]) && c.m2[j] >= 0)) fail(fn, `${arg}.m2[${j}]`, "a finite number ≥ 0", c.m2[j]);
  }
  return c as ColumnMoments;
}

/**
 * The column moments of rows (row-major n×P), checked as {@link estimateFromRows} checks them (every row finite,
 * the variance within float64's range; the error names `fn`, the sample and the coordinate).
 * @example columnMoments(new Float64Array([1, 2, 3, 4]), 2, 2) // { count: 2, mean: [2, 3], m2: [2, 2] }
 */
export function columnMoments(rows: Float64Array, n: number, P: number, fn = "columnMoments"): ColumnMoments {
  const e = estimateFromRows(rows, n, P, checkCallerName("columnMoments", fn));
  return { count: n, mean: e.mean, m2: e.variance.map((v) => v * (n - 1)) };
}

/**
 * Chan et al.'s merge of the moments of two disjoint sets of rows (see the module comment). Requires equal P;
 * throws, naming the coordinate, if the merged moments overflow float64.
 * @example mergeMoments(columnMoments(a, na, P), columnMoments(b, nb, P)) // the moments of a and b stacked
 */
export function mergeMoments(a: ColumnMoments, b: ColumnMoments): ColumnMoments {
  checkMoments("mergeMoments", "a", a);
  checkMoments("mergeMoments", "b", b);
  if (a.mean.length !== b.mean.length) throw new Error(`mergeMoments: both sides must have the same P, got ${a.mean.length} and ${b.mean.length}`);
  if (a.count === 0) return b;
  if (b.count === 0) return a;
  const n = a.count + b.count;
  const P = a.mean.length;
  const mean = new Float64Array(P);
  const m2 = new Float64Array(P);
  const wb = b.count / n;
  const wab = (a.count * b.count) / n;
  for (let j = 0; j < P; j++) {
    const delta = b.mean[j] - a.mean[j];
    mean[j] = a.mean[j] + delta * wb;
    m2[j] = a.m2[j] + b.m2[j] + delta * delta * wab;
    if (!Number.isFinite(mean[j]) || !Number.isFinite(m2[j])) {
      throw new Error(`mergeMoments: the merged ${Number.isFinite(mean[j]) ? "sum of squared deviations" : "mean"} of coordinate ${j} is beyond float64's range; rescale f`);
    }
  }
  return { count: n, mean, m2 };
}

/** Merges moments left to right (the fixed order that makes a chunked result independent of where chunks ran). */
export function mergeAll(parts: readonly ColumnMoments[]): ColumnMoments {
  if (parts.length === 0) throw new Error("mergeAll: parts must hold at least one ColumnMoments, got none");
  let acc = parts[0];
  for (let c = 1; c < parts.length; c++) acc = mergeMoments(acc, parts[c]);
  return acc;
}

/**
 * The estimate (without rows) from merged moments: mean, variance = M2/(n − 1) (0 when n = 1), stderr = √(variance/n). Throws,
 * naming `fn` and the coordinate, if the variance overflowed float64.
 * @example estimateFromMoments(mergeMoments(columnMoments(a, na, P), columnMoments(b, nb, P))) // the estimate of a and b's rows stacked
 */
export function estimateFromMoments(m: ColumnMoments, fn = "estimateFromMoments"): GradientEstimate {
  checkCallerName("estimateFromMoments", fn);
  checkMoments(fn, "m", m);
  const n = checkPositiveInt(fn, "m.count", m.count);
  const variance = m.m2.map((v) => (n > 1 ? v / (n - 1) : 0));
  for (let j = 0; j < variance.length; j++) {
    if (!Number.isFinite(variance[j]) || !Number.isFinite(m.mean[j])) {
      throw new Error(`${fn}: the sample variance of coordinate ${j} is beyond float64's range; rescale f`);
    }
  }
  return { mean: m.mean.slice(), variance, stderr: variance.map((v) => Math.sqrt(v / n)), numSamples: n, paramSize: m.mean.length };
}
