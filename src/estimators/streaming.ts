/**
 * The score-function estimator streamed in chunks, for when per-sample rows are not needed: memory O(P) plus one
 * chunk (chunkSize × (dim + P)), mean and variance merged chunk by chunk with Chan et al.'s update
 * (src/estimators/moments.ts). Same draws as `scoreFunction` for the same key, so the same estimate up to rounding.
 *
 * Fused path: a family that streams its noise and computes scores from it (`noiseStream`, `scoreFromNoise`; the
 * diagonal Normal: ε/σ and ε² − 1) never materializes x for all n nor evaluates a log-density. Generic path, every
 * other family: x is drawn at once (n × dim), scores and rows are formed chunk by chunk.
 */
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { assertKey, type Key } from "../random/key.js";
import { checkFinite, checkPositiveInt, checkSize, show } from "../util/validate.js";
import { summaryFromMoments, type GradientSummary } from "./moments.js";
import { evaluateRows, type SampleFunction } from "./result.js";

/** Options of {@link scoreFunctionStreaming}. */
export interface StreamingScoreOptions {
  /** Number of samples n (default 1000). */
  numSamples?: number;
  /** Samples per chunk (default 256, a cache-sized block at P = 200): bounds the memory, not the result (beyond rounding). */
  chunkSize?: number;
  /** "none" (default) or a constant baseline b. */
  baseline?: "none" | number;
}

/** A family that can stream its reparameterization noise and score it (the fused path). */
export interface FusedFamily extends Distribution {
  readonly loc: Float64Array;
  readonly scale: Float64Array;
  noiseStream(key: Key): (out: Float64Array) => void;
  scoreFromNoise(noise: Float64Array, out: Float64Array, weights?: Float64Array): void;
}

export function isFused(d: Distribution): d is FusedFamily {
  const c = d as Partial<FusedFamily>;
  return typeof c.noiseStream === "function" && typeof c.scoreFromNoise === "function" && c.loc instanceof Float64Array && c.scale instanceof Float64Array;
}

/** Running moments, updated in place (local to one call; shared with pathwiseStreaming). */
export class Accumulator {
  count = 0;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  private readonly cMean: Float64Array;
  private readonly cSs: Float64Array;
  constructor(readonly P: number) {
    this.mean = new Float64Array(P);
    this.m2 = new Float64Array(P);
    this.cMean = new Float64Array(P);
    this.cSs = new Float64Array(P);
  }

  /**
   * Adds m rows (m×P): one pass of shifted sums about the running mean K (Σ(r − K), Σ(r − K)², stable while the
   * chunk's mean is near K, as it is after the first chunk; the first chunk is shifted by its first row), then
   * Chan et al.'s merge. Throws, naming `fn` and the sample, at a non-finite row.
   */
  add(fn: string, rows: Float64Array, m: number, offset: number): void {
    const { P, cMean: s1, cSs: s2, mean, m2 } = this;
    const K = this.count === 0 ? rows.subarray(0, P).slice() : mean.slice();
    s1.fill(0);
    s2.fill(0);
    for (let i = 0; i < m; i++) {
      const row = i * P;
      for (let j = 0; j < P; j++) {
        const e = rows[row + j] - K[j];
        s1[j] += e;
        s2[j] += e * e;
      }
    }
    // A column sum is finite only if every term is: scan for the culprit only then.
    for (let j = 0; j < P; j++) {
      if (Number.isFinite(s2[j])) continue;
      for (let i = 0; i < m; i++) {
        const r = rows[i * P + j];
        if (!Number.isFinite(r)) throw new Error(`${fn}: per-sample gradient term (sample ${offset + i}, coordinate ${j}) is ${show(r)}; f or its gradient is too large for float64 — rescale f`);
      }
    }
    const n = this.count + m;
    const wb = m / n;
    const wab = (this.count * m) / n;
    for (let j = 0; j < P; j++) {
      const d = s1[j] / m;
      const chunkMean = K[j] + d;
      const chunkM2 = Math.max(0, s2[j] - s1[j] * d);
      const delta = chunkMean - mean[j];
      mean[j] += delta * wb;
      m2[j] += chunkM2 + delta * delta * wab;
    }
    this.count = n;
  }
}

export function evaluateChunk(fn: string, f: SampleFunction, x: Float64Array, m: number, dim: number, offset: number): Float64Array {
  try {
    return evaluateRows(fn, f, x, m, dim);
  } catch (e) {
    throw new Error((e as Error).message.replace(/at sample (\d+)/, (_, i: string) => `at sample ${offset + Number(i)}`), { cause: e });
  }
}

/**
 * Score-function gradient of E_{x~dist}[f(x)] (Williams 1992; Mohamed et al. 2020 §4) without per-sample rows:
 * mean, variance (divisor n − 1) and stderr, in memory O(P + chunkSize·(dim + P)).
 * @example
 *   const g = scoreFunctionStreaming((x) => x[0] ** 2, new Normal({ loc: 1, scale: 2 }), key(0), { numSamples: 1e6 });
 *   g.mean; // ≈ [2, 8], as scoreFunction(…).mean up to rounding
 */
export function scoreFunctionStreaming(f: SampleFunction, dist: Distribution, key: Key, options: StreamingScoreOptions = {}): GradientSummary {
  const fn = "scoreFunctionStreaming";
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  checkDistribution(fn, dist);
  assertKey(fn, key);
  const { numSamples = 1000, chunkSize = 256, baseline = "none" } = options ?? {};
  const n = checkSize(fn, "numSamples", numSamples, Math.max(1, dist.dim));
  const C = Math.min(checkPositiveInt(fn, "chunkSize", chunkSize), n);
  const b = baseline === "none" ? 0 : checkFinite(fn, "baseline", baseline);
  const d = dist.dim;
  const P = dist.paramSize;
  const acc = new Accumulator(P);
  const rows = new Float64Array(C * P);
  if (isFused(dist)) {
    const fill = dist.noiseStream(key);
    const eps = new Float64Array(C * d);
    const x = new Float64Array(C * d);
    const { loc, scale } = dist;
    for (let start = 0; start < n; start += C) {
      const m = Math.min(C, n - start);
      const e = m === C ? eps : eps.subarray(0, m * d);
      fill(e);
      for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) x[i * d + j] = loc[j] + scale[j] * e[i * d + j];
      const fx = evaluateChunk(fn, f, x, m, d, start);
      const r = rows.subarray(0, m * P);
      if (b !== 0) for (let i = 0; i < m; i++) fx[i] -= b;
      dist.scoreFromNoise(e, r, fx);
      acc.add(fn, r, m, start);
    }
  } else {
    const x = dist.sample(key, n);
    for (let start = 0; start < n; start += C) {
      const m = Math.min(C, n - start);
      const xc = x.subarray(start * d, (start + m) * d);
      const s = dist.score(xc);
      const fx = evaluateChunk(fn, f, xc, m, d, start);
      for (let i = 0; i < m; i++) {
        const w = fx[i] - b;
        for (let j = 0; j < P; j++) s[i * P + j] *= w;
      }
      acc.add(fn, s, m, start);
    }
  }
  return summaryFromMoments({ count: acc.count, mean: acc.mean, m2: acc.m2 }, fn);
}
