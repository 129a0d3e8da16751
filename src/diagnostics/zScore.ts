/**
 * The z-score used by every diagnostic, with one convention for a zero standard error.
 */

/**
 * z = (estimate − truth) / se. When se = 0 the data have no spread, so nothing but exact agreement is acceptable:
 * z = 0 if |estimate − truth| ≤ 1e-12·max(1, |truth|) (round-off), otherwise ±Infinity (a certain failure).
 */
export function zScore(estimate: number, truth: number, se: number): number {
  const diff = estimate - truth;
  if (se > 0) return diff / se;
  if (Math.abs(diff) <= 1e-12 * Math.max(1, Math.abs(truth))) return 0;
  return diff > 0 ? Infinity : -Infinity;
}

/** Formats a z-score for reports: two decimals, "∞" for infinite values. */
export function formatZ(z: number): string {
  if (z === Infinity) return "+∞";
  if (z === -Infinity) return "−∞";
  return (z >= 0 ? "+" : "") + z.toFixed(2);
}
