/**
 * Variance claims as tests: per-coordinate sample variances with a standard error from the fourth central moment,
 * SE(s²) ≈ √((m₄ − s⁴)/n) (the delta-method variance of the sample variance).
 */
import assert from "node:assert/strict";
import { columnStats } from "../helpers/stats.js";

export interface ColumnVariance {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  readonly se: Float64Array;
}

/** Column means, sample variances (n − 1) and the SE of each variance, for an n×P row-major matrix. */
export function columnVariance(rows: Float64Array, n: number, P: number): ColumnVariance {
  const { mean, variance } = columnStats(rows, n, P);
  const m4 = new Float64Array(P);
  for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) m4[j] += (rows[i * P + j] - mean[j]) ** 4 / n;
  const se = m4.map((v, j) => {
    const m2 = (variance[j] * (n - 1)) / n; // the second central moment (divisor n)
    return Math.sqrt(Math.max(v - m2 * m2, 0) / n);
  });
  return { mean, variance, se };
}

/** |variance_j − truth_j| ≤ z·SE_j for every coordinate. */
export function assertVarianceNear(label: string, cv: ColumnVariance, truth: ArrayLike<number>, z: number): void {
  for (let j = 0; j < truth.length; j++) {
    const diff = Math.abs(cv.variance[j] - truth[j]);
    assert.ok(
      diff <= z * cv.se[j],
      `${label}[${j}]: Monte Carlo variance ${cv.variance[j]} vs predicted ${truth[j]}: |diff| = ${diff.toExponential(3)} > ${z.toFixed(2)}·SE = ${(z * cv.se[j]).toExponential(3)}`,
    );
  }
}

/**
 * var(low)_j < var(high)_j with margin z·√(SE_low² + SE_high²) for every coordinate in `coords` (conservative when
 * the two share draws, which correlates them positively).
 */
export function assertVarianceBelow(label: string, low: ColumnVariance, high: ColumnVariance, z: number, coords: readonly number[]): void {
  for (const j of coords) {
    const margin = z * Math.hypot(low.se[j], high.se[j]);
    assert.ok(
      high.variance[j] - low.variance[j] > margin,
      `${label}[${j}]: variance ${low.variance[j]} is not below ${high.variance[j]} by more than ${margin.toExponential(3)}`,
    );
  }
}
