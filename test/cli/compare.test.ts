import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCompare } from "../../src/cli/compare.js";
import { gaussianCost } from "../../src/diagnostics/gaussianCosts.js";
import { assertClose, testSeed, zFor } from "../helpers/stats.js";

describe("mcgrad compare", () => {
  it("ranks by variance × evaluations, every estimator unbiased against the closed form, and writes its SVG", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcgrad-compare-"));
    try {
      const r = await runCompare({ cost: "exp", k: 0.7, dist: "normal", params: { loc: 0.5, scale: 2 }, samples: 5000, batches: 50, seed: testSeed(7401), out: dir });
      // The truth is the closed form in (μ, σ), moved to θ = (μ, log σ) by ∂/∂log σ = σ ∂/∂σ.
      const g = gaussianCost("exp").gradient(0.5, 2, 0.7);
      assertClose("truth", r.truth!, [g[0], 2 * g[1]], 1e-15);
      const names = r.comparison.estimators.map((e) => e.name).sort();
      assert.deepEqual(names, [
        "measure-valued",
        "pathwise",
        "score function",
        "score function + delta-method CV",
        "score function, baseline mean",
        "score function, baseline optimal",
      ]);
      // An SE from 50 batch means has 49 degrees of freedom: at this z the t tail is within a factor 2 of the normal's.
      const z = zFor(2 * names.length);
      for (const e of r.comparison.estimators) for (const v of e.biasZ!) assert.ok(Math.abs(v) <= z, `${e.name}: bias z ${v}`);
      const work = r.comparison.estimators.map((e) => e.workVariance);
      assert.deepEqual(work, [...work].sort((a, b) => a - b));
      assert.match(readFileSync(r.svgPath!, "utf8"), /^<svg/);
      assert.match(r.svgPath!, /compare-exp-k0\.7-normal-seed\d+\.svg$/);
      assert.match(r.text, /ranked by Σvar·c/);
      // The JSON summary carries the same numbers as plain arrays.
      const json = JSON.parse(JSON.stringify(r.json)) as { estimators: { name: string; variance: number[]; workVariance: number }[] };
      assert.deepEqual(json.estimators.map((e) => e.name), r.comparison.estimators.map((e) => e.name));
      assert.deepEqual(json.estimators[0].variance, Array.from(r.comparison.estimators[0].variance));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("other families: no closed-form truth, no pathwise or measure-valued where they do not apply", async () => {
    const r = await runCompare({ cost: "quadratic", k: 1, dist: "exponential", params: { rate: 2 }, samples: 400, batches: 4, out: null });
    assert.equal(r.truth, null);
    assert.deepEqual(r.comparison.estimators.map((e) => e.name).sort(), ["measure-valued", "pathwise", "score function", "score function, baseline mean", "score function, baseline optimal"]);
    const lap = await runCompare({ cost: "cos", dist: "laplace", samples: 400, batches: 4, out: null });
    assert.equal(lap.comparison.estimators.some((e) => e.name === "measure-valued"), false);
  });

  it("the command: --json prints one JSON object as the last line; bad option values exit 2 naming the option", () => {
    const dir = mkdtempSync(join(tmpdir(), "mcgrad-compare-"));
    const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "compare", ...args], { encoding: "utf8" });
    try {
      const ok = run("--cost", "quadratic", "--k", "2", "--samples", "200", "--batches", "4", "--out", dir, "--json");
      assert.equal(ok.status, 0, ok.stderr);
      const last = ok.stdout.trimEnd().split("\n").at(-1)!;
      const json = JSON.parse(last) as { cost: string; k: number; estimators: unknown[] };
      assert.equal(json.cost, "quadratic");
      assert.equal(json.k, 2);
      assert.equal(json.estimators.length, 6);
      const cases: [string[], RegExp][] = [
        [["--cost", "sin"], /option '--cost <name>' argument 'sin' is invalid/],
        [["--dist", "toString"], /option '--dist <family>' argument 'toString' is invalid/],
        [["--k", "1e400"], /option '--k <number>' argument '1e400' is invalid/],
        [["--samples", "6", "--batches", "4"], /option '--samples <n>' argument '6' is invalid\. expected at least 2 samples per batch/],
        [["--out", "/proc/mcgrad-no"], /option '--out <dir>' argument '\/proc\/mcgrad-no' is invalid/],
      ];
      for (const [args, message] of cases) {
        const bad = run(...args, "--samples", args.includes("--samples") ? args[args.indexOf("--samples") + 1] : "200", "--out", args.includes("--out") ? args[args.indexOf("--out") + 1] : dir);
        assert.equal(bad.status, 2, `${args.join(" ")}: ${bad.stderr}`);
        assert.match(bad.stderr, message);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
