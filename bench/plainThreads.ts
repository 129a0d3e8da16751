/**
 * The ceiling for bench/parallel.bench.ts: the same objective run in plain worker_threads with no library code and no
 * per-generation synchronization — `threads` threads (the calling one included) each call f `calls / threads` times
 * at once. Its speed-up over one thread is what the machine gives two busy threads right now (a shared or loaded
 * virtual machine gives less than its core count).
 */
import { Worker } from "node:worker_threads";

type F = (x: Float64Array) => number;

/** Calls f `calls` times on a fixed point; returns the sum (so the JIT keeps the calls). */
function loop(f: F, calls: number): number {
  const x = new Float64Array(20).fill(0.3);
  let s = 0;
  for (let i = 0; i < calls; i++) s += f(x);
  return s;
}

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.module).then((m) => {
  const f = m[workerData.exportName];
  const x = new Float64Array(20).fill(0.3);
  parentPort.on("message", (calls) => {
    let s = 0;
    for (let i = 0; i < calls; i++) s += f(x);
    parentPort.postMessage(s);
  });
  parentPort.postMessage("ready");
});`;

/** Best-of-`repeats` wall seconds of `calls` calls of f on one thread and spread over `threads` threads (the caller is one). */
export async function plainThreads(module: string, exportName: string, calls: number, threads: number, repeats: number): Promise<{ oneThread: number; threads: number }> {
  const f = ((await import(module)) as Record<string, F>)[exportName];
  const workers = Array.from({ length: threads - 1 }, () => new Worker(WORKER, { eval: true, workerData: { module, exportName } }));
  try {
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once("message", resolve))));
    loop(f, Math.min(calls, 200));
    let one = Infinity;
    let many = Infinity;
    for (let r = 0; r < repeats; r++) {
      let t0 = performance.now();
      loop(f, calls);
      one = Math.min(one, (performance.now() - t0) / 1000);
      const share = Math.ceil(calls / threads);
      t0 = performance.now();
      const done = workers.map((w) => new Promise((resolve) => w.once("message", resolve)));
      for (const w of workers) w.postMessage(share);
      loop(f, share);
      await Promise.all(done);
      many = Math.min(many, (performance.now() - t0) / 1000);
    }
    return { oneThread: one, threads: many };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
