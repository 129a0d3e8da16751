/**
 * What `mcgrad fit` reports: the JSON record's shape, the two plots (ELBO traces of the estimators; per-coordinate
 * gradient variance at one guide, log scale) and the human summary with the posterior table.
 */
import type { ElboEstimator } from "../vi/elboCommon.js";
import type { BuiltInModel, GuideKind, LatentSummary } from "../vi/models/builtIn.js";
import { lineSpec, type Series } from "./plot.js";

/** One estimator's fit, evaluated. */
export interface EstimatorRun {
  readonly estimator: ElboEstimator;
  readonly elboTrace: Float64Array;
  /** Full-data ELBO of the fitted guide from fresh samples, and its standard error. */
  readonly finalElbo: number;
  readonly finalElboStderr: number;
  /** The fitted guide's exact ELBO, where the model has a closed form. */
  readonly exactElbo?: number;
  /** For vimco/iwae: the K-sample bound they maximize, at the fitted guide (K = samples per step), ± SE. */
  readonly finalBound?: number;
  readonly finalBoundStderr?: number;
  /** Per-coordinate variance of one-sample gradients at the reference guide, and its mean. */
  readonly variance: Float64Array;
  readonly gradVariance: number;
  readonly accuracy?: number;
  readonly heldOutLogLikelihood?: number;
  readonly wallSeconds: number;
}

/** The JSON record of a run (the last stdout line with --json). */
export interface FitRecord {
  readonly model: string;
  readonly estimator: ElboEstimator;
  readonly guide: GuideKind;
  readonly seed: number;
  readonly steps: number;
  readonly numSamples: number;
  readonly learningRate: number;
  readonly natural: boolean;
  readonly finalElbo: number;
  readonly finalElboStderr: number;
  readonly evalSamples: number;
  readonly exactElbo?: number;
  readonly finalBound?: number;
  readonly finalBoundStderr?: number;
  readonly logEvidence?: number;
  readonly meanFieldOptimumElbo?: number;
  readonly gradVariance: number;
  readonly accuracy?: number;
  readonly heldOutLogLikelihood?: number;
  readonly wallSeconds: number;
  readonly totalWallSeconds: number;
  readonly posterior: readonly LatentSummary[];
  readonly compare?: readonly Omit<EstimatorRun, "elboTrace" | "variance">[];
  readonly files: readonly string[];
}

/** Block means of a trace: at most `points` points, each the mean of a window of steps, plotted at the window's end. */
export function smoothTrace(trace: Float64Array, points = 200): { x: number[]; y: number[] } {
  const w = Math.max(1, Math.ceil(trace.length / points));
  const x: number[] = [];
  const y: number[] = [];
  for (let a = 0; a < trace.length; a += w) {
    const b = Math.min(trace.length, a + w);
    let s = 0;
    for (let i = a; i < b; i++) s += trace[i];
    x.push(b);
    y.push(s / (b - a));
  }
  return { x, y };
}

/** ELBO traces (window means) of every estimator on one plot, with the exact log evidence as a line where known. */
export function elboTraceSpec(bm: BuiltInModel, runs: readonly EstimatorRun[], guide: GuideKind, seed: number): Record<string, unknown> {
  const series: Series[] = runs.map((r) => ({ name: r.estimator, ...smoothTrace(r.elboTrace) }));
  const steps = runs[0].elboTrace.length;
  if (bm.logEvidence !== undefined) series.push({ name: "exact log evidence", x: [1, steps], y: [bm.logEvidence, bm.logEvidence] });
  // The first steps' ELBO can be orders of magnitude below the rest; start the plot where every trace is within
  // view of its final value, so the end — where the estimators differ — is readable.
  const ends = runs.map((r) => smoothTrace(r.elboTrace).y.at(-1) as number);
  const best = Math.max(...ends, bm.logEvidence ?? -Infinity);
  const floor = best - Math.max(20, 2 * (best - Math.min(...ends)));
  const clipped = series.map((s) => {
    const keep = s.y.map((v) => v >= floor);
    return { name: s.name, x: s.x.filter((_, i) => keep[i]), y: s.y.filter((_, i) => keep[i]) };
  });
  return lineSpec({
    title: `ELBO while fitting ${bm.name} (${guide} guide, seed ${seed}; window means, points below ${floor.toPrecision(5)} not shown)`,
    xLabel: "step",
    yLabel: "ELBO (nats)",
    series: clipped.filter((s) => s.x.length > 0),
  });
}

/** Per-coordinate gradient variance of each estimator at the same guide, on a log axis. */
export function gradVarianceSpec(bm: BuiltInModel, runs: readonly EstimatorRun[], guide: GuideKind): Record<string, unknown> {
  const series: Series[] = runs.map((r) => ({ name: r.estimator, x: Array.from(r.variance, (_, j) => j), y: Array.from(r.variance) }));
  const anyPositive = runs.some((r) => r.variance.some((v) => v > 0));
  return lineSpec({
    title: `Per-coordinate variance of one-sample ELBO gradients, ${bm.name} (${guide}), at the ${runs[0].estimator} fit's final guide`,
    xLabel: "parameter index",
    yLabel: anyPositive ? "variance (log scale)" : "variance (all exactly 0)",
    series,
    logY: anyPositive,
  });
}

function num(v: number | undefined, digits = 4): string {
  if (v === undefined) return "—";
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(digits - 1) : v.toFixed(digits);
}

/** The human summary: the run, its numbers beside the exact ones, the comparison and the posterior table. */
export function formatFitReport(bm: BuiltInModel, record: FitRecord, runs: readonly EstimatorRun[], files: readonly string[]): string {
  const lines = [
    `${bm.description}`,
    `fit: ${record.estimator}, ${record.guide} guide, ${record.steps} steps × ${record.numSamples} samples, ${record.natural ? "natural-gradient SGD" : "Adam"} lr ${record.learningRate}, seed ${record.seed}: ${record.wallSeconds.toFixed(1)} s`,
    `final ELBO (full data, ${record.evalSamples} fresh samples): ${num(record.finalElbo)} ± ${num(record.finalElboStderr)}`,
  ];
  if (record.exactElbo !== undefined) lines.push(`exact ELBO of the fitted guide: ${num(record.exactElbo)}`);
  if (record.finalBound !== undefined) {
    lines.push(`${record.numSamples}-sample bound (the objective ${record.estimator} maximizes) of the fitted guide: ${num(record.finalBound)} ± ${num(record.finalBoundStderr)}`);
  }
  if (record.logEvidence !== undefined) lines.push(`exact log evidence: ${num(record.logEvidence)} (gap ${num(record.logEvidence - (record.exactElbo ?? record.finalElbo))} nats)`);
  if (record.meanFieldOptimumElbo !== undefined) {
    lines.push(`exact ELBO of the closed-form mean-field optimum: ${num(record.meanFieldOptimumElbo)}${record.guide === "meanfield" && record.exactElbo !== undefined ? ` (fitted guide ${num(record.meanFieldOptimumElbo - record.exactElbo)} nats below it)` : ""}`);
  }
  lines.push(`mean per-coordinate variance of one-sample gradients at the final guide: ${num(record.gradVariance)}`);
  if (record.accuracy !== undefined) lines.push(`held-out accuracy: ${(100 * record.accuracy).toFixed(2)} %`);
  if (record.heldOutLogLikelihood !== undefined) lines.push(`held-out log likelihood per point: ${num(record.heldOutLogLikelihood)}`);
  if (runs.length > 1) {
    lines.push("", `estimator comparison (same steps, samples and seed; variances at the ${runs[0].estimator} fit's final guide):`);
    lines.push(`  ${"estimator".padEnd(12)} ${"final ELBO".padStart(12)} ${"± SE".padStart(8)} ${"exact ELBO".padStart(12)} ${"K-bound".padStart(10)} ${"grad var".padStart(11)} ${"accuracy".padStart(9)} ${"seconds".padStart(8)}`);
    for (const r of runs) {
      lines.push(
        `  ${r.estimator.padEnd(12)} ${num(r.finalElbo).padStart(12)} ${num(r.finalElboStderr, 3).padStart(8)} ${num(r.exactElbo).padStart(12)} ${(r.finalBound === undefined ? "—" : num(r.finalBound, 3)).padStart(10)} ${num(r.gradVariance, 3).padStart(11)} ${(r.accuracy === undefined ? "—" : (100 * r.accuracy).toFixed(2)).padStart(9)} ${r.wallSeconds.toFixed(1).padStart(8)}`,
      );
    }
  }
  const exact = record.posterior.some((p) => p.exactMean !== undefined);
  const mf = record.guide === "meanfield" && record.posterior.some((p) => p.meanFieldSd !== undefined);
  lines.push("", `posterior summary (${record.estimator}):`);
  lines.push(`  ${"latent".padEnd(26)} ${"mean".padStart(10)} ${"sd".padStart(9)}${exact ? ` ${"exact mean".padStart(11)} ${"exact sd".padStart(9)}` : ""}${mf ? ` ${"mean-field optimum sd".padStart(22)}` : ""}`);
  for (const p of record.posterior) {
    lines.push(`  ${p.name.padEnd(26)} ${num(p.mean).padStart(10)} ${num(p.sd).padStart(9)}${exact ? ` ${num(p.exactMean).padStart(11)} ${num(p.exactSd).padStart(9)}` : ""}${mf ? ` ${num(p.meanFieldSd).padStart(22)}` : ""}`);
  }
  lines.push("", "files:", ...files.map((f) => `  ${f}`));
  return lines.join("\n");
}
