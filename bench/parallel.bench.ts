/**
 * Every core (issue 10): wall-time speed-up of `minimizeAsync` on the worker pool (src/es/parallel.ts) over the
 * serial `minimize`, for objectives of increasing cost, beside the ideal (min(workers, cores)×); and the chunked
 * score-function estimate on the pool against the same computation in process. Wall time is the measure here (the
 * point is to use more than one core), best of `REPEATS` runs; the machine's load average is recorded with it
 * because other processes on a shared machine take cores away from the pool.
 */
import { availableParallelism, availableParallelism as cores, loadavg } from "node:os";
import { existsSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { distributedEvaluator } from "../src/es/distributed.js";
import { freePort, kill, startRedis, startWorkerProcess } from "../test/distributed/redisServer.js";
import { fileURLToPath } from "node:url";
import { minimize, minimizeAsync } from "../src/es/minimize.js";
import { parallelEvaluator } from "../src/es/parallel.js";
import { Normal } from "../src/distributions/normal.js";
import { key } from "../src/random/key.js";
import { scoreFunctionChunked } from "../src/estimators/chunked.js";

const MODULE = fileURLToPath(new URL("./fixtures/costly.mjs", import.meta.url));
const REPEATS = 3;
type F = (x: Float64Array) => number;

async function bestWall(repeats: number, body: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await body();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

/** f's cost in µs, measured in this thread (best of 5 batches). */
function costMicros(f: F): number {
  const x = new Float64Array(20).fill(0.3);
  for (let i = 0; i < 300; i++) f(x);
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 300; i++) f(x);
    best = Math.min(best, ((performance.now() - t0) / 300) * 1000);
  }
  return best;
}

/**
 * xNES d = 20 on an objective of ~2 ms through BullMQ/Redis with 1, 2 and 4 local `mcgrad worker` processes, against
 * the in-process run; overhead per evaluation = (wall × min(workers, cores) − serial wall) / evaluations.
 */
async function distributedRows(): Promise<unknown> {
  if (!existsSync("/usr/bin/redis-server")) return "skipped: install redis-server (apt-get install -y redis-server)";
  const port = await freePort();
  const redis = await startRedis(port);
  const url = `redis://127.0.0.1:${port}`;
  const f = ((await import(MODULE)) as Record<string, F>).c256k;
  const x0 = new Float64Array(20).fill(1);
  const options = { seed: 1, maxEvals: 240, sigma0: 0.5 };
  const serial = await bestWall(2, async () => minimize(f, x0, options));
  const rows: Record<string, unknown>[] = [{ workers: 0, fMillis: Number((costMicros(f) / 1000).toFixed(2)), evals: options.maxEvals, serialSeconds: Number(serial.toFixed(3)) }];
  const procs: ChildProcess[] = [];
  try {
    for (const workers of [1, 2, 4]) {
      while (procs.length < workers) procs.push(await startWorkerProcess(["--redis", url, "--objective", MODULE, "--export", "c256k"]));
      const ev = await distributedEvaluator({ redis: url, objective: "costly.mjs#c256k", jobs: Math.max(2, workers) });
      try {
        await minimizeAsync(ev.evaluate, x0, { ...options, maxEvals: 48 });
        const t = await bestWall(2, () => minimizeAsync(ev.evaluate, x0, options));
        rows.push({
          workers,
          seconds: Number(t.toFixed(3)),
          speedup: Number((serial / t).toFixed(2)),
          ideal: Math.min(workers, cores()),
          overheadMicrosPerEval: Math.round(((t * Math.min(workers, cores()) - serial) / options.maxEvals) * 1e6),
        });
      } finally {
        await ev.close();
      }
    }
  } finally {
    await Promise.all(procs.map((p) => kill(p)));
    await kill(redis);
  }
  return rows;
}

export async function run(): Promise<Record<string, unknown>> {
  const mod = (await import(MODULE)) as Record<string, F>;
  const cores = availableParallelism();
  const loadBefore = loadavg()[0];
  const minimizeRows: Record<string, unknown>[] = [];
  const x0 = new Float64Array(20).fill(1);
  for (const [name, evals] of [["c1k", 20_000], ["c4k", 10_000], ["c16k", 4_000], ["c64k", 1_200]] as const) {
    const options = { seed: 1, maxEvals: evals, sigma0: 0.5 };
    const serial = await bestWall(REPEATS, async () => minimize(mod[name], x0, options));
    const row: Record<string, unknown> = { f: name, fMicros: Number(costMicros(mod[name]).toFixed(1)), evals, serialSeconds: Number(serial.toFixed(3)) };
    for (const [label, workers, callerRuns] of [["1w", 1, false], ["2w", 2, false], ["1w+caller", 1, true]] as const) {
      const pool = parallelEvaluator({ module: MODULE, exportName: name, workers, callerRuns });
      try {
        await minimizeAsync(pool.evaluate, x0, { ...options, maxEvals: 200 }); // warm the workers
        const t = await bestWall(REPEATS, () => minimizeAsync(pool.evaluate, x0, options));
        row[`speedup ${label}`] = Number((serial / t).toFixed(2));
        row[`ideal ${label}`] = Math.min(workers + (callerRuns ? 1 : 0), cores);
      } finally {
        await pool.close();
      }
    }
    minimizeRows.push(row);
  }
  // Chunked score-function estimate, d = 20, 64 chunks: in process vs the pool (the same estimate to the bit).
  const dist = new Normal({ loc: new Float64Array(20), scale: new Float64Array(20).fill(1) });
  const scoreRows: Record<string, unknown>[] = [];
  for (const [name, n] of [["c4k", 20_000], ["c16k", 4_000]] as const) {
    const serial = await bestWall(REPEATS, async () => scoreFunctionChunked(mod[name], dist, key(0), { numSamples: n }));
    const row: Record<string, unknown> = { f: name, numSamples: n, serialSeconds: Number(serial.toFixed(3)) };
    for (const workers of [1, 2]) {
      const pool = parallelEvaluator({ module: MODULE, exportName: name, workers });
      try {
        await pool.scoreFunction(dist, key(1), { numSamples: 256 });
        const t = await bestWall(REPEATS, () => pool.scoreFunction(dist, key(0), { numSamples: n }));
        row[`speedup${workers}w`] = Number((serial / t).toFixed(2));
      } finally {
        await pool.close();
      }
    }
    scoreRows.push(row);
  }
  return {
    distributed: await distributedRows(),
    scoreFunction: scoreRows,
    note: "xNES d = 20 (λ = 12); speedup = serial minimize wall / minimizeAsync on the pool wall, best of 3; ideal = min(workers, cores)",
    cores,
    loadAverage1m: { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0].toFixed(2)) },
    minimize: minimizeRows,
  };
}
