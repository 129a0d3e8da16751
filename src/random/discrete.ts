/**
 * Discrete samplers over a local {@link Stream}: categorical (inversion on the CDF, or Walker's alias method in
 * Vose's numerically careful form for many categories) and Bernoulli.
 *
 * Categories of probability exactly 0 are never drawn, whatever the rounding of the CDF or of the alias table.
 * References: Walker (1977) "An efficient method for generating discrete random variables with general distributions";
 * Vose (1991) "A linear algorithm for generating random numbers with a given distribution".
 */
import { assertKey, type Key } from "./key.js";
import { Stream } from "./stream.js";
import { checkSize, fail, show } from "../util/validate.js";

/** From this many categories on, the alias method (O(1) per draw) replaces inversion by binary search (O(log K)). */
const ALIAS_MIN_CATEGORIES = 32;

/** Draws `count` indices into out[offset], out[offset + stride], … from a stream; see {@link categoricalSampler}. */
export type CategoricalDraw = (s: Stream, out: Float64Array, offset?: number, count?: number, stride?: number) => void;

/**
 * The sampler of the categorical with unnormalized non-negative weights `p` (finite, positive sum; unchecked here:
 * the inner kernel), its table built once: the alias method for K ≥ 32 categories, inversion by binary search on the
 * CDF below. The choice depends on K alone, never on how many draws are asked, so successive calls on one stream
 * give the same draws however they are chunked, and each draw takes exactly one uniform.
 * @example const draw = categoricalSampler([0.2, 0.8]); const out = new Float64Array(10); draw(new Stream(key(0)), out);
 */
export function categoricalSampler(p: ArrayLike<number>): CategoricalDraw {
  return p.length >= ALIAS_MIN_CATEGORIES ? aliasSampler(p) : inversionSampler(p);
}

/**
 * Fills out[offset], out[offset + stride], … (count entries) with categorical indices from weights `p`: one call of
 * {@link categoricalSampler}(p) (build a sampler once to draw from the same weights many times).
 * @example const s = new Stream(key(0)); const out = new Float64Array(10); fillCategorical(s, [0.2, 0.8], out);
 */
export function fillCategorical(s: Stream, p: ArrayLike<number>, out: Float64Array, offset = 0, count = out.length - offset, stride = 1): void {
  categoricalSampler(p)(s, out, offset, count, stride);
}

/** Inversion: the first k with u·total < cdf[k], by binary search; a zero-probability category is never returned. */
function inversionSampler(p: ArrayLike<number>): CategoricalDraw {
  const K = p.length;
  const cdf = new Float64Array(K);
  let acc = 0;
  let last = 0;
  for (let k = 0; k < K; k++) {
    acc += p[k];
    cdf[k] = acc;
    if (p[k] > 0) last = k;
  }
  return (s, out, offset = 0, count = out.length - offset, stride = 1) => {
    for (let c = 0, o = offset; c < count; c++, o += stride) {
      const t = s.uniform() * acc;
      // Smallest k with t < cdf[k]; t < cdf[k] implies p[k] > 0 for that smallest k (cdf[k] > cdf[k-1] ≥ t).
      let lo = 0;
      let hi = K - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (t < cdf[mid]) hi = mid;
        else lo = mid + 1;
      }
      // If rounding put t at or beyond the total, the answer is the last category with mass.
      out[o] = t < cdf[lo] ? lo : last;
    }
  };
}

/** Walker/Vose alias method over the categories with positive mass only. */
function aliasSampler(p: ArrayLike<number>): CategoricalDraw {
  const K = p.length;
  const kept: number[] = [];
  let total = 0;
  for (let k = 0; k < K; k++) {
    if (p[k] > 0) {
      kept.push(k);
      total += p[k];
    }
  }
  const m = kept.length;
  const index = Int32Array.from(kept);
  const prob = new Float64Array(m);
  const alias = new Int32Array(m);
  const scaled = new Float64Array(m);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < m; i++) {
    scaled[i] = (p[index[i]] * m) / total;
    (scaled[i] < 1 ? small : large).push(i);
  }
  while (small.length > 0 && large.length > 0) {
    const l = small.pop() as number;
    const g = large.pop() as number;
    prob[l] = scaled[l];
    alias[l] = g;
    scaled[g] = scaled[g] + scaled[l] - 1;
    (scaled[g] < 1 ? small : large).push(g);
  }
  // Leftovers differ from 1 only by rounding; they keep themselves.
  for (const g of large) prob[g] = 1;
  for (const l of small) prob[l] = 1;
  return (s, out, offset = 0, count = out.length - offset, stride = 1) => {
    for (let c = 0, o = offset; c < count; c++, o += stride) {
      const u = s.uniform() * m;
      const i = Math.min(Math.floor(u), m - 1);
      out[o] = index[u - i < prob[i] ? i : alias[i]];
    }
  };
}

/**
 * Fills out[offset], out[offset + stride], … (count entries) with Bernoulli(p) draws as 0/1, by u < p with a 53-bit
 * uniform (so p = 0 never gives 1 and p = 1 always does).
 */
export function fillBernoulli(s: Stream, p: number, out: Float64Array, offset = 0, count = out.length - offset, stride = 1): void {
  for (let c = 0, o = offset; c < count; c++, o += stride) out[o] = s.uniform() < p ? 1 : 0;
}

/**
 * n categorical indices in {0, …, K − 1} with probabilities proportional to `weights` (non-negative, finite,
 * positive sum).
 * @example categorical(key(0), [1, 2, 7], 5); // e.g. Float64Array [2, 2, 1, 2, 0]
 */
export function categorical(k: Key, weights: ArrayLike<number>, n: number): Float64Array {
  assertKey("categorical", k);
  checkSize("categorical", "n", n);
  if (weights === null || typeof weights !== "object" || typeof weights.length !== "number" || weights.length === 0) {
    fail("categorical", "weights", "a non-empty array of non-negative numbers", weights);
  }
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      throw new Error(`categorical: weights[${i}] must be a finite number ≥ 0, got ${show(w)}`);
    }
    total += w;
  }
  if (!(total > 0) || !Number.isFinite(total)) fail("categorical", "weights", "an array with a finite positive sum", weights);
  const out = new Float64Array(n);
  fillCategorical(new Stream(k), weights, out);
  return out;
}

/**
 * n Bernoulli(p) draws as 0/1, 0 ≤ p ≤ 1.
 * @example bernoulli(key(0), 0.3, 4); // e.g. Float64Array [0, 1, 0, 0]
 */
export function bernoulli(k: Key, p: number, n: number): Float64Array {
  assertKey("bernoulli", k);
  checkSize("bernoulli", "n", n);
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) fail("bernoulli", "p", "a number in [0, 1]", p);
  const out = new Float64Array(n);
  fillBernoulli(new Stream(k), p, out);
  return out;
}
