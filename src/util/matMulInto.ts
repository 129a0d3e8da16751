/**
 * C = A Bᵀ into a caller's buffer, for hot loops (a fit step's batched model): both operands are read along
 * contiguous rows, and 2×2 blocks of C are accumulated at once so each loaded entry serves two products (a register
 * tile: about twice the speed of one dot product at a time in V8). Unchecked: the caller owns the shapes; use
 * `matMul` (linalg.ts) at public boundaries.
 */

/**
 * Writes C (m×p, row-major, at offset co) = A (m×k) · Bᵀ, B being p×k: C[i, j] = Σ_t A[i, t] B[j, t]. Requires
 * A.length ≥ m·k, B.length ≥ p·k, C.length ≥ co + m·p; C must not alias A or B. Each entry is one left-to-right
 * sum over t, so it equals the plain dot product to the bit.
 * @example const C = new Float64Array(1); matMulTransposedInto(new Float64Array([1, 2]), new Float64Array([3, 4]), C, 1, 1, 2); // C = [11]
 */
export function matMulTransposedInto(A: Float64Array, B: Float64Array, C: Float64Array, m: number, p: number, k: number, co = 0): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = i * k;
    const a1 = a0 + k;
    const c0 = co + i * p;
    const c1 = c0 + p;
    let j = 0;
    for (; j + 1 < p; j += 2) {
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
    if (j < p) {
      const b0 = j * k;
      let s0 = 0;
      let s1 = 0;
      for (let t = 0; t < k; t++) {
        s0 += A[a0 + t] * B[b0 + t];
        s1 += A[a1 + t] * B[b0 + t];
      }
      C[c0 + j] = s0;
      C[c1 + j] = s1;
    }
  }
  if (i < m) {
    const a0 = i * k;
    const c0 = co + i * p;
    for (let j = 0; j < p; j++) {
      const b0 = j * k;
      let s = 0;
      for (let t = 0; t < k; t++) s += A[a0 + t] * B[b0 + t];
      C[c0 + j] = s;
    }
  }
}
