/**
 * Fuzz targets for the Node-only subpaths "mcgrad/es/parallel" and "mcgrad/distributed". Their options are built
 * field by field around a valid set (test/fuzz/aroundValid.ts). The distributed functions are fuzzed on their
 * argument checks only (no Redis here): the "valid" Redis URL is an http:// one, which they refuse by name after
 * every other option is checked and before anything connects, so each case ends at once with a named Error.
 */
import * as parallel from "../../src/es/parallel.js";
import * as distributed from "../../src/es/distributed.js";
import { validTarget } from "./aroundValid.js";
import type { FuzzTarget } from "./targets.js";

const OBJECTIVE = new URL("../es/fixtures/objective.ts", import.meta.url).href;
/** Refused by redisTarget (wrong scheme), the last check before a connection: no case connects. */
const REDIS = "http://127.0.0.1:1";

/** Options assembled from named fields (undefined fields left out, as a caller would). */
function assemble(names: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  names.forEach((k, i) => {
    if (values[i] !== undefined) o[k] = values[i];
  });
  return o;
}

/**
 * A target whose option fields are `valid` (named by `names`), followed by `extra` positional arguments. `more`: the
 * pool's own error prefix ("parallelEvaluator (1 worker, f.mjs#rosen): …", which names the function too) and the
 * documented pass-through of f's values.
 */
function fieldsTarget(name: string, names: readonly string[], valid: readonly unknown[], call: (o: Record<string, unknown>, rest: unknown[]) => unknown, extra: unknown[] = [], more: Parameters<typeof validTarget>[4] = {}): FuzzTarget {
  return validTarget(name, "h2", () => [...valid, ...extra], (...a) => call(assemble(names, a.slice(0, names.length)), a.slice(names.length)), more);
}

export const NODE_TARGETS: readonly FuzzTarget[] = [
  fieldsTarget("parallelEvaluator", ["module", "exportName", "workers", "callerRuns", "timeout", "spin"], [OBJECTIVE, "rosen", 1, true, 60_000, 0],
    async (o, [x]) => {
      const pool = parallel.parallelEvaluator(o as never);
      try {
        return await pool.evaluate(x as never, 2, 2);
      } finally {
        await pool.close();
      }
    }, [Float64Array.of(1, 2, 0.5, -1)], {
      namedErrorPrefix: /^parallelEvaluator \(\d+ workers?, [^)]*\): \S/,
      nonFinite: "f's values pass through as evaluatePopulation's do (NaN and ±∞ are ranked worst; rosen overflows to +∞ at huge x)",
    }),
  fieldsTarget("distributedEvaluator", ["redis", "objective", "queue", "jobs", "timeout", "connectTimeout", "attempts", "transport"], [REDIS, "sphere", "fuzz", 2, 1000, 100, 1, "keys"],
    (o) => distributed.distributedEvaluator(o as never)),
  fieldsTarget("minimizeDistributed", ["maxEvals", "seed", "algorithm", "distributed"], [20, 1, "snes", { redis: REDIS, objective: "sphere", connectTimeout: 100 }],
    (o, [x0]) => distributed.minimizeDistributed(x0 as never, o as never), [[1, 2]]),
  fieldsTarget("startWorker", ["redis", "queue", "exportName", "concurrency", "lockDuration", "connectTimeout", "closeTimeout"], [REDIS, "fuzz", "default", 1, 1000, 100, 100],
    (o) => distributed.startWorker(o as never)),
];
