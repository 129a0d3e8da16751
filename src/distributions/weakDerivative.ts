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
 * The draws come as a stream (`weakDerivativeStream`): successive fills give successive rows of
 * `weakDerivative(key, n)`, so the measure-valued estimator without rows holds one chunk of them, not n × P.
 * The negative part of a Categorical logit j, p(· | not j), is drawn by inversion on p's CDF with j's interval
 * skipped: one uniform per draw, one table for all j.
 *
 * Couplings (common random numbers, Mohamed et al. 2020 §6): the Normal mean uses the same W on both sides;
 * the Normal scale draws M and U ~ U(0, 1) and uses μ + σMU for the negative part, which is exactly N(μ, σ²)
 * (a double-sided Maxwell times an independent uniform is a standard normal); Poisson uses K and K + 1; Exponential
 * uses E₁/λ and (E₁ + E₂)/λ. Every family shares the other coordinates between the two sides.
 * References: Pflug (1989, 1996); Heidergott & Vázquez-Abad (2008); Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §6, Table 1.
 */
import { assertKey, split, type Key } from "../random/key.js";
import { CategoricalExcluding } from "../random/discrete.js";
import { Stream } from "../random/stream.js";
import { SQRT_2PI } from "../util/constants.js";

import { checkSampleArgs, drawStream, type Distribution } from "./distribution.js";
import { show } from "../util/validate.js";

/** A family with a weak derivative in mcgrad (Normal, Poisson, Exponential, Bernoulli, Categorical). */
export interface MeasureValuedDistribution extends Distribution {
  /** n rows of weak-derivative draws for every θ coordinate (see {@link WeakDerivativeDraws}). */
  weakDerivative(key: Key, n: number, coupling: boolean): WeakDerivativeDraws;
  /**
   * Optional: the draws of `weakDerivative(key, n, coupling)` as a stream (see {@link WeakDerivativeStream}); the
   * measure-valued estimator then holds one chunk of them. Every core family with a weak derivative has it.
   */
  weakDerivativeStream?(key: Key, coupling: boolean): WeakDerivativeStream;
}

/**
 * True when `dist`'s family has a weak derivative, so `measureValued` accepts it.
 * @example hasWeakDerivative(new Poisson({ rate: 3 })) // true: measureValued accepts it; false for a Gamma
 */
export function hasWeakDerivative(dist: unknown): dist is MeasureValuedDistribution {
  return typeof dist === "object" && dist !== null && typeof (dist as Partial<MeasureValuedDistribution>).weakDerivative === "function";
}

/** The checks every `weakDerivativeStream` starts with: a key and a boolean coupling. */
export function checkWeakDerivativeStreamArgs(fn: string, key: Key, coupling: unknown): void {
  assertKey(fn, key);
  if (typeof coupling !== "boolean") throw new Error(`${fn}: coupling must be a boolean, got ${show(coupling)}`);
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

/**
 * The draws of `weakDerivative(key, n, coupling)` a chunk at a time: each `fill(w)` writes the next m rows into the
 * sample arrays of w (basePos/baseNeg m×dim, pos/neg m×P) and sets its
 * constants (c, component, keepPos, keepNeg), whatever the chunking.
 */
export interface WeakDerivativeStream {
  /** True when the two sides share their base sample (w.baseNeg must then be w.basePos). */
  readonly shared: boolean;
  /** Writes the next m rows of draws into w, m = w.basePos.length / dim, and sets w's constants. */
  fill(w: WeakDerivativeDraws): void;
}

/** Arrays for m rows of draws (dim d, P parameters); baseNeg is basePos when `shared`. */
export function weakDerivativeBuffers(m: number, d: number, P: number, shared: boolean): WeakDerivativeDraws {
  const basePos = new Float64Array(m * d);
  return {
    c: new Float64Array(P),
    component: new Int32Array(P),
    basePos,
    baseNeg: shared ? basePos : new Float64Array(m * d),
    pos: new Float64Array(m * P),
    neg: new Float64Array(m * P),
    keepPos: new Uint8Array(P),
    keepNeg: new Uint8Array(P),
  };
}

/** All n rows of a stream's draws at once: `weakDerivative` of a family that has a `weakDerivativeStream`. */
export function drawWeakDerivative(stream: WeakDerivativeStream, n: number, d: number, P: number): WeakDerivativeDraws {
  const w = weakDerivativeBuffers(n, d, P, stream.shared);
  stream.fill(w);
  return w;
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

/** Normal(loc, scale²) per coordinate, θ = [μ, log σ]; one stream, row after row. */
export function normalWeakDerivative(loc: Float64Array, scale: Float64Array, key: Key, coupling: boolean): WeakDerivativeStream {
  const d = loc.length;
  const P = 2 * d;
  const s = new Stream(key);
  const fill = (w: WeakDerivativeDraws): void => {
    for (let j = 0; j < d; j++) {
      w.c[j] = 1 / (scale[j] * SQRT_2PI);
      w.c[d + j] = 1;
      w.component[j] = j;
      w.component[d + j] = j;
      w.keepNeg[d + j] = 1;
    }
    const m = w.basePos.length / d;
    for (let i = 0; i < m; i++) {
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
  };
  return { shared: coupling, fill };
}

/**
 * Shared shape of the one-parameter-per-coordinate families (Poisson, Exponential, Bernoulli): the base samples
 * from the family's own stream (split(key, 3)[0], and [1] for an independent negative side), the extra draws from a
 * third stream, row after row. `row(w, s, i, j)` fills c[j], the keep flags and entry (i, j) of the chunk.
 */
function coordinateDraws(
  dist: Distribution,
  key: Key,
  coupling: boolean,
  row: (w: WeakDerivativeDraws, s: Stream, i: number, j: number) => void,
): WeakDerivativeStream {
  const d = dist.dim;
  const [kBase, kNeg, kExtra] = split(key, 3);
  const base = familyStream(dist, kBase);
  const negative = coupling ? null : familyStream(dist, kNeg);
  const s = new Stream(kExtra);
  const fill = (w: WeakDerivativeDraws): void => {
    base(w.basePos);
    negative?.(w.baseNeg);
    for (let j = 0; j < d; j++) w.component[j] = j;
    const m = w.basePos.length / d;
    for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) row(w, s, i, j);
  };
  return { shared: coupling, fill };
}

function familyStream(dist: Distribution, key: Key): (out: Float64Array) => void {
  const fill = drawStream(dist, key);
  if (fill === null) throw new Error(`weakDerivative: ${dist.name} has no sample stream`);
  return fill;
}

/** Poisson(rate) per coordinate, θ = log λ; the base draws come from `dist` (the Poisson itself). */
export function poissonWeakDerivative(dist: Distribution, rate: Float64Array, key: Key, coupling: boolean): WeakDerivativeStream {
  const d = rate.length;
  return coordinateDraws(dist, key, coupling, (w, _s, i, j) => {
    w.c[j] = rate[j];
    w.keepNeg[j] = 1;
    w.pos[i * d + j] = w.basePos[i * d + j] + 1;
  });
}

/** Exponential(rate) per coordinate, θ = log λ; the base draws come from `dist` (the Exponential itself). */
export function exponentialWeakDerivative(dist: Distribution, rate: Float64Array, key: Key, coupling: boolean): WeakDerivativeStream {
  const d = rate.length;
  return coordinateDraws(dist, key, coupling, (w, s, i, j) => {
    w.c[j] = 1;
    w.keepPos[j] = 1;
    // Gamma(2, λ) = (E₁ + E₂)/λ; coupled, E₁/λ is the base coordinate itself.
    const first = coupling ? w.basePos[i * d + j] : s.exponential() / rate[j];
    w.neg[i * d + j] = first + s.exponential() / rate[j];
  });
}

/** Bernoulli per coordinate, θ = logits; `variance` = p(1 − p) per coordinate (the constant c of each logit). */
export function bernoulliWeakDerivative(dist: Distribution, variance: Float64Array, key: Key, coupling: boolean): WeakDerivativeStream {
  const d = variance.length;
  return coordinateDraws(dist, key, coupling, (w, _s, i, j) => {
    w.c[j] = variance[j];
    w.pos[i * d + j] = 1;
    w.neg[i * d + j] = 0;
  });
}

/**
 * Categorical: the positive part is the point mass at j, so coupling has nothing to couple; the negative part is
 * p with category j removed (zero-probability categories are never drawn), one uniform per draw from p's CDF
 * ({@link CategoricalExcluding}). One stream, row after row.
 */
export function categoricalWeakDerivative(p: Float64Array, key: Key): WeakDerivativeStream {
  const K = p.length;
  const c = new Float64Array(K);
  const rest = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    for (let k = 0; k < K; k++) if (k !== j) rest[j] += p[k];
    c[j] = p[j] * rest[j];
  }
  const others = new CategoricalExcluding(p);
  const s = new Stream(key);
  const fill = (w: WeakDerivativeDraws): void => {
    w.c.set(c);
    const m = w.pos.length / K;
    for (let i = 0, at = 0; i < m; i++) {
      for (let j = 0; j < K; j++, at++) {
        w.pos[at] = j;
        // p_j = 1: c_j = 0 and the row is 0; evaluate f at j on both sides.
        w.neg[at] = rest[j] > 0 ? others.draw(s, j) : j;
      }
    }
  };
  return { shared: true, fill };
}
