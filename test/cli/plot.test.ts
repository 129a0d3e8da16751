import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { test } from "node:test";
import { gridSpec, lineSpec, writeSvg } from "../../src/cli/plot.js";

const series = [
  { name: "score function", x: [0.1, 1, 10], y: [2, 1, 0.5] },
  { name: "pathwise", x: [0.1, 1, 10], y: [0.01, 0.3, 40] },
];

test("writeSvg renders a lineSpec with its title, axis titles and series names", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcgrad-plot-"));
  try {
    const spec = lineSpec({ title: "Variance against k", xLabel: "k value", yLabel: "per-sample variance", series, logX: true, logY: true, points: true });
    const path = await writeSvg(spec, join(dir, "nested", "plot.svg"));
    assert.ok(isAbsolute(path));
    const svg = await readFile(path, "utf8");
    assert.match(svg, /^<svg/);
    for (const text of ["Variance against k", "k value", "per-sample variance", "score function", "pathwise"]) {
      assert.ok(svg.includes(text), `SVG lacks "${text}"`);
    }
    assert.ok(!svg.includes("omitted"), "nothing should be reported as omitted");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("gridSpec renders every panel with one shared legend", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcgrad-plot-"));
  try {
    const a = lineSpec({ title: "panel A", xLabel: "x", yLabel: "y", series });
    const b = lineSpec({ title: "panel B", xLabel: "x", yLabel: "y", series, logY: true });
    const svg = await readFile(await writeSvg(gridSpec("Grid title", [[a, b]]), join(dir, "grid.svg")), "utf8");
    for (const text of ["Grid title", "panel A", "panel B"]) assert.ok(svg.includes(text), `SVG lacks "${text}"`);
    assert.equal(svg.split(">pathwise<").length - 1, 1, "one legend entry per series");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("lineSpec drops non-positive values on a log axis and says so in the subtitle", () => {
  const spec = lineSpec({ title: "T", xLabel: "k", yLabel: "v", series: [{ name: "a", x: [0, 1, 2], y: [1, 0, 3] }], logX: true, logY: true });
  const values = (spec.data as { values: { x: number; y: number }[] }).values;
  assert.deepEqual(values.map((v) => [v.x, v.y]), [[2, 3]]);
  assert.match(JSON.stringify(spec.title), /2 point\(s\) ≤ 0 omitted from the log x\/y axis/);
  // On linear axes nothing is dropped.
  const linear = lineSpec({ title: "T", xLabel: "k", yLabel: "v", series: [{ name: "a", x: [0, 1, 2], y: [1, 0, 3] }] });
  assert.equal((linear.data as { values: unknown[] }).values.length, 3);
});

test("lineSpec refuses what it cannot draw", () => {
  assert.throws(() => lineSpec({ title: "T", xLabel: "k", yLabel: "v", series: [{ name: "a", x: [1, 2], y: [0, -1] }], logY: true }), /lineSpec: no point of "T" can be drawn/);
  assert.throws(() => lineSpec({ title: "T", xLabel: "k", yLabel: "v", series: [{ name: "bad", x: [1, 2], y: [1, NaN] }] }), /lineSpec: series "bad" point 1 must be finite/);
  assert.throws(() => lineSpec({ title: "T", xLabel: "k", yLabel: "v", series: [{ name: "short", x: [1, 2], y: [1] }] }), /series "short" must have x and y arrays of equal length/);
  assert.throws(() => lineSpec({ title: "T", xLabel: "k", yLabel: "v", series: [] }), /lineSpec: series must be a non-empty array/);
});

test("lineSpec draws reference lines and notes: the target, restarts and the stop reason reach the SVG", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcgrad-plot-"));
  try {
    const spec = lineSpec({
      title: "run", xLabel: "evals", yLabel: "best f", series: [{ name: "xnes", x: [10, 20, 30], y: [5, 1, 1e-3] }], logY: true,
      hLines: [{ y: 1e-2, label: "target 0.01" }, { y: 0, label: "target 0" }],
      vLines: [{ x: 20, label: "restart 1" }],
      notes: ["stopped: reached the target"],
    });
    const layers = spec.layer as { mark: { type: string } }[];
    assert.deepEqual(layers.map((l) => l.mark.type), ["line", "rule", "text", "rule", "text"]);
    // A target ≤ 0 cannot sit on a log axis: it is said in the subtitle instead of silently missing.
    assert.match(JSON.stringify(spec.title), /target 0 \(0\) is off the log y axis/);
    const svg = await readFile(await writeSvg(spec, join(dir, "run.svg")), "utf8");
    for (const text of ["target 0.01", "restart 1", "stopped: reached the target"]) assert.ok(svg.includes(text), `SVG lacks "${text}"`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
