/**
 * Line charts as Vega-Lite specs: plain JSON, with no Node or DOM dependency, so the CLI (which renders them to SVG in
 * src/cli/plot.ts) and the browser lab (which renders them with vega-embed) draw the same charts.
 */

/** One named curve: y[i] is plotted against x[i]. */
export interface Series {
  name: string;
  x: number[];
  y: number[];
}

/** Options of {@link lineSpec}. */
export interface LineSpecOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Logarithmic x axis; points with x ≤ 0 are dropped and the count is stated in the subtitle. */
  logX?: boolean;
  /** Logarithmic y axis; points with y ≤ 0 are dropped and the count is stated in the subtitle. */
  logY?: boolean;
  /** Mark each data point as well as the line. */
  points?: boolean;
  /** Horizontal reference lines (e.g. the target value), dashed, labelled. Off-scale ones (≤ 0 on a log y) are noted instead. */
  hLines?: { y: number; label: string }[];
  /** Vertical reference lines (e.g. where a restart happened), dotted, labelled. */
  vLines?: { x: number; label: string }[];
  /** Extra subtitle lines (e.g. why the run stopped). */
  notes?: string[];
}

/**
 * A Vega-Lite line chart of several series, one colour per series (legend in the given order).
 *
 * Every x and y must be finite (else an Error names the series and index). On a log axis, points whose value is
 * ≤ 0 cannot be drawn: they are dropped and the subtitle says how many, so the plot never hides it; if nothing is
 * left to draw, an Error is thrown.
 * @example
 *   const spec = lineSpec({ title: "Variance", xLabel: "k", yLabel: "Var", series: [{ name: "a", x: [1, 2], y: [3, 4] }], logY: true });
 *   await writeSvg(spec, "out/variance.svg");
 */
export function lineSpec(opts: LineSpecOptions): Record<string, unknown> {
  const fn = "lineSpec";
  const { title, xLabel, yLabel, series, logX = false, logY = false, points = false, hLines = [], vLines = [], notes = [] } = opts;
  if (!Array.isArray(series) || series.length === 0) {
    throw new Error(`${fn}: series must be a non-empty array of { name, x, y }, got ${JSON.stringify(series)}`);
  }
  const values: { series: string; x: number; y: number }[] = [];
  let dropped = 0;
  for (const s of series) {
    if (!Array.isArray(s.x) || !Array.isArray(s.y) || s.x.length !== s.y.length) {
      throw new Error(`${fn}: series "${s.name}" must have x and y arrays of equal length, got ${s.x?.length} and ${s.y?.length}`);
    }
    for (let i = 0; i < s.x.length; i++) {
      const x = s.x[i];
      const y = s.y[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        throw new Error(`${fn}: series "${s.name}" point ${i} must be finite, got (x = ${x}, y = ${y})`);
      }
      if ((logX && x <= 0) || (logY && y <= 0)) {
        dropped++;
        continue;
      }
      values.push({ series: s.name, x, y });
    }
  }
  if (values.length === 0) {
    throw new Error(`${fn}: no point of "${title}" can be drawn (all ${dropped} points are ≤ 0 on a log axis)`);
  }
  const axes = [logX ? "x" : "", logY ? "y" : ""].filter(Boolean).join("/");
  const lines = [...notes];
  if (dropped > 0) lines.push(`${dropped} point(s) ≤ 0 omitted from the log ${axes} axis`);
  const h = hLines.filter((r) => Number.isFinite(r.y) && !(logY && r.y <= 0));
  for (const r of hLines) if (!h.includes(r)) lines.push(`${r.label} (${r.y}) is off the ${logY ? "log " : ""}y axis`);
  const v = vLines.filter((r) => Number.isFinite(r.x) && !(logX && r.x <= 0));
  const x = { field: "x", type: "quantitative", title: xLabel, scale: logX ? { type: "log" } : { zero: false } };
  const y = { field: "y", type: "quantitative", title: yLabel, scale: logY ? { type: "log" } : { zero: false } };
  const curves = {
    data: { values },
    mark: { type: "line", point: points, strokeWidth: 2 },
    encoding: {
      x,
      y,
      color: { field: "series", type: "nominal", title: null, sort: series.map((s) => s.name), legend: { orient: "bottom", columns: 2, labelLimit: 320 } },
      strokeDash: { field: "series", type: "nominal", sort: series.map((s) => s.name) },
    },
  };
  const rule = (data: object[], field: "x" | "y", dash: number[]) => [
    { data: { values: data }, mark: { type: "rule", color: "#555", strokeDash: dash }, encoding: { [field]: field === "x" ? x : y } },
    {
      data: { values: data },
      mark: { type: "text", align: "left", dx: 3, color: "#555", fontSize: 10, ...(field === "x" ? { y: 0, baseline: "top" } : { x: 0, baseline: "bottom", dy: -2 }) },
      encoding: { [field]: field === "x" ? x : y, text: { field: "label" } },
    },
  ];
  const layers = [curves, ...(h.length > 0 ? rule(h, "y", [6, 3]) : []), ...(v.length > 0 ? rule(v, "x", [2, 2]) : [])];
  const head = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: lines.length === 0 ? title : { text: title, subtitle: lines },
    width: 420,
    height: 280,
    background: "white",
  };
  // One layer keeps the plain single-view spec (gridSpec panels and older readers rely on its shape).
  return layers.length === 1 ? { ...head, ...curves } : { ...head, layer: layers };
}
