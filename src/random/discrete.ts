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
  return (s, out, offset = 0, count = out.length - offset, stride = 1) => drawInversion(s, cdf, acc, last, out, offset, count, stride);
}

/** The draws of {@link inversionSampler}, its table passed as arguments (locals in the loop, not closure slots). */
function drawInversion(s: Stream, cdf: Float64Array, acc: number, last: number, out: Float64Array, offset: number, count: number, stride: number): void {
  const K = cdf.length;
  for (let c = 0, o = offset; c < count; c++, o += stride) out[o] = invert(cdf, K, s.uniform() * acc, last);
}

/**
 * The smallest k with t < cdf[k], by binary search; t < cdf[k] implies p[k] > 0 for that smallest k (cdf[k] >
 * cdf[k−1] ≥ t). If rounding put t at or beyond the total, the answer is `last`, the last category with mass.
 */
function invert(cdf: Float64Array, K: number, t: number, last: number): number {
  let lo = 0;
  let hi = K - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t < cdf[mid]) hi = mid;
    else lo = mid + 1;
  }
  return t < cdf[lo] ? lo : last;
}

/**
 * Draws from p(· | not j) for any category j from one table of p (O(K) memory for all K conditionals): below 32
 * categories, or for a j of probability above ½, t ~ U(0, total − p_j) is moved past j's interval [cdf_{j−1}, cdf_j)
 * and inverted on the CDF (one uniform; should rounding land on j, the nearest category with mass after j, else
 * before it, is taken); otherwise the alias table of p is drawn until the draw is not j. Requires p_j < total
 * (unchecked). An immutable table; the stream is the caller's.
 */
export class CategoricalExcluding {
  private readonly cdf: Float64Array;
  private readonly p: Float64Array;
  private readonly total: number;
  private readonly last: number;
  /** For K ≥ 32: p's alias table, from which a category of probability ≤ ½ is excluded by redrawing. */
  private readonly alias: { ints: Int32Array; prob: Float64Array } | null;

  constructor(p: ArrayLike<number>) {
    const K = p.length;
    this.alias = K >= ALIAS_MIN_CATEGORIES ? aliasTable(p) : null;
    this.p = Float64Array.from(p);
    this.cdf = new Float64Array(K);
    let acc = 0;
    let last = 0;
    for (let k = 0; k < K; k++) {
      acc += p[k];
      this.cdf[k] = acc;
      if (p[k] > 0) last = k;
    }
    this.total = acc;
    this.last = last;
  }

  /** One index k ≠ j, with probability p_k / (total − p_j). */
  draw(s: Stream, j: number): number {
    const { cdf, p, alias } = this;
    if (alias !== null && p[j] <= 0.5 * this.total) {
      // Many categories: redraw j from the alias table (O(1) a try, at most 2 tries on average).
      let k = aliasPick(s, alias.ints, alias.prob);
      while (k === j) k = aliasPick(s, alias.ints, alias.prob);
      return k;
    }
    const start = j === 0 ? 0 : cdf[j - 1];
    let t = s.uniform() * (this.total - p[j]);
    if (t >= start) t += p[j];
    const k = invert(cdf, cdf.length, t, this.last);
    if (k !== j) return k;
    for (let a = j + 1; a < p.length; a++) if (p[a] > 0) return a;
    for (let b = j - 1; b >= 0; b--) if (p[b] > 0) return b;
    return j;
  }
}

/** Walker/Vose alias method over the categories with positive mass only. */
function aliasSampler(p: ArrayLike<number>): CategoricalDraw {
  const { ints, prob } = aliasTable(p);
  return (s, out, offset = 0, count = out.length - offset, stride = 1) => drawAlias(s, ints, prob, out, offset, count, stride);
}

/**
 * The alias table of p over its m categories with mass: entry i's category (ints[i]), alias (ints[m + i]) and
 * probability of keeping it (prob[i], the scaled mass m·p/total until the entry is settled). The worklists live in
 * ints from 2m (small growing up, large growing down, both last-in first-out): two allocations, not four, since
 * setting up a table is most of the cost of a few draws from a fresh distribution.
 */
function aliasTable(p: ArrayLike<number>): { ints: Int32Array; prob: Float64Array } {
  const K = p.length;
  let m = 0;
  let total = 0;
  for (let k = 0; k < K; k++) {
    if (p[k] > 0) {
      m++;
      total += p[k];
    }
  }
  const ints = new Int32Array(3 * m);
  const prob = new Float64Array(m);
  const W = 2 * m;
  let small = W;
  let large = 3 * m;
  for (let k = 0, i = 0; k < K; k++) {
    if (!(p[k] > 0)) continue;
    ints[i] = k;
    prob[i] = (p[k] * m) / total;
    if (prob[i] < 1) ints[small++] = i;
    else ints[--large] = i;
    i++;
  }
  while (small > W && large < 3 * m) {
    const l = ints[--small];
    const g = ints[large++];
    ints[m + l] = g;
    prob[g] = prob[g] + prob[l] - 1;
    if (prob[g] < 1) ints[small++] = g;
    else ints[--large] = g;
  }
  // Leftovers differ from 1 only by rounding; they keep themselves.
  for (let r = large; r < 3 * m; r++) prob[ints[r]] = 1;
  for (let r = W; r < small; r++) prob[ints[r]] = 1;
  return { ints, prob };
}

/** The draws of {@link aliasSampler}, its table passed as arguments (locals in the loop, not closure slots). */
function drawAlias(s: Stream, ints: Int32Array, prob: Float64Array, out: Float64Array, offset: number, count: number, stride: number): void {
  // aliasPick's three lines inline: a call per draw here costs ~6% of the throughput.
  const m = prob.length;
  for (let c = 0, o = offset; c < count; c++, o += stride) {
    const u = s.uniform() * m;
    const i = Math.min(Math.floor(u), m - 1);
    out[o] = ints[u - i < prob[i] ? i : ints[m + i]];
  }
}

/** One draw from an alias table: entry ⌊u⌋ of u ~ U(0, m), or its alias when the fraction is above its prob. */
function aliasPick(s: Stream, ints: Int32Array, prob: Float64Array): number {
  const m = prob.length;
  const u = s.uniform() * m;
  const i = Math.min(Math.floor(u), m - 1);
  return ints[u - i < prob[i] ? i : ints[m + i]];
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
