/** `mcgrad optimize` checkpoint files: a run resumed from its checkpoint file ends exactly as the uninterrupted run. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runOptimize } from "../../src/cli/optimize.js";

describe("mcgrad optimize --checkpoint/--resume", () => {
  it("resuming from the checkpoint file reproduces the run without redoing it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcgrad-opt-"));
    const file = join(dir, "run.json");
    const common = { function: "rosenbrock", algorithm: "xnes" as const, dim: 4, seed: 5, maxEvals: 20_000, out: dir };
    const full = await runOptimize({ ...common, checkpoint: file });
    const saved = JSON.parse(readFileSync(file, "utf8")) as { cursor: { evals: number } };
    assert.ok(saved.cursor.evals > 0 && saved.cursor.evals < full.result.evals, `checkpoint at ${saved.cursor.evals} of ${full.result.evals} evaluations`);
    const resumed = await runOptimize({ ...common, checkpoint: file, resume: true });
    assert.equal(resumed.result.evals, full.result.evals);
    assert.equal(resumed.result.fx, full.result.fx);
    assert.deepEqual(Array.from(resumed.result.x), Array.from(full.result.x));
    assert.deepEqual(resumed.result.history, full.result.history);
  });

  it("refuses --resume without a checkpoint file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcgrad-opt-"));
    await assert.rejects(runOptimize({ dim: 2, resume: true, out: dir }), /runOptimize: resume needs a checkpoint file/);
    await assert.rejects(runOptimize({ dim: 2, resume: true, checkpoint: join(dir, "none.json"), out: dir }), /does not exist/);
  });

  it("refuses --step-size with an algorithm that has no such rule (it was silently ignored)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcgrad-opt-"));
    await assert.rejects(runOptimize({ dim: 2, algorithm: "pgpe", stepSize: "path", out: dir }), /runOptimize: stepSize applies to xnes and snes only, got stepSize "path" with algorithm "pgpe"/);
  });

  it("refuses an unusable --out or checkpoint directory before running, not after", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcgrad-opt-"));
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    // Without the up-front check the whole run was computed and then lost on the SVG write (ENOTDIR).
    await assert.rejects(runOptimize({ dim: 2, maxEvals: 100, out: join(file, "sub") }), /runOptimize: out must be a writable directory, got ".*a-file\/sub"/);
    // The checkpoint write used to fail only at generation 50, losing those generations.
    await assert.rejects(
      runOptimize({ dim: 2, maxEvals: 100, out: dir, checkpoint: join(file, "run.json") }),
      /runOptimize: the checkpoint's directory must be a writable directory/,
    );
  });
});
