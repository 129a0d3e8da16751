/**
 * A team of worker threads that evaluates populations from shared memory (Node-only; used by src/es/parallel.ts).
 *
 * Why not one message per chunk: for an ES generation of λ = 12 candidates, a message round trip through a task pool
 * (≈ 50 µs) plus waking a sleeping thread (≈ 40 µs on a virtual machine) is of the order of the work itself. Here the
 * population is copied once into a SharedArrayBuffer, the threads are woken by one Atomics.notify (or are still
 * spinning from the last population), every thread — the calling one too, with `callerRuns` — claims candidates one by
 * one from a shared counter (a late thread simply claims fewer), and each value is written by index, so the result is
 * the same to the bit for any number of threads. No message travels unless f fails.
 *
 * Failures: the first error (f throws, returns a non-number, its module cannot be loaded, a thread dies) or the timeout
 * rejects the population; the team is then terminated (a hung f cannot be interrupted otherwise) and the next call
 * starts a new one. Threads are unref'ed between populations, so an idle team never keeps the process alive.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { TeamWorkerData } from "./parallelTeamWorker.js";
import { CONTROL_SLOTS, evaluateClaims, loadObjective, Slot, spinner } from "./parallelObjective.js";

/** How the team's threads start and behave. */
export interface TeamOptions {
  readonly moduleUrl: string;
  readonly exportName: string;
  readonly workers: number;
  /** The calling thread claims candidates too. */
  readonly callerRuns: boolean;
  /** Busy-wait this long (ms) for work or completion before sleeping; 0 when threads outnumber cores. */
  readonly spinMs: number;
  /** The worker file and its execArgv (tsx under tests). */
  readonly worker: { readonly filename: string; readonly execArgv: string[] };
  /** Names the pool in errors. */
  readonly name: string;
}

/** Evaluates one population (size×dim row-major) by the team; rejects with the first failure or at the deadline. */
export type TeamEvaluate = (x: Float64Array, size: number, dim: number, timeoutMs: number | undefined) => Promise<Float64Array>;

interface Team {
  readonly ctrl: Int32Array;
  readonly x: Float64Array;
  readonly fx: Float64Array;
  readonly threads: Worker[];
  /** The first failure reported by a thread (its message), once known. */
  readonly failure: Promise<string>;
  /** Records a failure found by the calling thread (a thread died, the pool was closed) and wakes the waiter. */
  readonly down: (message: string) => void;
}

/**
 * A worker thread on `file`. Under tsx on Node 20 a worker gets tsx's require hook but not its ESM loader hooks, so a
 * .ts worker file is loaded through require (tsx transpiles it), as piscina does for its task files.
 */
function spawn(file: TeamOptions["worker"], data: TeamWorkerData): Worker {
  const options = { workerData: data, execArgv: file.execArgv };
  if (!file.filename.endsWith(".ts")) return new Worker(new URL(file.filename), options);
  const tsx = createRequire(import.meta.url).resolve("tsx/cjs");
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(fileURLToPath(file.filename))});`, { ...options, eval: true });
}

function startTeam(options: TeamOptions, doubles: number, size: number): Team {
  const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
  const xBuf = new SharedArrayBuffer(doubles * 8);
  const fxBuf = new SharedArrayBuffer(size * 8);
  const data: TeamWorkerData = { moduleUrl: options.moduleUrl, exportName: options.exportName, control, x: xBuf, fx: fxBuf, spinMs: options.spinMs };
  const ctrl = new Int32Array(control);
  const threads: Worker[] = [];
  let report: (message: string) => void = () => {};
  const failure = new Promise<string>((resolve) => {
    report = resolve;
  });
  const down = (message: string): void => {
    report(message);
    Atomics.store(ctrl, Slot.FAILED, 1);
    Atomics.notify(ctrl, Slot.DONE);
  };
  for (let w = 0; w < options.workers; w++) {
    const t = spawn(options.worker, data);
    t.on("message", (m: { kind?: string; message?: string }) => report(String(m?.message)));
    t.on("error", (e: unknown) => down(`a worker thread failed: ${e instanceof Error ? e.message : String(e)}`));
    t.on("exit", (code) => down(`a worker thread exited (code ${code})`));
    t.unref();
    threads.push(t);
  }
  return { ctrl, x: new Float64Array(xBuf), fx: new Float64Array(fxBuf), threads, failure, down };
}

/** Stops a team's threads (also those busy in a hung f); a population still waiting fails with `reason`. */
async function stopTeam(team: Team, reason: string): Promise<void> {
  Atomics.store(team.ctrl, Slot.STOP, 1);
  Atomics.add(team.ctrl, Slot.EPOCH, 1);
  Atomics.notify(team.ctrl, Slot.EPOCH);
  for (const t of team.threads) t.removeAllListeners("exit");
  await Promise.all(team.threads.map((t) => t.terminate()));
  team.down(reason);
}

/** Atomics.waitAsync (Node ≥ 16; typed in lib es2024, past this project's target). */
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, index: number, value: number, timeout?: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

/** Waits until every candidate is DONE or some thread FAILED: spinning first, then asleep without blocking the loop. */
async function settle(ctrl: Int32Array, size: number, spin: ReturnType<typeof spinner>, deadline: number): Promise<"done" | "failed" | "timeout"> {
  let spinning = true; // while candidates keep finishing within the spin, and until the first sleep
  for (;;) {
    if (Atomics.load(ctrl, Slot.FAILED) !== 0) return "failed";
    const done = Atomics.load(ctrl, Slot.DONE);
    if (done === size) return "done";
    if (spinning && spin(ctrl, Slot.DONE, done)) continue;
    spinning = false;
    const left = deadline - performance.now();
    if (left <= 0) return "timeout";
    const w = waitAsync(ctrl, Slot.DONE, done, Number.isFinite(left) ? left : undefined);
    if (w.async) await w.value;
  }
}

/** A team-backed evaluator; the team starts at the first population (and again after a failure or a larger population). */
export function teamEvaluator(options: TeamOptions): { evaluate: TeamEvaluate; close: () => Promise<void> } {
  let team: Team | undefined;
  let closed = false;
  const spin = spinner(options.spinMs);
  let queue: Promise<unknown> = Promise.resolve();
  const retire = async (reason: string): Promise<void> => {
    const t = team;
    team = undefined;
    if (t !== undefined) await stopTeam(t, reason);
  };
  const run = async (x: Float64Array, size: number, dim: number, timeoutMs: number | undefined): Promise<Float64Array> => {
    if (closed) throw new Error(`${options.name}: the pool is closed`);
    if (size === 0) return new Float64Array(0);
    const deadline = performance.now() + (timeoutMs ?? Infinity);
    if (team !== undefined && (team.x.length < size * dim || team.fx.length < size)) await retire("replaced by a larger team");
    // Room for twice the population, so that a restart with a larger one rarely needs a new team.
    team ??= startTeam(options, 2 * size * dim, 2 * size);
    const t = team;
    const f = options.callerRuns
      ? await loadObjective(options.moduleUrl, options.exportName).catch((e: unknown) => {
          throw new Error(`${options.name}: evaluating candidates 0…${size - 1} failed: ${e instanceof Error ? e.message : String(e)}`);
        })
      : undefined;
    t.x.set(x);
    Atomics.store(t.ctrl, Slot.DIM, dim);
    Atomics.store(t.ctrl, Slot.SIZE, size);
    Atomics.store(t.ctrl, Slot.DONE, 0);
    Atomics.store(t.ctrl, Slot.REMAINING, size);
    Atomics.add(t.ctrl, Slot.EPOCH, 1);
    Atomics.notify(t.ctrl, Slot.EPOCH);
    for (const th of t.threads) th.ref();
    try {
      const own = f === undefined ? undefined : evaluateClaims(f, t.ctrl, t.x, t.fx);
      if (own !== undefined) throw new Error(`${options.name}: ${own.message.replace(/^parallelEvaluator: /, "")}`);
      const state = await settle(t.ctrl, size, spin, deadline);
      if (state === "timeout") {
        throw new Error(`${options.name}: evaluating candidates 0…${size - 1} took longer than the timeout of ${timeoutMs} ms; the evaluation was aborted and its threads terminated`);
      }
      if (state === "failed") {
        const message = await t.failure;
        throw new Error(`${options.name}: ${/for candidate \d+/.test(message) ? message.replace(/^parallelEvaluator: /, "") : `evaluating candidates 0…${size - 1} failed: ${message}`}`);
      }
      return t.fx.slice(0, size);
    } catch (e) {
      await retire("stopped after a failure");
      throw e;
    } finally {
      for (const th of t.threads) th.unref();
    }
  };
  const evaluate: TeamEvaluate = (x, size, dim, timeoutMs) => {
    // One population at a time: the team's shared buffers hold one.
    const next = queue.then(() => run(x, size, dim, timeoutMs));
    queue = next.catch(() => {});
    return next;
  };
  // Close at once, even during a population (which then rejects): a hung f must not keep close() waiting.
  const close = (): Promise<void> => {
    closed = true;
    return retire("the pool was closed");
  };
  return { evaluate, close };
}
