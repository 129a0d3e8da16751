/**
 * `npm run sweep [-- --seeds 50 --filter distributions --filter estimators --all --json --out out/sweep.json]`
 *
 * Reruns the statistical test files with MCGRAD_SEED = 1 … seeds (tests take their seeds from testSeed()), two jobs
 * at a time (one per core), and compares each test's failure rate with the rate it claims (FAMILY_ALPHA per test).
 * A test is flagged when its failure count is significantly above the claim: the binomial upper-tail p-value
 * P(X ≥ failures | seeds, FAMILY_ALPHA) is below 0.05 / (number of tests), so the whole report raises a false flag
 * with probability at most 5 %. With 50 seeds one failure is not significant (p ≈ 0.003 per test, expected now and
 * then across a hundred tests); two failures of one test are.
 *
 * Statistical files are the test files that call testSeed( or distributionLaws( (use --all for every file); --filter
 * (repeatable) keeps those whose path contains one of the given substrings.
 * Each (seed, file) job runs the file directly under node's test harness with scripts/sweep-reporter.mjs.
 * This is a tool, not part of `npm test`.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import gammaln from "@stdlib/math-base-special-gammaln";
import { FAMILY_ALPHA } from "../test/helpers/stats.js";

interface Options {
  seeds: number;
  filters: string[];
  all: boolean;
  json: boolean;
  out: string;
  jobs: number;
  timeoutSec: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { seeds: 50, filters: [], all: false, json: false, out: "out/sweep.json", jobs: 2, timeoutSec: 300 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`sweep: ${a} needs a value`);
      return v;
    };
    if (a === "--seeds") o.seeds = Number(next());
    else if (a === "--filter") o.filters.push(next());
    else if (a === "--all") o.all = true;
    else if (a === "--json") o.json = true;
    else if (a === "--out") o.out = next();
    else if (a === "--jobs") o.jobs = Number(next());
    else if (a === "--timeout") o.timeoutSec = Number(next());
    else if (a === "--help" || a === "-h") {
      console.log("usage: npm run sweep -- [--seeds 50] [--filter SUBSTRING] [--all] [--json] [--out out/sweep.json] [--jobs 2] [--timeout 300]");
      process.exit(0);
    } else throw new Error(`sweep: unknown argument ${JSON.stringify(a)} (try --help)`);
  }
  if (!Number.isInteger(o.seeds) || o.seeds < 1) throw new Error(`sweep: --seeds must be a positive integer, got ${o.seeds}`);
  if (!Number.isInteger(o.jobs) || o.jobs < 1) throw new Error(`sweep: --jobs must be a positive integer, got ${o.jobs}`);
  if (!(o.timeoutSec > 0)) throw new Error(`sweep: --timeout must be a positive number of seconds, got ${o.timeoutSec}`);
  return o;
}

function statisticalFiles(o: Options): string[] {
  return readdirSync("test", { recursive: true })
    .map((f) => join("test", String(f)))
    .filter((f) => f.endsWith(".test.ts") && (o.filters.length === 0 || o.filters.some((w) => f.includes(w))))
    .filter((f) => o.all || /\btestSeed\(|\bdistributionLaws\(/.test(readFileSync(f, "utf8")))
    .sort();
}

interface JobResult {
  file: string;
  seed: number;
  tests: { status: "pass" | "fail"; path: string[]; error?: string }[];
  exitCode: number | null;
  stderr: string;
  timedOut: boolean;
}

function runJob(file: string, seed: number, timeoutSec: number): Promise<JobResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--test-reporter=./scripts/sweep-reporter.mjs", file], {
      env: { ...process.env, MCGRAD_SEED: String(seed) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let timedOut = false;
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutSec * 1000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const tests: JobResult["tests"] = [];
      for (const line of out.split("\n")) {
        if (!line.startsWith("{")) continue;
        try {
          tests.push(JSON.parse(line));
        } catch {
          // A test printed something that looks like JSON: ignore it.
        }
      }
      resolve({ file, seed, tests, exitCode: code, stderr: err.slice(-2000), timedOut });
    });
  });
}

/** The binomial upper tail P(X ≥ k) for X ~ Binomial(n, p), each term computed in log space. */
function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  const logC = (a: number, b: number) => gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1);
  let total = 0;
  for (let j = k; j <= n; j++) total += Math.exp(logC(n, j) + j * Math.log(p) + (n - j) * Math.log1p(-p));
  return Math.min(1, total);
}

interface TestRow {
  file: string;
  test: string;
  runs: number;
  failures: number;
  failureRate: number;
  claimedRate: number;
  pValue: number;
  flagged: boolean;
  failedSeeds: number[];
  firstError?: string;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const files = statisticalFiles(o);
  if (files.length === 0) throw new Error(`sweep: no statistical test files match --filter ${JSON.stringify(o.filters)}`);
  const jobs: { file: string; seed: number }[] = [];
  for (let seed = 1; seed <= o.seeds; seed++) for (const file of files) jobs.push({ file, seed });
  process.stderr.write(`sweep: ${files.length} files × ${o.seeds} seeds = ${jobs.length} runs, ${o.jobs} at a time\n`);

  const started = Date.now();
  const results: JobResult[] = [];
  let nextJob = 0;
  const worker = async () => {
    while (nextJob < jobs.length) {
      const { file, seed } = jobs[nextJob++];
      results.push(await runJob(file, seed, o.timeoutSec));
      if (process.stderr.isTTY) process.stderr.write(`\r  ${results.length}/${jobs.length} runs, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  };
  await Promise.all(Array.from({ length: o.jobs }, worker));
  if (process.stderr.isTTY) process.stderr.write("\n");

  // Aggregate per test (file + path); a run that crashed or timed out without reporting a failing test counts as one
  // failure of a pseudo-test "(file did not finish)".
  const byTest = new Map<string, TestRow>();
  const row = (file: string, test: string): TestRow => {
    const id = `${file}\u0000${test}`;
    let r = byTest.get(id);
    if (!r) {
      r = { file, test, runs: 0, failures: 0, failureRate: 0, claimedRate: FAMILY_ALPHA, pValue: 1, flagged: false, failedSeeds: [] };
      byTest.set(id, r);
    }
    return r;
  };
  for (const res of results) {
    for (const t of res.tests) {
      const r = row(res.file, t.path.join(" › "));
      r.runs++;
      if (t.status === "fail") {
        r.failures++;
        r.failedSeeds.push(res.seed);
        r.firstError ??= t.error;
      }
    }
    const anyFail = res.tests.some((t) => t.status === "fail");
    if ((res.exitCode !== 0 && !anyFail) || res.timedOut) {
      const r = row(res.file, "(file did not finish)");
      r.failures++;
      r.failedSeeds.push(res.seed);
      const errorLine = res.stderr.split("\n").find((l) => /^\s*\w*Error\b/.test(l)) ?? res.stderr.trim().split("\n").slice(-1)[0];
      r.firstError ??= res.timedOut ? `timed out after ${o.timeoutSec} s` : `exit code ${res.exitCode}: ${errorLine?.trim()}`;
    }
  }
  for (const r of byTest.values()) if (r.test === "(file did not finish)") r.runs = o.seeds;
  const rows = [...byTest.values()];
  const level = 0.05 / Math.max(1, rows.length);
  for (const r of rows) {
    r.failedSeeds.sort((a, b) => a - b);
    r.failureRate = r.failures / r.runs;
    r.pValue = binomialUpperTail(r.failures, r.runs, r.claimedRate);
    r.flagged = r.pValue < level;
  }
  rows.sort((a, b) => b.failures - a.failures || a.file.localeCompare(b.file) || a.test.localeCompare(b.test));
  const report = {
    seeds: o.seeds,
    files,
    numTests: rows.length,
    claimedRatePerTest: FAMILY_ALPHA,
    flagLevel: level,
    totalFailures: rows.reduce((s, r) => s + r.failures, 0),
    expectedFailures: rows.reduce((s, r) => s + r.runs * r.claimedRate, 0),
    flagged: rows.filter((r) => r.flagged).length,
    seconds: (Date.now() - started) / 1000,
    tests: rows,
  };
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, JSON.stringify(report, null, 2));
  if (o.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(
    `sweep: ${report.numTests} tests in ${files.length} files over ${o.seeds} seeds (${report.seconds.toFixed(0)} s); ` +
      `claimed false-failure rate ${FAMILY_ALPHA} per test ⇒ ${report.expectedFailures.toFixed(3)} failures expected in all, ${report.totalFailures} seen`,
  );
  console.log(`flag: binomial p-value < ${level.toExponential(2)} (0.05 / tests)`);
  const failing = rows.filter((r) => r.failures > 0);
  if (failing.length === 0) console.log("no test failed on any seed");
  else {
    console.log("\nfailures  rate      p-value    flag  test");
    for (const r of failing) {
      console.log(
        `${`${r.failures}/${r.runs}`.padEnd(9)} ${r.failureRate.toFixed(4).padEnd(9)} ${r.pValue.toExponential(2).padEnd(10)} ${(r.flagged ? "YES" : "no").padEnd(5)} ${r.file} › ${r.test}`,
      );
      console.log(`          seeds ${r.failedSeeds.join(", ")}${r.firstError ? `; first error: ${r.firstError.slice(0, 160)}` : ""}`);
    }
  }
  console.log(`\n${report.flagged} test(s) flagged. Full report: ${o.out}`);
  if (report.flagged > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
