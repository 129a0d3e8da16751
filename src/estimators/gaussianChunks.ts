/**
 * The chunk workspace of the fused diagonal-Gaussian estimators (scoreMoments.ts, pathwiseMoments.ts): one contract,
 * two backends with the same bits. Per chunk of m ≤ C draws it holds the noise ε, the samples x = μ + σε (f's views),
 * and the per-row inputs of the rows — w = f − b for the score rows (w·ε, w·ε² − w), ∇f for the pathwise rows
 * (∇f, ∇f·ε) — and merges the chunk's rows into running column moments without forming them (shifted sums, then
 * Chan, Golub & LeVeque's merge: RunningMoments).
 *
 * The WebAssembly SIMD backend (gaussianChunkSimd.ts) is the default; this file's TypeScript backend is its reference
 * (test/estimators/gaussianChunkSimd.test.ts compares their bits) and the fallback where WebAssembly SIMD is missing.
 */
import type { DiagonalGaussian } from "../distributions/distribution.js";
import type { Key } from "../random/key.js";
import { GaussianSimdChunks, gaussianSimd } from "./gaussianChunkSimd.js";
import { RunningMoments } from "./runningMoments.js";

/** Which rows a chunk's merge forms: the Normal's unscaled score rows, or its pathwise rows. */
export type GaussianRows = "score" | "pathwise";

/** A chunk workspace (see the module comment); arrays are row-major with row stride `stride` ≥ d. */
export interface GaussianChunkWork {
  readonly stride: number;
  readonly eps: Float64Array;
  /** views[i]: sample i of the chunk (length d), the argument f receives; reused from chunk to chunk. */
  readonly views: Float64Array[];
  /** f − b per row (score rows). */
  readonly w: Float64Array;
  /** ∇f per row, stride `stride` (pathwise rows). */
  readonly g: Float64Array;
  /** Draws the next m rows from `fill` (the family's noiseStream) and forms x = μ + σε. */
  next(fill: (eps: Float64Array, x?: Float64Array) => void, m: number): void;
  /** Merges the chunk's m rows into the running moments; false if a sum is not finite. */
  merge(rows: GaussianRows, m: number): boolean;
  /** The running moments over the 2d columns [first row | second row] (unscaled). */
  moments(): RunningMoments;
  /** Ends the workspace's use (its arrays must not be used afterwards). */
  release(): void;
}

/** The workspace for chunks of at most C draws of `dist`: SIMD where available (and not switched off), else TypeScript. */
function gaussianChunks(dist: DiagonalGaussian, C: number): GaussianChunkWork {
  return (gaussianSimd.enabled ? GaussianSimdChunks.acquire(dist.loc, dist.scale, C) : null) ?? new TypeScriptChunks(dist.dim, C);
}

/**
 * Walks the n draws of `dist.sampleNoise(key, n)` (and their samples) in chunks of at most C in one workspace:
 * `chunk(ws, start, m)` for each chunk once its m rows are drawn, then returns `finish(ws)`; the workspace is released
 * however it ends.
 */
export function eachGaussianChunk<T>(
  dist: DiagonalGaussian,
  key: Key,
  n: number,
  C: number,
  chunk: (ws: GaussianChunkWork, start: number, m: number) => void,
  finish: (ws: GaussianChunkWork) => T,
): T {
  const ws = gaussianChunks(dist, C);
  try {
    const fill = dist.noiseStream(key);
    for (let start = 0; start < n; start += C) {
      const m = Math.min(C, n - start);
      ws.next(fill, m);
      chunk(ws, start, m);
    }
    return finish(ws);
  } finally {
    ws.release();
  }
}

/** The TypeScript backend: dense rows (stride d), the sums in locals column by column. */
class TypeScriptChunks implements GaussianChunkWork {
  readonly stride: number;
  readonly eps: Float64Array;
  readonly views: Float64Array[];
  readonly w: Float64Array;
  readonly g: Float64Array;
  private readonly x: Float64Array;
  private readonly acc: RunningMoments;
  constructor(
    private readonly d: number,
    C: number,
  ) {
    this.stride = d;
    this.eps = new Float64Array(C * d);
    this.x = new Float64Array(C * d);
    this.g = new Float64Array(C * d);
    this.w = new Float64Array(C);
    this.views = Array.from({ length: C }, (_, i) => this.x.subarray(i * d, (i + 1) * d));
    this.acc = new RunningMoments(2 * d);
  }

  next(fill: (eps: Float64Array, x?: Float64Array) => void, m: number): void {
    const n = m * this.d;
    if (n === this.eps.length) fill(this.eps, this.x);
    else fill(this.eps.subarray(0, n), this.x.subarray(0, n));
  }

  merge(rows: GaussianRows, m: number): boolean {
    return mergeChunk(this.acc, this.eps, rows === "score" ? this.w : this.g, rows === "score", m, this.d);
  }

  moments(): RunningMoments {
    return this.acc;
  }

  release(): void {}
}

/**
 * Merges one chunk's rows column by column with the four shifted sums in locals (no row array written): from v = w
 * (score: r1 = w·ε, r2 = r1·ε − w) or v = ∇f (pathwise: r1 = ∇f, r2 = ∇f·ε). The SIMD kernels repeat these operations
 * in this order. Returns false if a sum is not finite.
 */
function mergeChunk(acc: RunningMoments, eps: Float64Array, v: Float64Array, score: boolean, m: number, d: number): boolean {
  let check = 0;
  acc.begin(m);
  for (let j = 0; j < d; j++) {
    const e0 = eps[j];
    const r0 = score ? v[0] * e0 : v[j];
    const K1 = acc.shift(j, r0);
    const K2 = acc.shift(d + j, score ? r0 * e0 - v[0] : r0 * e0);
    let a1 = 0;
    let q1 = 0;
    let a2 = 0;
    let q2 = 0;
    for (let i = 0, k = j; i < m; i++, k += d) {
      const e = eps[k];
      const r1 = score ? v[i] * e : v[k];
      const t1 = r1 - K1;
      const t2 = (score ? r1 * e - v[i] : r1 * e) - K2;
      a1 += t1;
      q1 += t1 * t1;
      a2 += t2;
      q2 += t2 * t2;
    }
    check += q1 + q2;
    acc.mergeColumn(j, K1, a1, q1);
    acc.mergeColumn(d + j, K2, a2, q2);
  }
  acc.commit();
  return check - check === 0;
}

/** The first m rows of a `stride`-strided chunk array as a dense m × d copy (for the error paths, which read stride d). */
export function dense(a: Float64Array, m: number, d: number, stride: number): Float64Array {
  if (d === stride) return a.subarray(0, m * d);
  const out = new Float64Array(m * d);
  for (let i = 0; i < m; i++) out.set(a.subarray(i * stride, i * stride + d), i * d);
  return out;
}
