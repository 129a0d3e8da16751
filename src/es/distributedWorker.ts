/**
 * The worker side of distributed evaluation (NODE-ONLY; src/es/distributed.ts is the coordinator). A worker serves
 * one objective, fixed when it starts: every built-in test function by name, plus at most one module's export.
 * A job only names which objective it wants; the worker never loads code a job names. A population comes as keys
 * (src/es/distributedPopulation.ts: rebuilt once per generation and checked against the coordinator's digest) or as
 * rows. f's errors fail the job without retry (UnrecoverableError, message naming the candidate or sample); stalled
 * jobs of a dead worker are taken back by the live ones after `lockDuration`, and a live worker yields between
 * candidates so that its own locks are renewed; jobs past their coordinator's deadline are skipped.
 */
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { decodeExact, encodeExact } from "../util/codec.js";
import { checkPositiveInt, show } from "../util/validate.js";
import { checkFitnessValue } from "./strategy.js";
import { testFunctions } from "./testFunctions.js";
import { runScoreChunks, type ScoreChunksTask } from "./parallelScoreFunction.js";
import { checkReachable, closeWithin, redisTarget } from "./distributedRedis.js";
import { checkKeysJob, populationKey, rebuildPopulation, rowsDigest } from "./distributedPopulation.js";
import type { EvaluateJob, ScoreJob } from "./distributed.js";

type F = (x: Float64Array) => number;

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  redis: string;
  /** Queue name (default "mcgrad"). */
  queue?: string;
  /** A module file (absolute, or relative to the working directory) whose export is f; optional. */
  module?: string;
  /** The export of `module` holding f (default "default"). */
  exportName?: string;
  /** Jobs run at once by this process (default 1; f runs on this thread, so more only helps an async f). */
  concurrency?: number;
  /** Milliseconds a job's lock lasts; a dead worker's job is retried elsewhere after about this long (default 30 000). */
  lockDuration?: number;
  /** Milliseconds to wait for Redis at the start (default 5000). */
  connectTimeout?: number;
  /** Milliseconds close() waits for the job under way before dropping the connection (default 10 000). */
  closeTimeout?: number;
  /** Told when the connection to Redis is lost and when it is back (messages name the URL without its password). */
  onStatus?: (message: string) => void;
}

/** A running worker. */
export interface RunningWorker {
  /** The objective ids this worker serves (the built-ins, and `<file>#<export>` for a module). */
  readonly objectives: readonly string[];
  /** Stops taking jobs, lets the job under way finish (at most `closeTimeout` ms) and disconnects. */
  close(): Promise<void>;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : `a thrown ${typeof e} ${typeof e === "string" ? JSON.stringify(e) : String(e)}`;
}

/**
 * Yields to the event loop once `every` ms have passed since the last yield: a job runs f on many candidates in this
 * thread, and BullMQ renews the job's lock from a timer, which must get its turn or the live job is taken for a dead
 * worker's and run again elsewhere. With these yields only a single call of f longer than the lock is a problem.
 */
function yielder(every: number): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < every) return;
    await new Promise((r) => setImmediate(r));
    last = Date.now();
  };
}

/** f on rows first … first+n−1 of x (λ×dim); candidate numbers in errors are offset by `offset`. */
async function evaluateRows(f: F, x: Float64Array, dim: number, first: number, n: number, offset: number, pause: () => Promise<void>): Promise<Float64Array> {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    await pause();
    let v: unknown;
    try {
      v = f(x.slice((first + i) * dim, (first + i + 1) * dim));
    } catch (e) {
      throw new UnrecoverableError(`f threw for candidate ${offset + i}: ${describe(e)}`);
    }
    try {
      out[i] = checkFitnessValue("worker", v, offset + i);
    } catch (e) {
      throw new UnrecoverableError((e as Error).message);
    }
  }
  return out;
}

/** The moments of a score task's chunks, one chunk at a time with a chance to yield between them. */
async function scoreChunks(f: F, task: ScoreChunksTask, pause: () => Promise<void>): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const chunk of task.chunks) {
    await pause();
    out.push(...runScoreChunks(f, { ...task, chunks: [chunk] }));
  }
  return out;
}

/** Populations rebuilt from their records, by id (a few generations: jobs of one population arrive together). */
function populationCache(read: (id: string) => Promise<string | null>, size = 4) {
  const cache = new Map<string, Promise<{ x: Float64Array; dim: number }>>();
  return (id: string): Promise<{ x: Float64Array; dim: number }> => {
    let p = cache.get(id);
    if (p === undefined) {
      p = read(id).then((json) => {
        if (json === null) throw new UnrecoverableError(`population ${id} is not in Redis (expired, or Redis lost its data)`);
        try {
          return rebuildPopulation(json, "worker");
        } catch (e) {
          throw new UnrecoverableError((e as Error).message);
        }
      });
      p.catch(() => cache.delete(id));
      cache.set(id, p);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
    }
    return p;
  };
}

/**
 * Starts a BullMQ worker for the distributed evaluator; resolves once Redis answered (rejects, naming the URL
 * without its password, if it does not within `connectTimeout`).
 * @example const w = await startWorker({ redis: "redis://127.0.0.1:6379", module: "./f.mjs" }); … await w.close();
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const fn = "startWorker";
  if (options === null || typeof options !== "object") throw new Error(`${fn}: options must be an object { redis, module?, … }, got ${show(options)}`);
  const { queue: queueName = "mcgrad", exportName = "default" } = options;
  if (typeof queueName !== "string" || !/^[A-Za-z0-9_.-]{1,100}$/.test(queueName)) throw new Error(`${fn}: queue must be 1–100 letters, digits, _ . -, got ${show(queueName)}`);
  if (typeof exportName !== "string" || exportName.length === 0) throw new Error(`${fn}: exportName must be a non-empty string, got ${show(exportName)}`);
  const concurrency = checkPositiveInt(fn, "concurrency", options.concurrency ?? 1);
  const lockDuration = checkPositiveInt(fn, "lockDuration", options.lockDuration ?? 30_000);
  const connectTimeout = checkPositiveInt(fn, "connectTimeout", options.connectTimeout ?? 5000);
  const closeTimeout = checkPositiveInt(fn, "closeTimeout", options.closeTimeout ?? 10_000);
  const onStatus = options.onStatus ?? (() => {});
  if (typeof onStatus !== "function") throw new Error(`${fn}: onStatus must be a function (message: string) => void, got ${show(onStatus)}`);
  const served = new Map<string, F>(Object.values(testFunctions).map((t) => [t.name, t.f]));
  if (options.module !== undefined) {
    if (typeof options.module !== "string" || options.module === "") throw new Error(`${fn}: module must be a file path, got ${show(options.module)}`);
    const url = options.module.startsWith("file:") ? options.module : pathToFileURL(options.module).href;
    let m: Record<string, unknown>;
    try {
      m = (await import(url)) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`${fn}: cannot import the objective module ${options.module}: ${describe(e)}`);
    }
    if (typeof m[exportName] !== "function") throw new Error(`${fn}: ${options.module} has no function export "${exportName}"`);
    served.set(`${basename(options.module)}#${exportName}`, m[exportName] as F);
  }
  const objectiveOf = (job: Job): F => {
    const id = (job.data as { objective?: unknown }).objective;
    const f = typeof id === "string" ? served.get(id) : undefined;
    if (f === undefined) throw new UnrecoverableError(`this worker serves ${[...served.keys()].join(", ")}, not the objective ${show(id)} the job asks for`);
    return f;
  };
  // The URL last: every other option is checked (and refused by name) before anything depends on Redis.
  const { connection, shown, giveUp } = redisTarget(fn, options.redis);
  const probe = new Queue(queueName, { connection });
  probe.on("error", () => {});
  try {
    await checkReachable(fn, probe, shown, connectTimeout);
  } catch (e) {
    giveUp();
    await closeWithin(1000, [() => probe.disconnect()]);
    throw e;
  }
  await probe.close();
  // Population records are read on the worker's own connection (the processor runs only once `worker` exists).
  const population = populationCache(async (id) => (await worker.client).get(populationKey(worker.toKey, id)));
  const worker = new Worker(
    queueName,
    async (job: Job) => {
      const f = objectiveOf(job);
      const expires = (job.data as { expires?: unknown }).expires;
      if (typeof expires === "number" && Date.now() > expires) throw new UnrecoverableError("expired: its coordinator stopped waiting for it (it stopped or timed out)");
      if (job.name === "evaluateKeys") {
        const data = checkKeysJob("worker", job.data);
        const { x, dim } = await population(data.population);
        if (data.start + data.count > x.length / dim) throw new UnrecoverableError(`candidates ${data.start}…${data.start + data.count - 1} are beyond the population's ${x.length / dim}`);
        if (rowsDigest(x, dim, data.start, data.count) !== data.digest) {
          throw new UnrecoverableError(`the candidates ${data.start}…${data.start + data.count - 1} this worker rebuilt from population ${data.population} differ from the coordinator's: run the same version of mcgrad on both`);
        }
        return encodeExact(await evaluateRows(f, x, dim, data.start, data.count, data.start, yielder(lockDuration / 4)));
      }
      if (job.name === "evaluate") {
        const data = job.data as EvaluateJob;
        const x = decodeExact(data.x, "x", "worker") as Float64Array;
        return encodeExact(await evaluateRows(f, x, data.dim, 0, x.length / data.dim, data.offset, yielder(lockDuration / 4)));
      }
      if (job.name === "score") {
        const task = decodeExact((job.data as ScoreJob).task, "task", "worker") as ScoreChunksTask;
        try {
          return encodeExact(await scoreChunks(f, task, yielder(lockDuration / 4)));
        } catch (e) {
          throw new UnrecoverableError((e as Error).message);
        }
      }
      throw new UnrecoverableError(`unknown job kind ${show(job.name)}`);
    },
    { connection, concurrency, lockDuration, stalledInterval: Math.max(500, Math.floor(lockDuration / 2)), maxStalledCount: 10 },
  );
  // Connection trouble, reported once when it starts and once when it ends (ioredis retries every second).
  let trouble = "";
  worker.on("error", (e: Error) => {
    const message = e.message.split("\n")[0];
    if (trouble === "") onStatus(`lost Redis at ${shown} (${message}); reconnecting`);
    trouble = message || "error";
  });
  await worker.waitUntilReady();
  (await worker.client).on("ready", () => {
    if (trouble !== "") onStatus(`connected to Redis at ${shown} again`);
    trouble = "";
  });
  // close() lets the job under way finish, but not forever: a worker whose Redis went away and came back empty
  // was seen waiting on its old connection; its job, if any, is retried elsewhere once its lock expires.
  const close = async (): Promise<void> => {
    giveUp(); // no more reconnecting: a worker closed while Redis is away must let its process end
    let closed = false;
    await closeWithin(closeTimeout, [() => worker.close().then(() => (closed = true))]);
    if (!closed) await closeWithin(1000, [() => worker.disconnect()]);
  };
  return { objectives: [...served.keys()], close };
}
