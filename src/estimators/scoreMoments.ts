/**
 * The score-function estimator without rows: the moments of the rows (f(x_i) − b_i)·∇θ log p(x_i), accumulated chunk
 * by chunk (src/estimators/runningMoments.ts), memory O(P) plus one chunk. Same draws as `dist.sample(key, n)`.
 *
 * Fused path, a diagonal Gaussian (the Normal, which declares the `DiagonalGaussian` fact): the noise ε and the
 * samples x = μ + σε come one cache-sized chunk at a time (the same stream as sampleNoise; f gets a reused view of the
 * chunk), and the rows are never formed: the chunk's shifted sums of w·ε and w·(ε² − 1) (w = f − b) are accumulated
 * column by column and merged, and the μ columns are divided by σ once, at the end. No log-density, no score array.
 * The chunk work is gaussianChunks.ts' workspace: WebAssembly SIMD kernels, or their TypeScript reference (same bits).
 * Generic path, every other family: the samples come a chunk at a time (src/estimators/sampleChunks.ts: memory one
 * chunk for a family that streams its draws — every built-in one —, n × dim for a family without a stream), scores
 * and rows chunk by chunk.
 * References: Williams (1992); Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §4; Chan, Golub & LeVeque (1979).
 */
import { isDiagonalGaussian, type Distribution } from "../distributions/distribution.js";
import { dense, eachGaussianChunk } from "./gaussianChunks.js";
import type { Key } from "../random/key.js";
import { checkRowsFinite, RunningMoments } from "./runningMoments.js";
import { sampleChunks } from "./sampleChunks.js";
import { checkedValue, type SampleFunction } from "./result.js";

/**
 * The default chunk: about 2048 doubles of noise (16 KB, half an L1 data cache, so the noise written by the sampler
 * is still there when the sums read it), at least 8 and at most 256 samples.
 */
export function defaultChunkSize(dim: number): number {
  return Math.max(8, Math.min(256, Math.floor(2048 / Math.max(1, dim))));
}

/**
 * f at each of the n samples of `dist.sample(key, n)`, streamed as {@link scoreMoments} streams them (the values a
 * batch baseline needs before the rows can be formed).
 */
export function sampleValues(fn: string, f: SampleFunction, dist: Distribution, key: Key, n: number, chunkSize: number): Float64Array {
  const fx = new Float64Array(n);
  if (isDiagonalGaussian(dist)) {
    const C = Math.min(chunkSize, n);
    return eachGaussianChunk(dist, key, n, C, (ws, start, m) => evaluateChunk(fn, f, ws.views, fx.subarray(start, start + m), m, 0, start), () => fx);
  }
  const d = dist.dim;
  const C = Math.min(chunkSize, n);
  const next = sampleChunks(dist, key, n, C);
  for (let start = 0; start < n; start += C) {
    const m = Math.min(C, n - start);
    const x = next(m);
    for (let i = 0; i < m; i++) fx[start + i] = checkedValue(fn, f, x.subarray(i * d, (i + 1) * d), start + i);
  }
  return fx;
}

/**
 * The running moments of the score-function rows w_i·∇θ log p(x_i) over the n samples of `dist.sample(key, n)`:
 * w_i = f(x_i) − b when `weights` is null, else w_i = weights[i] (f is not called). `offset` is added to sample
 * indices in errors (a chunk of a larger batch). Arguments are checked by the caller.
 */
export function scoreMoments(
  fn: string,
  f: SampleFunction,
  dist: Distribution,
  key: Key,
  n: number,
  chunkSize: number,
  b: number,
  weights: Float64Array | null,
  offset = 0,
): RunningMoments {
  const C = Math.min(chunkSize, n);
  const d = dist.dim;
  const P = dist.paramSize;
  if (isDiagonalGaussian(dist)) {
    return eachGaussianChunk(dist, key, n, C, (ws, start, m) => {
      if (weights === null) evaluateChunk(fn, f, ws.views, ws.w, m, b, offset + start);
      else ws.w.set(weights.subarray(start, start + m));
      if (!ws.merge("score", m)) locateNormal(fn, dense(ws.eps, m, d, ws.stride), ws.w, dist.scale, m, d, offset + start);
    }, (ws) => {
      const moments = ws.moments();
      // The μ columns were summed as w·ε: ∂/∂μ_j log p = ε_j/σ_j, so divide them by σ_j once.
      for (let j = 0; j < d; j++) moments.scaleColumn(j, 1 / dist.scale[j]);
      return moments;
    });
  }
  const acc = new RunningMoments(P);
  const next = sampleChunks(dist, key, n, C);
  for (let start = 0; start < n; start += C) {
    const m = Math.min(C, n - start);
    const xc = next(m);
    const s = dist.score(xc);
    for (let i = 0; i < m; i++) {
      let wi: number;
      if (weights === null) wi = checkedValue(fn, f, xc.subarray(i * d, (i + 1) * d), offset + start + i) - b;
      else wi = weights[start + i];
      for (let j = i * P; j < (i + 1) * P; j++) s[j] *= wi;
    }
    acc.addRows(fn, s, m, offset + start);
  }
  return acc;
}

/** w[i] = f(views[i]) − b for the m samples of a chunk; errors name sample first + i. */
function evaluateChunk(fn: string, f: SampleFunction, views: Float64Array[], w: Float64Array, m: number, b: number, first: number): void {
  for (let i = 0; i < m; i++) w[i] = checkedValue(fn, f, views[i], first + i) - b;
}

/** After a non-finite chunk sum: throws at a non-finite row (w ε/σ, w (ε² − 1)); returns if every row is finite. */
function locateNormal(fn: string, eps: Float64Array, w: Float64Array, scale: Float64Array, m: number, d: number, first: number): void {
  const rows = new Float64Array(m * 2 * d);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) {
      const e = eps[i * d + j];
      rows[i * 2 * d + j] = (w[i] * e) / scale[j];
      rows[i * 2 * d + d + j] = w[i] * (e * e - 1);
    }
  }
  checkRowsFinite(fn, rows, m, 2 * d, first);
}
