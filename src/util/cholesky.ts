/**
 * Cholesky factorization and triangular solves on row-major Float64Array (re-exported from ./linalg.js; import it
 * from there). Inputs are validated (real arrays of finite numbers of the stated size) and never modified; a solve
 * whose result is beyond float64's range throws instead of returning ±∞ or NaN.
 */
import { checkSize, show, toFiniteArray } from "./validate.js";

/** Checks n and that A is a real n×n array of finite numbers; returns A as a Float64Array copy. */
function checkSquare(fn: string, arg: string, A: unknown, n: unknown): Float64Array {
  checkSize(fn, "n", n, n as number);
  const len = (n as number) * (n as number);
  const got = (A as { length?: unknown } | null)?.length;
  if (got !== len) throw new Error(`${fn}: ${arg} must be an n×n row-major matrix with n = ${show(n)} (length ${len}), got length ${show(got)}`);
  return toFiniteArray(fn, arg, A, len);
}

/** Throws, naming the function, when a solve produced a value beyond float64's range (a nearly singular matrix). */
function checkSolution(fn: string, x: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new Error(`${fn}: the solution overflows float64 at entry ${i}; the matrix is too close to singular for this right-hand side`);
    }
  }
  return x;
}

/** Throws unless A is symmetric up to 1e-8 relative to its largest entry. */
function checkSymmetric(fn: string, A: ArrayLike<number>, n: number): void {
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(A[i]));
  const tol = 1e-8 * scale;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(A[i * n + j] - A[j * n + i]) > tol) {
        throw new Error(`${fn}: A must be symmetric, got A[${i}][${j}] = ${A[i * n + j]} but A[${j}][${i}] = ${A[j * n + i]}`);
      }
    }
  }
}

/**
 * Cholesky factorization A = L Lᵀ of a symmetric positive-definite n×n matrix (Cholesky–Banachiewicz, row by row).
 * Requires A symmetric (checked to 1e-8 relative) and finite.
 * Throws `cholesky: A is not positive definite (pivot k = …)` when a pivot is ≤ 0 — add damping (A + λI) in that case.
 * @example cholesky(new Float64Array([4, 2, 2, 3]), 2) // → [2, 0, 1, √2]
 */
export function cholesky(A: ArrayLike<number>, n: number): Float64Array {
  A = checkSquare("cholesky", "A", A, n);
  checkSymmetric("cholesky", A, n);
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (!Number.isFinite(s)) throw new Error(`cholesky: entry [${i}][${j}] overflows float64 during the factorization; rescale A`);
      if (i === j) {
        if (!(s > 0)) throw new Error(`cholesky: A is not positive definite (pivot k = ${i}, value ${show(s)})`);
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / L[j * n + j];
        if (!Number.isFinite(L[i * n + j])) throw new Error(`cholesky: entry [${i}][${j}] of the factor overflows float64; rescale A`);
      }
    }
  }
  return L;
}

function checkDiagonal(fn: string, T: ArrayLike<number>, n: number): void {
  for (let i = 0; i < n; i++) {
    const d = T[i * n + i];
    if (d === 0 || !Number.isFinite(d)) throw new Error(`${fn}: the triangular matrix must have a finite non-zero diagonal, got entry [${i}][${i}] = ${show(d)}`);
  }
}

/**
 * Solves L x = b by forward substitution; L is n×n lower triangular (entries above the diagonal are ignored).
 * @example solveLower(new Float64Array([2, 0, 1, 1]), new Float64Array([2, 3]), 2) // → [1, 2]
 */
export function solveLower(L: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  L = checkSquare("solveLower", "L", L, n);
  b = toFiniteArray("solveLower", "b", b, n);
  checkDiagonal("solveLower", L, n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * x[k];
    x[i] = s / L[i * n + i];
  }
  return checkSolution("solveLower", x);
}

/**
 * Solves U x = b by back substitution; U is n×n upper triangular (entries below the diagonal are ignored).
 * @example solveUpper(new Float64Array([2, 1, 0, 1]), new Float64Array([4, 2]), 2) // → [1, 2]
 */
export function solveUpper(U: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  U = checkSquare("solveUpper", "U", U, n);
  b = toFiniteArray("solveUpper", "b", b, n);
  checkDiagonal("solveUpper", U, n);
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= U[i * n + k] * x[k];
    x[i] = s / U[i * n + i];
  }
  return checkSolution("solveUpper", x);
}

/**
 * Solves Lᵀ x = b for lower-triangular L without forming Lᵀ (back substitution on the columns of L).
 * @example solveLowerTransposed(new Float64Array([2, 0, 1, 1]), new Float64Array([4, 2]), 2) // → [1, 2]
 */
export function solveLowerTransposed(L: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  L = checkSquare("solveLowerTransposed", "L", L, n);
  b = toFiniteArray("solveLowerTransposed", "b", b, n);
  checkDiagonal("solveLowerTransposed", L, n);
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return checkSolution("solveLowerTransposed", x);
}

/**
 * Solves A x = b given the Cholesky factor L of A (A = L Lᵀ): L y = b, then Lᵀ x = y.
 * @example choleskySolve(cholesky(A, n), b, n)
 */
export function choleskySolve(L: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  return solveLowerTransposed(L, solveLower(L, b, n), n);
}
