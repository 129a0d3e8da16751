/**
 * Distributed evaluation on BullMQ over Redis (NODE-ONLY; import "mcgrad/distributed"). The coordinator puts
 * population batches (for minimizeAsync) and score-function chunk groups (for the chunked estimator) on a queue;
 * workers on any machine that reaches the Redis (`mcgrad worker`, or {@link startWorker} in
 * src/es/distributedWorker.ts) evaluate them with the objective they were started with. Results are merged in a
 * fixed order, so a run is the same to the bit as the single-process run with the same seed, however many workers
 * there are and whichever of them did what.
 *
 * Faults: a job whose worker dies is taken back by BullMQ's stalled-job check (after the worker's lock expires) and
 * given to another worker; an objective that throws fails its job at once (no retry: f is deterministic) and the
 * coordinator rejects with the worker's message; Redis unreachable at the start is an error naming the URL (never
 * its password) after `connectTimeout`; a population not finished within `timeout` rejects. A coordinator that dies
 * resumes from minimize's checkpoint (src/es/minimizeCheckpoint.ts), whatever happened to Redis meanwhile.
 */
import { Queue, QueueEvents, type Job } from "bullmq";
import type { Distribution } from "../distributions/distribution.js";
import type { Key } from "../random/key.js";
import type { ChunkedScoreOptions } from "../estimators/chunked.js";
import type { GradientEstimate } from "../estimators/result.js";
import { decodeExact, encodeExact } from "../util/codec.js";
import { checkPositiveInt, show } from "../util/validate.js";
import type { PopulationEvaluator } from "./minimize.js";
import { pooledScoreFunction, type ScoreChunksTask } from "./parallelScoreFunction.js";
import { checkReachable, closeWithin, redisTarget } from "./distributedRedis.js";
export { startWorker, type WorkerOptions, type RunningWorker } from "./distributedWorker.js";

/** Options of {@link distributedEvaluator}. */
export interface DistributedOptions {
  /** redis://[:password@]host:port[/db], or rediss:// for TLS. Never printed with its password. */
  redis: string;
  /** Queue name (default "mcgrad"); workers must listen on the same one. */
  queue?: string;
  /**
   * Which objective the workers must serve: a built-in test function's name ("rosenbrock", …) or the id a worker
   * started with `--objective FILE` reports (the file's base name and export, e.g. "f.mjs#default"). A worker
   * serving another objective fails the job, naming both.
   */
  objective: string;
  /** Jobs one population (or one estimate's chunks) is cut into (default 8): more spreads better, fewer round trips. */
  jobs?: number;
  /** Milliseconds a population or an estimate may take (default 600 000). */
  timeout?: number;
  /** Milliseconds to wait for Redis at the start (default 5000). */
  connectTimeout?: number;
  /** Attempts per job when a worker fails outside f, e.g. a lost connection (default 3). */
  attempts?: number;
}

/** A queue-backed evaluator; `close()` when done. */
export interface DistributedEvaluator {
  readonly evaluate: PopulationEvaluator;
  /** The chunked score-function estimate (src/estimators/chunked.ts) on the workers; bitwise equal to the in-process one. */
  scoreFunction(dist: Distribution, key: Key, options?: ChunkedScoreOptions): Promise<GradientEstimate>;
  /** The objective's id, for minimize's `objectiveId` (checkpoints). */
  readonly objectiveId: string;
  close(): Promise<void>;
}

/** Job payloads: numbers go through the exact codec (NaN, ±∞ and −0 survive JSON). */
export type EvaluateJob = { objective: string; x: unknown; dim: number; offset: number };
export type ScoreJob = { objective: string; task: unknown };

/**
 * Connects to Redis (failing within `connectTimeout` if it cannot) and returns an evaluator whose work runs on the
 * queue's workers.
 * @example
 *   // elsewhere: mcgrad worker --redis redis://10.0.0.5:6379 --objective ./f.mjs
 *   const ev = await distributedEvaluator({ redis: "redis://10.0.0.5:6379", objective: "f.mjs#default" });
 *   try { const r = await minimizeAsync(ev.evaluate, x0, { seed: 1, objectiveId: ev.objectiveId }); } finally { await ev.close(); }
 */
export async function distributedEvaluator(options: DistributedOptions): Promise<DistributedEvaluator> {
  const fn = "distributedEvaluator";
  if (options === null || typeof options !== "object") throw new Error(`${fn}: options must be an object { redis, objective, queue?, jobs?, timeout? }, got ${show(options)}`);
  const { connection, shown, giveUp } = redisTarget(fn, options.redis);
  const { queue: queueName = "mcgrad", objective } = options;
  if (typeof queueName !== "string" || !/^[A-Za-z0-9_.-]{1,100}$/.test(queueName)) throw new Error(`${fn}: queue must be 1–100 letters, digits, _ . -, got ${show(queueName)}`);
  if (typeof objective !== "string" || objective.length === 0) throw new Error(`${fn}: objective must be a non-empty string (a built-in test function's name or a worker's objective id), got ${show(objective)}`);
  const jobs = checkPositiveInt(fn, "jobs", options.jobs ?? 8);
  const timeout = checkPositiveInt(fn, "timeout", options.timeout ?? 600_000);
  const connectTimeout = checkPositiveInt(fn, "connectTimeout", options.connectTimeout ?? 5000);
  const attempts = checkPositiveInt(fn, "attempts", options.attempts ?? 3);
  const name = `${fn} (${shown}, queue ${queueName}, objective ${objective})`;
  const queue = new Queue(queueName, {
    connection,
    defaultJobOptions: { attempts, backoff: { type: "fixed", delay: 200 }, removeOnComplete: { age: 600 }, removeOnFail: { age: 3600 } },
  });
  let lastError: Error | undefined;
  const onError = (e: Error): void => {
    lastError = e;
  };
  queue.on("error", onError);
  const events = new QueueEvents(queueName, { connection });
  events.on("error", onError);
  try {
    await checkReachable(fn, queue, shown, connectTimeout);
    await events.waitUntilReady();
  } catch (e) {
    giveUp();
    await closeWithin(1000, [() => queue.disconnect(), () => events.disconnect()]);
    throw e;
  }

  /** Adds jobs and resolves with their decoded results in order; the first failure rejects (naming the runner). */
  const runJobs = async (kind: "evaluate" | "score", payloads: object[], signal?: AbortSignal): Promise<unknown[]> => {
    const added: Job[] = await queue.addBulk(payloads.map((data) => ({ name: kind, data })));
    const remove = (): void => {
      for (const j of added) void j.remove().catch(() => {});
    };
    signal?.addEventListener("abort", remove, { once: true });
    try {
      const values = await Promise.all(
        added.map((j) =>
          j.waitUntilFinished(events, timeout).catch((e: unknown) => {
            const msg = e instanceof Error ? e.message : String(e);
            if (/timed out/i.test(msg)) throw new Error(`${name}: job ${j.id} (${kind}) was not finished within the timeout of ${timeout} ms; are workers running for this queue and objective?${lastError ? ` (last Redis error: ${lastError.message})` : ""}`);
            throw new Error(`${name}: ${msg}`);
          }),
        ),
      );
      return values.map((v, i) => decodeExact(v, `job ${added[i].id} result`, fn));
    } catch (e) {
      remove();
      throw e;
    }
  };

  const evaluate: PopulationEvaluator = async (x, size, dim) => {
    if (!Number.isInteger(size) || size < 0 || !Number.isInteger(dim) || dim < 1 || !(x instanceof Float64Array) || x.length !== size * dim) {
      throw new Error(`${fn}.evaluate: x must be a Float64Array of size×dim = ${size}×${dim} values, got ${x instanceof Float64Array ? `length ${x.length}` : typeof x}`);
    }
    const per = Math.max(1, Math.ceil(size / jobs));
    const payloads: EvaluateJob[] = [];
    for (let s = 0; s < size; s += per) payloads.push({ objective, x: encodeExact(x.slice(s * dim, Math.min(size, s + per) * dim)), dim, offset: s });
    const parts = await runJobs("evaluate", payloads);
    const out = new Float64Array(size);
    parts.forEach((p, i) => {
      const offset = payloads[i].offset;
      const expected = Math.min(per, size - offset);
      if (!(p instanceof Float64Array) || p.length !== expected) throw new Error(`${name}: a worker returned a malformed result for candidates ${offset}…${offset + expected - 1}`);
      out.set(p, offset);
    });
    return out;
  };

  const scoreFunction = (dist: Distribution, k: Key, opts?: ChunkedScoreOptions): Promise<GradientEstimate> =>
    pooledScoreFunction(
      { name, workers: jobs, run: async (task: ScoreChunksTask, signal) => (await runJobs("score", [{ objective, task: encodeExact(task) } satisfies ScoreJob], signal))[0] },
      dist,
      k,
      opts,
    );

  const close = async (): Promise<void> => {
    await Promise.allSettled([events.close(), queue.close()]);
  };
  return { evaluate, scoreFunction, objectiveId: objective, close };
}
