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
  /** Adds one job per payload (named `kind`) and resolves with their results in order; rejects on the first failure. */
  run(kind: string, payloads: readonly object[], signal?: AbortSignal): Promise<unknown[]>;
  close(): Promise<void>;
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
 * Batches on `queue`, results heard through `events` (from {@link openEvents}). `name` prefixes every error.
 * @example const b = jobBatches(queue, events, "coordinator", 60_000); const [r] = await b.run("evaluate", [payload]);
 */
export function jobBatches(queue: Queue, events: QueueEvents, name: string, timeout: number, pollMs = 1000): JobBatches {
  const pending = new Map<string, (o: Outcome) => void>();
  const deliver = (id: string, o: Outcome): void => pending.get(id)?.(o);
  events.on("completed", ({ jobId, returnvalue }) => deliver(jobId, { ok: true, value: returnvalue }));
  events.on("failed", ({ jobId, failedReason }) => deliver(jobId, { ok: false, reason: failedReason }));

  const run = async (kind: string, payloads: readonly object[], signal?: AbortSignal): Promise<unknown[]> => {
    const jobs = await queue.addBulk(payloads.map((data) => ({ name: kind, data })));
    const ids = jobs.map((j) => j.id as string);
    return new Promise<unknown[]>((resolve, reject) => {
      const results: unknown[] = new Array(ids.length);
      let left = ids.length;
      let settled = false;
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
      ids.forEach((id, i) =>
        pending.set(id, (o) => {
          if (!pending.delete(id)) return;
          if (!o.ok) return finish(new Error(`${name}: ${o.reason}`));
          results[i] = o.value;
          if (--left === 0) finish();
        }),
      );
      const sweep = (): void => {
        for (const id of ids) {
          if (pending.has(id)) void poll(queue, id).then((o) => o !== undefined && deliver(id, o), () => {});
        }
      };
      const ticker = setInterval(sweep, pollMs);
      const deadline = setTimeout(() => {
        const open = ids.filter((id) => pending.has(id));
        finish(new Error(`${name}: ${open.length} of ${ids.length} ${kind} jobs (ids ${open.slice(0, 5).join(", ")}${open.length > 5 ? ", …" : ""}) were not finished within the timeout of ${timeout} ms; are workers running for this queue and objective?`));
      }, timeout);
      const onAbort = (): void => finish(signal?.reason instanceof Error ? signal.reason : new Error(`${name}: aborted`));
      if (signal?.aborted === true) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      sweep();
    });
  };
  return { run, close: () => events.close() };
}
