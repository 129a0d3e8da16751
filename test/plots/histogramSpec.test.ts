/**
 * histogramSpec: the bars are a density (each series' bars integrate to the fraction of its values drawn), values
 * outside the drawn range and off-range reference lines are counted in the subtitle, bad values are refused by name;
 * renderSvg draws what writeSvg writes.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSvg } from "../../src/cli/plot.js";
import { histogramSpec } from "../../src/plots/histogramSpec.js";
import { renderSvg } from "../../src/plots/renderSvg.js";

type Bar = { series: string; start: number; end: number; density: number };
const bars = (spec: Record<string, unknown>) => ((spec.layer as { data: { values: Bar[] } }[])[0].data.values);
const subtitle = (spec: Record<string, unknown>) => ((spec.title as { subtitle?: string[] }).subtitle ?? []).join(" | ");

describe("histogramSpec", () => {
  // 1000 evenly spread values and a series with two far outliers: the outliers fall outside the 0.5%–99.5% range.
  const a = Array.from({ length: 1000 }, (_, i) => i / 999);
  const b = [...Array.from({ length: 198 }, (_, i) => 0.25 + i / 394), -1e6, 1e6];

  it("each series' bars integrate to the fraction of its values inside the drawn range", () => {
    const spec = histogramSpec({ title: "t", xLabel: "x", series: [{ name: "a", values: a }, { name: "b", values: b }], bins: 25 });
    const drawn = bars(spec);
    const outside = Number(/(\d+) value\(s\) outside/.exec(subtitle(spec))?.[1] ?? 0);
    const counted = { a: 0, b: 0 };
    for (const s of ["a", "b"] as const) {
      const data = s === "a" ? a : b;
      const lo = Math.min(...drawn.map((d) => d.start));
      const hi = Math.max(...drawn.map((d) => d.end));
      const inside = data.filter((v) => v >= lo && v <= hi).length;
      counted[s] = data.length - inside;
      const mass = drawn.filter((d) => d.series === s).reduce((m, d) => m + d.density * (d.end - d.start), 0);
      assert.ok(Math.abs(mass - inside / data.length) < 1e-12, `series ${s}: mass ${mass}, fraction inside ${inside / data.length}`);
    }
    assert.equal(outside, counted.a + counted.b);
    assert.ok(counted.b >= 2, "the two outliers of b are outside the drawn range");
  });

  it("notes a reference line outside the drawn range instead of stretching the axis", () => {
    const spec = histogramSpec({ title: "t", xLabel: "x", series: [{ name: "a", values: a }], vLines: [{ x: 50, label: "exact" }, { x: 0.5, label: "mid" }] });
    assert.match(subtitle(spec), /exact \(50\) is outside the drawn range/);
    assert.equal((spec.layer as unknown[]).length, 3, "bars, the in-range rule and its label");
  });

  it("refuses a non-finite value, naming the series and the index", () => {
    assert.throws(() => histogramSpec({ title: "t", xLabel: "x", series: [{ name: "s", values: [1, NaN] }] }), /histogramSpec: series "s" value 1 must be finite, got NaN/);
    assert.throws(() => histogramSpec({ title: "t", xLabel: "x", series: [] }), /histogramSpec: series must be a non-empty array/);
    assert.throws(() => histogramSpec({ title: "t", xLabel: "x", series: [{ name: "s", values: [1] }], bins: 0 }), /histogramSpec: bins must be a positive integer, got 0/);
  });

  it("renders to the SVG that writeSvg writes (one renderer for the CLI and the lab)", async () => {
    const spec = histogramSpec({ title: "Per-sample terms", xLabel: "term", series: [{ name: "a", values: a }] });
    const svg = await renderSvg(spec);
    assert.match(svg, /^<svg[\s\S]*Per-sample terms[\s\S]*<\/svg>$/);
    const path = await writeSvg(spec, join(mkdtempSync(join(tmpdir(), "mcgrad-plot-")), "h.svg"));
    assert.equal(readFileSync(path, "utf8"), svg);
  });
});
