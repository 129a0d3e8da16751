/**
 * Talks to the lab's compute worker: `request(kind, params)` posts a job and resolves with its result; a newer
 * request of the same kind supersedes an older one (its answer is dropped), so a slider never queues stale work.
 * Streaming jobs (training) also send `progress` messages to the listener given.
 */

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string } | { id: number; progress: unknown };

export interface WorkerClient {
  request<T>(kind: string, params: unknown, onProgress?: (p: unknown) => void): Promise<T | { superseded: true }>;
  terminate(): void;
}

/** Is this value the marker of a superseded request? */
export function superseded(v: unknown): v is { superseded: true } {
  return typeof v === "object" && v !== null && (v as { superseded?: boolean }).superseded === true;
}

export function startWorker(): WorkerClient {
  let worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  let next = 1;
  const pending = new Map<number, { kind: string; resolve: (v: unknown) => void; reject: (e: Error) => void; onProgress?: (p: unknown) => void }>();
  const latest = new Map<string, number>();
  const listen = (w: Worker) => {
    w.onmessage = (ev: MessageEvent<Reply>) => {
      const m = ev.data;
      const p = pending.get(m.id);
      if (!p) return;
      if ("progress" in m) {
        if (latest.get(p.kind) === m.id) p.onProgress?.(m.progress);
        return;
      }
      pending.delete(m.id);
      if (latest.get(p.kind) !== m.id) p.resolve({ superseded: true });
      else if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new Error(`worker failed: ${ev.message}`));
      }
    };
  };
  listen(worker);
  return {
    request<T>(kind: string, params: unknown, onProgress?: (p: unknown) => void) {
      const id = next++;
      latest.set(kind, id);
      return new Promise<T | { superseded: true }>((resolve, reject) => {
        pending.set(id, { kind, resolve: resolve as (v: unknown) => void, reject, onProgress });
        worker.postMessage({ id, kind, params });
      });
    },
    terminate() {
      worker.terminate();
      for (const p of pending.values()) p.resolve({ superseded: true });
      pending.clear();
      worker = undefined as unknown as Worker;
    },
  };
}
