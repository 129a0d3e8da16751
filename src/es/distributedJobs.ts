/**
 * The coordinator's side of a batch of BullMQ jobs (NODE-ONLY): add them, then collect every result in order or the
 * first failure. Completion is heard on the queue's event stream read from its start: with BullMQ's default ("$":
 * only events written after the first blocking read) an event written between connecting and that first read was
 * lost, and a run waited forever with every job completed (the hang of `mcgrad optimize --redis` seen in CI). Each
 * batch is also polled right after it is added (a job finished before its listener existed) and then every
 * `pollMs` (an event lost to a reconnect or a trimmed stream), so a finished job is always seen; a batch not
 * finished within `timeout` rejects.
 */
import { Job, QueueEvents, type ConnectionOptions, type Queue } from "bullmq";

/** A job's end: its result, or the reason it failed. */
type Outcome = { ok: true; value: unknown } | { ok: false; reason: string };

/** Runs batches of jobs on one queue. */
export interface JobBatches {
  /**
   * Runs `prepare` (e.g. storing what the jobs refer to), adds one job per payload (named `kind`) and resolves with
   * their results in order; rejects on the first failure, at `signal`, after the timeout, or when Redis has been
   * unreachable for longer than the lost-connection limit.
   */
  run(kind: string, payloads: readonly object[], options?: { signal?: AbortSignal; prepare?: () => Promise<unknown> }): Promise<unknown[]>;
  close(): Promise<void>;
}

/** Where and how long to wait: `name` prefixes every error, `shown` is the URL without its password. */
export interface BatchLimits {
  readonly name: string;
  readonly shown: string;
  /** Milliseconds a batch may take. */
  readonly timeout: number;
  /** Milliseconds the connection to Redis may stay lost before a batch gives up. */
  readonly lostTimeout: number;
  /** Milliseconds between polls of unfinished jobs (default 1000). */
  readonly pollMs?: number;
}

/**
 * The queue's event stream, read from its first retained entry: no event of a job added from now on can be missed.
 * The replay of older events (at most the stream's cap, 10 000 by default) is ignored: job ids never repeat on a queue.
 */
export function openEvents(queue: Queue, connection: ConnectionOptions): QueueEvents {
  return new QueueEvents(queue.name, { connection, lastEventId: "0-0" });
}

async function poll(queue: Queue, id: string): Promise<Outcome | undefined> {
  const state = await queue.getJobState(id);
  if (state === "unknown") return { ok: false, reason: `job ${id} disappeared from the queue (removed by someone else, or Redis lost its data)` };
  if (state !== "completed" && state !== "failed") return undefined;
  const job = await Job.fromId(queue, id);
  if (job === undefined) return undefined;
  return state === "completed" ? { ok: true, value: job.returnvalue } : { ok: false, reason: job.failedReason };
}

/**
 * Batches on `queue`, results heard through `events` (from {@link openEvents}).
 * @example const b = jobBatches(queue, events, { name: "coordinator", shown, timeout: 60_000, lostTimeout: 5000 });
 */
export function jobBatches(queue: Queue, events: QueueEvents, limits: BatchLimits): JobBatches {
  const { name, shown, timeout, lostTimeout, pollMs = 1000 } = limits;
  const pending = new Map<string, (o: Outcome) => void>();
  const deliver = (id: string, o: Outcome): void => pending.get(id)?.(o);
  events.on("completed", ({ jobId, returnvalue }) => deliver(jobId, { ok: true, value: returnvalue }));
  events.on("failed", ({ jobId, failedReason }) => deliver(jobId, { ok: false, reason: failedReason }));

  const run: JobBatches["run"] = (kind, payloads, { signal, prepare } = {}) =>
    new Promise<unknown[]>((resolve, reject) => {
      let jobs: Job[] = [];
      let ids: string[] = [];
      let left = payloads.length;
      const results: unknown[] = new Array(payloads.length);
      let settled = false;
      let downSince: number | undefined;
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        clearInterval(ticker);
        clearTimeout(deadline);
        signal?.removeEventListener("abort", onAbort);
        for (const id of ids) pending.delete(id);
        if (error === undefined) return resolve(results);
        // Nobody waits for the others any more: take back those not yet started (a running one cannot be removed).
        for (const j of jobs) void j.remove().catch(() => {});
        reject(error);
      };
      const sweep = (): void => {
        for (const id of ids) {
          if (pending.has(id)) void poll(queue, id).then((o) => o !== undefined && deliver(id, o), () => {});
        }
      };
      const tick = async (): Promise<void> => {
        if ((await queue.client).status === "ready") {
          downSince = undefined;
          return sweep();
        }
        downSince ??= Date.now();
        if (Date.now() - downSince > lostTimeout) finish(new Error(`${name}: lost the connection to Redis at ${shown} for more than ${lostTimeout} ms (redis-server stopped, or the network?)`));
      };
      const ticker = setInterval(() => void tick(), Math.min(pollMs, lostTimeout / 4));
      const deadline = setTimeout(() => {
        const open = ids.filter((id) => pending.has(id));
        finish(new Error(`${name}: ${open.length} of ${payloads.length} ${kind} jobs${open.length > 0 ? ` (ids ${open.slice(0, 5).join(", ")}${open.length > 5 ? ", …" : ""})` : ""} were not finished within the timeout of ${timeout} ms; are workers running for this queue and objective?`));
      }, timeout);
      const onAbort = (): void => finish(signal?.reason instanceof Error ? signal.reason : new Error(`${name}: aborted`));
      if (signal?.aborted === true) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      void (async () => {
        // One connection runs commands in order: the jobs are added after `prepare`'s commands without waiting for them.
        [, jobs] = await Promise.all([prepare?.(), queue.addBulk(payloads.map((data) => ({ name: kind, data })))]);
        if (settled) return void jobs.forEach((j) => void j.remove().catch(() => {}));
        ids = jobs.map((j) => j.id as string);
        ids.forEach((id, i) =>
          pending.set(id, (o) => {
            if (!pending.delete(id)) return;
            if (!o.ok) return finish(new Error(`${name}: ${o.reason}`));
            results[i] = o.value;
            if (--left === 0) finish();
          }),
        );
        sweep();
      })().catch((e: unknown) => finish(new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`)));
    });
  return { run, close: () => events.close() };
}
