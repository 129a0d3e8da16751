/**
 * Conjugate gradients for A x = b with A symmetric positive definite, given only the product v ↦ A v — so the
 * Fisher matrix of a large model never has to be formed (Hessian-free / natural-gradient style).
 * Re-exported from ./linalg.js; import it from there.
 */
import { checkOptionsObject, show } from "./validate.js";

/** Options of {@link conjugateGradient}. */
export interface ConjugateGradientOptions {
  /** Stop when ‖b − A x‖ ≤ tol·‖b‖ (relative residual). Default 1e-10. */
  tol?: number;
  /** Maximum number of iterations. Default 10·length(b). */
  maxIter?: number;
}

/** Result of {@link conjugateGradient}. */
export interface ConjugateGradientResult {
  readonly x: Float64Array;
  readonly iterations: number;
  /** ‖r‖ of the (recursively updated) residual r = b − A x at exit. */
  readonly residualNorm: number;
  /** Whether residualNorm ≤ tol·‖b‖ was reached within maxIter. */
  readonly converged: boolean;
}

function dotFast(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Solves A x = b by conjugate gradients (Hestenes & Stiefel 1952) from x₀ = 0, calling `mvp(v) = A v` once per
 * iteration. In exact arithmetic it terminates in at most n steps; the error contracts like ((√κ − 1)/(√κ + 1))^k.
 * Requires A symmetric positive definite: a direction with pᵀ A p ≤ 0 throws (add damping). Not reaching the
 * tolerance within maxIter is not an error: check `converged` / `residualNorm`.
 * @example conjugateGradient((v) => matVec(A, v, n, n), b, { tol: 1e-12 }).x
 */
export function conjugateGradient(
  mvp: (v: Float64Array) => Float64Array,
  b: ArrayLike<number>,
  options: ConjugateGradientOptions = {},
): ConjugateGradientResult {
  const { tol = 1e-10, maxIter = 10 * (b?.length ?? 0) } = checkOptionsObject<NonNullable<typeof options>>("conjugateGradient", options);
  const fn = "conjugateGradient";
  if (typeof mvp !== "function") throw new Error(`${fn}: mvp must be a function v ↦ A v, got ${show(mvp)}`);
  if (!Array.isArray(b) && !(ArrayBuffer.isView(b) && !(b instanceof DataView))) throw new Error(`${fn}: b must be a non-empty array of finite numbers, got ${show(b)}`);
  if (b.length === 0) throw new Error(`${fn}: b must be a non-empty array of finite numbers, got ${show(b)}`);
  if (!(typeof tol === "number" && tol > 0 && Number.isFinite(tol))) throw new Error(`${fn}: tol must be a finite number > 0, got ${show(tol)}`);
  if (!(Number.isInteger(maxIter) && maxIter >= 1)) throw new Error(`${fn}: maxIter must be a positive integer, got ${show(maxIter)}`);
  const n = b.length;
  const r = new Float64Array(n);
  let bScale = 0;
  for (let i = 0; i < n; i++) {
    if (typeof b[i] !== "number" || !Number.isFinite(b[i])) throw new Error(`${fn}: b[${i}] must be a finite number, got ${show(b[i])}`);
    bScale = Math.max(bScale, Math.abs(b[i]));
  }
  const x = new Float64Array(n);
  if (bScale === 0) return { x, iterations: 0, residualNorm: 0, converged: true };
  // Iterate on b/‖b‖∞ (A is linear, so x scales back exactly): ‖b‖² and pᵀAp then stay far from overflow even
  // when b has entries near float64's limit.
  for (let i = 0; i < n; i++) r[i] = b[i] / bScale;
  const bNorm = Math.sqrt(dotFast(r, r));
  const target = tol * bNorm;
  const p = r.slice();
  let rr = bNorm * bNorm;
  let k = 0;
  while (k < maxIter && Math.sqrt(rr) > target) {
    const Ap = mvp(p.slice());
    if (!(Ap instanceof Float64Array) || Ap.length !== n) {
      throw new Error(`${fn}: mvp must return a Float64Array of length ${n}, got ${show(Ap)}`);
    }
    const pAp = dotFast(p, Ap);
    if (!Number.isFinite(pAp)) throw new Error(`${fn}: mvp returned a non-finite product (pᵀAp = ${show(pAp)}) at iteration ${k}`);
    if (!(pAp > 0)) {
      throw new Error(`${fn}: the operator is not positive definite (pᵀAp = ${show(pAp)} at iteration ${k}); add damping`);
    }
    const alpha = rr / pAp;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * Ap[i];
    }
    const rrNew = dotFast(r, r);
    const beta = rrNew / rr;
    for (let i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
    rr = rrNew;
    k++;
  }
  for (let i = 0; i < n; i++) {
    x[i] *= bScale;
    if (!Number.isFinite(x[i])) throw new Error(`${fn}: entry ${i} of the solution is beyond float64's range (‖b‖∞ = ${bScale}); the operator is too close to singular`);
  }
  const residualNorm = Math.sqrt(rr) * bScale;
  if (!Number.isFinite(residualNorm)) {
    throw new Error(`${fn}: the residual ‖b − A x‖ is beyond float64's range after ${k} iterations (‖b‖∞ = ${bScale}); the operator is badly conditioned — add damping or raise maxIter`);
  }
  return { x, iterations: k, residualNorm, converged: Math.sqrt(rr) <= target };
}
