/**
 * Running column moments of per-sample gradient rows, fed one chunk at a time: the accumulator behind every estimate
 * computed without rows. A chunk contributes, per column j, its shifted sums s1 = Σ(r − K), s2 = Σ(r − K)² about a
 * shift K near the column's mean (the running mean; the chunk's first row for the first chunk), so no Σr² − n·mean²
 * cancellation occurs; the chunk is then merged with the pairwise update of Chan, Golub & LeVeque (1979):
 *
 *   n = n_a + m,  δ = mean_b − mean_a,  mean = mean_a + δ·m/n,  v = v_a·n_a/n + v_b·m/n + δ²·(n_a/n)·(m/n)
 *
 * kept as the population variance v = M2/n rather than M2, so a sum over 10⁸ rows of size 10¹⁵¹ cannot overflow
 * when the variance itself fits in float64. The result does not depend on the chunk size beyond rounding. Local to
 * one estimator call (mutable, never returned).
 */
import { show } from "../util/validate.js";
import type { ColumnMoments } from "./moments.js";
import type { GradientEstimate } from "./result.js";

export class RunningMoments {
  /** Rows merged so far. */
  count = 0;
  /** Running column means (length P). */
  readonly mean: Float64Array;
  /** Running population variances M2/count (length P). */
  readonly pvar: Float64Array;
  constructor(readonly P: number) {
    this.mean = new Float64Array(P);
    this.pvar = new Float64Array(P);
  }

  // The current chunk's weights, set by begin(m): m/n, n_a/n and 1/m (no division per column).
  private m = 0;
  private wa = 0;
  private wb = 0;
  private invM = 0;

  /** Starts a chunk of m rows: call {@link mergeColumn} for every column, then {@link commit}. */
  begin(m: number): void {
    const n = this.count + m;
    this.m = m;
    this.wa = this.count / n;
    this.wb = m / n;
    this.invM = 1 / m;
  }

  /**
   * Merges column j of the current chunk given its shifted sums about K (s1 = Σ(r − K), s2 = Σ(r − K)²). The chunk's
   * population variance s2/m − (s1/m)² is ≥ 0 up to rounding; clamped at 0.
   */
  mergeColumn(j: number, K: number, s1: number, s2: number): void {
    const d = s1 * this.invM;
    const chunkVar = Math.max(0, s2 * this.invM - d * d);
    const delta = K - this.mean[j] + d; // K is the running mean after the first chunk: delta = d exactly
    const wb = this.wb;
    this.mean[j] += delta * wb;
    this.pvar[j] = this.pvar[j] * this.wa + chunkVar * wb + delta * (delta * wb) * this.wa;
  }

  /** Ends the current chunk (after its mergeColumn calls). */
  commit(): void {
    this.count += this.m;
  }

  /** The shift for column j of the next chunk: the running mean, or `first` (the chunk's first row) before any. */
  shift(j: number, first: number): number {
    return this.count === 0 ? first : this.mean[j];
  }

  /**
   * Adds m rows (row-major m×P): column by column with the sums in locals. Throws, naming `fn` and the sample
   * (`offset` + its index in the chunk), at a non-finite row.
   */
  addRows(fn: string, rows: Float64Array, m: number, offset: number): void {
    const P = this.P;
    this.begin(m);
    for (let j = 0; j < P; j++) {
      const K = this.shift(j, rows[j]);
      let s1 = 0;
      let s2 = 0;
      for (let k = j; k < m * P; k += P) {
        const e = rows[k] - K;
        s1 += e;
        s2 += e * e;
      }
      if (!Number.isFinite(s2)) checkRowsFinite(fn, rows, m, P, offset);
      this.mergeColumn(j, K, s1, s2);
    }
    this.commit();
  }

  /** Multiplies column j by c after accumulation (its mean by c, its variance by c²): rows summed without a constant factor. */
  scaleColumn(j: number, c: number): void {
    this.mean[j] *= c;
    this.pvar[j] = this.pvar[j] * c * c;
  }

  /** The moments as {@link ColumnMoments} (m2 = count·v), for merging across chunks run elsewhere. */
  toMoments(): ColumnMoments {
    return { count: this.count, mean: this.mean.slice(), m2: this.pvar.map((v) => v * this.count) };
  }

  /**
   * The estimate: mean, variance = v·n/(n − 1) (0 when n = 1), stderr = √(variance/n). Throws, naming `fn` and the
   * coordinate, if a mean or variance is beyond float64's range.
   */
  toEstimate(fn: string): GradientEstimate {
    const n = this.count;
    const P = this.P;
    const mean = new Float64Array(P);
    const variance = new Float64Array(P);
    for (let j = 0; j < P; j++) {
      mean[j] = this.mean[j];
      variance[j] = n > 1 ? this.pvar[j] * (n / (n - 1)) : 0;
      if (!Number.isFinite(mean[j]) || !Number.isFinite(variance[j])) {
        throw new Error(`${fn}: the sample ${Number.isFinite(mean[j]) ? "variance" : "mean"} of coordinate ${j} is beyond float64's range; rescale f`);
      }
    }
    return { mean, variance, stderr: variance.map((v) => Math.sqrt(v / n)), numSamples: n, paramSize: P };
  }
}

/** Throws, naming `fn`, the sample and the coordinate, at the first non-finite entry of rows (m×P); else returns. */
export function checkRowsFinite(fn: string, rows: Float64Array, m: number, P: number, offset: number): void {
  for (let k = 0; k < m * P; k++) {
    if (!Number.isFinite(rows[k])) {
      throw new Error(`${fn}: per-sample gradient term (sample ${offset + Math.floor(k / P)}, coordinate ${k % P}) is ${show(rows[k])}; f or its gradient is too large for float64 — rescale f`);
    }
  }
}
