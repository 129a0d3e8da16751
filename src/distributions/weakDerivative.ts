/**
 * Weak derivatives (Pflug 1989) of the families that have one, as draws the measure-valued estimator consumes: a
 * family fact, so each family exposes `weakDerivative(key, n, coupling)` built from the functions below (no
 * estimator has to ask which family it was given). For a parameter θ_k the derivative of the density is written as a scaled difference of two
 * probability distributions,
 *
 *   ∂θ_k p(x) = c_k (p⁺_k(x) − p⁻_k(x)),  so  ∂θ_k E_p[f] = c_k (E_{p⁺_k}[f] − E_{p⁻_k}[f]),
 *
 * where p±_k changes only the event coordinate that θ_k acts on; the other coordinates keep their law.
 * Constants are in the library's θ coordinates (chain rule included: ∂/∂log σ = σ ∂/∂σ, ∂/∂logit = p(1−p) ∂/∂p).
 *
 *   Normal μ_j:      c = 1/(σ√2π), p⁺ = μ + σW, p⁻ = μ − σW, W ~ Weibull(√2, 2) (Rayleigh)
 *   Normal log σ_j:  c = 1 (σ · 1/σ), p⁺ = μ + σM (M double-sided Maxwell), p⁻ = N(μ, σ²)
 *   Poisson log λ_j: c = λ, p⁺ = K + 1, p⁻ = K (K ~ Poisson(λ)): ∂λ E f = E[f(K + 1) − f(K)]
 *   Exponential log λ_j: c = 1 (λ · 1/λ), p⁺ = Exp(λ), p⁻ = Gamma(2, λ)
 *   Bernoulli logit_j: c = p(1 − p), p⁺ = δ₁, p⁻ = δ₀
 *   Categorical logit_j: c = p_j(1 − p_j), p⁺ = δ_j (K | K = j), p⁻ = p(· | K ≠ j)  (the Hahn–Jordan split)
 *
 * Couplings (common random numbers, Mohamed et al. 2020 §6): the Normal mean uses the same W on both sides;
 * the Normal scale draws M and U ~ U(0, 1) and uses μ + σMU for the negative part, which is exactly N(μ, σ²)
 * (a double-sided Maxwell times an independent uniform is a standard normal); Poisson uses K and K + 1; Exponential
 * uses E₁/λ and (E₁ + E₂)/λ. Every family shares the other coordinates between the two sides.
 * References: Pflug (1989, 1996); Heidergott & Vázquez-Abad (2008); Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §6, Table 1.
 */
import { split, type Key } from "../random/key.js";
import { fillCategorical } from "../random/discrete.js";
import { Stream } from "../random/stream.js";
import { SQRT_2PI } from "../util/constants.js";

import { checkSampleArgs, type Distribution } from "./distribution.js";
import { show } from "../util/validate.js";

/** A family with a weak derivative in mcgrad (Normal, Poisson, Exponential, Bernoulli, Categorical). */
export interface MeasureValuedDistribution extends Distribution {
  /** n rows of weak-derivative draws for every θ coordinate (see {@link WeakDerivativeDraws}). */
  weakDerivative(key: Key, n: number, coupling: boolean): WeakDerivativeDraws;
}

/**
 * True when `dist`'s family has a weak derivative, so `measureValued` accepts it.
 * @example hasWeakDerivative(new Poisson({ rate: 3 })) // true: measureValued accepts it; false for a Gamma
 */
export function hasWeakDerivative(dist: unknown): dist is MeasureValuedDistribution {
  return typeof dist === "object" && dist !== null && typeof (dist as Partial<MeasureValuedDistribution>).weakDerivative === "function";
}

/** The checks every `weakDerivative` starts with: a key, a positive integer n and a boolean coupling. */
export function checkWeakDerivativeArgs(fn: string, key: Key, n: number, coupling: unknown): void {
  checkSampleArgs(fn, key, n);
  if (typeof coupling !== "boolean") throw new Error(`${fn}: coupling must be a boolean, got ${show(coupling)}`);
}

/**
 * One call's draws. Row i, parameter k: the positive sample is basePos row i with coordinate component[k] set to
 * pos[i·P + k] (or basePos row i unchanged when keepPos[k]); likewise the negative sample from baseNeg/neg/keepNeg.
 * The per-sample gradient row is c[k] · (f(positive) − f(negative)).
 */
export interface WeakDerivativeDraws {
  readonly c: Float64Array;
  readonly component: Int32Array;
  readonly basePos: Float64Array;
  /** The same array as basePos when the two sides share their base sample. */
  readonly baseNeg: Float64Array;
  readonly pos: Float64Array;
  readonly neg: Float64Array;
  readonly keepPos: Uint8Array;
  readonly keepNeg: Uint8Array;
}

function emptyDraws(n: number, d: number, P: number, shared: boolean): {
  c: Float64Array; component: Int32Array; basePos: Float64Array; baseNeg: Float64Array;
  pos: Float64Array; neg: Float64Array; keepPos: Uint8Array; keepNeg: Uint8Array;
} {
  const basePos = new Float64Array(n * d);
  return {
    c: new Float64Array(P),
    component: new Int32Array(P),
    basePos,
    baseNeg: shared ? basePos : new Float64Array(n * d),
    pos: new Float64Array(n * P),
    neg: new Float64Array(n * P),
    keepPos: new Uint8Array(P),
    keepNeg: new Uint8Array(P),
  };
}

/** Standard double-sided Maxwell: ±√(Z² + 2E), the signed length of a 3-D standard normal vector. */
function maxwell(s: Stream): number {
  const r = Math.sqrt(s.normal() ** 2 + 2 * s.exponential());
  return (s.uint32() & 1) === 1 ? r : -r;
}

/** Standard Rayleigh = Weibull(scale √2, shape 2): √(2E). */
function rayleigh(s: Stream): number {
  return Math.sqrt(2 * s.exponential());
}

/** Normal(loc, scale²) per coordinate, θ = [μ, log σ]. */
export function normalWeakDerivative(loc: Float64Array, scale: Float64Array, key: Key, n: number, coupling: boolean): WeakDerivativeDraws {
  const d = loc.length;
  const P = 2 * d;
  const w = emptyDraws(n, d, P, coupling);
  const s = new Stream(key);
  for (let j = 0; j < d; j++) {
    w.c[j] = 1 / (scale[j] * SQRT_2PI);
    w.c[d + j] = 1;
    w.component[j] = j;
    w.component[d + j] = j;
    w.keepNeg[d + j] = 1;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const W = rayleigh(s);
      const Wneg = coupling ? W : rayleigh(s);
      w.pos[i * P + j] = loc[j] + scale[j] * W;
      w.neg[i * P + j] = loc[j] - scale[j] * Wneg;
      const M = maxwell(s);
      w.pos[i * P + d + j] = loc[j] + scale[j] * M;
      if (coupling) {
        w.basePos[i * d + j] = loc[j] + scale[j] * M * s.uniformOpen();
      } else {
        w.basePos[i * d + j] = loc[j] + scale[j] * s.normal();
        w.baseNeg[i * d + j] = loc[j] + scale[j] * s.normal();
      }
    }
  }
  return w;
}

/** Shared shape of the one-parameter-per-coordinate families (Poisson, Exponential, Bernoulli). */
function coordinateDraws(
  sample: (key: Key, n: number) => Float64Array,
  d: number,
  key: Key,
  n: number,
  coupling: boolean,
  fill: (w: ReturnType<typeof emptyDraws>, s: Stream, i: number, j: number) => void,
): WeakDerivativeDraws {
  const [kBase, kNeg, kExtra] = split(key, 3);
  const w = emptyDraws(n, d, d, coupling);
  w.basePos.set(sample(kBase, n));
  if (!coupling) w.baseNeg.set(sample(kNeg, n));
  for (let j = 0; j < d; j++) w.component[j] = j;
  const s = new Stream(kExtra);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) fill(w, s, i, j);
  return w;
}

/** Poisson(rate) per coordinate, θ = log λ; `sample` draws from the family itself. */
export function poissonWeakDerivative(rate: Float64Array, sample: (key: Key, n: number) => Float64Array, key: Key, n: number, coupling: boolean): WeakDerivativeDraws {
  return coordinateDraws(sample, rate.length, key, n, coupling, (w, _s, i, j) => {
    const d = rate.length;
    w.c[j] = rate[j];
    w.keepNeg[j] = 1;
    w.pos[i * d + j] = w.basePos[i * d + j] + 1;
  });
}

/** Exponential(rate) per coordinate, θ = log λ; `sample` draws from the family itself. */
export function exponentialWeakDerivative(rate: Float64Array, sample: (key: Key, n: number) => Float64Array, key: Key, n: number, coupling: boolean): WeakDerivativeDraws {
  return coordinateDraws(sample, rate.length, key, n, coupling, (w, s, i, j) => {
    const d = rate.length;
    w.c[j] = 1;
    w.keepPos[j] = 1;
    // Gamma(2, λ) = (E₁ + E₂)/λ; coupled, E₁/λ is the base coordinate itself.
    const first = coupling ? w.basePos[i * d + j] : s.exponential() / rate[j];
    w.neg[i * d + j] = first + s.exponential() / rate[j];
  });
}

/** Bernoulli per coordinate, θ = logits; `variance` = p(1 − p) per coordinate (the constant c of each logit). */
export function bernoulliWeakDerivative(variance: Float64Array, sample: (key: Key, n: number) => Float64Array, key: Key, n: number, coupling: boolean): WeakDerivativeDraws {
  return coordinateDraws(sample, variance.length, key, n, coupling, (w, _s, i, j) => {
    const d = variance.length;
    w.c[j] = variance[j];
    w.pos[i * d + j] = 1;
    w.neg[i * d + j] = 0;
  });
}

/**
 * Categorical: the positive part is the point mass at j, so coupling has nothing to couple; the negative part is
 * drawn from p with category j removed (zero-probability categories are never drawn).
 */
export function categoricalWeakDerivative(p: Float64Array, key: Key, n: number): WeakDerivativeDraws {
  const K = p.length;
  const w = emptyDraws(n, 1, K, true);
  const s = new Stream(key);
  const others = new Float64Array(K);
  const column = new Float64Array(n);
  for (let j = 0; j < K; j++) {
    let rest = 0;
    for (let k = 0; k < K; k++) if (k !== j) rest += p[k];
    w.c[j] = p[j] * rest;
    for (let i = 0; i < n; i++) w.pos[i * K + j] = j;
    if (!(rest > 0)) {
      // p_j = 1: c_j = 0 and the row is 0; evaluate f at j on both sides.
      for (let i = 0; i < n; i++) w.neg[i * K + j] = j;
      continue;
    }
    others.set(p);
    others[j] = 0;
    fillCategorical(s, others, column);
    for (let i = 0; i < n; i++) w.neg[i * K + j] = column[i];
  }
  return w;
}
