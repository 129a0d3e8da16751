/**
 * Dense linear algebra on row-major Float64Array with explicit shapes: Cholesky factorization and triangular
 * solves, symmetric eigendecomposition (cyclic Jacobi), the matrix exponential of a symmetric matrix, and
 * conjugate gradients with a matrix-vector-product callback. Written for the small/medium sizes of natural
 * gradients and evolution strategies (P ≤ a few hundred); everything is O(n³) and allocation-light.
 *
 * Conventions: an n×m matrix A has entry (i, j) at A[i * m + j]. Inputs are never modified; every function
 * returns a fresh Float64Array.
 */
import { show } from "./validate.js";

function checkSquare(fn: string, arg: string, A: ArrayLike<number>, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${fn}: n must be a positive integer, got ${show(n)}`);
  if (A === null || typeof A !== "object" || A.length !== n * n) {
    throw new Error(`${fn}: ${arg} must be an n×n row-major matrix with n = ${n} (length ${n * n}), got length ${A?.length}`);
  }
}

function checkVector(fn: string, arg: string, b: ArrayLike<number>, n: number): void {
  if (b === null || typeof b !== "object" || b.length !== n) {
    throw new Error(`${fn}: ${arg} must have length ${n}, got length ${b?.length}`);
  }
}

function checkFiniteEntries(fn: string, arg: string, A: ArrayLike<number>): void {
  for (let i = 0; i < A.length; i++) {
    if (!Number.isFinite(A[i])) throw new Error(`${fn}: ${arg}[${i}] must be a finite number, got ${show(A[i])}`);
  }
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
  checkSquare("cholesky", "A", A, n);
  checkFiniteEntries("cholesky", "A", A);
  checkSymmetric("cholesky", A, n);
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new Error(`cholesky: A is not positive definite (pivot k = ${i}, value ${show(s)})`);
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / L[j * n + j];
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
  checkSquare("solveLower", "L", L, n);
  checkVector("solveLower", "b", b, n);
  checkDiagonal("solveLower", L, n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

/**
 * Solves U x = b by back substitution; U is n×n upper triangular (entries below the diagonal are ignored).
 * @example solveUpper(new Float64Array([2, 1, 0, 1]), new Float64Array([4, 2]), 2) // → [1, 2]
 */
export function solveUpper(U: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  checkSquare("solveUpper", "U", U, n);
  checkVector("solveUpper", "b", b, n);
  checkDiagonal("solveUpper", U, n);
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= U[i * n + k] * x[k];
    x[i] = s / U[i * n + i];
  }
  return x;
}

/**
 * Solves Lᵀ x = b for lower-triangular L without forming Lᵀ (back substitution on the columns of L).
 * @example solveLowerTransposed(new Float64Array([2, 0, 1, 1]), new Float64Array([4, 2]), 2) // → [1, 2]
 */
export function solveLowerTransposed(L: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  checkSquare("solveLowerTransposed", "L", L, n);
  checkVector("solveLowerTransposed", "b", b, n);
  checkDiagonal("solveLowerTransposed", L, n);
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

/**
 * Solves A x = b given the Cholesky factor L of A (A = L Lᵀ): L y = b, then Lᵀ x = y.
 * @example choleskySolve(cholesky(A, n), b, n)
 */
export function choleskySolve(L: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  return solveLowerTransposed(L, solveLower(L, b, n), n);
}

/** y = A x for a rows×cols matrix A. */
export function matVec(A: ArrayLike<number>, x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  if (A.length !== rows * cols) throw new Error(`matVec: A must have length rows·cols = ${rows * cols}, got ${A.length}`);
  checkVector("matVec", "x", x, cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) s += A[o + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** C = A B for A n×k and B k×m (C is n×m). */
export function matMul(A: ArrayLike<number>, B: ArrayLike<number>, n: number, k: number, m: number): Float64Array {
  if (A.length !== n * k) throw new Error(`matMul: A must have length n·k = ${n * k}, got ${A.length}`);
  if (B.length !== k * m) throw new Error(`matMul: B must have length k·m = ${k * m}, got ${B.length}`);
  const C = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < k; l++) {
      const a = A[i * k + l];
      if (a === 0) continue;
      const bo = l * m;
      const co = i * m;
      for (let j = 0; j < m; j++) C[co + j] += a * B[bo + j];
    }
  }
  return C;
}

/** Aᵀ (cols×rows) of a rows×cols matrix. */
export function transpose(A: ArrayLike<number>, rows: number, cols: number): Float64Array {
  if (A.length !== rows * cols) throw new Error(`transpose: A must have length rows·cols = ${rows * cols}, got ${A.length}`);
  const T = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) T[j * rows + i] = A[i * cols + j];
  return T;
}

/** The n×n identity. */
export function identity(n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new Error(`identity: n must be a positive integer, got ${show(n)}`);
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
}

/** Σ a_i b_i. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`dot: a and b must have the same length, got ${a.length} and ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Euclidean norm √(Σ a_i²), scaled so that entries near 1e200 do not overflow. */
export function norm2(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  if (m === 0 || !Number.isFinite(m)) return m;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const r = a[i] / m;
    s += r * r;
  }
  return m * Math.sqrt(s);
}

export { symmetricEigen, expmSymmetric, type SymmetricEigen } from "./eigen.js";
export { conjugateGradient, type ConjugateGradientOptions, type ConjugateGradientResult } from "./conjugateGradient.js";
