/**
 * The chunked score-function estimate (src/estimators/chunked.ts) spread over workers: both halves, the coordinator's
 * ({@link pooledScoreFunction}: plan the chunks, send contiguous groups of them, merge every chunk's moments left to
 * right) and the worker's ({@link runScoreChunks}). Only keys, sizes and θ travel; a worker redraws its samples
 * from the chunk's key (Salimans et al. 2017 send seeds, not perturbations, for the same reason). Used by the
 * thread pool (src/es/parallel.ts) and the BullMQ workers (src/es/distributed.ts) alike.
 */
import { distributionSpec, rebuildDistribution, type DistributionSpec } from "../distributions/rebuild.js";
import type { Distribution } from "../distributions/distribution.js";
import type { Key } from "../random/key.js";
import { planScoreChunks, scoreChunkMoments, type ChunkedScoreOptions, type ScoreChunk } from "../estimators/chunked.js";
import { mergeAll, estimateFromMoments, type ColumnMoments } from "../estimators/moments.js";
import type { GradientEstimate, SampleFunction } from "../estimators/result.js";

/** What travels to a worker for a group of chunks (structured-clone and JSON safe). */
export interface ScoreChunksTask {
  readonly kind: "score";
  readonly spec: DistributionSpec;
  readonly chunks: readonly ScoreChunk[];
  readonly baseline: number;
}

/** What a worker sends back: one moments record per chunk, in the task's order (arrays as plain numbers). */
export interface ChunkMomentsRecord {
  readonly count: number;
  readonly mean: number[];
  readonly m2: number[];
}

/** Where groups of chunks run: a thread pool or a queue. `run` rejects with the worker's error. */
export interface ChunkRunner {
  run(task: ScoreChunksTask, signal: AbortSignal): Promise<unknown>;
  /** How many groups to cut the chunks into (the number of workers). */
  readonly workers: number;
  /** Names the runner in errors. */
  readonly name: string;
}

/** The worker's half: the moments of each chunk of the task, with f loaded by the worker. */
export function runScoreChunks(f: SampleFunction, task: ScoreChunksTask): ChunkMomentsRecord[] {
  const dist = rebuildDistribution(task.spec, "scoreFunction worker");
  return task.chunks.map((c) => {
    const m = scoreChunkMoments("scoreFunction", f, dist, c, task.baseline);
    return { count: m.count, mean: Array.from(m.mean), m2: Array.from(m.m2) };
  });
}

function toMoments(name: string, r: unknown, P: number): ColumnMoments {
  const rec = r as Partial<ChunkMomentsRecord> | null;
  const ok = (v: unknown): v is number[] => Array.isArray(v) && v.length === P;
  if (rec === null || typeof rec !== "object" || typeof rec.count !== "number" || !ok(rec.mean) || !ok(rec.m2)) {
    throw new Error(`${name}: a worker returned a malformed chunk result (expected { count, mean, m2 } with ${P} parameters)`);
  }
  return { count: rec.count, mean: Float64Array.from(rec.mean), m2: Float64Array.from(rec.m2) };
}

/**
 * The coordinator's half: plans the chunks (independent of the number of workers), cuts them into `runner.workers`
 * contiguous groups, runs the groups, and merges the chunks' moments in chunk order. On the first failure the other
 * groups are aborted and the error, naming the runner, is thrown.
 */
export async function pooledScoreFunction(runner: ChunkRunner, dist: Distribution, key: Key, options?: ChunkedScoreOptions): Promise<GradientEstimate> {
  const fn = `${runner.name}.scoreFunction`;
  const { chunks, baseline } = planScoreChunks(fn, dist, key, options);
  const spec = distributionSpec(dist, fn);
  const groups = Math.min(runner.workers, chunks.length);
  const per = Math.ceil(chunks.length / groups);
  const abort = new AbortController();
  const tasks: Promise<unknown>[] = [];
  for (let g = 0; g < chunks.length; g += per) {
    const task: ScoreChunksTask = { kind: "score", spec, chunks: chunks.slice(g, g + per), baseline };
    tasks.push(
      runner.run(task, abort.signal).catch((e: unknown) => {
        if (abort.signal.aborted) throw abort.signal.reason;
        throw new Error(`${runner.name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }),
    );
  }
  let parts: unknown[];
  try {
    parts = await Promise.all(tasks);
  } catch (e) {
    abort.abort(e);
    for (const t of tasks) t.catch(() => {});
    throw e;
  }
  const P = dist.paramSize;
  const moments: ColumnMoments[] = [];
  for (const p of parts) {
    if (!Array.isArray(p)) throw new Error(`${runner.name}: a worker returned ${typeof p} instead of a list of chunk results`);
    for (const r of p) moments.push(toMoments(runner.name, r, P));
  }
  if (moments.length !== chunks.length) throw new Error(`${runner.name}: expected ${chunks.length} chunk results, got ${moments.length}`);
  return estimateFromMoments(mergeAll(moments), fn);
}
