/**
 * The figure of `mcgrad compare`: two panels, per-sample variance Σvar and per-evaluation variance Σvar·c, one row
 * per estimator in rank order, a point at the estimate and a bar of ± one standard error, on log axes.
 * Presentation only: a pure Vega-Lite spec, rendered to SVG by src/cli/plot.ts and in the browser lab by vega-embed.
 */
import type { EstimatorComparison } from "../diagnostics/compareEstimators.js";

interface Point {
  estimator: string;
  value: number;
  low: number;
  high: number;
}

/** One log-x panel of points with ± SE bars; values ≤ 0 cannot be drawn on a log axis and are counted in the subtitle. */
function panel(title: string, xLabel: string, order: string[], points: Point[]): Record<string, unknown> {
  const drawn = points.filter((p) => p.value > 0);
  const dropped = points.length - drawn.length;
  // A bar whose lower end would be ≤ 0 stops at a thousandth of the value (a log axis has no 0).
  const values = drawn.map((p) => ({ ...p, low: Math.max(p.low, p.value * 1e-3) }));
  return {
    title: dropped > 0 ? { text: title, subtitle: `${dropped} estimator(s) with zero variance not drawn on the log axis` } : title,
    width: 380,
    height: 24 * Math.max(order.length, 1),
    data: { values },
    encoding: { y: { field: "estimator", type: "nominal", sort: order, title: null, axis: { labelLimit: 260 } } },
    layer: [
      {
        mark: { type: "rule", strokeWidth: 2 },
        encoding: {
          x: { field: "low", type: "quantitative", scale: { type: "log" }, title: xLabel },
          x2: { field: "high" },
        },
      },
      { mark: { type: "point", filled: true, size: 60 }, encoding: { x: { field: "value", type: "quantitative" } } },
    ],
  };
}

/**
 * The comparison as a Vega-Lite spec: left the per-sample variance summed over θ, right the work-normalized
 * variance (× evaluations per sample), which is what the ranking uses.
 * @example await writeSvg(comparisonSpec("f(x) = cos(x), x ~ N(1, 1)", cmp), "out/compare.svg");
 */
export function comparisonSpec(title: string, cmp: EstimatorComparison): Record<string, unknown> {
  const order = cmp.estimators.map((e) => e.name);
  const perSample = cmp.estimators.map((e) => ({ estimator: e.name, value: e.totalVariance, low: e.totalVariance - e.totalVarianceStderr, high: e.totalVariance + e.totalVarianceStderr }));
  const perEval = cmp.estimators.map((e) => ({ estimator: e.name, value: e.workVariance, low: e.workVariance - e.workVarianceStderr, high: e.workVariance + e.workVarianceStderr }));
  for (const p of [...perSample, ...perEval]) {
    if (!Number.isFinite(p.value) || !Number.isFinite(p.low) || !Number.isFinite(p.high)) {
      throw new Error(`comparisonSpec: estimator "${p.estimator}" has a non-finite variance or standard error (${p.value} ± ${p.high - p.value})`);
    }
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle: `${cmp.numSamples} samples per estimator, ± one standard error from ${cmp.batches} batch means; ranked by variance × evaluations` },
    background: "white",
    padding: 10,
    hconcat: [
      panel("per sample: Σ_j Var[row_j]", "variance of one sample (log)", order, perSample),
      panel("per evaluation: Σ_j Var[row_j] × evaluations per sample", "variance × evaluations (log)", order, perEval),
    ],
  };
}
