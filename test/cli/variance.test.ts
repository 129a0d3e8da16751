import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runVariance } from "../../src/cli/variance.js";
import { gaussianCosts } from "../../src/diagnostics/gaussianCosts.js";
import { testSeed, zFor } from "../helpers/stats.js";

test("runVariance: every curve's gradient estimate agrees with the closed form (z·SE, Bonferroni) and the files are written", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mcgrad-variance-"));
  try {
    const n = 5000;
    const r = await runVariance({ samples: n, baselineSamples: n, seed: testSeed(7301), out: dir });
    const checks = r.tables.reduce((s, t) => s + t.table.ks.length * t.table.curves.length, 0);
    const z = zFor(checks);
    const failures: string[] = [];
    for (const [i, { table }] of r.tables.entries()) {
      table.ks.forEach((k, ik) => {
        const exact = gaussianCosts[i].gradient(1, 1, k);
        for (const c of table.curves) {
          const j = c.parameter === "mu" ? 0 : 1;
          const se = Math.sqrt(c.variance[ik] / n);
          if (!(Math.abs(c.mean[ik] - exact[j]) <= z * se + 1e-12)) failures.push(`${gaussianCosts[i].name} k=${k} ${c.estimator}/${c.parameter}: ${c.mean[ik]} vs ${exact[j]} (SE ${se})`);
        }
      });
    }
    assert.deepEqual(failures, []);
    assert.equal(r.svgPaths.length, 3);
    for (const p of r.svgPaths) assert.match(readFileSync(p, "utf8"), /^<svg/);
    const json = JSON.parse(readFileSync(r.jsonPath, "utf8")) as { costs: { table: { curves: { variance: number[] }[] } }[] };
    assert.deepEqual(json.costs[2].table.curves[0].variance, r.tables[2].table.curves[0].variance);
    assert.match(r.text, /table: .*variance\.json/);
    assert.match(r.text, /lowest per evaluation \(μ \| σ\)/);
    // Per-evaluation variance = per-sample variance × counted evaluations: score 1, pathwise 2, measure-valued 4 (d = 1).
    const evals = { score: 1, scoreOptimalBaseline: 1, pathwise: 2, measureValued: 4, measureValuedUncoupled: 4 };
    for (const { table } of r.tables) {
      for (const c of table.curves) {
        assert.deepEqual(c.evaluationsPerSample, table.ks.map(() => evals[c.estimator]), `${c.estimator}`);
        assert.deepEqual(c.variancePerEvaluation, c.variance.map((v) => v * evals[c.estimator]));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("mcgrad variance --json: the last stdout line is variance.json's table and the files written", () => {
  // Before, variance had no --json.
  const dir = mkdtempSync(join(tmpdir(), "mcgrad-variance-json-"));
  try {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "variance", "--samples", "200", "--baseline-samples", "200", "--out", dir, "--json"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const line = JSON.parse(r.stdout.trim().split("\n").at(-1) as string) as { samples: number; costs: unknown[]; svgPaths: string[]; jsonPath: string };
    const file = JSON.parse(readFileSync(join(dir, "variance.json"), "utf8")) as { costs: unknown[] };
    assert.equal(line.samples, 200);
    assert.deepEqual(line.costs, file.costs);
    assert.equal(line.jsonPath, join(dir, "variance.json"));
    assert.deepEqual(line.svgPaths.map((p) => p.slice(dir.length + 1)), ["variance-quadratic.svg", "variance-exp.svg", "variance-cos.svg"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
