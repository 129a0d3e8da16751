/**
 * Symmetric eigendecomposition by the cyclic Jacobi method, and the matrix exponential of a symmetric matrix
 * through it. Jacobi is slower than tridiagonal QR but short, unconditionally stable and accurate to a few ulps
 * relative to ‖A‖ (and often to high relative accuracy for small eigenvalues); fine for n ≤ ~200.
 * Re-exported from ./linalg.js; import it from there.
 */
import { checkSize, show } from "./validate.js";

/** A = V diag(values) Vᵀ with V orthogonal; `vectors` is n×n row-major with the eigenvectors as columns. */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  readonly values: Float64Array;
  /** Row-major n×n; column j (entries vectors[i * n + j]) is the unit eigenvector of values[j]. */
  readonly vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/**
 * Eigendecomposition A = V diag(λ) Vᵀ of a symmetric n×n matrix by cyclic Jacobi rotations: each rotation
 * J(p, q, φ) with tan φ the smaller root of t² + 2θt − 1 = 0, θ = (a_qq − a_pp)/(2 a_pq), zeroes a_pq; sweeps repeat
 * until every off-diagonal entry is negligible next to its two diagonal entries. Eigenvalues are returned ascending
 * (like numpy.linalg.eigh). Requires A finite and symmetric (checked to 1e-8 relative to its largest entry).
 * Reference: Golub & Van Loan, Matrix Computations (4th ed.), §8.5.
 * @example symmetricEigen(new Float64Array([2, 1, 1, 2]), 2) // values [1, 3], vectors ±[1, −1]/√2 and ±[1, 1]/√2
 */
export function symmetricEigen(A: ArrayLike<number>, n: number): SymmetricEigen {
  const fn = "symmetricEigen";
  checkSize(fn, "n", n, n);
  if (A === null || typeof A !== "object" || A.length !== n * n) {
    throw new Error(`${fn}: A must be an n×n row-major matrix with n = ${n} (length ${n * n}), got length ${A?.length}`);
  }
  let scale = 0;
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(A[i])) throw new Error(`${fn}: A[${i}] must be a finite number, got ${show(A[i])}`);
    scale = Math.max(scale, Math.abs(A[i]));
  }
  // Work on A / 2^k with 2^k ≤ ‖A‖max: exact (a power of two), and no rotation then overflows for entries near
  // float64's limit; the eigenvalues are scaled back at the end.
  const pow2 = scale > 0 ? 2 ** Math.min(1023, Math.floor(Math.log2(scale))) : 1; // log2(MAX_VALUE) rounds to 1024
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = A[i * n + j];
      const y = A[j * n + i];
      if (Math.abs(x - y) > 1e-8 * scale) {
        throw new Error(`${fn}: A must be symmetric, got A[${i}][${j}] = ${x} but A[${j}][${i}] = ${y}`);
      }
      a[i * n + j] = (0.5 * x + 0.5 * y) / pow2;
    }
  }
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) W[i * n + i] = 1;

  let converged = false;
  for (let sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++) {
    converged = true;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        // Negligible next to both diagonal entries (or to ‖A‖ at rounding level): drop it.
        if (Math.abs(apq) <= 2.2e-16 * Math.sqrt(Math.abs(app * aqq)) || Math.abs(apq) <= 1e-300 * Math.max(1, scale / pow2)) {
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          continue;
        }
        converged = false;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta) : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← Jᵀ A J touches rows/columns p and q only; A stays symmetric, so update both halves in one pass.
        const po = p * n;
        const qo = q * n;
        for (let k = 0; k < n; k++) {
          if (k === p || k === q) continue;
          const akp = a[po + k];
          const akq = a[qo + k];
          const nkp = c * akp - s * akq;
          const nkq = s * akp + c * akq;
          a[po + k] = nkp;
          a[k * n + p] = nkp;
          a[qo + k] = nkq;
          a[k * n + q] = nkq;
        }
        a[po + p] = app - t * apq;
        a[qo + q] = aqq + t * apq;
        a[po + q] = 0;
        a[qo + p] = 0;
        // W = Vᵀ (rows are eigenvectors): W ← Jᵀ W, contiguous in rows p and q.
        for (let k = 0; k < n; k++) {
          const wpk = W[po + k];
          const wqk = W[qo + k];
          W[po + k] = c * wpk - s * wqk;
          W[qo + k] = s * wpk + c * wqk;
        }
      }
    }
  }
  if (!converged) throw new Error(`${fn}: Jacobi iteration did not converge in ${MAX_SWEEPS} sweeps (n = ${n})`);

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i] - a[j * n + j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let jj = 0; jj < n; jj++) {
    const j = order[jj];
    values[jj] = a[j * n + j] * pow2;
    if (!Number.isFinite(values[jj])) throw new Error(`${fn}: eigenvalue ${jj} is beyond float64's range (‖A‖max = ${scale}); rescale A`);
    for (let i = 0; i < n; i++) vectors[i * n + jj] = W[j * n + i];
  }
  return { values, vectors };
}

/**
 * Matrix exponential of a symmetric matrix: exp(A) = V diag(e^λ) Vᵀ from {@link symmetricEigen}. The result is
 * symmetric positive definite (xNES uses it to map a symmetric update onto the covariance factor).
 * Throws if some e^λ overflows (λ > ~709).
 * Reference: Wierstra et al., Natural Evolution Strategies, JMLR 2014, §3.4 (exponential parameterization).
 * @example expmSymmetric(new Float64Array([1, 0, 0, 2]), 2) // → [e, 0, 0, e²]
 */
export function expmSymmetric(A: ArrayLike<number>, n: number): Float64Array {
  const { values, vectors: V } = symmetricEigen(A, n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e[j] = Math.exp(values[j]);
    if (!Number.isFinite(e[j])) throw new Error(`expmSymmetric: exp of eigenvalue ${values[j]} overflows; A is too large`);
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = i; k < n; k++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += V[i * n + j] * e[j] * V[k * n + j];
      if (!Number.isFinite(s)) throw new Error(`expmSymmetric: entry [${i}][${k}] of exp(A) is beyond float64's range; A is too large`);
      out[i * n + k] = s;
      out[k * n + i] = s;
    }
  }
  return out;
}
