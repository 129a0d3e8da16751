/**
 * z-scores of function values or advantages, safe for every input size and spread.
 */
import { checkOptionsObject, show } from "../util/validate.js";

/** Options of {@link standardize}. */
export interface StandardizeOptions {
  /** Added to the standard deviation in the denominator (finite, ≥ 0). Default 1e-8. */
  eps?: number;
}

/**
 * z_i = (v_i − v̄) / (s + eps), with v̄ the mean and s the population standard deviation (divisor n, like numpy.std),
 * the usual normalization of returns/advantages (e.g. Schulman et al., PPO, 2017) and of ES fitness.
 * Behaviour at the edges (documented, never NaN):
 * - n = 1 or all values equal: returns zeros — equal values carry no ranking information, so they give no signal.
 * - huge values (|v| up to ~1.8e308): computed on v / max|v|, so no sum overflows; z is scale-invariant.
 * Throws on an empty array, a non-finite value, or a bad eps.
 * @example standardize([1, 2, 3]) // ≈ [−1.2247, 0, 1.2247]
 */
export function standardize(values: ArrayLike<number>, options: StandardizeOptions = {}): Float64Array {
  const { eps = 1e-8 } = checkOptionsObject<NonNullable<typeof options>>("standardize", options);
  const fn = "standardize";
  if (values === null || typeof values !== "object" || !(values.length >= 1)) {
    throw new Error(`${fn}: values must be a non-empty array of finite numbers, got ${show(values)}`);
  }
  if (typeof eps !== "number" || !Number.isFinite(eps) || eps < 0) throw new Error(`${fn}: eps must be a finite number ≥ 0, got ${show(eps)}`);
  const n = values.length;
  let m = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${fn}: values[${i}] must be a finite number, got ${show(v)}`);
    m = Math.max(m, Math.abs(v));
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const z = new Float64Array(n);
  if (lo === hi) return z;
  // Work on u = v / m ∈ [−1, 1]: mean and spread cannot overflow, and z is unchanged by the scaling.
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] / m;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = values[i] / m - mean;
    ss += r * r;
  }
  const sd = Math.sqrt(ss / n);
  const denom = sd + eps / m; // (s + eps) / m; eps / m may be +Infinity for subnormal m, which gives z = 0, not NaN
  for (let i = 0; i < n; i++) z[i] = (values[i] / m - mean) / denom;
  return z;
}
