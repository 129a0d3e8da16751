/**
 * Runs fuzz targets in a worker thread under a watchdog, so a call that never returns (an infinite loop) is counted
 * as a "hang" failure and the run resumes after it instead of stopping the test suite. Used by the test
 * (test/fuzz/publicApi.test.ts) and by the long run (scripts/fuzz.ts).
 */
import { Worker } from "node:worker_threads";
import { PROPERTY_CLASSES, type FuzzFailure, type PropertyClass, type TargetReport } from "./properties.js";

export interface RunOptions {
  readonly numRuns: number;
  readonly seed: number;
  /** A case running longer than this is a hang (default 10 s). */
  readonly hangMs?: number;
  /** Called after each target. */
  readonly onTarget?: (r: TargetReport) => void;
}

type Message =
  | { type: "start"; target: string; index: number; args: string }
  | { type: "report"; report: TargetReport }
  | { type: "end" };

const zero = (): Record<PropertyClass, number> => Object.fromEntries(PROPERTY_CLASSES.map((c) => [c, 0])) as Record<PropertyClass, number>;

/** Runs `names` (in order) from target `from` and case `skip` on; resolves at the end or at the first hung case. */
function runSlice(names: readonly string[], from: number, skip: number, o: RunOptions, onReport: (r: TargetReport) => void): Promise<{ hung?: { target: string; index: number; args: string }; crashed?: string }> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./worker.mjs", import.meta.url), { workerData: { names: names.slice(from), skip, numRuns: o.numRuns, seed: o.seed } });
    let current = { target: names[from], index: skip, args: "" };
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        resolve({ hung: current });
      }, ms);
    };
    arm((o.hangMs ?? 10_000) * 3); // worker start-up included
    worker.on("message", (m: Message) => {
      if (m.type === "start") {
        current = { target: m.target, index: m.index, args: m.args };
        arm(o.hangMs ?? 10_000);
      } else if (m.type === "report") {
        onReport(m.report);
      } else {
        clearTimeout(timer);
        void worker.terminate();
        resolve({});
      }
    });
    worker.on("error", (e) => {
      clearTimeout(timer);
      resolve({ crashed: `${String(e)} (target ${current.target}, case ${current.index}: ${current.args})` });
    });
  });
}

/** Fuzzes every named target; a hung case counts one "hang" failure for its target and the run continues after it. */
export async function runTargets(names: readonly string[], o: RunOptions): Promise<TargetReport[]> {
  const reports = new Map<string, { failures: Record<PropertyClass, number>; examples: FuzzFailure[] }>();
  const entry = (name: string) => {
    let e = reports.get(name);
    if (e === undefined) reports.set(name, (e = { failures: zero(), examples: [] }));
    return e;
  };
  let from = 0;
  let skip = 0;
  while (from < names.length) {
    const r = await runSlice(names, from, skip, o, (rep) => {
      const e = entry(rep.target);
      for (const c of PROPERTY_CLASSES) e.failures[c] += rep.failures[c];
      e.examples.push(...rep.examples);
    });
    if (r.hung === undefined && r.crashed === undefined) break;
    if (r.crashed !== undefined) throw new Error(`fuzz runner: the worker crashed: ${r.crashed}`);
    const hung = r.hung as { target: string; index: number; args: string };
    const e = entry(hung.target);
    e.failures.hang++;
    if (e.examples.filter((x) => x.property === "hang").length < 3) {
      e.examples.push({ target: hung.target, property: "hang", args: hung.args, detail: `no result after ${o.hangMs ?? 10_000} ms` });
    }
    from = names.indexOf(hung.target);
    skip = hung.index + 1;
    if (skip >= o.numRuns) {
      from++;
      skip = 0;
    }
  }
  const out = names.map((name) => ({ target: name, cases: o.numRuns, ...entry(name) }));
  out.forEach((r) => o.onTarget?.(r));
  return out;
}
