/**
 * Weight initializers for the dense layers of {@link mlp}: orthogonal (Saxe, McClelland & Ganguli, ICLR 2014), as
 * CleanRL and Stable-Baselines3 initialize their actor–critic networks, and the scaled uniform default of PyTorch's
 * `nn.Linear`.
 */
import { assertKey, type Key } from "../../random/key.js";
import { checkFinite, checkSize } from "../../util/validate.js";
import { standardNormal, uniform } from "../../random/samplers.js";

/**
 * A rows × cols matrix (row-major) with orthonormal rows (rows ≤ cols) or orthonormal columns (rows > cols), times
 * `gain`: the Q factor, with R's diagonal made positive, of the QR decomposition of a Gaussian matrix — the
 * distribution of `torch.nn.init.orthogonal_` (Haar-distributed on the Stiefel manifold). QR by modified
 * Gram–Schmidt, which gives R a positive diagonal by construction.
 * @example orthogonalMatrix(key(0), 64, 4, Math.SQRT2) // WᵀW = 2·I₄
 */
export function orthogonalMatrix(k: Key, rows: number, cols: number, gain: number): Float64Array {
  const fn = "orthogonalMatrix";
  assertKey(fn, k);
  checkSize(fn, "cols", cols);
  checkSize(fn, "rows", rows, cols);
  checkFinite(fn, "gain", gain);
  const tall = Math.max(rows, cols);
  const m = Math.min(rows, cols);
  // Columns of a tall × m Gaussian matrix, stored column by column.
  const q = standardNormal(k, tall * m);
  for (let j = 0; j < m; j++) {
    const cj = q.subarray(j * tall, (j + 1) * tall);
    for (let p = 0; p < j; p++) {
      const cp = q.subarray(p * tall, (p + 1) * tall);
      let d = 0;
      for (let r = 0; r < tall; r++) d += cp[r] * cj[r];
      for (let r = 0; r < tall; r++) cj[r] -= d * cp[r];
    }
    let s = 0;
    for (let r = 0; r < tall; r++) s += cj[r] * cj[r];
    const inv = 1 / Math.sqrt(s);
    for (let r = 0; r < tall; r++) cj[r] *= inv;
  }
  const w = new Float64Array(rows * cols);
  // rows ≥ cols: W = Q (tall × m = rows × cols); rows < cols: W = Qᵀ.
  for (let j = 0; j < m; j++) {
    for (let r = 0; r < tall; r++) {
      const v = gain * q[j * tall + r];
      if (rows >= cols) w[r * cols + j] = v;
      else w[j * cols + r] = v;
    }
  }
  return w;
}

/**
 * `count` draws from U(−bound, bound) with bound = 1/√fanIn: PyTorch's default initialization of `nn.Linear`
 * weights and biases (kaiming_uniform with a = √5 gives the same bound for the weights).
 */
export function scaledUniform(k: Key, count: number, fanIn: number): Float64Array {
  const bound = 1 / Math.sqrt(fanIn);
  const u = uniform(k, count);
  for (let i = 0; i < count; i++) u[i] = (2 * u[i] - 1) * bound;
  return u;
}
