import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DEMO_ESTIMATORS, runDemo, type DemoResult } from "../../src/cli/demo.js";
import { OPTIMIZE_DEMO_SETUP } from "../../src/cli/demoOptimize.js";
import { VARIANCE_DEMO_SETUP, type ReductionProblem, type ReductionRow } from "../../src/cli/demoVariance.js";
import { gaussianCosts } from "../../src/diagnostics/gaussianCosts.js";
import { assertClose, assertWithinZ, testSeed, zFor } from "../helpers/stats.js";

// One run of the whole demo, shared by the section tests (section 1 at 20 000 samples, sections 2–3 at 4 000).
// Estimators with leave-one-out baselines or coefficients are exactly unbiased; their rows are coupled, which makes
// the row-based SE understate the spread by O(1/n) — negligible at n = 4 000 (their unit tests average small-n runs).
let shared: Promise<DemoResult> | undefined;
const demo = (): Promise<DemoResult> => (shared ??= runDemo({ samples: 20_000, seed: testSeed(7201), out: null }));

/** Mean, variance and central 4th moment of the random variable r, given as a list of (probability, value). */
function moments(points: { p: number; r: number[] }[], P: number): { mean: number[]; variance: number[]; m4: number[] } {
  const mean = new Array<number>(P).fill(0);
  const variance = new Array<number>(P).fill(0);
  const m4 = new Array<number>(P).fill(0);
  for (const { p, r } of points) for (let j = 0; j < P; j++) mean[j] += p * r[j];
  for (const { p, r } of points) {
    for (let j = 0; j < P; j++) {
      const c = r[j] - mean[j];
      variance[j] += p * c * c;
      m4[j] += p * c ** 4;
    }
  }
  return { mean, variance, m4 };
}

/** Trapezoid-rule points of a standard normal z on [−12, 12] (spectrally accurate for smooth Gaussian integrands). */
function normalPoints(value: (z: number) => number[]): { p: number; r: number[] }[] {
  const h = 1e-3;
  const out: { p: number; r: number[] }[] = [];
  for (let z = -12; z <= 12 + h / 2; z += h) out.push({ p: (h * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI), r: value(z) });
  return out;
}

/**
 * Checks a row's per-sample variance against the truth: the sample variance of n independent rows has standard
 * error ≈ √((m₄ − σ⁴)/n).
 */
function assertVariance(label: string, row: ReductionRow, truth: { variance: number[]; m4: number[] }, n: number, z: number): void {
  const se = truth.variance.map((v, j) => Math.sqrt(Math.max(0, truth.m4[j] - v * v) / n));
  assertWithinZ(`${label} per-sample variance`, row.variance, truth.variance, se, z);
}

const rowOf = (p: ReductionProblem, id: string): ReductionRow => {
  const r = p.rows.find((q) => q.id === id);
  assert.ok(r !== undefined, `${p.id}: no row ${id}`);
  return r;
};

test("demo section 1: every estimate agrees with the exact gradient and E[score] with 0 (z·SE, Bonferroni)", async () => {
  const result = await demo();
  const cells = result.costs.reduce((s, c) => s + c.rows.length, 0);
  assert.equal(cells, gaussianCosts.reduce((s, c) => s + c.ks.length, 0));
  const z = zFor(2 * (result.costs.length + cells * DEMO_ESTIMATORS.length));
  for (const cost of result.costs) {
    assertWithinZ(`${cost.name} E[score]`, cost.scoreCheck.mean, [0, 0], cost.scoreCheck.stderr, z);
    for (const row of cost.rows) {
      const closed = gaussianCosts.find((g) => g.name === cost.name)!.gradient(result.mu, result.sigma, row.k);
      assert.deepEqual(row.exact, closed);
      for (const e of DEMO_ESTIMATORS) {
        const est = row.estimates[e.id];
        assertWithinZ(`${cost.name} k=${row.k} ${e.id}`, est.mean, row.exact, est.stderr, z);
        assert.ok(est.variance.every((v) => v > 0), `${cost.name} k=${row.k} ${e.id}: per-sample variance ${est.variance}`);
      }
    }
  }
  assert.match(result.text, /f\(x\) = cos\(k x\)/);
  assert.equal(result.svgPath, null);
  assert.deepEqual(result.svgPaths, []);
});

test("demo section 2, Gaussian: every reduction is unbiased (z·SE) and the plain, pathwise and IS variances match quadrature", async () => {
  const { variance } = await demo();
  const n = variance.samples;
  const p = variance.problems.find((q) => q.id === "gaussian")!;
  const { mu, sigma, k, c, proposals } = VARIANCE_DEMO_SETUP.gaussian;
  // Independent truth: E[cos kx] = cos(kμ) e^{−k²σ²/2}, E[x²] = μ² + σ²; θ = (μ, log σ) so ∂/∂log σ = σ ∂/∂σ.
  const damp = Math.exp(-0.5 * k * k * sigma * sigma);
  const exact = [-k * Math.sin(k * mu) * damp + 2 * c * mu, -k * k * sigma * sigma * Math.cos(k * mu) * damp + 2 * c * sigma * sigma];
  assertClose("gaussian exact", p.exact, exact, 1e-12);
  const f = (x: number) => Math.cos(k * x) + c * x * x;
  const df = (x: number) => -k * Math.sin(k * x) + 2 * c * x;
  const logN = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
  const score = normalPoints((e) => [(f(mu + sigma * e) * e) / sigma, f(mu + sigma * e) * (e * e - 1)]);
  const path = normalPoints((e) => [df(mu + sigma * e), df(mu + sigma * e) * sigma * e]);
  const q = proposals[0];
  const is = normalPoints((e) => {
    const x = q.loc + q.scale * e;
    const w = Math.exp(logN(x, mu, sigma) - logN(x, q.loc, q.scale));
    const r = (x - mu) / sigma;
    return [w * f(x) * (r / sigma), w * f(x) * (r * r - 1)];
  });
  // The second proposal is the deliberately collapsed one: only its flag is checked.
  const unbiased = p.rows.filter((r) => r.id !== "is1");
  const z = zFor(2 * unbiased.length + 2 * 3);
  for (const r of unbiased) assertWithinZ(`gaussian ${r.id}`, r.mean, exact, r.stderr, z);
  const truths = { score: moments(score, 2), pathwise: moments(path, 2), is0: moments(is, 2) };
  for (const [id, t] of Object.entries(truths)) {
    assertClose(`quadrature mean of ${id} rows = exact gradient`, t.mean, exact, 1e-8);
    assertVariance(`gaussian ${id}`, rowOf(p, id), t, n, z);
  }
  for (const r of p.rows.filter((q) => q.ess !== undefined)) {
    assert.ok(r.ess! >= 1 && r.ess! <= n, `${r.id}: ESS ${r.ess} outside [1, n]`);
    assert.equal(variance.text.includes(`${r.label}: effective sample size ${r.ess!.toFixed(0)} of ${n}`), true);
  }
  assert.equal(/q = N\(3, 1\.2²\): effective sample size \d+ of \d+ \([\d.]+ %\) — collapsed/.test(variance.text), rowOf(p, "is1").ess! < 0.2 * n);
  assert.deepEqual(rowOf(p, "measureValued").fPerSample, 4); // 3d + 1 evaluations per sample for a 1-D Normal
});

test("demo section 2, Bernoulli: every reduction is unbiased (z·SE) and the variances match exact enumeration", async () => {
  const { variance } = await demo();
  const n = variance.samples;
  const p = variance.problems.find((q) => q.id === "bernoulli")!;
  const { logits, constant, weights, pair } = VARIANCE_DEMO_SETUP.bernoulli;
  const d = logits.length;
  const prob = logits.map((l) => 1 / (1 + Math.exp(-l)));
  const f = (x: number[]) => constant + weights.reduce((s, w, j) => s + w * x[j], 0) + pair * x[0] * x[1];
  // Which terms read coordinate j: the downstream cost of j is f minus the terms that ignore x_j.
  const downstream = (x: number[], j: number) => weights[j] * x[j] + (j < 2 ? pair * x[0] * x[1] : 0);
  const outcomes = Array.from({ length: 2 ** d }, (_, i) => Array.from({ length: d }, (_, j) => (i >> j) & 1));
  const pOf = (x: number[]) => x.reduce((s, v, j) => s * (v === 1 ? prob[j] : 1 - prob[j]), 1);
  // Enumeration row for logit j: Σ_v p_j(v) f(x with x_j = v) (v − p_j) = p_j(1 − p_j)(f(x_j = 1) − f(x_j = 0)).
  const enumRow = (x: number[], j: number) => {
    const hi = x.map((v, m) => (m === j ? 1 : v));
    const lo = x.map((v, m) => (m === j ? 0 : v));
    return prob[j] * (1 - prob[j]) * (f(hi) - f(lo));
  };
  const table = (row: (x: number[], j: number) => number) => outcomes.map((x) => ({ p: pOf(x), r: logits.map((_, j) => row(x, j)) }));
  const truths = {
    score: moments(table((x, j) => f(x) * (x[j] - prob[j])), d),
    downstream: moments(table((x, j) => downstream(x, j) * (x[j] - prob[j])), d),
    enumerate: moments(table(enumRow), d),
  };
  const exact = truths.score.mean;
  assertClose("bernoulli exact", p.exact, exact, 1e-12);
  const z = zFor(d * p.rows.length + d * Object.keys(truths).length);
  for (const r of p.rows) assertWithinZ(`bernoulli ${r.id}`, r.mean, exact, r.stderr, z);
  for (const [id, t] of Object.entries(truths)) {
    assertClose(`enumerated mean of ${id} rows = exact gradient`, t.mean, exact, 1e-12);
    assertVariance(`bernoulli ${id}`, rowOf(p, id), t, n, z);
  }
  assert.equal(rowOf(p, "enumerate").fPerSample, 1 + 2 * d);
  assert.equal(rowOf(p, "downstream").fPerSample, 1);
});

test("demo section 3: natural and plain gradients agree with the closed forms; xNES and SNES reach the target", async () => {
  const { optimize } = await demo();
  const { mu, sigma, target } = OPTIMIZE_DEMO_SETUP.natural;
  // E[(x − t)²] = (μ − t)² + σ²: ∇θ = [2(μ − t), 2σ²]; the Normal's Fisher in (μ, log σ) is diag(1/σ², 2).
  const plain = [2 * (mu - target), 2 * sigma * sigma];
  const natural = [sigma * sigma * plain[0], plain[1] / 2];
  const z = zFor(4);
  assertWithinZ("plain gradient", optimize.natural.plain.mean, plain, optimize.natural.plain.stderr, z);
  assertWithinZ("natural gradient", optimize.natural.natural.mean, natural, optimize.natural.natural.stderr, z);
  assert.equal(optimize.runs.length, OPTIMIZE_DEMO_SETUP.runs.length);
  for (const r of optimize.runs) {
    assert.equal(r.result.stop, "target", `${r.algorithm} on ${r.function}: stopped by ${r.result.stop} at f = ${r.result.fx}`);
    assert.ok(r.result.fx <= OPTIMIZE_DEMO_SETUP.target && r.result.fx >= r.optimalValue, `${r.algorithm}: f = ${r.result.fx}`);
    const optimum = r.function === "rosenbrock" ? 1 : 0;
    // f ≤ 1e-10 near a quadratic minimum puts x within about 1e-4 of it (Rosenbrock's valley: a little more).
    for (const v of r.result.x) assert.ok(Math.abs(v - optimum) < 1e-3, `${r.algorithm} on ${r.function}: x = ${r.result.x}`);
  }
});

test("runDemo refuses fewer than 2 samples", async () => {
  await assert.rejects(runDemo({ samples: 1, out: null }), /runDemo: samples must be an integer ≥ 2, got 1/);
});

test("mcgrad exits with code 2 on usage errors", () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8" });
  const unknown = run("no-such-command");
  assert.equal(unknown.status, 2, unknown.stderr);
  assert.match(unknown.stderr, /unknown command 'no-such-command'/);
  const badValue = run("demo", "--samples", "lots");
  assert.equal(badValue.status, 2, badValue.stderr);
  assert.match(badValue.stderr, /--samples <n>' argument 'lots' is invalid/);
});

test("demo reports per-evaluation variance: per-sample variance × counted evaluations (score 1, pathwise f′ + f = 2)", async () => {
  const result = await demo();
  const cost = { score: 1, scoreMean: 1, pathwise: 2 } as const;
  for (const c of result.costs) {
    for (const row of c.rows) {
      for (const e of DEMO_ESTIMATORS) {
        const est = row.estimates[e.id];
        assert.equal(est.evaluationsPerSample, cost[e.id], `${c.name} ${e.id}`);
        assertClose(`${c.name} k=${row.k} ${e.id}`, est.variancePerEvaluation, est.variance.map((v) => v * cost[e.id]), 1e-15);
      }
    }
  }
  for (const p of result.variance.problems) {
    for (const r of p.rows) {
      assertClose(`${p.id} ${r.id}`, [r.variancePerEvaluation], [r.variance.reduce((a, v) => a + v, 0) * (r.fPerSample + r.gradPerSample)], 1e-15);
      // Only the pathwise estimator evaluates f′, once per sample (and f once, to check it is finite there).
      assert.equal(r.gradPerSample, r.id === "pathwise" ? 1 : 0, `${p.id} ${r.id}`);
    }
  }
  assert.match(result.text, /lowest var·c/);
  assert.match(result.variance.text, /Σvar·c/);
});

test("mcgrad demo: progress on stderr names each of its four sections (k/4) and reaches 100 % in each; --json's last line", () => {
  const out = mkdtempSync(join(tmpdir(), "mcgrad-demo-progress-"));
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "demo", "--samples", "200", "--out", out, "--json"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const sections = ["1/4 Gaussian costs", "2/4 variance reduction", "3/4 optimization", "4/4 policy gradients"];
  for (const s of sections) assert.match(r.stderr, new RegExp(`^demo ${s}: 100% `, "m"), `no "demo ${s}: 100%" line in\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\/3 /, "a section still says /3");
  assert.equal(sections.length, (r.stdout.match(/^\d\. /gm) ?? []).length, "the report has as many numbered sections as the progress says");
  // Before, demo had no --json. The last line holds every section's numbers, typed arrays as arrays.
  const json = JSON.parse(r.stdout.trim().split("\n").at(-1) as string) as DemoResult;
  assert.equal(json.samples, 200);
  assert.deepEqual(json.costs.map((c) => c.name), ["quadratic", "exp", "cos"]);
  // optimize.runs[i].result.x is a Float64Array in runDemo's result: JSON.stringify alone wrote {"0": …, "1": …}.
  assert.ok(json.optimize.runs.every((run) => Array.isArray(run.result.x) && run.result.x.length > 0), "a Float64Array must be written as an array");
  assert.equal(json.variance.problems.length, 2);
  assert.equal(json.optimize.runs.length, 2);
  assert.equal(typeof json.policy.solved, "boolean");
  assert.equal(json.svgPaths.length, 2);
  const raw = json as unknown as { text?: unknown; policy: { text?: unknown } };
  assert.ok(raw.text === undefined && raw.policy.text === undefined, "the printed report is not repeated in the JSON");
});
