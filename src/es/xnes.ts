/**
 * Exponential natural evolution strategies (xNES): a full-covariance Gaussian search distribution N(μ, σ² BBᵀ),
 * det B = 1, updated along the natural gradient of E[f] in exponential (local) coordinates.
 * Wierstra, Schaul, Glasmachers, Sun, Peters & Schmidhuber, "Natural Evolution Strategies", JMLR 15 (2014), Alg. 5.
 */
import { type Key } from "../random/key.js";
import { stream } from "../random/stream.js";
import { expmSymmetric, matMul, symmetricEigen } from "../util/linalg.js";
import { shapeFitness, type FitnessShaping, type ShapingName } from "./shaping.js";
import {
  assertFiniteState,
  bookkeeping,
  checkInit,
  checkPopSize,
  checkTell,
  defaultPopSize,
  positiveOption,
  type EsStateBase,
  type Population,
  type Strategy,
} from "./strategy.js";

/** Options of {@link xnes}.init. Defaults are the paper's (Table 1). */
export interface XnesOptions {
  /** Initial step size σ0 > 0 (default 1). */
  sigma0?: number;
  /** λ (default 4 + ⌊3 ln d⌋). */
  popSize?: number;
  /** η_μ (default 1). */
  etaMu?: number;
  /** η_σ (default 3(3 + ln d) / (5 d √d)). */
  etaSigma?: number;
  /** η_B (default = η_σ's default). */
  etaB?: number;
  /** Fitness shaping (default "nes" utilities). */
  shaping?: ShapingName | FitnessShaping;
}

/** xNES's population: also carries the products B s_k (λ×d), which tell reuses. */
export interface XnesPopulation extends Population {
  readonly bs: Float64Array;
}

/** xNES state: plain data. `B` is d×d row-major with det B = 1; the covariance is σ² B Bᵀ. */
export interface XnesState extends EsStateBase {
  readonly algorithm: "xnes";
  readonly sigma: number;
  readonly B: Float64Array;
  readonly etaMu: number;
  readonly etaSigma: number;
  readonly etaB: number;
}

function init(k: Key, x0: ArrayLike<number>, options: XnesOptions = {}): XnesState {
  const fn = "xnes.init";
  const mean = checkInit(fn, k, x0);
  const d = mean.length;
  const eta = (3 * (3 + Math.log(d))) / (5 * d * Math.sqrt(d));
  const B = new Float64Array(d * d);
  for (let i = 0; i < d; i++) B[i * d + i] = 1;
  return {
    algorithm: "xnes",
    dim: d,
    popSize: checkPopSize(fn, options.popSize, defaultPopSize(d)),
    mean,
    generation: 0,
    evals: 0,
    nonFinite: 0,
    bestX: mean.slice(),
    bestF: Infinity,
    shaping: options.shaping ?? "nes",
    sigma: positiveOption(fn, "sigma0", options.sigma0, 1),
    B,
    etaMu: positiveOption(fn, "etaMu", options.etaMu, 1),
    etaSigma: positiveOption(fn, "etaSigma", options.etaSigma, eta),
    etaB: positiveOption(fn, "etaB", options.etaB, eta),
  };
}

function ask(k: Key, state: XnesState): XnesPopulation {
  const { dim: d, popSize: n, mean, sigma, B } = state;
  const noise = new Float64Array(n * d);
  stream(k).fillNormal(noise);
  const x = new Float64Array(n * d);
  const bs = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    for (let i = 0; i < d; i++) {
      let acc = 0;
      const bo = i * d;
      for (let j = 0; j < d; j++) acc += B[bo + j] * noise[o + j];
      bs[o + i] = acc;
      x[o + i] = mean[i] + sigma * acc;
    }
  }
  return { x, noise, bs, size: n, dim: d };
}

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

function tell(state: XnesState, population: XnesPopulation, fitness: ArrayLike<number>): XnesState {
  const fn = "xnes.tell";
  checkTell(fn, state, population, fitness);
  const { dim: d, popSize: n, sigma, B } = state;
  const { utilities: u, nonFinite } = shapeFitness(fn, state.shaping, fitness);
  const s = population.noise;
  // Natural gradients in local coordinates: G_δ = Σ u_k s_k, G_M = Σ u_k (s_k s_kᵀ − I), G_σ = tr(G_M)/d, G_B = G_M − G_σ I.
  const gDelta = new Float64Array(d);
  let sumU = 0;
  let sumUSq = 0;
  for (let k = 0; k < n; k++) {
    const o = k * d;
    let sq = 0;
    for (let j = 0; j < d; j++) {
      gDelta[j] += u[k] * s[o + j];
      sq += s[o + j] * s[o + j];
    }
    sumU += u[k];
    sumUSq += u[k] * sq;
  }
  const gSigma = (sumUSq - d * sumU) / d;
  // μ ← μ + η_μ σ B G_δ, with B G_δ = Σ u_k (B s_k).
  const mean = state.mean.slice();
  const step = state.etaMu * sigma;
  const bs = population.bs;
  if (!(bs instanceof Float64Array) || bs.length !== n * d) throw new Error(`${fn}: population must be the object returned by xnes.ask()`);
  for (let k = 0; k < n; k++) {
    const w = step * u[k];
    const o = k * d;
    for (let i = 0; i < d; i++) mean[i] += w * bs[o + i];
  }
  const newSigma = sigma * Math.exp((state.etaSigma / 2) * gSigma);
  // G_B = Σ u_k s_k s_kᵀ − (Σu + G_σ) I = Σ u_k s_k s_kᵀ − (Σ u_k |s_k|² / d) I.
  const newB = rotateByExpm(B, d, s, bs, u, state.etaB / 2, sumUSq / d);
  assertFiniteState(fn, { mean, sigma: newSigma, B: newB });
  return { ...state, ...bookkeeping(state, population, fitness, nonFinite), mean, sigma: newSigma, B: newB };
}

function spread(state: XnesState): number {
  const { dim: d, B, sigma } = state;
  let m = 0;
  for (let i = 0; i < d; i++) {
    let r = 0;
    for (let j = 0; j < d; j++) r += B[i * d + j] * B[i * d + j];
    m = Math.max(m, r);
  }
  return sigma * Math.sqrt(m);
}

/**
 * xNES as an ask/tell {@link Strategy} (minimization). With s_k ~ N(0, I), x_k = μ + σ B s_k and utilities u_k:
 * μ ← μ + η_μ σ B Σ u_k s_k;  σ ← σ exp(η_σ/2 · G_σ);  B ← B expm(η_B/2 · G_B), where G_M = Σ u_k (s_k s_kᵀ − I),
 * G_σ = tr G_M / d, G_B = G_M − G_σ I — the natural gradient of E[u] in local coordinates. The B update uses the
 * rank-λ structure of G_B (O(d²λ) per generation, see {@link rotateByExpm}); det B stays 1.
 * Requires only f values (no gradient, no continuity). Reference: Wierstra et al., JMLR 15 (2014), Algorithm 5.
 * @example
 *   let s = xnes.init(key(0), [1, 1]);
 *   const pop = xnes.ask(key(1), s);
 *   s = xnes.tell(s, pop, evaluatePopulation(sphere.f, pop));
 */
export const xnes: Strategy<XnesState, XnesOptions, XnesPopulation> = { name: "xnes", init, ask, tell, spread };
