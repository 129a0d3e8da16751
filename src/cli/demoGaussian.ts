/**
 * `mcgrad demo`, section 1: the Gaussian example of the log-derivative trick made concrete. For x ~ N(μ = 1, σ = 1)
 * and the costs (x − k)², exp(−k x²), cos(k x) it compares the score-function estimator (without and with a
 * leave-one-out mean baseline) and the pathwise estimator with the exact gradient, and plots each one's per-sample
 * variance against k (Mohamed, Rosca, Figurnov & Mnih, JMLR 2020, §3). No maths here: it calls the library.
 */
import { join } from "node:path";
import { gaussianCosts } from "../diagnostics/gaussianCosts.js";
import { toPositiveParameters } from "../diagnostics/toPositiveParameters.js";
import { Normal } from "../distributions/normal.js";
import { pathwise } from "../estimators/pathwise.js";
import { estimateFromRows, type GradientEstimate, type SampleFunction } from "../estimators/result.js";
import { scoreFunction } from "../estimators/scoreFunction.js";
import { split, type Key } from "../random/key.js";
import { evenlySpaced, fmt, pm, table } from "./demoFormat.js";
import { gridSpec, lineSpec, writeSvg, type Series } from "./plot.js";
import { progress } from "./progress.js";

/** The estimators the Gaussian section compares. */
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
  /** Evaluations per sample: of f plus of f′ (counted). */
  evaluationsPerSample: number;
  /** Per-evaluation variance: the per-sample variance times the evaluations per sample (what a fixed budget buys). */
  variancePerEvaluation: [number, number];
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
  /** True when the k axis reads best on a log scale. */
  logK: boolean;
  /** Monte Carlo E[score] with respect to (μ, σ) — 0 in expectation — and its standard error. */
  scoreCheck: { mean: [number, number]; stderr: [number, number] };
  rows: DemoRow[];
}

/** What the Gaussian section computed. */
export interface GaussianSection {
  mu: number;
  sigma: number;
  costs: DemoCost[];
  text: string;
  svgPath: string | null;
}

/** An estimate in (μ, σ) (the library converts from θ = [μ, log σ]) with its cost per sample. */
function demoEstimate(g: GradientEstimate, dist: Normal, evaluations: number): DemoEstimate {
  const e = toPositiveParameters(g, dist);
  const c = evaluations / g.numSamples;
  return {
    mean: [e.mean[0], e.mean[1]],
    stderr: [e.stderr[0], e.stderr[1]],
    variance: [e.variance[0], e.variance[1]],
    evaluationsPerSample: c,
    variancePerEvaluation: [e.variance[0] * c, e.variance[1] * c],
  };
}

/** Runs section 1: every estimate for every cost and k, the report and (unless out is null) the plot. */
export async function runGaussianSection(
  sectionKey: Key,
  opts: { samples: number; seed: number; out: string | null; progress: boolean },
): Promise<GaussianSection> {
  const { samples, out } = opts;
  const mu = 1;
  const sigma = 1;
  const dist = new Normal({ loc: mu, scale: sigma });
  const costKeys = split(sectionKey, gaussianCosts.length);
  const total = gaussianCosts.reduce((s, c) => s + c.ks.length, 0);
  const bar = progress("demo 1/4 Gaussian costs", total, { enabled: opts.progress });
  const gradBuffer = new Float64Array(1);
  const costs: DemoCost[] = [];
  try {
    gaussianCosts.forEach((cost, c) => {
      const [scoreKey, ...cellKeys] = split(costKeys[c], 1 + cost.ks.length);
      const score = toPositiveParameters(estimateFromRows(dist.score(dist.sample(scoreKey, samples)), samples, dist.paramSize), dist);
      const rows: DemoRow[] = cost.ks.map((k, i) => {
        let evaluations = 0;
        const f: SampleFunction = (x) => (evaluations++, cost.value(x[0], k));
        const grad = (x: Float64Array) => {
          evaluations++;
          gradBuffer[0] = cost.derivative(x[0], k);
          return gradBuffer;
        };
        const counted = (g: () => GradientEstimate): DemoEstimate => {
          evaluations = 0;
          const est = g();
          return demoEstimate(est, dist, evaluations);
        };
        // Common random numbers: the three estimators see the same draws, so their variances compare pairwise.
        const cell = cellKeys[i];
        const estimates: Record<DemoEstimatorId, DemoEstimate> = {
          score: counted(() => scoreFunction(f, dist, cell, { numSamples: samples })),
          scoreMean: counted(() => scoreFunction(f, dist, cell, { numSamples: samples, baseline: "mean" })),
          pathwise: counted(() => pathwise(f, dist, cell, { numSamples: samples, grad })),
        };
        bar.tick(1, { cost: cost.name, k });
        return { k, exact: cost.gradient(mu, sigma, k), estimates };
      });
      costs.push({ name: cost.name, formula: cost.formula, logK: cost.logK, scoreCheck: { mean: [score.mean[0], score.mean[1]], stderr: [score.stderr[0], score.stderr[1]] }, rows });
    });
  } finally {
    bar.stop();
  }
  const svgPath = out === null ? null : await writeSvg(variancePlot(costs, samples), join(out, "demo-variance.svg"));
  const text = formatGaussian(costs, { samples, seed: opts.seed, mu, sigma }, svgPath);
  return { mu, sigma, costs, text, svgPath };
}

/** A grid of log-y panels: one row per cost, columns ∂/∂μ and ∂/∂σ, one curve per estimator. */
function variancePlot(costs: DemoCost[], samples: number): Record<string, unknown> {
  const rows = costs.map((cost) => {
    const logK = cost.logK;
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

function formatGaussian(costs: DemoCost[], run: { samples: number; seed: number; mu: number; sigma: number }, svgPath: string | null): string {
  const out: string[] = [
    `1. Score function vs pathwise — ∇ E_{x~N(μ,σ²)}[f(x)] at μ = ${run.mu}, σ = ${run.sigma}; ${run.samples} samples per estimate, seed ${run.seed}`,
    "score = score function E[f(x) ∇ log p(x)];  score+b = with baseline, E[(f(x) − b) ∇ log p(x)], b = leave-one-out mean;",
    "pathwise = E[f'(x) ∂x/∂θ] with x = μ + σε.  Estimates ± one standard error, with respect to (μ, σ).",
    "var = per-sample variance of the gradient terms; c = evaluations of f and f′ per sample (score 1, score+b 1, pathwise 2:",
    "f′ and a finiteness check of f); var·c = per-evaluation variance, what a fixed budget of evaluations buys (lower wins).",
  ];
  for (const cost of costs) {
    const sc = cost.scoreCheck;
    out.push(
      "",
      `f(x) = ${cost.formula}`,
      `  E[score] = (${pm(sc.mean[0], sc.stderr[0])}, ${pm(sc.mean[1], sc.stderr[1])})  — should be 0 within a few SE`,
    );
    const header = ["k", "∂", "exact", ...DEMO_ESTIMATORS.map((e) => e.short), ...DEMO_ESTIMATORS.map((e) => `var ${e.short}`), "lowest var", "lowest var·c"];
    const body: string[][] = [];
    // A few k in the table (five, evenly spaced over the grid); the plot shows them all.
    const shown = evenlySpaced(cost.rows.length);
    for (const r of cost.rows.filter((_, i) => shown.has(i))) {
      for (const j of [0, 1]) {
        const vars = DEMO_ESTIMATORS.map((e) => r.estimates[e.id].variance[j]);
        const perEval = DEMO_ESTIMATORS.map((e) => r.estimates[e.id].variancePerEvaluation[j]);
        const best = DEMO_ESTIMATORS[vars.indexOf(Math.min(...vars))].short;
        const bestPerEval = DEMO_ESTIMATORS[perEval.indexOf(Math.min(...perEval))].short;
        body.push([
          j === 0 ? fmt(r.k) : "",
          j === 0 ? "μ" : "σ",
          fmt(r.exact[j]),
          ...DEMO_ESTIMATORS.map((e) => pm(r.estimates[e.id].mean[j], r.estimates[e.id].stderr[j])),
          ...vars.map(fmt),
          best,
          bestPerEval,
        ]);
      }
    }
    out.push(...table(header, body).map((l) => `  ${l}`));
  }
  out.push("", svgPath === null ? "(no plot written)" : `plot of per-sample variance against k: ${svgPath}`);
  return out.join("\n");
}
