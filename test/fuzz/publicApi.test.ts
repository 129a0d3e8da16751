/**
 * Property-based fuzzing of every public export (fast-check, fixed seed): each call returns finite numbers (or the
 * documented ±∞) or throws an Error naming a public function; the same arguments give the same result; arguments
 * are never mutated; no call hangs (a worker-thread watchdog turns an infinite loop into a failure). The long run
 * with many more cases is `npm run fuzz` (scripts/fuzz.ts); MCGRAD_FUZZ_RUNS changes the cases per target here.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as api from "../../src/index.js";
import { CONSTANT_EXPORTS, TARGETS } from "./targets.js";
import { PROPERTY_CLASSES, type TargetReport } from "./properties.js";
import { runTargets } from "./runner.js";

const SEED = 20261130;
const RUNS = Number(process.env.MCGRAD_FUZZ_RUNS ?? 30);

/**
 * Targets whose failures belong to another engineer's part of issue 7 (skipped here with the reason; still run and
 * reported by `npm run fuzz`). Remove an entry once its fix is merged.
 */
export const KNOWN: Readonly<Record<string, string>> = {};

it("every runtime export of mcgrad has a fuzz target", () => {
  const covered = new Set(TARGETS.map((t) => t.name));
  const missing = Object.keys(api).filter((name) => !covered.has(name) && !CONSTANT_EXPORTS.has(name));
  assert.deepEqual(missing, [], `add a target to test/fuzz/targets.ts for: ${missing.join(", ")}`);
});

describe("public API fuzz", () => {
  const reports = new Map<string, TargetReport>();
  before(async () => {
    const names = TARGETS.filter((t) => KNOWN[t.name] === undefined).map((t) => t.name);
    for (const r of await runTargets(names, { numRuns: RUNS, seed: SEED, hangMs: 5000 })) reports.set(r.target, r);
  });
  for (const target of TARGETS) {
    const reason = KNOWN[target.name];
    it(`${target.name}: finite or a named Error, deterministic, inputs unchanged, no hang`, { skip: reason }, () => {
      const report = reports.get(target.name) as TargetReport;
      const failed = PROPERTY_CLASSES.filter((c) => report.failures[c] > 0);
      const detail = report.examples.map((e) => `  ${e.property}: ${e.detail}\n    args ${e.args}`).join("\n");
      assert.deepEqual(failed, [], `${target.name}: ${JSON.stringify(report.failures)}\n${detail}`);
    });
  }
});
