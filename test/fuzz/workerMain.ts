/**
 * The fuzz worker: runs the named targets from case `skip` of the first one, announcing each case before running it
 * (so the watchdog in ./runner.ts knows which case hung) and posting one report per target.
 */
import { parentPort, workerData } from "node:worker_threads";
import { TARGETS } from "./targets.js";
import { PROPERTY_CLASSES, caseAt, checkCase, fingerprint, type FuzzFailure, type PropertyClass } from "./properties.js";

const { names, skip, numRuns, seed } = workerData as { names: string[]; skip: number; numRuns: number; seed: number };
for (const [t, name] of names.entries()) {
  const target = TARGETS.find((x) => x.name === name);
  if (target === undefined) throw new Error(`fuzz worker: no target named ${name}`);
  const failures = Object.fromEntries(PROPERTY_CLASSES.map((c) => [c, 0])) as Record<PropertyClass, number>;
  const examples: FuzzFailure[] = [];
  for (let index = t === 0 ? skip : 0; index < numRuns; index++) {
    const args = caseAt(target, seed, index);
    const shown = fingerprint(args).slice(0, 300);
    parentPort?.postMessage({ type: "start", target: name, index, args: shown });
    for (const [property, detail] of await checkCase(target, args)) {
      failures[property]++;
      if (examples.filter((e) => e.property === property).length < 3) examples.push({ target: name, property, args: shown, detail });
    }
  }
  parentPort?.postMessage({ type: "report", report: { target: name, cases: numRuns, failures, examples } });
}
parentPort?.postMessage({ type: "end" });
