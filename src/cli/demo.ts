/**
 * `mcgrad demo`: the Gaussian example of the log-derivative trick made concrete. For x ~ N(μ = 1, σ = 1) and the
 * costs (x − k)², exp(−k x²), cos(k x) it compares the score-function estimator (without and with a leave-one-out
 * mean baseline) and the pathwise estimator with the exact gradient, and plots each one's per-sample variance
 * against k (Mohamed, Rosca, Figurnov & Mnih, JMLR 2020, §3). No maths here: it calls the library.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { Normal } from "../distributions/normal.js";
import { pathwise } from "../estimators/pathwise.js";
import { estimateFromRows, type GradientEstimate } from "../estimators/result.js";
import { scoreFunction } from "../estimators/scoreFunction.js";
import { key, split } from "../random/key.js";
import { gaussianCosts } from "./gaussianCosts.js";
import { intAtLeastOption, intOption } from "./options.js";
import { gridSpec, lineSpec, writeSvg, type Series } from "./plot.js";
import { progress } from "./progress.js";

const DEFAULT_SAMPLES = 50_000;

/** The estimators the demo compares. */
export const DEMO_ESTIMATORS = [
  { id: "score", label: "score function", short: "score" },
  { id: "scoreMean", label: "score function + mean baseline", short: "score+b" },
  { id: "pathwise", label: "pathwise", short: "pathwise" },
] as const;
export type DemoEstimatorId = (typeof DEMO_ESTIMATORS)[number]["id"];

/** An estimate with respect to (μ, σ): index 0 is ∂/∂μ, index 1 is ∂/∂σ. */
export interface DemoEstimate {
  mean: [number, number];
  stderr: [number, number];
  /** Per-sample variance of the gradient rows. */
  variance: [number, number];
}

/** One k of one cost. */
export interface DemoRow {
  k: number;
  exact: [number, number];
  estimates: Record<DemoEstimatorId, DemoEstimate>;
}

/** One cost's results. */
export interface DemoCost {
  name: string;
  formula: string;
  /** Monte Carlo E[score] with respect to (μ, σ) — 0 in expectation — and its standard error. */
  scoreCheck: { mean: [number, number]; stderr: [number, number] };
  rows: DemoRow[];
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Samples per estimate, ≥ 2 (default 50 000). */
  samples?: number;
  /** Integer seed (default 0). */
  seed?: number;
  /** Directory of the SVG plot (default "out"); null writes no plot. */
  out?: string | null;
  /** Show progress on stderr (default false). */
  progress?: boolean;
}

/** Everything the demo printed, as numbers. */
export interface DemoResult {
  samples: number;
  seed: number;
  mu: number;
  sigma: number;
  costs: DemoCost[];
  /** The printed report. */
  text: string;
  /** Absolute path of the SVG written, or null. */
  svgPath: string | null;
}

/**
 * Converts an estimate with respect to θ = [μ, log σ] to (μ, σ): ∂/∂σ = (∂/∂log σ)/σ, so the mean and standard
 * error are divided by σ and the per-sample variance by σ².
 */
function toMuSigma(g: GradientEstimate, sigma: number): DemoEstimate {
  return {
    mean: [g.mean[0], g.mean[1] / sigma],
    stderr: [g.stderr[0], g.stderr[1] / sigma],
    variance: [g.variance[0], g.variance[1] / (sigma * sigma)],
  };
}

/** Runs the demo: computes every estimate, formats the report and (unless out is null) writes the plot. */
export async function runDemo(opts: DemoOptions = {}): Promise<DemoResult> {
  const { samples = DEFAULT_SAMPLES, seed = 0, out = "out", progress: showProgress = false } = opts;
  if (!Number.isSafeInteger(samples) || samples < 2) throw new Error(`runDemo: samples must be an integer ≥ 2, got ${samples}`);
  const mu = 1;
  const sigma = 1;
  const dist = new Normal({ loc: mu, scale: sigma });
  const costKeys = split(key(seed), gaussianCosts.length);
  const total = gaussianCosts.reduce((s, c) => s + c.ks.length, 0);
  const bar = progress("demo", total, { enabled: showProgress });
  const gradBuffer = new Float64Array(1);
  const costs: DemoCost[] = [];
  try {
    gaussianCosts.forEach((cost, c) => {
      const [scoreKey, ...cellKeys] = split(costKeys[c], 1 + cost.ks.length);
      const score = toMuSigma(estimateFromRows(dist.score(dist.sample(scoreKey, samples)), samples, dist.paramSize), sigma);
      const rows: DemoRow[] = cost.ks.map((k, i) => {
        const f = (x: Float64Array) => cost.value(x[0], k);
        const grad = (x: Float64Array) => {
          gradBuffer[0] = cost.derivative(x[0], k);
          return gradBuffer;
        };
        // Common random numbers: the three estimators see the same draws, so their variances compare pairwise.
        const cell = cellKeys[i];
        const estimates: Record<DemoEstimatorId, DemoEstimate> = {
          score: toMuSigma(scoreFunction(f, dist, cell, { numSamples: samples }), sigma),
          scoreMean: toMuSigma(scoreFunction(f, dist, cell, { numSamples: samples, baseline: "mean" }), sigma),
          pathwise: toMuSigma(pathwise(f, dist, cell, { numSamples: samples, grad }), sigma),
        };
        bar.tick(1, { cost: cost.name, k });
        return { k, exact: cost.gradient(mu, sigma, k), estimates };
      });
      costs.push({ name: cost.name, formula: cost.formula, scoreCheck: { mean: score.mean, stderr: score.stderr }, rows });
    });
  } finally {
    bar.stop();
  }
  const svgPath = out === null ? null : await writeSvg(variancePlot(costs, samples), join(out, "demo-variance.svg"));
  const text = formatReport(costs, { samples, seed, mu, sigma }, svgPath);
  return { samples, seed, mu, sigma, costs, text, svgPath };
}

/** A grid of log-y panels: one row per cost, columns ∂/∂μ and ∂/∂σ, one curve per estimator. */
function variancePlot(costs: DemoCost[], samples: number): Record<string, unknown> {
  const rows = costs.map((cost) => {
    const logK = gaussianCosts.find((g) => g.name === cost.name)?.logK ?? false;
    return (["μ", "σ"] as const).map((p, j) => {
      const series: Series[] = DEMO_ESTIMATORS.map((e) => ({
        name: e.label,
        x: cost.rows.map((r) => r.k),
        y: cost.rows.map((r) => r.estimates[e.id].variance[j]),
      }));
      return lineSpec({
        title: `f(x) = ${cost.formula}: ∂/∂${p}`,
        xLabel: logK ? "k (log scale)" : "k",
        yLabel: "per-sample variance (log)",
        series,
        logX: logK,
        logY: true,
        points: true,
      });
    });
  });
  return gridSpec(`Per-sample gradient variance, x ~ N(1, 1), ${samples} samples per point (lower is better)`, rows);
}

const fmt = (v: number): string => {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(2) : v.toPrecision(4);
};
const pm = (e: DemoEstimate, j: number): string => `${fmt(e.mean[j])} ± ${fmt(e.stderr[j])}`;

function table(header: string[], body: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c < 2 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join("  ");
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...body.map(line)];
}

function formatReport(
  costs: DemoCost[],
  run: { samples: number; seed: number; mu: number; sigma: number },
  svgPath: string | null,
): string {
  const out: string[] = [
    `mcgrad demo — ∇ E_{x~N(μ,σ²)}[f(x)] at μ = ${run.mu}, σ = ${run.sigma}; ${run.samples} samples per estimate, seed ${run.seed}`,
    "score = score function E[f(x) ∇ log p(x)];  score+b = with baseline, E[(f(x) − b) ∇ log p(x)], b = leave-one-out mean;",
    "pathwise = E[f'(x) ∂x/∂θ] with x = μ + σε.  Estimates ± one standard error, with respect to (μ, σ).",
    "var = per-sample variance of the gradient terms (lower wins).",
  ];
  for (const cost of costs) {
    const sc = cost.scoreCheck;
    out.push(
      "",
      `f(x) = ${cost.formula}`,
      `  E[score] = (${fmt(sc.mean[0])} ± ${fmt(sc.stderr[0])}, ${fmt(sc.mean[1])} ± ${fmt(sc.stderr[1])})  — should be 0 within a few SE`,
    );
    const header = ["k", "∂", "exact", ...DEMO_ESTIMATORS.map((e) => e.short), ...DEMO_ESTIMATORS.map((e) => `var ${e.short}`), "lowest var"];
    const body: string[][] = [];
    // A few k in the table (five, evenly spaced over the grid); the plot shows them all.
    const shown = new Set([0, 1, 2, 3, 4].map((i) => Math.round((i * (cost.rows.length - 1)) / 4)));
    for (const r of cost.rows.filter((_, i) => shown.has(i))) {
      for (const j of [0, 1]) {
        const vars = DEMO_ESTIMATORS.map((e) => r.estimates[e.id].variance[j]);
        const best = DEMO_ESTIMATORS[vars.indexOf(Math.min(...vars))].short;
        body.push([
          j === 0 ? fmt(r.k) : "",
          j === 0 ? "μ" : "σ",
          fmt(r.exact[j]),
          ...DEMO_ESTIMATORS.map((e) => pm(r.estimates[e.id], j)),
          ...vars.map(fmt),
          best,
        ]);
      }
    }
    out.push(...table(header, body).map((l) => `  ${l}`));
  }
  out.push("", svgPath === null ? "(no plot written)" : `plot of per-sample variance against k: ${svgPath}`);
  return out.join("\n");
}

/** Registers `mcgrad demo` on the program. */
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("score-function vs pathwise gradients on the Gaussian costs (x−k)², exp(−kx²), cos(kx); writes a variance plot")
    .option("--samples <n>", "samples per estimate (≥ 2)", intAtLeastOption(2), DEFAULT_SAMPLES)
    .option("--seed <n>", "integer random seed", intOption, 0)
    .option("--out <dir>", "directory for the SVG plot", "out")
    .action(async (o: { samples: number; seed: number; out: string }) => {
      const result = await runDemo({ samples: o.samples, seed: o.seed, out: o.out, progress: true });
      process.stdout.write(`${result.text}\n`);
    });
}
