/**
 * The natural-gradient direction: solve (F + λI) v = g by Cholesky or by conjugate gradients.
 */
import { cholesky, choleskySolve, conjugateGradient, stridedDot } from "../util/linalg.js";
import { checkOptionsObject, checkSize, show, toFiniteArray } from "../util/validate.js";

/** How to solve (F + λI) v = g: "cholesky", "cg", or "auto" (Cholesky for P ≤ 500, else CG). */
export type NaturalGradientMethod = "cholesky" | "cg" | "auto";

/** Options of {@link naturalGradient}. */
export interface NaturalGradientOptions {
  /** Tikhonov damping λ ≥ 0 added to the diagonal. Default 1e-4. */
  damping?: number;
  /** Solver; default "auto". A Fisher given as a product function always uses CG. */
  method?: NaturalGradientMethod;
  /** CG relative residual tolerance ‖(F + λI)v − g‖ ≤ tol·‖g‖. Default 1e-10. */
  tol?: number;
  /** CG iteration cap. Default 10·P. */
  maxIter?: number;
}

/** P at or below which "auto" factorizes (O(P³/3)); above it CG (O(P²) per iteration with a matrix). */
export const AUTO_CHOLESKY_MAX_P = 500;

/**
 * Natural gradient ĝ = (F + λI)⁻¹ g (Amari 1998): the steepest-ascent direction of the objective under the KL
 * geometry of pθ, invariant to smooth reparameterizations of θ when λ = 0. `fisher` is either the P×P matrix
 * (exact `dist.fisher()` or `empiricalFisher(...)`, symmetric) or a product v ↦ F v (e.g. an undamped
 * `fisherVectorProduct`), to which λ v is added here. Requires F + λI positive definite: a singular empirical
 * Fisher (n < P samples) needs λ > 0. Throws, naming the remedy, if the factorization fails or CG does not converge.
 * Example, N(μ, σ) with θ = [μ, log σ]: F = diag(1/σ², 2), so with λ = 0 the result is [σ² g_μ, g_logσ / 2].
 * Reference: Amari, Natural gradient works efficiently in learning, Neural Computation 10(2), 1998;
 * Wierstra et al., Natural Evolution Strategies, JMLR 2014.
 * @example const step = naturalGradient(dist.fisher(), est.mean, { damping: 1e-6 })
 */
export function naturalGradient(
  fisher: ArrayLike<number> | ((v: Float64Array) => Float64Array),
  grad: ArrayLike<number>,
  options: NaturalGradientOptions = {},
): Float64Array {
  const { damping = 1e-4, method = "auto", tol = 1e-10, maxIter } = checkOptionsObject<NonNullable<typeof options>>("naturalGradient", options);
  const fn = "naturalGradient";
  const g = toFiniteArray(fn, "grad", grad);
  const P = g.length;
  checkSize(fn, "grad.length", P, P);
  if (typeof damping !== "number" || !Number.isFinite(damping) || damping < 0) {
    throw new Error(`${fn}: damping must be a finite number ≥ 0, got ${show(damping)}`);
  }
  if (method !== "cholesky" && method !== "cg" && method !== "auto") {
    throw new Error(`${fn}: method must be "cholesky", "cg" or "auto", got ${show(method)}`);
  }
  const cgIter = maxIter ?? 10 * P;
  // Solve for g/‖g‖∞ and scale back: the solvers then never square a gradient near float64's limit (g = 1.8e308
  // used to give NaN through Cholesky and 0 through CG, whose residual ‖g‖² overflowed).
  let gScale = 0;
  for (let j = 0; j < P; j++) gScale = Math.max(gScale, Math.abs(g[j]));
  if (gScale === 0) gScale = 1; // g = 0: the solve still runs, so a bad fisher is still reported
  for (let j = 0; j < P; j++) g[j] /= gScale;
  const scaleBack = (v: Float64Array): Float64Array => {
    for (let j = 0; j < P; j++) {
      v[j] *= gScale;
      if (!Number.isFinite(v[j])) throw new Error(`${fn}: entry ${j} of the natural gradient (F + λI)⁻¹ g is beyond float64's range (‖g‖∞ = ${gScale}); rescale the objective or increase damping`);
    }
    return v;
  };

  if (typeof fisher === "function") {
    if (method === "cholesky") throw new Error(`${fn}: method "cholesky" needs the Fisher as a P×P matrix, got a product function`);
    const F = fisher;
    return scaleBack(solveCg(fn, (v) => {
      const Fv = F(v);
      if (damping > 0) for (let j = 0; j < P; j++) Fv[j] += damping * v[j];
      return Fv;
    }, g, tol, cgIter, damping));
  }

  if (fisher === null || typeof fisher !== "object" || fisher.length !== P * P) {
    throw new Error(`${fn}: fisher must be a P×P matrix with P = grad.length = ${P} (length ${P * P}) or a product function, got length ${(fisher as ArrayLike<number> | null)?.length}`);
  }
  const A = new Float64Array(P * P);
  for (let i = 0; i < P * P; i++) {
    if (typeof fisher[i] !== "number" || !Number.isFinite(fisher[i])) throw new Error(`${fn}: fisher[${i}] must be a finite number, got ${show(fisher[i])}`);
    A[i] = fisher[i];
  }
  for (let j = 0; j < P; j++) A[j * P + j] += damping;

  if (method === "cg" || (method === "auto" && P > AUTO_CHOLESKY_MAX_P)) {
    for (let i = 0; i < P; i++) {
      for (let j = 0; j < i; j++) {
        const a = A[i * P + j];
        const b = A[j * P + i];
        if (Math.abs(a - b) > 1e-8 * Math.max(Math.abs(a), Math.abs(b), 1e-300)) {
          throw new Error(`${fn}: fisher must be symmetric, got fisher[${i}][${j}] = ${a} but fisher[${j}][${i}] = ${b}`);
        }
      }
    }
    return scaleBack(solveCg(fn, (v) => matVecSquare(A, v, P), g, tol, cgIter, damping));
  }
  let L: Float64Array;
  try {
    L = cholesky(A, P);
  } catch (e) {
    const msg = (e as Error).message;
    if (/not positive definite/.test(msg)) {
      throw new Error(`${fn}: F + λI is not positive definite with damping λ = ${damping} (${msg.replace(/^cholesky: /, "")}); increase damping`);
    }
    throw new Error(`${fn}: ${msg.replace(/^cholesky: A/, "fisher")}`);
  }
  return scaleBack(choleskySolve(L, g, P));
}

/** A v for a validated P×P matrix (the CG inner loop: no re-validation per iteration), without spurious overflow. */
function matVecSquare(A: Float64Array, v: Float64Array, P: number): Float64Array {
  const out = new Float64Array(P);
  for (let i = 0; i < P; i++) out[i] = stridedDot(A, i * P, 1, v, 0, 1, P);
  return out;
}

function solveCg(fn: string, mvp: (v: Float64Array) => Float64Array, g: Float64Array, tol: number, maxIter: number, damping: number): Float64Array {
  let res;
  try {
    res = conjugateGradient(mvp, g, { tol, maxIter });
  } catch (e) {
    const msg = (e as Error).message.replace(/^conjugateGradient: /, "");
    throw new Error(`${fn}: conjugate gradient failed with damping λ = ${damping}: ${msg}`);
  }
  if (!res.converged) {
    throw new Error(
      `${fn}: conjugate gradient did not converge in ${res.iterations} iterations (residual ${res.residualNorm.toExponential(3)}, tol ${tol}·‖g‖); increase damping (λ = ${damping}) or maxIter`,
    );
  }
  return res.x;
}
