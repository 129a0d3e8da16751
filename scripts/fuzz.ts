/**
 * The long fuzz run over every public export (npm run fuzz). Each target runs in its own worker thread under a
 * watchdog, so a call that never returns is counted as a "hang" failure instead of stopping the run.
 * Prints one JSON object: cases tried and failures per property class, in total, per owner and per target, with a few
 * failing examples per target.
 *
 *   npm run fuzz                          # 2000 cases per target, seed 1
 *   npm run fuzz -- --runs 200 --seed 7   # fewer cases, another seed
 *   npm run fuzz -- --only Normal,dot     # some targets
 */
import { Worker } from "node:worker_threads";
import { TARGETS } from "../test/fuzz/targets.js";
import { PROPERTY_CLASSES, type FuzzFailure, type PropertyClass, type TargetReport } from "../test/fuzz/properties.js";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const numRuns = Number(option("runs", "2000"));
const seed = Number(option("seed", "1"));
const only = option("only", "");
const hangMs = Number(option("hang-ms", "10000"));
if (!Number.isInteger(numRuns) || numRuns < 1) throw new Error(`fuzz: --runs must be a positive integer, got ${numRuns}`);
if (!Number.isSafeInteger(seed)) throw new Error(`fuzz: --seed must be an integer, got ${seed}`);

const zero = (): Record<PropertyClass, number> => Object.fromEntries(PROPERTY_CLASSES.map((c) => [c, 0])) as Record<PropertyClass, number>;

/** Runs one target's cases from `skip` on in a worker; resolves with its report, or with the index of a hung case. */
function runSlice(name: string, skip: number): Promise<{ report?: TargetReport; hung?: { index: number; args: string } ; crashed?: string }> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./fuzzWorker.mjs", import.meta.url), { workerData: { name, numRuns, seed, skip } });
    let index = skip;
    let current = "";
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        resolve({ hung: { index, args: current } });
      }, hangMs);
    };
    arm();
    worker.on("message", (m: { type: string; cases?: number; args?: string; report?: TargetReport }) => {
      if (m.type === "start") {
        index = m.cases ?? index;
        current = m.args ?? "";
        arm();
      } else if (m.type === "done") {
        clearTimeout(timer);
        resolve({ report: m.report });
      }
    });
    worker.on("error", (e) => {
      clearTimeout(timer);
      resolve({ crashed: `${String(e)} at case ${index}: ${current}` });
    });
  });
}

/** Runs every case of one target; a case that exceeds hangMs counts as a hang and the run resumes after it. */
async function runTarget(name: string): Promise<TargetReport> {
  const failures = zero();
  const examples: FuzzFailure[] = [];
  let skip = 0;
  for (;;) {
    const r = await runSlice(name, skip);
    if (r.report !== undefined) {
      for (const c of PROPERTY_CLASSES) failures[c] += r.report.failures[c];
      examples.push(...r.report.examples);
      return { target: name, cases: numRuns, failures, examples };
    }
    if (r.crashed !== undefined) {
      failures.namedError++;
      examples.push({ target: name, property: "namedError", args: "", detail: `worker crashed: ${r.crashed}` });
      return { target: name, cases: numRuns, failures, examples };
    }
    const hung = r.hung as { index: number; args: string };
    failures.hang++;
    if (failures.hang <= 3) examples.push({ target: name, property: "hang", args: hung.args, detail: `no result after ${hangMs} ms` });
    skip = hung.index + 1;
    if (skip >= numRuns) return { target: name, cases: numRuns, failures, examples };
  }
}

const selected = TARGETS.filter((t) => only === "" || only.split(",").includes(t.name));
const reports: Array<TargetReport & { owner: string }> = [];
const t0 = Date.now();
for (const t of selected) {
  const r = await runTarget(t.name);
  reports.push({ ...r, owner: t.owner });
  process.stderr.write(`fuzz: ${t.name}: ${r.cases} cases, ${PROPERTY_CLASSES.map((c) => `${c} ${r.failures[c]}`).join(", ")}\n`);
}
const total = { cases: 0, failures: zero(), failingTargets: 0 };
const byOwner: Record<string, { cases: number; failures: Record<PropertyClass, number> }> = {};
for (const r of reports) {
  const o = (byOwner[r.owner] ??= { cases: 0, failures: zero() });
  total.cases += r.cases;
  o.cases += r.cases;
  let failed = false;
  for (const c of PROPERTY_CLASSES) {
    total.failures[c] += r.failures[c];
    o.failures[c] += r.failures[c];
    if (r.failures[c] > 0) failed = true;
  }
  if (failed) total.failingTargets++;
}
console.log(JSON.stringify({
  seed, runsPerTarget: numRuns, targets: reports.length, seconds: Math.round((Date.now() - t0) / 1000), total, byOwner,
  byTarget: Object.fromEntries(reports.map((r) => [r.target, { owner: r.owner, cases: r.cases, failures: r.failures }])),
  examples: reports.flatMap((r) => r.examples),
}));
