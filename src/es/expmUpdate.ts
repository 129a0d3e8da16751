/**
 * The multiplicative covariance-factor update of xNES, B ← B·expm(h·G) with G = Σ u_k s_k s_kᵀ − c I, computed from
 * the rank-λ structure of G. Wierstra et al., JMLR 15 (2014), Alg. 5 (the exponential parameterization).
 */
import { expmSymmetric, matMul, symmetricEigen } from "../util/linalg.js";

/**
 * The low-rank update through the Gram matrix K = SᵀS = LLᵀ (S = [s_1 … s_n], so S = QR with R = Lᵀ): with
 * h R U Rᵀ = W Λ Wᵀ and V = L⁻ᵀW, expm(h S U Sᵀ) = I + S V diag(expm1 Λ) Vᵀ Sᵀ, hence
 * B·expm(h(SUSᵀ − cI)) = e^{−hc}(B + [B s_k] Φ Sᵀ) with Φ = V diag(expm1 Λ) Vᵀ (n×n). It never forms Q and reuses
 * the rows B s_k from ask. Returns undefined when K is not safely positive definite (min/max pivot < 1e-3, i.e. S is
 * close to rank-deficient and R⁻¹ would amplify rounding); the caller then orthogonalizes explicitly.
 */
function viaGram(B: Float64Array, d: number, noise: Float64Array, bs: Float64Array, u: Float64Array, h: number, c: number): Float64Array | undefined {
  const n = u.length;
  const L = new Float64Array(n * n); // K, then its Cholesky factor in place (lower triangle)
  for (let a = 0; a < n; a++) {
    const oa = a * d;
    for (let b = 0; b <= a; b++) {
      const ob = b * d;
      let acc = 0;
      for (let i = 0; i < d; i++) acc += noise[oa + i] * noise[ob + i];
      L[a * n + b] = acc;
    }
  }
  let pMin = Infinity;
  let pMax = 0;
  for (let j = 0; j < n; j++) {
    let v = L[j * n + j];
    for (let k = 0; k < j; k++) v -= L[j * n + k] ** 2;
    if (!(v > 0)) return undefined;
    const ljj = Math.sqrt(v);
    L[j * n + j] = ljj;
    pMin = Math.min(pMin, ljj);
    pMax = Math.max(pMax, ljj);
    for (let i = j + 1; i < n; i++) {
      let w = L[i * n + j];
      for (let k = 0; k < j; k++) w -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = w / ljj;
    }
  }
  if (pMin < 1e-3 * pMax) return undefined;
  // M = h Lᵀ U L: M[a,b] = h Σ_{k ≥ max(a,b)} L[k,a] u_k L[k,b].
  const M = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b <= a; b++) {
      let acc = 0;
      for (let k = a; k < n; k++) acc += L[k * n + a] * u[k] * L[k * n + b];
      M[a * n + b] = h * acc;
      M[b * n + a] = h * acc;
    }
  }
  const { values, vectors: W } = symmetricEigen(M, n);
  // V = L⁻ᵀ W by back substitution (Lᵀ is upper triangular), column by column of W.
  const V = new Float64Array(n * n);
  for (let col = 0; col < n; col++) {
    for (let i = n - 1; i >= 0; i--) {
      let acc = W[i * n + col];
      for (let k = i + 1; k < n; k++) acc -= L[k * n + i] * V[k * n + col];
      V[i * n + col] = acc / L[i * n + i];
    }
  }
  const e = values.map(Math.expm1);
  const Phi = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b <= a; b++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += V[a * n + k] * e[k] * V[b * n + k];
      Phi[a * n + b] = acc;
      Phi[b * n + a] = acc;
    }
  }
  // Yᵀ = Φᵀ [B s_k]ᵀ (n×d): row b = Σ_k Φ[k,b] (B s_k).
  const Yt = new Float64Array(n * d);
  for (let b = 0; b < n; b++) {
    const ob = b * d;
    for (let k = 0; k < n; k++) {
      const w = Phi[k * n + b];
      const ok = k * d;
      for (let i = 0; i < d; i++) Yt[ob + i] += w * bs[ok + i];
    }
  }
  return finish(B, d, n, Yt, noise, Math.exp(-h * c));
}

/** scale · (B + Y Zᵀ) for d×n factors given as Yᵀ and Zᵀ (n×d row-major), row by row with contiguous inner loops. */
function finish(B: Float64Array, d: number, n: number, Yt: Float64Array, Zt: Float64Array, scale: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const ro = i * d;
    for (let j = 0; j < d; j++) out[ro + j] = B[ro + j];
    let b = 0;
    for (; b + 4 <= n; b += 4) {
      // Four rank-one terms per pass over the row (fewer loads and stores of out).
      const c0 = Yt[b * d + i];
      const c1 = Yt[(b + 1) * d + i];
      const c2 = Yt[(b + 2) * d + i];
      const c3 = Yt[(b + 3) * d + i];
      const p0 = b * d;
      for (let j = 0; j < d; j++) {
        out[ro + j] += c0 * Zt[p0 + j] + c1 * Zt[p0 + d + j] + c2 * Zt[p0 + 2 * d + j] + c3 * Zt[p0 + 3 * d + j];
      }
    }
    for (; b < n; b++) {
      const coef = Yt[b * d + i];
      const po = b * d;
      for (let j = 0; j < d; j++) out[ro + j] += coef * Zt[po + j];
    }
    for (let j = 0; j < d; j++) out[ro + j] *= scale;
  }
  return out;
}

/**
 * Returns B·expm(h (Σ_k u_k s_k s_kᵀ − c I)) for the λ noise rows s_k, given also the rows B s_k. When λ < d the sum
 * has rank ≤ λ: with the thin QR factorization [s_1 … s_λ] = QR it is Q (R U Rᵀ) Qᵀ, so only the λ×λ eigenproblem
 * R U Rᵀ = W Λ Wᵀ is needed and B·E = e^{−hc} (B + (BQW) diag(expm1(hΛ)) (QW)ᵀ), where BQ = [B s_k] R⁻¹ reuses the
 * sampling's products. O(d²λ) instead of O(d³); det of the result is det B (the exponent is traceless when c = Σu|s|²/d).
 * The QR comes from the Gram matrix's Cholesky factor when that is well conditioned (see viaGram), else from modified
 * Gram–Schmidt applied twice. The rows need not be Gaussian (xNES's "path" variant appends its evolution path).
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
  const fast = viaGram(B, d, noise, bs, u, h, c);
  if (fast !== undefined) return fast;
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
  // Pᵀ = (QW)ᵀ and (BPe)ᵀ = ((BQ W) diag(expm1 Λ))ᵀ, both n×d row-major (contiguous axpy loops).
  const Pt = new Float64Array(n * d);
  const BPet = new Float64Array(n * d);
  for (let b = 0; b < n; b++) {
    const e = Math.expm1(values[b]);
    const ob = b * d;
    for (let a = 0; a < n; a++) {
      const w = W[a * n + b];
      const we = w * e;
      const o = a * d;
      for (let i = 0; i < d; i++) {
        Pt[ob + i] += Q[o + i] * w;
        BPet[ob + i] += BQ[o + i] * we;
      }
    }
  }
  return finish(B, d, n, BPet, Pt, Math.exp(-h * c));
}
