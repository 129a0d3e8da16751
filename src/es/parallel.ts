/**
 * Parallel evaluation on worker threads. NODE-ONLY: not exported from the browser-safe "mcgrad" entry. Import it from
 * dist/es/parallel.js (src/es/parallel.js under tsx); a package subpath export "mcgrad/es/parallel" →
 * dist/es/parallel.js makes that `import { parallelEvaluator } from "mcgrad/es/parallel"`.
 *
 * Functions cannot be sent to threads, so f is named by a module file and an export: the module is imported once
 * in every thread, and `module[exportName](x: Float64Array) → number` is called per candidate. Populations (for
 * minimizeAsync) go through a team of threads sharing memory (src/es/parallelTeam.ts): one copy of the population
 * into a SharedArrayBuffer, candidates claimed one by one by every thread, values written back by index, so the
 * fitness array — and hence the whole run for a given seed — is identical whatever the number of workers, and no
 * message travels per generation. The score-function path sends groups of chunks to a piscina pool.
 *
 * Failures: an error thrown by f (a thrown string or other non-Error is wrapped) rejects `evaluate` with an Error
 * naming the pool, the module, the export and the candidate's index in the population; the other threads are
 * terminated, as they are when `timeout` expires, so a hung or failed evaluation never keeps the process alive after
 * the run has rejected (the next call starts new threads). Idle worker threads do not hold the process open either.
 *
 * @module mcgrad/es/parallel
 */
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import type { Distribution } from "../distributions/distribution.js";
import type { Key } from "../random/key.js";
import type { ChunkedScoreOptions } from "../estimators/chunked.js";
import type { GradientEstimate } from "../estimators/result.js";
import type { PopulationEvaluator } from "./minimize.js";
import { pooledScoreFunction } from "./parallelScoreFunction.js";
import { teamEvaluator } from "./parallelTeam.js";
import { show } from "../util/validate.js";

/** Options of {@link parallelEvaluator}. */
export interface ParallelEvaluatorOptions {
  /**
   * An ES module exporting f: an absolute path, a file: URL, or a path relative to `base` — by default the file that
   * called parallelEvaluator (so "./objective.mjs" next to your script works from any working directory).
   */
  module: string;
  /** The export holding f (default "default"). */
  exportName?: string;
  /** Number of worker threads (default os.availableParallelism()). */
  workers?: number;
  /** What a relative `module` is resolved against: a file: URL or an absolute path, e.g. `import.meta.url`. */
  base?: string;
  /**
   * Milliseconds one population may take (default: no limit). When it expires, `evaluate` rejects naming the pool
   * and the candidates still running, and their threads are terminated.
   */
  timeout?: number;
  /**
   * The calling thread claims candidates of each population too, alongside the workers (default false). With
   * `workers: cores − 1` this uses every core and hides the time the workers take to wake up; it is the fastest
   * setting on a machine with few cores. The timeout cannot interrupt the caller's own candidates. For
   * `scoreFunction`, which the caller awaits, it means one more pool thread.
   */
  callerRuns?: boolean;
  /**
   * Milliseconds a thread busy-waits for the next population (and the caller for the last results) before sleeping
   * (default 0.25 when every thread, the calling one included, has a core — workers + 1 ≤ os.availableParallelism() —
   * else 0). Waking a sleeping thread costs tens of µs on a virtual machine; on a machine shared with other busy
   * processes, 0 leaves them the cores.
   */
  spin?: number;
}

/** A pool-backed {@link PopulationEvaluator}; call `close()` when done. */
export interface ParallelEvaluator {
  readonly evaluate: PopulationEvaluator;
  /**
   * The chunked score-function estimate of ∇θ E_{x~dist}[f(x)] (src/estimators/chunked.ts) with the chunks spread
   * over the workers: equal, to the bit, to `scoreFunctionChunked(f, dist, key, options)` in process, for any
   * number of workers. `dist` must be a built-in family (it travels as data).
   */
  scoreFunction(dist: Distribution, key: Key, options?: ChunkedScoreOptions): Promise<GradientEstimate>;
  readonly workers: number;
  /** The module's file: URL and export, e.g. "file:///home/me/f.mjs#rosen" (an objectiveId for checkpoints). */
  readonly objectiveId: string;
  /** Destroys the pool (its worker threads); resolves when they are gone. */
  close(): Promise<void>;
}

/**
 * A worker file next to this one: .js in dist/; .ts under tsx (tests, scripts), with tsx's loader named by its
 * resolved URL so that the threads find it whatever the working directory.
 */
function workerFile(name: string): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return { filename: new URL(`./${name}.js`, here).href, execArgv: [] };
  const inherited = process.execArgv.filter((a) => !a.startsWith("--test") && !a.startsWith("--input-type"));
  const hasTsx = inherited.some((a, i) => (a === "--import" && /(^|\/)tsx(\/|$)/.test(inherited[i + 1] ?? "")) || /^--import=.*tsx/.test(a));
  const loader = pathToFileURL(createRequire(here).resolve("tsx")).href;
  return { filename: new URL(`./${name}.ts`, here).href, execArgv: hasTsx ? inherited : [...inherited, "--import", loader] };
}

/** Default milliseconds a thread busy-waits for the next population (or the caller for the last results) before sleeping. */
const SPIN_MS = 0.25;

/**
 * The file (as a file: URL) of the first stack frame outside this module: the caller of parallelEvaluator. This
 * module is recognised by the name its own first frame shows, not by import.meta.url: under source maps (tsx, or
 * node --enable-source-maps on dist/) that name is the mapped src/es/parallel.ts, not dist/es/parallel.js.
 */
function callerUrl(): string | undefined {
  let here: string | undefined;
  for (const line of (new Error().stack ?? "").split("\n").slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):\d+:\d+\)?\s*$/.exec(line.trim());
    if (m === null) continue;
    const url = m[1].startsWith("file:") ? m[1] : pathToFileURL(m[1]).href;
    if (here === undefined) here = url;
    else if (url !== here) return url;
  }
  return undefined;
}

/** The module's file: URL: absolute paths and URLs as they are, relative paths against `base` (or the caller's file, or the working directory). */
function resolveModule(fn: string, module: string, base: string | undefined): string {
  if (module.startsWith("file:")) return module;
  if (isAbsolute(module)) return pathToFileURL(module).href;
  const from = base ?? callerUrl() ?? pathToFileURL(`${process.cwd()}/`).href;
  try {
    return new URL(module, from.startsWith("file:") ? from : pathToFileURL(from).href).href;
  } catch (e) {
    throw new Error(`${fn}: cannot resolve module ${JSON.stringify(module)} against ${JSON.stringify(from)} (${(e as Error).message})`);
  }
}

/**
 * Starts a worker pool that evaluates populations with the f exported by `module`: `evaluate(x, size, dim)` resolves
 * to [f(row 0), …, f(row size−1)], the same values, to the bit, as evaluating the rows in order in this thread. Requires
 * f to be a pure function of its row for that (a thread keeps module state across candidates). On 2 cores the fast
 * setting is `{ workers: 1, callerRuns: true }`; the serial part left is the strategy's own update per generation.
 * @example
 *   // f.mjs, next to this script: export function rosen(x) { … }
 *   const pool = parallelEvaluator({ module: "./f.mjs", exportName: "rosen", workers: 1, callerRuns: true, timeout: 60_000 });
 *   try { const r = await minimizeAsync(pool.evaluate, new Float64Array(10), { seed: 0 }); } finally { await pool.close(); }
 */
export function parallelEvaluator(options: ParallelEvaluatorOptions): ParallelEvaluator {
  const fn = "parallelEvaluator";
  if (options === null || typeof options !== "object") throw new Error(`${fn}: options must be an object { module, exportName?, workers?, base?, timeout?, callerRuns?, spin? }, got ${String(options)}`);
  const { module, exportName = "default", base, timeout, callerRuns = false, spin } = options;
  if (typeof callerRuns !== "boolean") throw new Error(`${fn}: callerRuns must be true or false, got ${show(callerRuns)}`);
  if (typeof module !== "string" || module.length === 0) throw new Error(`${fn}: module must be a path or file: URL string, got ${show(module)}`);
  if (typeof exportName !== "string") throw new Error(`${fn}: exportName must be a string, got ${show(exportName)}`);
  if (base !== undefined && (typeof base !== "string" || base.length === 0)) throw new Error(`${fn}: base must be a file: URL or an absolute path, got ${show(base)}`);
  if (timeout !== undefined && (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout <= 0)) {
    throw new Error(`${fn}: timeout must be a number of milliseconds > 0, got ${show(timeout)}`);
  }
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1 || workers > 1024) throw new Error(`${fn}: workers must be an integer in [1, 1024], got ${show(workers)}`);
  if (spin !== undefined && (typeof spin !== "number" || !(spin >= 0 && spin <= 1000))) throw new Error(`${fn}: spin must be a number of milliseconds in [0, 1000], got ${show(spin)}`);
  const spinMs = spin ?? (workers + 1 <= availableParallelism() ? SPIN_MS : 0);
  const moduleUrl = resolveModule(fn, module, base);
  const objectiveId = `${moduleUrl}#${exportName}`;
  const poolName = `${fn} (${workers} worker${workers === 1 ? "" : "s"}, ${objectiveId})`;
  // The score-function path sends coarse tasks (groups of chunks): a piscina pool, started at its first use. The caller
  // awaits it, so with callerRuns its core gets one more pool thread instead.
  const scoreThreads = workers + (callerRuns ? 1 : 0);
  let pool: Piscina | undefined;
  let poolError: Error | undefined;
  const scorePool = (): Piscina => {
    if (pool !== undefined) return pool;
    const { filename, execArgv } = workerFile("parallelWorker");
    pool = new Piscina({ filename, execArgv, minThreads: scoreThreads, maxThreads: scoreThreads, idleTimeout: 1000 });
    // A worker that cannot start emits "error" on the pool (unhandled, it would crash the process): report it instead.
    pool.on("error", (e: unknown) => {
      poolError = new Error(`${poolName}: a worker thread failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    });
    return pool;
  };
  const team = teamEvaluator({ moduleUrl, exportName, workers, callerRuns, spinMs, worker: workerFile("parallelTeamWorker"), name: poolName });
  const evaluate: PopulationEvaluator = async (x, size, dim) => {
    if (!Number.isInteger(size) || size < 0 || !Number.isInteger(dim) || dim < 1 || !(x instanceof Float64Array) || x.length !== size * dim) {
      throw new Error(`${fn}.evaluate: x must be a Float64Array of size×dim = ${size}×${dim} values, got ${x instanceof Float64Array ? `length ${x.length}` : typeof x}`);
    }
    return team.evaluate(x, size, dim, timeout);
  };
  const scoreFunction = (dist: Distribution, k: Key, opts?: ChunkedScoreOptions): Promise<GradientEstimate> => {
    if (poolError !== undefined) return Promise.reject(poolError);
    return pooledScoreFunction(
      { run: (task, signal) => scorePool().run({ ...task, moduleUrl, exportName }, { signal }), workers: scoreThreads, name: poolName },
      dist,
      k,
      opts,
    );
  };
  const close = async (): Promise<void> => {
    await Promise.all([team.close(), pool?.destroy()]);
  };
  return { evaluate, scoreFunction, workers, objectiveId, close };
}
