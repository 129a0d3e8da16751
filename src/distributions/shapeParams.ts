/**
 * The supported range of the shape parameters of Gamma, Beta and Dirichlet, and the products of polygamma functions
 * their Fisher informations need, computed without overflow.
 *
 * Range: [1e-300, 1e10]. Below it ψ(α) ≈ −1/α and log B overflow (α = 5e-324 gives −∞ entropies and infinite
 * scores). Above it the entropies' closed forms cancel terms of size α log α (≈ 2·10¹¹ at 1e10, so about 5·10⁻⁵ of
 * absolute error there, and all accuracy lost by 1e16) and log Γ(α) overflows near 1e305. Inside it every closed
 * form of these families is finite and accurate.
 */
import trigamma from "@stdlib/math-base-special-trigamma";
import { checkParamRange } from "./distribution.js";

export const SHAPE_MIN = 1e-300;
export const SHAPE_MAX = 1e10;

/** Throws, naming the family and argument, unless every shape parameter is in [SHAPE_MIN, SHAPE_MAX]. */
export function checkShapeRange(fn: string, arg: string, values: Float64Array): void {
  checkParamRange(fn, arg, values, SHAPE_MIN, SHAPE_MAX, "ψ(α), log Γ(α), the Fisher information and the entropy must stay finite and accurate");
}

/**
 * α² ψ′(α) without overflow: for α < 1 by the recurrence ψ′(α) = ψ′(α + 1) + 1/α², i.e. 1 + α² ψ′(α + 1)
 * (ψ′(α) alone overflows below α ≈ 1e-154); for α ≥ 1 as α·(α ψ′(α)) (α ψ′(α) → 1, α² alone overflows above 1e154).
 */
export function alphaSquaredTrigamma(a: number): number {
  return a < 1 ? 1 + a * a * trigamma(a + 1) : a * (a * trigamma(a));
}

/**
 * α² (ψ′(α) − ψ′(s)) for s ≥ α without overflow: below 1 each ψ′ is split by ψ′(x) = ψ′(x + 1) + 1/x², so only
 * bounded pieces (α/s ≤ 1, α² ψ′(x + 1) ≤ 2) are ever formed; for α ≥ 1 it is α·(α (ψ′(α) − ψ′(s))).
 */
export function alphaSquaredTrigammaDiff(a: number, s: number): number {
  if (a >= 1) return a * (a * (trigamma(a) - trigamma(s)));
  const r = a / s;
  const tail = s < 1 ? trigamma(s + 1) : trigamma(s);
  return 1 - (s < 1 ? r * r : 0) + a * (a * (trigamma(a + 1) - tail));
}

/** a·b·ψ′(s) for s ≥ max(a, b) without overflow: (a ψ′(s))·b (a the smaller, so the result is symmetric) with a ψ′(s) = a ψ′(s + 1) + (a/s)/s below 1. */
export function productTrigamma(a: number, b: number, s: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const loTri = s < 1 ? lo * trigamma(s + 1) + lo / s / s : lo * trigamma(s);
  return loTri * hi;
}
