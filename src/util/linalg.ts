/**
 * Dense linear algebra on row-major Float64Array with explicit shapes: Cholesky factorization and triangular
 * solves, symmetric eigendecomposition (cyclic Jacobi), the matrix exponential of a symmetric matrix, and
 * conjugate gradients with a matrix-vector-product callback. Written for the small/medium sizes of natural
 * gradients and evolution strategies (P ≤ a few hundred); everything is O(n³) and allocation-light.
 *
 * Conventions: an n×m matrix A has entry (i, j) at A[i * m + j]. Inputs are never modified; every function
 * returns a fresh Float64Array.
 */
import { checkPositiveInt, checkSize, toFiniteArray } from "./validate.js";

/**
 * Σ_k a[ao + k·as] b[bo + k·bs] for k < len, without spurious overflow: the plain sum first, and when it is not
 * finite the sum of the entries scaled by their largest magnitudes (hypot-style), rescaled at the end. Returns ±∞
 * only when the true value is beyond float64's range.
 */
export function stridedDot(a: ArrayLike<number>, ao: number, as: number, b: ArrayLike<number>, bo: number, bs: number, len: number): number {
  let s = 0;
  for (let k = 0; k < len; k++) s += a[ao + k * as] * b[bo + k * bs];
  if (Number.isFinite(s)) return s;
  let ma = 0;
  let mb = 0;
  for (let k = 0; k < len; k++) {
    ma = Math.max(ma, Math.abs(a[ao + k * as]));
    mb = Math.max(mb, Math.abs(b[bo + k * bs]));
  }
  if (ma === 0 || mb === 0) return 0;
  s = 0;
  for (let k = 0; k < len; k++) s += (a[ao + k * as] / ma) * (b[bo + k * bs] / mb);
  return s === 0 ? 0 : s * ma * mb;
}

function checkDims(fn: string, names: readonly string[], dims: readonly unknown[]): void {
  dims.forEach((v, i) => checkPositiveInt(fn, names[i], v));
}

function overflowError(fn: string, what: string): Error {
  return new Error(`${fn}: ${what} overflows float64 (its magnitude exceeds ${Number.MAX_VALUE}); rescale the inputs`);
}

/**
 * y = A x for a rows×cols row-major matrix A. Requires A and x real arrays of finite numbers of lengths rows·cols and
 * cols; throws (naming the entry) if an entry of y is beyond float64's range — intermediate overflow is avoided.
 * @example matVec([1, 2, 3, 4], [1, 1], 2, 2) // → [3, 7]
 */
export function matVec(A: ArrayLike<number>, x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const fn = "matVec";
  checkDims(fn, ["rows", "cols"], [rows, cols]);
  const a = toFiniteArray(fn, "A", A, rows * cols);
  const v = toFiniteArray(fn, "x", x, cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = stridedDot(a, i * cols, 1, v, 0, 1, cols);
    if (!Number.isFinite(y[i])) throw overflowError(fn, `entry ${i} of A x`);
  }
  return y;
}

/**
 * C = A B for A n×k and B k×m (C is n×m), all row-major. Requires real arrays of finite numbers of the stated
 * lengths; C must fit in {@link MAX_ARRAY_BYTES}; throws if an entry of C is beyond float64's range.
 * @example matMul([1, 2], [3, 4], 1, 2, 1) // → [11]
 */
export function matMul(A: ArrayLike<number>, B: ArrayLike<number>, n: number, k: number, m: number): Float64Array {
  const fn = "matMul";
  checkDims(fn, ["n", "k", "m"], [n, k, m]);
  checkSize(fn, "n·m (the size of C)", n * m);
  const a = toFiniteArray(fn, "A", A, n * k);
  const b = toFiniteArray(fn, "B", B, k * m);
  const C = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < k; l++) {
      const av = a[i * k + l];
      if (av === 0) continue;
      const bo = l * m;
      const co = i * m;
      for (let j = 0; j < m; j++) C[co + j] += av * b[bo + j];
    }
  }
  for (let c = 0; c < n * m; c++) {
    if (Number.isFinite(C[c])) continue;
    const i = Math.floor(c / m);
    const j = c % m;
    C[c] = stridedDot(a, i * k, 1, b, j, m, k);
    if (!Number.isFinite(C[c])) throw overflowError(fn, `entry [${i}][${j}] of A B`);
  }
  return C;
}

/**
 * Aᵀ (cols×rows) of a rows×cols row-major matrix A (a real array of rows·cols finite numbers).
 * @example transpose([1, 2, 3, 4, 5, 6], 2, 3) // → [1, 4, 2, 5, 3, 6]
 */
export function transpose(A: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const fn = "transpose";
  checkDims(fn, ["rows", "cols"], [rows, cols]);
  const a = toFiniteArray(fn, "A", A, rows * cols);
  const T = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) T[j * rows + i] = a[i * cols + j];
  return T;
}

/**
 * The n×n identity; n² doubles must fit in {@link MAX_ARRAY_BYTES}.
 * @example identity(2) // → [1, 0, 0, 1]
 */
export function identity(n: number): Float64Array {
  checkSize("identity", "n", n, n);
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
}

/**
 * Σ a_i b_i for two real arrays of finite numbers of the same length. Intermediate overflow is avoided (scaled
 * accumulation), so dot([1e200, −1e200], [1e200, 1e200]) is 0; a result beyond float64's range throws.
 * @example dot([1, 2], [3, 4]) // → 11
 */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const fn = "dot";
  const x = toFiniteArray(fn, "a", a);
  const y = toFiniteArray(fn, "b", b);
  if (x.length !== y.length) throw new Error(`dot: a and b must have the same length, got ${x.length} and ${y.length}`);
  const s = stridedDot(x, 0, 1, y, 0, 1, x.length);
  if (!Number.isFinite(s)) throw overflowError(fn, "a · b");
  return s;
}

/**
 * Euclidean norm √(Σ a_i²) of a real array of finite numbers (0 for an empty array), scaled so that entries near 1e200 do not overflow;
 * a norm beyond float64's range throws.
 * @example norm2([3, 4]) // → 5
 */
export function norm2(a: ArrayLike<number>): number {
  const empty = (Array.isArray(a) || ArrayBuffer.isView(a)) && (a as ArrayLike<number>).length === 0;
  const x = toFiniteArray("norm2", "a", a, empty ? 0 : undefined);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  if (m === 0) return 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const r = x[i] / m;
    s += r * r;
  }
  const out = m * Math.sqrt(s);
  if (!Number.isFinite(out)) throw overflowError("norm2", "‖a‖");
  return out;
}

export { cholesky, solveLower, solveUpper, solveLowerTransposed, choleskySolve } from "./cholesky.js";
export { symmetricEigen, expmSymmetric, type SymmetricEigen } from "./eigen.js";
export { conjugateGradient, type ConjugateGradientOptions, type ConjugateGradientResult } from "./conjugateGradient.js";
