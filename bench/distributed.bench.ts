/**
 * Distributed evaluation on BullMQ/Redis (issue 10): an xNES run (d = 20, λ = 12 and 48) on an objective of ≈ 2 ms,
 * on 1, 2 and 4 local `mcgrad worker` processes against the same run in process; and the per-generation round trip
 * with a free objective (the sphere), populations sent as keys or as rows, for xNES's 12 candidates and for an
 * OpenAI-ES population of 200 in d = 1000 (where sending keys instead of 200 000 coordinates pays). Wall time, best of `REPEATS`; the load
 * average is recorded beside it (a shared machine takes cores from the workers). Overhead per evaluation =
 * (wall × min(workers, cores) − in-process wall) / evaluations: the time the queue adds to each f call.
 * Skips with a message when redis-server is absent.
 */
import { availableParallelism, loadavg } from "node:os";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ChildProcess } from "node:child_process";
import { distributedEvaluator } from "../src/es/distributed.js";
import { minimize, minimizeAsync } from "../src/es/minimize.js";
import { sphere } from "../src/es/testFunctions.js";
import { freePort, kill, REDIS_BINARY, startRedis, startWorkerProcess } from "../test/distributed/redisServer.js";
import { bestWall } from "./timing.js";

const MODULE = fileURLToPath(new URL("./fixtures/twoMillis.mjs", import.meta.url));
const REPEATS = 3;
type F = (x: Float64Array) => number;

const round = (v: number, digits = 3): number => Number(v.toFixed(digits));

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(REDIS_BINARY)) return { skipped: `install redis-server (apt-get install -y redis-server) to run this bench; ${REDIS_BINARY} is absent` };
  const cores = availableParallelism();
  const loadBefore = loadavg()[0];
  const port = await freePort();
  const redis = await startRedis(port);
  const url = `redis://127.0.0.1:${port}`;
  const f = ((await import(MODULE)) as Record<string, F>).twoMillis;
  const x0 = new Float64Array(20).fill(1);
  const costly: Record<string, unknown>[] = [];
  const roundTrip: Record<string, unknown>[] = [];
  const largePopulation: Record<string, unknown>[] = [];
  const procs: ChildProcess[] = [];
  let fMillis = Infinity;
  try {
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) f(x0);
      fMillis = Math.min(fMillis, (performance.now() - t0) / 20);
    }
    for (const [popSize, generations] of [[12, 40], [48, 20]] as const) {
      const options = { seed: 1, maxEvals: generations * popSize, sigma0: 0.5, algorithmOptions: { popSize } };
      minimize(f, x0, { ...options, maxEvals: 2 * popSize });
      const serial = await bestWall(REPEATS, async () => minimize(f, x0, options));
      costly.push({ popSize, evals: options.maxEvals, inProcessSeconds: round(serial) });
      for (const workers of [1, 2, 4]) {
        while (procs.length < workers) procs.push(await startWorkerProcess(["--redis", url, "--objective", MODULE, "--export", "twoMillis"]));
        const ev = await distributedEvaluator({ redis: url, objective: "twoMillis.mjs#twoMillis", jobs: workers });
        try {
          await minimizeAsync(ev.evaluate, x0, { ...options, maxEvals: 2 * popSize });
          const t = await bestWall(REPEATS, () => minimizeAsync(ev.evaluate, x0, options));
          const used = Math.min(workers, cores);
          costly.push({ popSize, workers, seconds: round(t), speedup: round(serial / t, 2), ideal: used, overheadMicrosPerEval: Math.round(((t * used - serial) / options.maxEvals) * 1e6) });
        } finally {
          await ev.close();
        }
      }
    }
    // The queue's own cost: a free f, so the wall is all round trip (40 generations of 12, 2 jobs each, on the 4 workers).
    const free = { seed: 1, maxEvals: 480, sigma0: 0.5, target: -Infinity };
    for (const transport of ["keys", "rows"] as const) {
      const ev = await distributedEvaluator({ redis: url, objective: "sphere", jobs: 2, transport });
      try {
        await minimizeAsync(ev.evaluate, x0, { ...free, maxEvals: 48 });
        const t = await bestWall(REPEATS, () => minimizeAsync(ev.evaluate, x0, free));
        roundTrip.push({ transport, millisPerGeneration: round((t * 1000) / (free.maxEvals / 12), 2), microsPerEval: Math.round((t / free.maxEvals) * 1e6) });
      } finally {
        await ev.close();
      }
    }
    // What keys save: a large population (OpenAI-ES, d = 1000, λ = 200: 200 000 coordinates a generation) on the
    // same workers, 10 generations, against the same run in process.
    const wide = { algorithm: "openEs" as const, seed: 1, maxEvals: 2000, sigma0: 0.5, target: -Infinity, algorithmOptions: { popSize: 200 } };
    const wideX0 = new Float64Array(1000).fill(1);
    const wideLocal = await bestWall(REPEATS, async () => minimize(sphere.f, wideX0, wide));
    largePopulation.push({ transport: "in process", millisPerGeneration: round(wideLocal * 100, 2) });
    for (const transport of ["keys", "rows"] as const) {
      const ev = await distributedEvaluator({ redis: url, objective: "sphere", jobs: 4, transport });
      try {
        const t = await bestWall(REPEATS, () => minimizeAsync(ev.evaluate, wideX0, wide));
        largePopulation.push({ transport, millisPerGeneration: round(t * 100, 2) });
      } finally {
        await ev.close();
      }
    }
  } finally {
    await Promise.all(procs.map((p) => kill(p)));
    await kill(redis);
  }
  return {
    note: "xNES d = 20, λ = 12 (the default; 40 generations) and 48 (20 generations), f ≈ 2 ms (bench/fixtures/twoMillis.mjs); one job per worker per generation; wall, best of 3",
    fMillis: round(fMillis, 2),
    costly,
    roundTrip,
    largePopulation,
    freeObjective: sphere.name,
    cores,
    loadAverage1m: { before: round(loadBefore, 2), after: round(loadavg()[0], 2) },
  };
}
