/**
 * Line plots for the command line: a Vega-Lite spec (plain JSON, reusable in a browser) and an SVG file rendered
 * in Node by vega's headless View (no canvas needed).
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { OptionError } from "./options.js";

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

/**
 * Makes sure `dir` is (or can be created as) a writable directory, before a long computation whose plots go there:
 * a bad --out then fails at once, naming `fn` and the path, instead of after the run with the results lost. Throws
 * an {@link OptionError} (exit code 2: the option's value is bad).
 * Missing levels are created one at a time (a recursive mkdir under /proc never returns on Node 20).
 * Returns the absolute path.
 */
export function ensureOutDir(fn: string, dir: string, what = "out"): string {
  const abs = resolve(dir);
  const missing: string[] = [];
  for (let p = abs; !existsSync(p) && dirname(p) !== p; p = dirname(p)) missing.push(p);
  try {
    for (const m of missing.reverse()) mkdirSync(m);
    if (!statSync(abs).isDirectory()) throw new Error("not a directory");
    accessSync(abs, constants.W_OK);
  } catch (e) {
    throw new OptionError(`${fn}: ${what} must be a writable directory, got ${JSON.stringify(dir)} (${(e as Error).message})`);
  }
  return abs;
}

/**
 * Compiles a Vega-Lite spec, renders it to SVG with vega's headless View and writes it to `path` (creating the
 * directory). Returns the absolute path written.
 */
export async function writeSvg(spec: Record<string, unknown>, path: string): Promise<string> {
  // Loaded on first use: vega is large, and most CLI paths (help, usage errors) never draw.
  const [{ parse, View }, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const vegaSpec = compile(spec as unknown as TopLevelSpec).spec;
  const view = new View(parse(vegaSpec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    const abs = resolve(path);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, svg, "utf8");
    return abs;
  } finally {
    view.finalize();
  }
}

/**
 * Lays out several {@link lineSpec} charts as a grid (rows of panels) in one Vega-Lite spec with a shared legend.
 * @example gridSpec("Variance", [[specA, specB], [specC, specD]])
 */
export function gridSpec(title: string, rows: Record<string, unknown>[][]): Record<string, unknown> {
  if (!Array.isArray(rows) || rows.length === 0 || rows.some((r) => !Array.isArray(r) || r.length === 0)) {
    throw new Error(`gridSpec: rows must be a non-empty array of non-empty arrays of specs, got ${JSON.stringify(rows)?.slice(0, 80)}`);
  }
  const panel = (spec: Record<string, unknown>): Record<string, unknown> => {
    const { $schema: _schema, background: _background, ...rest } = spec;
    return rest;
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, fontSize: 16 },
    background: "white",
    padding: 10,
    vconcat: rows.map((r) => ({ hconcat: r.map(panel) })),
  };
}
