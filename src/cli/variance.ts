/**
 * `mcgrad variance`: recomputes the variance figures of Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §3,
 * Figures 2–3 — x ~ N(1, 1), costs (x − k)², exp(−k x²), cos(k x), the single-sample variance of the
 * ∂/∂μ and ∂/∂σ estimates of five estimators against k. Writes one SVG per cost (two panels, log axes as in the
 * paper) and a JSON table. The maths is `varianceCurves` (src/diagnostics/varianceCurves.ts); this file only
 * loops, plots and prints.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { VARIANCE_CURVE_ESTIMATORS, varianceCurves, type VarianceCurveEstimator, type VarianceCurvesTable } from "../diagnostics/varianceCurves.js";
import { key, split } from "../random/key.js";
import { evenlySpaced } from "./demoFormat.js";
import { gaussianCosts, type GaussianCost } from "../diagnostics/gaussianCosts.js";
import { intOption, sampleCountOption } from "./options.js";
import { jsonLine } from "./jsonLine.js";
import { ensureOutDir, gridSpec, lineSpec, writeSvg } from "./plot.js";
import { progress } from "./progress.js";

const DEFAULT_SAMPLES = 100_000;

const LABELS: Record<VarianceCurveEstimator, string> = {
  score: "score function",
  scoreOptimalBaseline: "score function + optimal baseline",
  pathwise: "pathwise",
  measureValued: "measure-valued (coupled)",
  measureValuedUncoupled: "measure-valued (uncoupled)",
};

/** Short labels for the text table. */
const SHORT: Record<VarianceCurveEstimator, string> = {
  score: "score",
  scoreOptimalBaseline: "score + optimal b",
  pathwise: "pathwise",
  measureValued: "measure-valued",
  measureValuedUncoupled: "measure-valued (uncoupled)",
};

/** Options of {@link runVariance}. */
export interface VarianceRunOptions {
  samples?: number;
  baselineSamples?: number;
  seed?: number;
  /** Output directory (default "out"). */
  out?: string;
  progress?: boolean;
}

/** What `mcgrad variance` computed and wrote. */
export interface VarianceRunResult {
  tables: { cost: string; formula: string; table: VarianceCurvesTable }[];
  svgPaths: string[];
  jsonPath: string;
  text: string;
}

/**
 * Four log-y panels for one cost: per-sample variance (top) and per-evaluation variance, × the evaluations of f and
 * f′ per sample (bottom), for ∂/∂μ and ∂/∂σ. A variance that is zero up to rounding (below 1e-12 of the panel's
 * largest, e.g. the coupled measure-valued ∂/∂μ of (x − k)² at k = μ, whose two sides are mirror images) is
 * plotted as 0, which the log axis omits and the panel's subtitle counts; the JSON keeps the computed value.
 */
function figure(cost: GaussianCost, table: VarianceCurvesTable): Record<string, unknown> {
  const row = (perEvaluation: boolean) =>
    (["mu", "sigma"] as const).map((p) => {
      const curves = VARIANCE_CURVE_ESTIMATORS.map((e) => table.curves.find((c) => c.estimator === e && c.parameter === p)!);
      const ys = curves.map((c) => (perEvaluation ? c.variancePerEvaluation : c.variance));
      const floor = 1e-12 * Math.max(...ys.flat());
      return lineSpec({
        title: `∂/∂${p === "mu" ? "μ" : "σ"} of E[${cost.formula}]${perEvaluation ? ", per evaluation" : ""}`,
        xLabel: cost.logK ? "k (log scale)" : "k",
        yLabel: perEvaluation ? "variance × evaluations per sample (log)" : "variance of one sample (log)",
        series: curves.map((c, i) => ({ name: LABELS[c.estimator], x: table.ks, y: ys[i].map((v) => (v < floor ? 0 : v)) })),
        logX: cost.logK,
        logY: true,
        points: true,
      });
    });
  return gridSpec(
    `f(x) = ${cost.formula}, x ~ N(${table.loc}, ${table.scale}²): gradient variance per sample and per evaluation (${table.numSamples} samples per point)`,
    [row(false), row(true)],
  );
}

/** Computes the curves of every cost, writes the SVGs and the JSON table, and returns a printable summary. */
export async function runVariance(opts: VarianceRunOptions = {}): Promise<VarianceRunResult> {
  const { samples = DEFAULT_SAMPLES, baselineSamples = DEFAULT_SAMPLES, seed = 0, out = "out", progress: show = false } = opts;
  ensureOutDir("variance", out, "--out");
  const total = gaussianCosts.reduce((s, c) => s + c.ks.length, 0);
  const bar = progress("variance", total, { enabled: show });
  const keys = split(key(seed), gaussianCosts.length);
  const tables: VarianceRunResult["tables"] = [];
  try {
    gaussianCosts.forEach((cost, i) => {
      const table = varianceCurves(cost, keys[i], {
        ks: cost.ks,
        loc: 1,
        scale: 1,
        numSamples: samples,
        baselineSamples,
        onStep: (done) => bar.tick(1, { cost: cost.name, k: cost.ks[done - 1] }),
      });
      tables.push({ cost: cost.name, formula: cost.formula, table });
    });
  } finally {
    bar.stop();
  }
  const svgPaths: string[] = [];
  for (const [i, t] of tables.entries()) svgPaths.push(await writeSvg(figure(gaussianCosts[i], t.table), join(out, `variance-${t.cost}.svg`)));
  const jsonPath = resolve(out, "variance.json");
  await mkdir(resolve(out), { recursive: true });
  await writeFile(jsonPath, `${JSON.stringify({ seed, estimators: LABELS, costs: tables }, null, 1)}\n`, "utf8");

  const lines = [
    `mcgrad variance — Mohamed et al. (2020) Figures 2–3: x ~ N(1, 1), ${samples} samples per point, seed ${seed}`,
    "Per sample: the variance of one gradient row. Per evaluation: that variance times the evaluations of f and f′ per sample",
    "(score function 1, pathwise 2, measure-valued 4 coupled) — what a fixed budget of evaluations buys. Lowest of each, μ | σ:",
  ];
  for (const t of tables) {
    lines.push("", `f(x) = ${t.formula}`, `  ${"k".padEnd(8)} ${"lowest per sample (μ | σ)".padEnd(60)} lowest per evaluation (μ | σ)`);
    const best = (p: "mu" | "sigma", ik: number, perEval: boolean): string => {
      const cs = t.table.curves.filter((c) => c.parameter === p);
      const v = cs.map((c) => (perEval ? c.variancePerEvaluation[ik] : c.variance[ik]));
      return SHORT[cs[v.indexOf(Math.min(...v))].estimator];
    };
    for (const ik of evenlySpaced(t.table.ks.length)) {
      const perSample = `${best("mu", ik, false)} | ${best("sigma", ik, false)}`;
      lines.push(`  ${String(Number(t.table.ks[ik].toPrecision(3))).padEnd(8)} ${perSample.padEnd(60)} ${best("mu", ik, true)} | ${best("sigma", ik, true)}`);
    }
  }
  lines.push("", "figures:", ...svgPaths.map((p) => `  ${p}`), `table: ${jsonPath}`);
  return { tables, svgPaths, jsonPath, text: lines.join("\n") };
}

/** Registers `mcgrad variance` on the program. */
export function registerVariance(program: Command): void {
  program
    .command("variance")
    .description("recompute Mohamed et al. (2020) Figures 2–3: single-sample gradient variance against k; writes SVGs and a JSON table")
    .option("--samples <n>", "samples per estimator and k (≥ 2)", sampleCountOption(2), DEFAULT_SAMPLES)
    .option("--baseline-samples <n>", "separate samples for the optimal baseline at each k (≥ 2)", sampleCountOption(2), DEFAULT_SAMPLES)
    .option("--seed <n>", "integer random seed", intOption, 0)
    .option("--out <dir>", "directory for the SVGs and the JSON table", "out")
    .option("--json", "print the table (as in variance.json) and the files written as one JSON object on the last stdout line")
    .action(async (o: { samples: number; baselineSamples: number; seed: number; out: string; json?: boolean }) => {
      const r = await runVariance({ samples: o.samples, baselineSamples: o.baselineSamples, seed: o.seed, out: o.out, progress: true });
      process.stdout.write(`${r.text}\n`);
      if (o.json) process.stdout.write(`${jsonLine({ seed: o.seed, samples: o.samples, baselineSamples: o.baselineSamples, estimators: LABELS, costs: r.tables, svgPaths: r.svgPaths, jsonPath: r.jsonPath })}\n`);
    });
}
