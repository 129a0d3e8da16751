/**
 * Worker of scripts/fuzz.ts: fuzzes one target from case `skip` on and posts its report; it announces each case
 * before running it, so a watchdog that terminates a hung worker knows which case hung and can resume after it.
 */
import { parentPort, workerData } from "node:worker_threads";
import fc from "fast-check";
import { TARGETS } from "../test/fuzz/targets.js";
import { PROPERTY_CLASSES, checkCase, fingerprint, type FuzzFailure, type PropertyClass } from "../test/fuzz/properties.js";

const { name, numRuns, seed, skip } = workerData as { name: string; numRuns: number; seed: number; skip: number };
const target = TARGETS.find((t) => t.name === name);
if (target === undefined) throw new Error(`fuzzWorker: no target named ${name}`);
const failures = Object.fromEntries(PROPERTY_CLASSES.map((c) => [c, 0])) as Record<PropertyClass, number>;
const examples: FuzzFailure[] = [];
let cases = skip;
for (const args of fc.sample(target.args, { numRuns, seed }).slice(skip)) {
  const shown = fingerprint(args).slice(0, 300);
  parentPort?.postMessage({ type: "start", cases, args: shown });
  for (const [property, detail] of await checkCase(target, args)) {
    failures[property]++;
    if (examples.filter((e) => e.property === property).length < 3) examples.push({ target: name, property, args: shown, detail });
  }
  cases++;
}
parentPort?.postMessage({ type: "done", report: { target: name, cases, failures, examples } });
