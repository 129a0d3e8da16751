/**
 * Small statistical helpers used by diagnostics and tests: normal quantiles and Bonferroni-corrected z thresholds.
 */
import erfc from "@stdlib/math-base-special-erfc";
import erfcinv from "@stdlib/math-base-special-erfcinv";

/** Φ(z), the standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Φ⁻¹(p), the standard normal quantile, for 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be in (0, 1), got ${p}`);
  return -Math.SQRT2 * erfcinv(2 * p);
}

/** Two-sided p-value of a z-score. */
export function twoSidedP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/**
 * The z threshold for `m` simultaneous two-sided checks whose family-wise false-positive rate is `alpha`
 * (Bonferroni: each check at alpha/m).
 */
export function bonferroniZ(alpha: number, m: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`bonferroniZ: alpha must be in (0, 1), got ${alpha}`);
  if (!(Number.isInteger(m) && m >= 1)) throw new Error(`bonferroniZ: m must be a positive integer, got ${m}`);
  // Φ⁻¹(1 − q) = √2 erfc⁻¹(2q) with q = alpha/(2m), without forming 1 − q (which rounds to 1 for q < 1.1e-16);
  // 2q is floored at the smallest double, so the threshold stays finite (≈ 38.6 at most) however tiny alpha is.
  return Math.SQRT2 * erfcinv(Math.max(alpha / m, Number.MIN_VALUE));
}
