/**
 * Distributed evaluation on BullMQ over Redis (NODE-ONLY; import "mcgrad/distributed"). The coordinator puts
 * population batches (for minimizeAsync) and score-function chunk groups (for the chunked estimator) on a queue;
 * workers on any machine that reaches the Redis (`mcgrad worker`, or {@link startWorker} in
 * src/es/distributedWorker.ts) evaluate them with the objective they were started with. Only keys and scalars
 * travel: a generation's search distribution and key once (src/es/distributedPopulation.ts), candidate index ranges
 * in the jobs, fitness values back; a score-function chunk is its key and size. Results are merged in a fixed
 * order, so a run is the same to the bit as the single-process run with the same seed, however many workers there
 * are and whichever of them did what.
 *
 * Faults: a job whose worker dies is taken back by BullMQ's stalled-job check (after the worker's lock expires) and
 * given to another worker; an objective that throws fails its job at once (no retry: f is deterministic) and the
 * coordinator rejects with the worker's message; Redis unreachable at the start is an error naming the URL (never
 * its password) after `connectTimeout`, wrong credentials at once; a population not finished within `timeout`
 * rejects. A coordinator that dies resumes from minimize's checkpoint (src/es/minimizeCheckpoint.ts), whatever
 * happened to Redis meanwhile; the jobs it left behind expire (workers skip them) after `timeout`.
 *
 * @module mcgrad/distributed
 */
import { Queue, type QueueEvents } from "bullmq";
import type { Distribution } from "../distributions/distribution.js";
import type { Key } from "../random/key.js";
import type { ChunkedScoreOptions } from "../estimators/chunked.js";
import type { GradientEstimate } from "../estimators/result.js";
import { decodeExact, encodeExact } from "../util/codec.js";
import { checkPositiveInt, show } from "../util/validate.js";
import { minimizeAsync, type MinimizeOptions, type MinimizeResult, type PopulationEvaluator } from "./minimize.js";
import { pooledScoreFunction, type ScoreChunksTask } from "./parallelScoreFunction.js";
import { checkReachable, closeWithin, redisTarget } from "./distributedRedis.js";
import { jobBatches, openEvents } from "./distributedJobs.js";
import { populationKey, populationRecord, rowsDigest, type KeysJob } from "./distributedPopulation.js";
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
  /** Milliseconds to wait for Redis at the start, and for a lost connection to come back during a run (default 5000). */
  connectTimeout?: number;
  /** Attempts per job when a worker fails outside f, e.g. a lost connection (default 3). */
  attempts?: number;
  /**
   * How minimizeAsync's populations travel: "keys" (default; the search distribution's parameters once per
   * generation, then candidate indices: small jobs whatever λ) or "rows" (the candidates themselves, λ×d numbers).
   * Rows are fewer bytes only when the state outweighs the population (xNES with d > λ holds a d×d matrix).
   */
  transport?: "keys" | "rows";
}

/** A queue-backed evaluator; `close()` when done. */
export interface DistributedEvaluator {
  readonly evaluate: PopulationEvaluator;
  /** The chunked score-function estimate (src/estimators/chunked.ts) on the workers; bitwise equal to the in-process one. */
  scoreFunction(dist: Distribution, key: Key, options?: ChunkedScoreOptions): Promise<GradientEstimate>;
  /** The objective's id, for minimize's `objectiveId` (checkpoints). */
  readonly objectiveId: string;
  /** Closes the queue and its connections (jobs not yet started are left to expire). */
  close(): Promise<void>;
}

/**
 * The payload of a job that carries candidate rows: numbers go through the exact codec (NaN, ±∞ and −0 survive
 * JSON); `expires` is the time (ms since the epoch) after which workers skip the job, as for a keys job.
 */
export type EvaluateJob = { objective: string; x: unknown; dim: number; offset: number; expires: number };
/** The payload of a score-function job: one group of chunks (its keys and sizes) through the exact codec, and `expires`. */
export type ScoreJob = { objective: string; task: unknown; expires: number };

/**
 * Connects to Redis (failing within `connectTimeout` if it cannot) and returns an evaluator whose work runs on the
 * queue's workers. Under minimizeAsync a population travels as keys (src/es/distributedPopulation.ts): its search
 * distribution's parameters and key once per generation, then per job a range of candidate indices; each job
 * returns its candidates' fitness values. Rows travel only when the evaluator is called without a population's
 * origin, or its state holds a custom shaping function.
 * @example
 *   // elsewhere: mcgrad worker --redis redis://10.0.0.5:6379 --objective ./f.mjs
 *   const ev = await distributedEvaluator({ redis: "redis://10.0.0.5:6379", objective: "f.mjs#default" });
 *   try { const r = await minimizeAsync(ev.evaluate, x0, { seed: 1, objectiveId: ev.objectiveId }); } finally { await ev.close(); }
 */
export async function distributedEvaluator(options: DistributedOptions): Promise<DistributedEvaluator> {
  const fn = "distributedEvaluator";
  if (options === null || typeof options !== "object") throw new Error(`${fn}: options must be an object { redis, objective, queue?, jobs?, timeout? }, got ${show(options)}`);
  const { queue: queueName = "mcgrad", objective } = options;
  if (typeof queueName !== "string" || !/^[A-Za-z0-9_.-]{1,100}$/.test(queueName)) throw new Error(`${fn}: queue must be 1–100 letters, digits, _ . -, got ${show(queueName)}`);
  if (typeof objective !== "string" || objective.length === 0) throw new Error(`${fn}: objective must be a non-empty string (a built-in test function's name or a worker's objective id), got ${show(objective)}`);
  const jobs = checkPositiveInt(fn, "jobs", options.jobs ?? 8);
  const timeout = checkPositiveInt(fn, "timeout", options.timeout ?? 600_000);
  const connectTimeout = checkPositiveInt(fn, "connectTimeout", options.connectTimeout ?? 5000);
  const attempts = checkPositiveInt(fn, "attempts", options.attempts ?? 3);
  const transport = options.transport ?? "keys";
  if (transport !== "keys" && transport !== "rows") throw new Error(`${fn}: transport must be "keys" or "rows", got ${show(transport)}`);
  // The URL last: every other option is checked (and refused by name) before anything depends on Redis.
  const { connection, shown, giveUp } = redisTarget(fn, options.redis);
  const name = `${fn} (${shown}, queue ${queueName}, objective ${objective})`;
  const queue = new Queue(queueName, {
    connection,
    defaultJobOptions: { attempts, backoff: { type: "fixed", delay: 200 }, removeOnComplete: { age: 600 }, removeOnFail: { age: 3600 } },
  });
  queue.on("error", () => {});
  let events: QueueEvents | undefined;
  try {
    await checkReachable(fn, queue, shown, connectTimeout);
    events = openEvents(queue, connection);
    events.on("error", () => {});
    await events.waitUntilReady();
  } catch (e) {
    giveUp();
    await closeWithin(1000, [() => queue.disconnect(), ...(events === undefined ? [] : [() => events!.disconnect()])]);
    throw e;
  }
  const batches = jobBatches(queue, events, { name, shown, timeout, lostTimeout: connectTimeout });
  const client = await queue.client;
  const expires = (): number => Date.now() + timeout;

  const decodeAll = (values: unknown[], kind: string): unknown[] => values.map((v, i) => decodeExact(v, `${kind} job ${i} result`, fn));

  /** The fitness of candidates s…s+per−1 for each s, from `parts` in order; a malformed part is an error. */
  const assemble = (parts: unknown[], size: number, per: number): Float64Array => {
    const out = new Float64Array(size);
    parts.forEach((p, i) => {
      const offset = i * per;
      const expected = Math.min(per, size - offset);
      if (!(p instanceof Float64Array) || p.length !== expected) throw new Error(`${name}: a worker returned a malformed result for candidates ${offset}…${offset + expected - 1}`);
      out.set(p, offset);
    });
    return out;
  };

  const evaluate: PopulationEvaluator = async (x, size, dim, origin) => {
    if (!Number.isInteger(size) || size < 0 || !Number.isInteger(dim) || dim < 1 || !(x instanceof Float64Array) || x.length !== size * dim) {
      throw new Error(`${fn}.evaluate: x must be a Float64Array of size×dim = ${size}×${dim} values, got ${x instanceof Float64Array ? `length ${x.length}` : typeof x}`);
    }
    if (size === 0) return new Float64Array(0);
    const per = Math.ceil(size / jobs);
    const record = transport === "keys" && origin !== undefined ? populationRecord(origin) : undefined;
    if (record === undefined) {
      const payloads: EvaluateJob[] = [];
      for (let s = 0; s < size; s += per) payloads.push({ objective, x: encodeExact(x.slice(s * dim, Math.min(size, s + per) * dim)), dim, offset: s, expires: expires() });
      return assemble(decodeAll(await batches.run("evaluate", payloads), "evaluate"), size, per);
    }
    // Once per generation: the distribution's parameters and key; then per job only indices and a digest of the rows.
    const payloads: KeysJob[] = [];
    for (let s = 0; s < size; s += per) {
      const count = Math.min(per, size - s);
      payloads.push({ objective, population: record.id, start: s, count, digest: rowsDigest(x, dim, s, count), expires: expires() });
    }
    const prepare = (): Promise<unknown> => client.set(populationKey(queue.toKey, record.id), record.json, { PX: timeout + 60_000 });
    return assemble(decodeAll(await batches.run("evaluateKeys", payloads, { prepare }), "evaluateKeys"), size, per);
  };

  const scoreFunction = (dist: Distribution, k: Key, opts?: ChunkedScoreOptions): Promise<GradientEstimate> =>
    pooledScoreFunction(
      {
        name,
        workers: jobs,
        run: async (task: ScoreChunksTask, signal) => decodeAll(await batches.run("score", [{ objective, task: encodeExact(task), expires: expires() } satisfies ScoreJob], { signal }), "score")[0],
      },
      dist,
      k,
      opts,
    );

  const close = async (): Promise<void> => {
    await Promise.allSettled([batches.close(), queue.close()]);
  };
  return { evaluate, scoreFunction, objectiveId: objective, close };
}

/** Options of {@link minimizeDistributed}: minimize's options, plus where the workers are. */
export interface MinimizeDistributedOptions extends MinimizeOptions {
  distributed: DistributedOptions;
}

/**
 * {@link minimizeAsync} with its populations evaluated by the workers of `options.distributed` (see
 * {@link distributedEvaluator}): connects, runs, and disconnects whatever happens. The result is the same to the bit
 * as `minimize(f, x0, options)` in one process. `objectiveId` (what checkpoints record) defaults to the workers'
 * objective id. Evolution strategies on many machines as in Salimans et al. (2017).
 * @example
 *   // elsewhere, on every machine: mcgrad worker --redis redis://:PASSWORD@10.0.0.5:6379
 *   const r = await minimizeDistributed(new Float64Array(10), { seed: 1, distributed: { redis: "redis://:PASSWORD@10.0.0.5:6379", objective: "rosenbrock" } });
 */
export async function minimizeDistributed(x0: ArrayLike<number>, options: MinimizeDistributedOptions): Promise<MinimizeResult> {
  if (options === null || typeof options !== "object" || options.distributed === null || typeof options.distributed !== "object") {
    throw new Error(`minimizeDistributed: options must be minimize's options plus distributed: { redis, objective, queue? }, got ${show(options)}`);
  }
  const { distributed, ...rest } = options;
  const ev = await distributedEvaluator(distributed);
  try {
    return await minimizeAsync(ev.evaluate, x0, { objectiveId: ev.objectiveId, ...rest });
  } finally {
    await ev.close();
  }
}
