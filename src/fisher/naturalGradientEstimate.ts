/**
 * The natural gradient of a Monte Carlo estimate, with its standard error. F⁻¹ is linear, so applying it to every
 * per-sample row gives per-sample rows of the natural gradient: their mean is F⁻¹ times the estimate and their
 * spread is its spread (for an exact Fisher, which does not depend on the samples).
 * Reference: Amari (1998); Wierstra et al., Natural Evolution Strategies (JMLR 2014).
 */
import type { GradientEstimate, GradientEstimateWithRows } from "../estimators/result.js";
import { estimateFromRows } from "../estimators/result.js";
import { show } from "../util/validate.js";
import { naturalGradient, type NaturalGradientOptions } from "./naturalGradient.js";

/**
 * Rows (F + λI)⁻¹ g_i for every row g_i of `estimate` (which must carry its rows: `keepRows: true`), returned as a {@link GradientEstimate} (mean, variance and
 * standard error of the natural gradient). `fisher` and `options` are those of `naturalGradient` (default damping
 * 1e-4; pass `{ damping: 0 }` for the exact F⁻¹ of a non-singular Fisher). The Fisher must not depend on the
 * rows (an exact `dist.fisher()`; an empirical Fisher from other samples), or the standard error is not one.
 * @example
 *   const dist = new Normal({ loc: 1, scale: 2 });
 *   const g = scoreFunction((x) => (x[0] - 3) ** 2, dist, key(0), { numSamples: 10_000, baseline: "optimal", keepRows: true });
 *   naturalGradientEstimate(dist.fisher(), g, { damping: 0 }).mean; // ≈ [σ² · 2(μ − 3), σ²] = [−8, 4]
 */
export function naturalGradientEstimate(
  fisher: ArrayLike<number> | ((v: Float64Array) => Float64Array),
  estimate: GradientEstimateWithRows,
  options: NaturalGradientOptions = {},
): GradientEstimateWithRows {
  const fn = "naturalGradientEstimate";
  if (estimate === null || typeof estimate !== "object" || !(estimate.rows instanceof Float64Array)) {
    const hint = estimate !== null && typeof estimate === "object" && (estimate as GradientEstimate).rows === undefined ? " without rows; ask the estimator for them with { keepRows: true }" : "";
    throw new Error(`${fn}: estimate must be a GradientEstimate with per-sample rows (from an estimator called with keepRows: true), got ${show(estimate)}${hint}`);
  }
  const { numSamples: n, paramSize: P } = estimate;
  if (!Number.isInteger(n) || !Number.isInteger(P) || n < 1 || P < 1 || estimate.rows.length !== n * P) {
    throw new Error(`${fn}: estimate.rows must have length numSamples·paramSize, got ${estimate.rows.length} for ${show(n)}×${show(P)}`);
  }
  const rows = new Float64Array(n * P);
  for (let i = 0; i < n; i++) {
    try {
      rows.set(naturalGradient(fisher, estimate.rows.subarray(i * P, (i + 1) * P), options), i * P);
    } catch (e) {
      throw new Error(`${fn}: row ${i}: ${(e as Error).message}`);
    }
  }
  return estimateFromRows(rows, n, P, fn);
}
