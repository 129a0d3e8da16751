/**
 * A histogram as a Vega-Lite spec (pure JSON): the per-sample gradient terms of one or more estimators, binned on a
 * common grid so their spreads compare at a glance, with optional vertical reference lines (the exact gradient).
 */

/** One named set of values to bin. */
export interface HistogramSeries {
  name: string;
  values: ArrayLike<number>;
}

/** Options of {@link histogramSpec}. */
export interface HistogramSpecOptions {
  title: string;
  xLabel: string;
  series: HistogramSeries[];
  /** Number of equal-width bins over the common range (default 40). */
  bins?: number;
  /** Vertical reference lines, e.g. the exact gradient, dashed and labelled. */
  vLines?: { x: number; label: string }[];
  /** Extra subtitle lines. */
  notes?: string[];
}

/**
 * A histogram of several series on one grid: the bins span the pooled 0.5%–99.5% quantiles (values outside are
 * counted in the subtitle, so a heavy tail never flattens the picture silently); bars of each series are drawn
 * translucent, one colour per series. Every value must be finite (else an Error names the series and index).
 * @example histogramSpec({ title: "Per-sample terms", xLabel: "∂/∂μ", series: [{ name: "score", values: rows }] })
 */
export function histogramSpec(opts: HistogramSpecOptions): Record<string, unknown> {
  const fn = "histogramSpec";
  const { title, xLabel, series, bins = 40, vLines = [], notes = [] } = opts;
  if (!Array.isArray(series) || series.length === 0) throw new Error(`${fn}: series must be a non-empty array of { name, values }, got ${JSON.stringify(series)}`);
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`${fn}: bins must be a positive integer, got ${bins}`);
  const pooled: number[] = [];
  for (const s of series) {
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      if (!Number.isFinite(v)) throw new Error(`${fn}: series "${s.name}" value ${i} must be finite, got ${v}`);
      pooled.push(v);
    }
  }
  if (pooled.length === 0) throw new Error(`${fn}: no values to bin in "${title}"`);
  pooled.sort((a, b) => a - b);
  const q = (p: number) => pooled[Math.min(pooled.length - 1, Math.floor(p * pooled.length))];
  let lo = q(0.005);
  let hi = q(0.995);
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const values: { series: string; start: number; end: number; density: number }[] = [];
  let outside = 0;
  for (const s of series) {
    const counts = new Float64Array(bins);
    const n = s.values.length;
    for (let i = 0; i < n; i++) {
      const b = Math.floor((s.values[i] - lo) / width);
      if (b < 0 || b > bins || (b === bins && s.values[i] > hi)) outside++;
      else counts[Math.min(b, bins - 1)]++;
    }
    counts.forEach((c, b) => values.push({ series: s.name, start: lo + b * width, end: lo + (b + 1) * width, density: c / (n * width) }));
  }
  const lines = [...notes];
  if (outside > 0) lines.push(`${outside} value(s) outside the 0.5%–99.5% range not drawn`);
  const x = { field: "start", type: "quantitative", bin: { binned: true }, title: xLabel, scale: { domain: [lo, hi] } };
  const bars = {
    data: { values },
    mark: { type: "bar", opacity: 0.55, binSpacing: 0 },
    encoding: {
      x,
      x2: { field: "end" },
      y: { field: "density", type: "quantitative", title: "density", stack: null },
      color: { field: "series", type: "nominal", title: null, sort: series.map((s) => s.name), legend: { orient: "bottom", columns: 2, labelLimit: 320 } },
    },
  };
  const refs = vLines.filter((r) => Number.isFinite(r.x) && r.x >= lo && r.x <= hi);
  for (const r of vLines) if (!refs.includes(r)) lines.push(`${r.label} (${r.x}) is outside the drawn range`);
  const refX = { field: "x", type: "quantitative" };
  const layers: object[] = [bars];
  if (refs.length > 0) {
    layers.push(
      { data: { values: refs }, mark: { type: "rule", color: "#222", strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { x: refX } },
      { data: { values: refs }, mark: { type: "text", align: "left", dx: 3, y: 0, baseline: "top", color: "#222", fontSize: 10 }, encoding: { x: refX, text: { field: "label" } } },
    );
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: lines.length === 0 ? title : { text: title, subtitle: lines },
    width: 420,
    height: 240,
    background: "white",
    layer: layers,
  };
}
