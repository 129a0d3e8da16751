import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { DEMO_ESTIMATORS, runDemo } from "../../src/cli/demo.js";
import { gaussianCosts } from "../../src/cli/gaussianCosts.js";
import { assertWithinZ, testSeed, zFor } from "../helpers/stats.js";

test("runDemo: every estimate agrees with the exact gradient and E[score] with 0 (z·SE, Bonferroni)", async () => {
  const result = await runDemo({ samples: 20_000, seed: testSeed(7201), out: null });
  const cells = result.costs.reduce((s, c) => s + c.rows.length, 0);
  assert.equal(cells, gaussianCosts.reduce((s, c) => s + c.ks.length, 0));
  const z = zFor(2 * (result.costs.length + cells * DEMO_ESTIMATORS.length));
  for (const cost of result.costs) {
    assertWithinZ(`${cost.name} E[score]`, cost.scoreCheck.mean, [0, 0], cost.scoreCheck.stderr, z);
    for (const row of cost.rows) {
      const closed = gaussianCosts.find((g) => g.name === cost.name)!.gradient(result.mu, result.sigma, row.k);
      assert.deepEqual(row.exact, closed);
      for (const e of DEMO_ESTIMATORS) {
        const est = row.estimates[e.id];
        assertWithinZ(`${cost.name} k=${row.k} ${e.id}`, est.mean, row.exact, est.stderr, z);
        assert.ok(est.variance.every((v) => v > 0), `${cost.name} k=${row.k} ${e.id}: per-sample variance ${est.variance}`);
      }
    }
  }
  assert.match(result.text, /f\(x\) = cos\(k x\)/);
  assert.equal(result.svgPath, null);
});

test("runDemo refuses fewer than 2 samples", async () => {
  await assert.rejects(runDemo({ samples: 1, out: null }), /runDemo: samples must be an integer ≥ 2, got 1/);
});

test("mcgrad exits with code 2 on usage errors", () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8" });
  const unknown = run("no-such-command");
  assert.equal(unknown.status, 2, unknown.stderr);
  assert.match(unknown.stderr, /unknown command 'no-such-command'/);
  const badValue = run("demo", "--samples", "lots");
  assert.equal(badValue.status, 2, badValue.stderr);
  assert.match(badValue.stderr, /--samples <n>' argument 'lots' is invalid/);
});
