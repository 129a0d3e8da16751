/**
 * The score-function estimator in independent chunks: chunk c draws its samples with the c-th key of
 * `split(key, chunks)`, returns the moments of its rows, and the chunks are merged left to right (Chan et al.'s
 * update, src/estimators/moments.ts). The chunking depends only on `numSamples` and `chunks`, never on where a chunk
 * runs, so the in-process {@link scoreFunctionChunked} and the worker-pool and distributed paths (src/es/parallel.ts,
 * src/es/distributed*.ts) give the same estimate to the bit for any number of workers.
 */
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { assertKey, split, type Key } from "../random/key.js";
import { checkFinite, checkOptionsObject, checkPositiveInt, checkSize, show } from "../util/validate.js";
import { mergeAll, estimateFromMoments, type ColumnMoments } from "./moments.js";
import { perSampleWidth, type GradientEstimate, type SampleFunction } from "./result.js";
import { defaultChunkSize, scoreMoments } from "./scoreMoments.js";

/** Options of {@link scoreFunctionChunked} (and of the parallel and distributed score-function paths). */
export interface ChunkedScoreOptions {
  /** Number of samples n (default 1000). */
  numSamples?: number;
  /** Number of chunks (default min(n, 64)); the estimate depends on it, not on the number of workers. */
  chunks?: number;
  /**
   * A constant baseline b (default 0): rows are (f(x) − b)·∇θ log p(x). Batch baselines couple the chunks and are
   * not offered here (use scoreFunction).
   */
  baseline?: number;
}

/** One chunk's work: its key, its number of samples and its first sample's index (for error messages). */
export interface ScoreChunk {
  readonly key: Key;
  readonly size: number;
  readonly offset: number;
}

/**
 * Checks the options and lays out the chunks: chunk c has key split(key, C)[c] and ⌊n/C⌋ or ⌈n/C⌉ samples (the
 * longer ones first). Throws, naming `fn`, for a bad option.
 */
export function planScoreChunks(fn: string, dist: Distribution, key: Key, options: ChunkedScoreOptions | null | undefined): { chunks: ScoreChunk[]; baseline: number } {
  checkDistribution(fn, dist);
  assertKey(fn, key);
  const opts = checkOptionsObject<ChunkedScoreOptions>(fn, options, "options", ["numSamples", "chunks", "baseline"]);
  const { numSamples = 1000, baseline = 0 } = opts;
  const n = checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  const C = checkPositiveInt(fn, "chunks", opts.chunks ?? Math.min(n, 64));
  if (C > n) throw new Error(`${fn}: chunks must be ≤ numSamples = ${n}, got ${C}`);
  checkFinite(fn, "baseline", baseline);
  const keys = split(key, C);
  const base = Math.floor(n / C);
  const extra = n - base * C;
  const chunks: ScoreChunk[] = [];
  for (let c = 0, offset = 0; c < C; c++) {
    const size = base + (c < extra ? 1 : 0);
    chunks.push({ key: keys[c], size, offset });
    offset += size;
  }
  return { chunks, baseline };
}

/**
 * The moments of one chunk's score-function rows (f(x_i) − b)·∇θ log p(x_i), x_i drawn from `dist` with the chunk's
 * key, streamed as `scoreFunction` streams them (fused for the Normal). Errors name `fn` and the sample's index in
 * the whole batch. The one code path of the in-process, worker-pool and distributed chunked estimates.
 */
export function scoreChunkMoments(fn: string, f: SampleFunction, dist: Distribution, chunk: ScoreChunk, baseline: number): ColumnMoments {
  return scoreMoments(fn, f, dist, chunk.key, chunk.size, defaultChunkSize(dist.dim), baseline, null, chunk.offset).toMoments();
}

/**
 * Score-function gradient of E_{x~dist}[f(x)] w.r.t. θ, computed in chunks (see the module comment) with memory
 * O(P) plus one cache-sized block per chunk (n/chunks × dim for a non-Normal family); returns mean, variance, stderr
 * without per-sample rows. Same identity and requirements as
 * `scoreFunction` (Williams 1992; Mohamed et al. 2020 §4); a different stream of draws, so a different estimate for
 * the same key. `dist` is used as dist.withParams(dist.params), the form a worker rebuilds.
 * @example
 *   const g = scoreFunctionChunked((x) => x[0] ** 2, new Normal({ loc: 1, scale: 2 }), key(0), { numSamples: 1e5, chunks: 16 });
 *   g.mean; // ≈ [2, 8]
 */
export function scoreFunctionChunked(f: SampleFunction, dist: Distribution, key: Key, options: ChunkedScoreOptions = {}): GradientEstimate {
  const fn = "scoreFunctionChunked";
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  const { chunks, baseline } = planScoreChunks(fn, dist, key, options);
  const d = dist.withParams(dist.params);
  return estimateFromMoments(mergeAll(chunks.map((c) => scoreChunkMoments(fn, f, d, c, baseline))), fn);
}
