/**
 * The multiplicative covariance-factor update of xNES, B ← B·expm(h·G) with G = Σ u_k s_k s_kᵀ − c I, computed from
 * the rank-λ structure of G. Wierstra et al., JMLR 15 (2014), Alg. 5 (the exponential parameterization).
 */
import { expmSymmetric, matMul, symmetricEigen } from "../util/linalg.js";

/**
 * Returns B·expm(h (Σ_k u_k s_k s_kᵀ − c I)) for the λ noise rows s_k, given also the rows B s_k. When λ < d the sum
 * has rank ≤ λ: with the thin QR factorization [s_1 … s_λ] = QR it is Q (R U Rᵀ) Qᵀ, so only the λ×λ eigenproblem
 * R U Rᵀ = W Λ Wᵀ is needed and B·E = e^{−hc} (B + (BQW) diag(expm1(hΛ)) (QW)ᵀ), where BQ = [B s_k] R⁻¹ reuses the
 * sampling's products. O(d²λ) instead of O(d³); det of the result is det B (the exponent is traceless when c = Σu|s|²/d).
 */
export function rotateByExpm(B: Float64Array, d: number, noise: Float64Array, bs: Float64Array, u: Float64Array, h: number, c: number): Float64Array {
  const n = u.length;
  if (n >= d) {
    const G = new Float64Array(d * d);
    for (let k = 0; k < n; k++) {
      const w = h * u[k];
      const o = k * d;
      for (let i = 0; i < d; i++) {
        const wi = w * noise[o + i];
        for (let j = 0; j <= i; j++) G[i * d + j] += wi * noise[o + j];
      }
    }
    for (let i = 0; i < d; i++) {
      G[i * d + i] -= h * c;
      for (let j = 0; j < i; j++) G[j * d + i] = G[i * d + j];
    }
    return matMul(B, expmSymmetric(G, d), d, d, d);
  }
  // Thin QR by modified Gram–Schmidt applied twice; Q and BQ are stored column-major (column a at a*d).
  const Q = new Float64Array(n * d);
  const R = new Float64Array(n * n); // R[a*n + k] = q_aᵀ s_k
  let rMin = Infinity;
  let rMax = 0;
  for (let k = 0; k < n; k++) {
    const q = Q.subarray(k * d, (k + 1) * d);
    q.set(noise.subarray(k * d, (k + 1) * d));
    for (let pass = 0; pass < 2; pass++) {
      for (let a = 0; a < k; a++) {
        const qo = a * d;
        let p = 0;
        for (let i = 0; i < d; i++) p += Q[qo + i] * q[i];
        for (let i = 0; i < d; i++) q[i] -= p * Q[qo + i];
        R[a * n + k] += p;
      }
    }
    let nrm = 0;
    for (let i = 0; i < d; i++) nrm += q[i] * q[i];
    nrm = Math.sqrt(nrm);
    R[k * n + k] = nrm;
    rMin = Math.min(rMin, nrm);
    rMax = Math.max(rMax, nrm);
    for (let i = 0; i < d; i++) q[i] /= nrm;
  }
  // BQ = [B s_k] R⁻¹ column by column; if R is badly conditioned, form BQ directly instead.
  const BQ = new Float64Array(n * d);
  if (rMin > 1e-6 * rMax) {
    for (let a = 0; a < n; a++) {
      const o = a * d;
      for (let i = 0; i < d; i++) BQ[o + i] = bs[o + i];
      for (let b = 0; b < a; b++) {
        const r = R[b * n + a];
        const ob = b * d;
        for (let i = 0; i < d; i++) BQ[o + i] -= r * BQ[ob + i];
      }
      const inv = 1 / R[a * n + a];
      for (let i = 0; i < d; i++) BQ[o + i] *= inv;
    }
  } else {
    for (let a = 0; a < n; a++) {
      for (let i = 0; i < d; i++) {
        let acc = 0;
        for (let j = 0; j < d; j++) acc += B[i * d + j] * Q[a * d + j];
        BQ[a * d + i] = acc;
      }
    }
  }
  // M = h R diag(u) Rᵀ (n×n, symmetric by construction; R is upper triangular).
  const M = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b <= a; b++) {
      let acc = 0;
      for (let k = a; k < n; k++) acc += R[a * n + k] * u[k] * R[b * n + k];
      M[a * n + b] = h * acc;
      M[b * n + a] = h * acc;
    }
  }
  const { values, vectors: W } = symmetricEigen(M, n);
  // P = QW and BPe = (BQ W) diag(expm1 Λ), both d×n row-major.
  const P = new Float64Array(d * n);
  const BPe = new Float64Array(d * n);
  for (let b = 0; b < n; b++) {
    const e = Math.expm1(values[b]);
    for (let a = 0; a < n; a++) {
      const w = W[a * n + b];
      const o = a * d;
      for (let i = 0; i < d; i++) {
        P[i * n + b] += Q[o + i] * w;
        BPe[i * n + b] += BQ[o + i] * w * e;
      }
    }
  }
  const scale = Math.exp(-h * c);
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const ro = i * n;
    for (let j = 0; j < d; j++) {
      let acc = B[i * d + j];
      const po = j * n;
      for (let b = 0; b < n; b++) acc += BPe[ro + b] * P[po + b];
      out[i * d + j] = scale * acc;
    }
  }
  return out;
}
