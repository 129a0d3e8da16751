/**
 * The report of `mcgrad optimize`: the human summary (why the run stopped, where restarts happened, the best point
 * in one number notation) and the convergence plot's spec (best f against evaluations, the target line, the
 * restarts and the stop reason). No maths: it formats a MinimizeResult.
 */
import type { MinimizeResult } from "../es/minimize.js";
import { lineSpec } from "./plot.js";

/** What the report needs to know about the run. */
export interface RunDescription {
  readonly algorithm: string;
  readonly functionName: string;
  readonly dim: number;
  readonly seed: number;
  readonly target: number;
  readonly maxEvals: number;
  readonly optimalValue: number;
  /** "nes" or "path" for xnes/snes, undefined otherwise. */
  readonly stepSize?: string;
}

const STOP_TEXT: Record<MinimizeResult["stop"], (run: RunDescription) => string> = {
  target: (run) => `reached the target f ≤ ${run.target}`,
  maxEvals: (run) => `used the whole budget of ${run.maxEvals} evaluations (--max-evals)`,
  tolSpread: () => "the search distribution collapsed (its spread fell below tolSpread)",
  tolFun: () => "f stagnated (its values within a generation stayed within tolFun)",
};

const RESTART_TEXT = { tolSpread: "the distribution collapsed", tolFun: "f stagnated" } as const;

/** Why the run stopped, in words. */
export function stopText(result: MinimizeResult, run: RunDescription): string {
  return STOP_TEXT[result.stop](run);
}

/** The restarts, in words ("none", or each with its evaluation count and cause). */
export function restartText(result: MinimizeResult): string {
  if (result.restarts.length === 0) return "none";
  return `${result.restarts.length} (${result.restarts.map((r) => `at ${r.evals} evaluations: ${RESTART_TEXT[r.reason]}`).join("; ")}), each with a doubled population`;
}

/** One number for display: 6 significant digits, ±∞ as ±Infinity. */
export function fmt(v: number): string {
  return Number.isFinite(v) ? v.toExponential(3) : String(v);
}

/**
 * A vector in ONE notation: fixed-point when every nonzero entry has magnitude in [1e-3, 1e6), scientific otherwise
 * (so [1.00000, 1.2e-7] never mixes styles). Shows at most `max` entries.
 */
export function formatVector(values: ArrayLike<number>, max = 8): string {
  const shown = Array.from({ length: Math.min(values.length, max) }, (_, i) => values[i]);
  const fixed = shown.every((v) => v === 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6));
  const body = shown.map((v) => (!Number.isFinite(v) ? String(v) : fixed ? v.toFixed(6) : v.toExponential(5))).join(", ");
  return `[${body}${values.length > max ? ", …" : ""}]`;
}

/** The human summary. */
export function summaryText(result: MinimizeResult, run: RunDescription, distance: number, svgPath: string | null): string {
  const rule = run.stepSize === undefined ? "" : `, step-size rule ${run.stepSize}`;
  return [
    `${run.algorithm} on ${run.functionName}, d = ${run.dim}, seed ${run.seed}${rule}: best f = ${fmt(result.fx)} (optimum ${run.optimalValue}) after ${result.evals} evaluations, ${result.generations} generation${result.generations === 1 ? "" : "s"}`,
    `  stopped: ${stopText(result, run)}`,
    `  restarts: ${restartText(result)}`,
    `  distance to the optimum ${fmt(distance)}; non-finite f values: ${result.nonFinite}`,
    `  x = ${formatVector(result.x)}`,
    svgPath === null ? "  no convergence plot: f was never finite, so there is no curve to draw" : `  convergence plot: ${svgPath}`,
  ].join("\n");
}

/**
 * The convergence plot's spec (log y), or null when no finite best f exists. Shows the target as a dashed line,
 * each restart as a dotted vertical line, and why the run stopped in the subtitle.
 */
export function convergenceSpec(result: MinimizeResult, run: RunDescription): Record<string, unknown> | null {
  const x: number[] = [];
  const y: number[] = [];
  result.history.evals.forEach((e, i) => {
    if (Number.isFinite(result.history.bestF[i])) [x[x.length], y[y.length]] = [e, result.history.bestF[i]];
  });
  if (x.length === 0) return null;
  // A log axis needs a positive value; when every best f is ≤ 0 (e.g. exactly 0 from the start) the axis is linear.
  const logY = y.some((v) => v > 0);
  return lineSpec({
    title: `${run.algorithm} on ${run.functionName} (d = ${run.dim}, seed ${run.seed}${run.stepSize === undefined ? "" : `, ${run.stepSize} step size`})`,
    xLabel: "function evaluations",
    yLabel: logY ? "best f so far (log)" : "best f so far",
    series: [{ name: run.algorithm, x, y }],
    logY,
    hLines: Number.isFinite(run.target) ? [{ y: run.target, label: `target ${run.target}` }] : [],
    vLines: result.restarts.map((r, i) => ({ x: r.evals, label: `restart ${i + 1}` })),
    notes: [`stopped: ${stopText(result, run)}`, `restarts: ${result.restarts.length}`],
  });
}
