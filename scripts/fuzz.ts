/**
 * The long fuzz run over every public export (npm run fuzz): many more cases than `npm test`, every target in a
 * worker thread under a watchdog (a call that never returns counts as a "hang" and the run goes on).
 * Prints one JSON object: cases tried and failures per property class, in total, per owner and per target, with a
 * few failing examples per target. Progress goes to stderr.
 *
 *   npm run fuzz                          # 1000 cases per target, seed 1
 *   npm run fuzz -- --runs 200 --seed 7   # fewer cases, another seed
 *   npm run fuzz -- --only Normal,dot     # some targets
 */
import { TARGETS } from "../test/fuzz/targets.js";
import { PROPERTY_CLASSES, type PropertyClass } from "../test/fuzz/properties.js";
import { runTargets } from "../test/fuzz/runner.js";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const numRuns = Number(option("runs", "1000"));
const seed = Number(option("seed", "1"));
const only = option("only", "");
const hangMs = Number(option("hang-ms", "10000"));
if (!Number.isInteger(numRuns) || numRuns < 1) throw new Error(`fuzz: --runs must be a positive integer, got ${numRuns}`);
if (!Number.isSafeInteger(seed)) throw new Error(`fuzz: --seed must be an integer, got ${seed}`);

const selected = TARGETS.filter((t) => only === "" || only.split(",").includes(t.name));
const owner = new Map(TARGETS.map((t) => [t.name, t.owner]));
const t0 = Date.now();
const reports = await runTargets(selected.map((t) => t.name), {
  numRuns,
  seed,
  hangMs,
  onTarget: (r) => process.stderr.write(`fuzz: ${r.target}: ${r.cases} cases, ${PROPERTY_CLASSES.map((c) => `${c} ${r.failures[c]}`).join(", ")}\n`),
});
const zero = (): Record<PropertyClass, number> => Object.fromEntries(PROPERTY_CLASSES.map((c) => [c, 0])) as Record<PropertyClass, number>;
const total = { cases: 0, failures: zero(), failingTargets: 0 };
const byOwner: Record<string, { cases: number; failures: Record<PropertyClass, number> }> = {};
for (const r of reports) {
  const o = (byOwner[owner.get(r.target) ?? "?"] ??= { cases: 0, failures: zero() });
  total.cases += r.cases;
  o.cases += r.cases;
  for (const c of PROPERTY_CLASSES) {
    total.failures[c] += r.failures[c];
    o.failures[c] += r.failures[c];
  }
  if (PROPERTY_CLASSES.some((c) => r.failures[c] > 0)) total.failingTargets++;
}
console.log(JSON.stringify({
  seed, runsPerTarget: numRuns, targets: reports.length, seconds: Math.round((Date.now() - t0) / 1000), total, byOwner,
  byTarget: Object.fromEntries(reports.map((r) => [r.target, { owner: owner.get(r.target), cases: r.cases, failures: r.failures }])),
  examples: reports.flatMap((r) => r.examples),
}));
