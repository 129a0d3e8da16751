/**
 * Piscina worker for src/es/parallel.ts (Node-only): loads the user's module once per worker and evaluates the
 * exported f on a chunk of candidate rows. An error thrown by f — an Error, a string or anything else — becomes an
 * Error naming the candidate's index in the population.
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { runScoreChunks, type ScoreChunksTask } from "./parallelScoreFunction.js";

type F = (x: Float64Array) => number;

/**
 * import(), with a fallback for TypeScript modules under tsx on Node 20, where worker threads get tsx's require hook
 * but not its ESM loader hooks: such a module is loaded through require (tsx transpiles it).
 */
async function importModule(url: string): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: string }).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw e;
    return createRequire(import.meta.url)(fileURLToPath(url)) as Record<string, unknown>;
  }
}
const cache = new Map<string, Promise<F>>();

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `a thrown ${typeof e} ${typeof e === "string" ? JSON.stringify(e) : String(e)}`;
}

/** f from `module[exportName]`, imported once per thread. */
export function loadObjective(moduleUrl: string, exportName: string): Promise<F> {
  const id = `${moduleUrl}#${exportName}`;
  let f = cache.get(id);
  if (f === undefined) {
    const url = moduleUrl.startsWith("file:") ? moduleUrl : pathToFileURL(moduleUrl).href;
    f = importModule(url).catch((e: unknown) => {
      throw new Error(`cannot import module ${moduleUrl}: ${describe(e)}`);
    }).then((m: Record<string, unknown>) => {
      const fn = m[exportName];
      if (typeof fn !== "function") throw new Error(`${moduleUrl} has no function export "${exportName}"`);
      return fn as F;
    });
    cache.set(id, f);
  }
  return f;
}

type EvaluateTask = { kind: "evaluate"; moduleUrl: string; exportName: string; x: Float64Array; dim: number; offset: number };
type ScoreTask = { kind: "score"; moduleUrl: string; exportName: string } & ScoreChunksTask;

/**
 * Task "evaluate": rows of x (count×dim, row-major) → their f values (moved back, not copied). Task "score": the
 * moments of score-function chunks (src/estimators/chunked.ts), one per chunk, in order.
 */
// A default export: piscina needs it here (see test/meta/layering.test.ts).
export default async function runTask(task: EvaluateTask | ScoreTask): Promise<unknown> {
  const f = await loadObjective(task.moduleUrl, task.exportName);
  if (task.kind === "score") return runScoreChunks(f, task);
  return Piscina.move(evaluateChunk(f, task));
}

/** f on each row of a chunk (rows owned by the caller, passed as views); errors name the candidate. */
export function evaluateChunk(f: F, task: Pick<EvaluateTask, "x" | "dim" | "offset">): Float64Array {
  const n = task.x.length / task.dim;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v: unknown;
    try {
      // This chunk's buffer belongs to the worker: each f gets its own row as a view, no copy.
      v = f(task.x.subarray(i * task.dim, (i + 1) * task.dim));
    } catch (e) {
      throw new Error(`f threw for candidate ${task.offset + i}: ${describe(e)}`);
    }
    // Same rule as evaluatePopulation (src/es/strategy.ts), so a run does not depend on where f ran.
    if (typeof v !== "number") throw new Error(`parallelEvaluator: f must return a number, got ${typeof v === "string" ? JSON.stringify(v) : String(v)} for candidate ${task.offset + i}`);
    out[i] = v;
  }
  return out;
}
