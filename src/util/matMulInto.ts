/**
 * C = A Bᵀ into a caller's buffer, for hot loops (a fit step's batched model): both operands are read along
 * contiguous rows, and 2×2 blocks of C are accumulated at once so each loaded entry serves two products (a register
 * tile: about twice the speed of one dot product at a time in V8). Unchecked: the caller owns the shapes; use
 * `matMul` (linalg.ts) at public boundaries.
 */

/**
 * Writes C (m×p, row-major, from offset co) = A (m×k, from offset ao) · Bᵀ, B being p×k: C[i, j] = Σ_t A[i, t] B[j, t].
 * Requires A.length ≥ ao + m·k, B.length ≥ p·k, C.length ≥ co + m·p; C must not alias A or B. Each entry is one left-to-right
 * sum over t, so it equals the plain dot product to the bit.
 * @example const C = new Float64Array(1); matMulTransposedInto(new Float64Array([1, 2]), new Float64Array([3, 4]), C, 1, 1, 2); // C = [11]
 */
export function matMulTransposedInto(A: Float64Array, B: Float64Array, C: Float64Array, m: number, p: number, k: number, ao = 0, co = 0): void {
  tiles(A, B, C, m, p, k, ao, co);
  if (m % 2 !== 0 || p % 2 !== 0) edges(A, B, C, m, p, k, ao, co);
}

/** The 2×2 tiles of the even part of C. Kept apart from {@link edges}: V8 compiles this small loop nest ~1.5× faster. */
function tiles(A: Float64Array, B: Float64Array, C: Float64Array, m: number, p: number, k: number, ao: number, co: number): void {
  for (let i = 0; i + 1 < m; i += 2) {
    const a0 = ao + i * k;
    const a1 = a0 + k;
    const c0 = co + i * p;
    const c1 = c0 + p;
    for (let j = 0; j + 1 < p; j += 2) {
      const b0 = j * k;
      const b1 = b0 + k;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let t = 0; t < k; t++) {
        const x0 = A[a0 + t];
        const x1 = A[a1 + t];
        const y0 = B[b0 + t];
        const y1 = B[b1 + t];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      C[c0 + j] = s00;
      C[c0 + j + 1] = s01;
      C[c1 + j] = s10;
      C[c1 + j + 1] = s11;
    }
  }
}

/** The last column (odd p) and the last row (odd m) of C, one dot product each. */
function edges(A: Float64Array, B: Float64Array, C: Float64Array, m: number, p: number, k: number, ao: number, co: number): void {
  const m2 = m - (m % 2);
  const p2 = p - (p % 2);
  const dotInto = (i: number, j: number) => {
    const a0 = ao + i * k;
    const b0 = j * k;
    let s = 0;
    for (let t = 0; t < k; t++) s += A[a0 + t] * B[b0 + t];
    C[co + i * p + j] = s;
  };
  if (p2 < p) for (let i = 0; i < m2; i++) dotInto(i, p2);
  if (m2 < m) for (let j = 0; j < p; j++) dotInto(m2, j);
}
