/**
 * Renders a Vega-Lite spec to an SVG string with vega's headless View (no DOM, no canvas): the one renderer of the
 * CLI's SVG files (src/cli/plot.ts) and of the browser lab's plots (in a Web Worker), so both show the same charts.
 */
import type { TopLevelSpec } from "vega-lite";

/**
 * Compiles `spec` (from lineSpec, gridSpec, histogramSpec, comparisonSpec, …) and returns the SVG markup.
 * @example const svg = await renderSvg(lineSpec({ title: "t", xLabel: "x", yLabel: "y", series: [{ name: "a", x: [1, 2], y: [3, 4] }] }));
 */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  // Loaded on first use: vega is large, and most CLI paths (help, usage errors) never draw.
  const [{ parse, View }, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const vegaSpec = compile(spec as unknown as TopLevelSpec).spec;
  const view = new View(parse(vegaSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
