/**
 * Redis connection settings for the distributed path (NODE-ONLY): a redis:// or rediss:// URL parsed into BullMQ's
 * connection options, a form of the URL that never shows the password, and a bounded-time reachability check.
 */
import { Queue, type ConnectionOptions } from "bullmq";

/** A parsed Redis URL: BullMQ connection options and the URL without its credentials (safe to print). */
export interface RedisTarget {
  readonly connection: ConnectionOptions;
  readonly shown: string;
  /** Stops reconnecting (after a failed start, so the process is not kept alive by retries). */
  giveUp(): void;
}

/**
 * Parses `redis://[user][:password]@host:port[/db]` (or `rediss://` for TLS). The password stays in `connection`
 * only; `shown` is `redis://host:port/db`. Throws, naming `fn` and the shown URL, for anything else.
 */
export function redisTarget(fn: string, url: unknown): RedisTarget {
  if (typeof url !== "string" || url.length === 0) throw new Error(`${fn}: redis must be a URL string redis://host:port (or rediss:// for TLS), got ${typeof url === "string" ? '""' : typeof url}`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`${fn}: redis must be a URL redis://host:port (or rediss:// for TLS), got an unparseable string of ${url.length} characters`);
  }
  const shown = `${u.protocol}//${u.hostname}${u.port === "" ? "" : `:${u.port}`}${u.pathname.length > 1 ? u.pathname : ""}`;
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw new Error(`${fn}: redis must use redis:// or rediss://, got ${shown}`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error(`${fn}: the database in ${shown} must be an integer ≥ 0`);
  const connection: ConnectionOptions = {
    host: u.hostname,
    port: u.port === "" ? 6379 : Number(u.port),
    db,
    ...(u.username !== "" ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password !== "" ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === "rediss:" ? { tls: {} } : {}),
    // BullMQ's blocking commands need this; a lost connection is retried every second until giveUp().
    maxRetriesPerRequest: null,
    retryStrategy: () => (stopped ? null : 1000),
  };
  let stopped = false;
  return { connection, shown, giveUp: () => (stopped = true) };
}

/**
 * Resolves once Redis answers through `queue`'s connection; rejects after `timeoutMs` with an Error naming `fn` and
 * the shown URL (never the password), so an unreachable Redis is reported, not waited on forever. A Redis that
 * refuses the URL's credentials is reported at once (the client would otherwise retry them until the timeout).
 */
export async function checkReachable(fn: string, queue: Queue, shown: string, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = "";
  let onError: (e: Error) => void = () => {};
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${fn}: cannot reach Redis at ${shown} within ${timeoutMs} ms (is redis-server running and the URL right?${last === "" ? "" : ` last error: ${last}`})`)), timeoutMs);
    onError = (e: Error): void => {
      last = e.message.split("\n")[0].slice(0, 200);
      if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(e.message)) reject(new Error(`${fn}: Redis at ${shown} refused the credentials in the URL (${last.split(" ")[0]})`));
    };
  });
  queue.on("error", onError);
  try {
    await Promise.race([queue.waitUntilReady(), limit]);
  } finally {
    clearTimeout(timer);
    queue.off("error", onError);
  }
}

/** Closes BullMQ objects after a failed start without waiting more than `ms` (a never-connected client may not answer). */
export async function closeWithin(ms: number, closers: (() => Promise<unknown>)[]): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([Promise.allSettled(closers.map((c) => c())), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
