/**
 * Rank-based fitness shaping: values replaced by their centered ranks.
 */
import { show } from "../util/validate.js";

/**
 * Centered ranks (Salimans, Ho, Chen, Sidor & Sutskever, Evolution Strategies as a Scalable Alternative to
 * Reinforcement Learning, 2017): r_i = rank(v_i)/(n − 1) − 0.5 ∈ [−0.5, 0.5], the smallest value mapped to −0.5 and
 * the largest to +0.5 (negate the values to minimize). Invariant to any increasing transform of v and insensitive to
 * outliers. Ties get the average of their ranks, so equal values get equal weight and the ranks still sum to 0.
 * n = 1 returns [0]. ±Infinity are ranked (an infinitely bad candidate gets the extreme rank); NaN throws.
 * @example centeredRanks([10, -3, 7]) // → [0.5, −0.5, 0]
 */
export function centeredRanks(values: ArrayLike<number>): Float64Array {
  const fn = "centeredRanks";
  if (values === null || typeof values !== "object" || !(values.length >= 1)) {
    throw new Error(`${fn}: values must be a non-empty array of numbers, got ${show(values)}`);
  }
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || Number.isNaN(v)) throw new Error(`${fn}: values[${i}] must be a number (not NaN), got ${show(v)}`);
  }
  const out = new Float64Array(n);
  if (n === 1) return out;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : a - b));
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + end - 1) / 2; // average of ranks start … end−1
    for (let k = start; k < end; k++) out[order[k]] = rank / (n - 1) - 0.5;
    start = end;
  }
  return out;
}
