/**
 * Parallel population evaluation on a pool of worker threads (piscina). NODE-ONLY: not exported from the browser-safe
 * "mcgrad" entry. Import it from dist/es/parallel.js (src/es/parallel.js under tsx); a package subpath export
 * "mcgrad/es/parallel" → dist/es/parallel.js makes that `import { parallelEvaluator } from "mcgrad/es/parallel"`.
 *
 * Functions cannot be sent to threads, so f is named by a module file and an export: the module is imported once
 * in every worker, and `module[exportName](x: Float64Array) → number` is called per candidate. The population is
 * split into contiguous chunks, one task per worker, and the results are written back by index, so the fitness
 * array — and hence the whole run for a given seed — is identical whatever the number of workers.
 */
import { availableParallelism } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import type { PopulationEvaluator } from "./minimize.js";

/** Options of {@link parallelEvaluator}. */
export interface ParallelEvaluatorOptions {
  /** Path (absolute, or relative to the working directory) or file: URL of an ES module exporting f. */
  module: string;
  /** The export holding f (default "default"). */
  exportName?: string;
  /** Number of worker threads (default os.availableParallelism()). */
  workers?: number;
}

/** A pool-backed {@link PopulationEvaluator}; call `close()` when done. */
export interface ParallelEvaluator {
  readonly evaluate: PopulationEvaluator;
  readonly workers: number;
  close(): Promise<void>;
}

/** The worker file next to this one: .ts under tsx (tests, scripts), .js in dist/. */
function workerFile(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const inherited = process.execArgv.filter((a) => !a.startsWith("--test"));
    const hasTsx = inherited.some((a, i) => (a === "--import" && inherited[i + 1] === "tsx") || a === "--import=tsx");
    return { filename: new URL("./parallelWorker.ts", here).href, execArgv: hasTsx ? inherited : [...inherited, "--import", "tsx"] };
  }
  return { filename: new URL("./parallelWorker.js", here).href, execArgv: [] };
}

/**
 * Starts a worker pool that evaluates populations with the f exported by `module`.
 * @example
 *   // f.mjs: export function rosen(x) { … }
 *   const pool = parallelEvaluator({ module: "./f.mjs", exportName: "rosen", workers: 2 });
 *   const r = await minimizeAsync(pool.evaluate, new Float64Array(10), { seed: 0 });
 *   await pool.close();
 */
export function parallelEvaluator(options: ParallelEvaluatorOptions): ParallelEvaluator {
  const fn = "parallelEvaluator";
  const { module, exportName = "default" } = options ?? ({} as ParallelEvaluatorOptions);
  if (typeof module !== "string" || module.length === 0) throw new Error(`${fn}: module must be a path or file: URL string, got ${JSON.stringify(module)}`);
  if (typeof exportName !== "string") throw new Error(`${fn}: exportName must be a string, got ${JSON.stringify(exportName)}`);
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`${fn}: workers must be a positive integer, got ${workers}`);
  const moduleUrl = module.startsWith("file:") ? module : pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
  const { filename, execArgv } = workerFile();
  const pool = new Piscina({ filename, execArgv, minThreads: workers, maxThreads: workers });
  const evaluate: PopulationEvaluator = async (x, size, dim) => {
    if (!Number.isInteger(size) || size < 0 || !Number.isInteger(dim) || dim < 1 || !(x instanceof Float64Array) || x.length !== size * dim) {
      throw new Error(`${fn}.evaluate: x must be a Float64Array of size×dim = ${size}×${dim} values, got ${x instanceof Float64Array ? `length ${x.length}` : typeof x}`);
    }
    const chunk = Math.ceil(size / workers);
    const tasks: Promise<Float64Array>[] = [];
    for (let start = 0; start < size; start += chunk) {
      const end = Math.min(size, start + chunk);
      tasks.push(pool.run({ moduleUrl, exportName, x: x.slice(start * dim, end * dim), dim, offset: start }));
    }
    const parts = await Promise.all(tasks);
    const out = new Float64Array(size);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  return { evaluate, workers, close: () => pool.destroy() };
}
