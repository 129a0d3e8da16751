/**
 * `mcgrad fit`: the record's numbers against the model's exact answers, checkpoint/resume exact to the bit, option
 * errors named with exit code 2, `--json`'s last stdout line, and Ctrl-C saving the step it stopped at (exit 130).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runFit } from "../../src/cli/fit.js";
import { assertWithinZ, testSeed, zFor } from "../helpers/stats.js";
import { interruptWhen } from "../helpers/interrupt.js";

const tmp = (): string => mkdtempSync(join(tmpdir(), "mcgrad-fit-"));

describe("mcgrad fit", () => {
  it("linreg: the reported ELBO estimate agrees with the fitted guide's exact ELBO, below the exact evidence", async () => {
    const out = tmp();
    const { record, files } = await runFit({ model: "linreg", estimator: "pathwise", guide: "fullrank", steps: 300, seed: testSeed(30), evalSamples: 4000, varianceSamples: 200, out });
    assert.ok(record.exactElbo !== undefined && record.logEvidence !== undefined);
    assertWithinZ("finalElbo", [record.finalElbo], [record.exactElbo], [record.finalElboStderr], zFor(1));
    assert.ok(record.exactElbo <= record.logEvidence, `exact ELBO ${record.exactElbo} above log evidence ${record.logEvidence}`);
    assert.ok(record.gradVariance > 0 && Number.isFinite(record.gradVariance));
    for (const f of files) assert.ok(existsSync(f), `${f} written`);
    assert.equal(record.posterior.length, 5);
  });

  it("a run resumed from its checkpoint ends exactly as the uninterrupted run", async () => {
    const out = tmp();
    const file = join(out, "run.json");
    const common = { model: "mixture" as const, estimator: "score-rb" as const, seed: testSeed(31), evalSamples: 200, varianceSamples: 50, samples: 4, out };
    const whole = await runFit({ ...common, steps: 300 });
    await runFit({ ...common, steps: 200, checkpoint: file });
    await assert.rejects(runFit({ ...common, steps: 300, checkpoint: file }), /--checkpoint: .* already holds a saved run; add --resume/);
    const resumed = await runFit({ ...common, steps: 300, checkpoint: file, resume: true });
    assert.deepEqual(resumed.record.posterior, whole.record.posterior);
    assert.equal(resumed.record.finalElbo, whole.record.finalElbo);
    assert.equal(resumed.record.exactElbo, whole.record.exactElbo);
  });

  it("Ctrl-C (SIGINT) stops the run with exit 130, saves the step it stopped at and says how to resume", async () => {
    // Before, fit ran synchronously: SIGINT killed it, the steps since the last 100-step checkpoint were lost, and nothing was said.
    const dir = tmp();
    const file = join(dir, "run.json");
    const args = ["--import", "tsx", "src/cli/main.ts", "fit", "mixture", "--steps", "2000", "--samples", "8", "--eval-samples", "100", "--variance-samples", "20", "--checkpoint", file, "--out", dir];
    // Interrupt (once) when the first percentage line shows the run is under way.
    const { code, stderr } = await interruptWhen(args, /25%/);
    assert.equal(code, 130, stderr);
    const m = /interrupted after (\d+) steps of score-rb\. .*run\.json holds the run at that point; continue it with the same options plus --checkpoint .*run\.json --resume/.exec(stderr);
    assert.ok(m !== null, stderr);
    assert.ok(Number(m[1]) >= 500 && Number(m[1]) < 2000, `stopped at step ${m[1]}`);
    // Nothing is lost: the file holds the step where the run stopped, not the last multiple of 100.
    assert.equal((JSON.parse(readFileSync(file, "utf8")) as { payload: { step: number } }).payload.step, Number(m[1]));
  });

  it("refuses estimators and guides that do not apply, and --compare with --checkpoint, naming the option", async () => {
    const out = tmp();
    await assert.rejects(runFit({ model: "mixture", estimator: "pathwise", out }), /--estimator pathwise does not apply to model mixture; allowed: score, score-rb, score-rb-cv, vimco, enumerate/);
    await assert.rejects(runFit({ model: "mixture", guide: "fullrank", out }), /--guide fullrank does not apply to model mixture/);
    await assert.rejects(runFit({ model: "linreg", estimator: "vimco", samples: 1, out }), /--samples must be ≥ 2 for --estimator vimco/);
    await assert.rejects(runFit({ model: "linreg", compare: true, checkpoint: join(out, "c.json"), out }), /--checkpoint saves one run/);
    await assert.rejects(runFit({ model: "linreg", resume: true, out }), /--resume needs --checkpoint FILE/);
  });

  it("command line: exit 2 for a bad option value; --json prints the record as the last stdout line", () => {
    const out = tmp();
    const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "fit", ...args], { encoding: "utf8" });
    const bad = cli("mixture", "--estimator", "stl", "--out", out);
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /--estimator stl does not apply to model mixture/);
    assert.equal(cli("nosuch").status, 2);
    assert.equal(cli("linreg", "--guide", "diagonal").status, 2);
    writeFileSync(join(out, "exists.json"), "{}");
    assert.equal(cli("linreg", "--checkpoint", join(out, "exists.json"), "--out", out).status, 2);
    const ok = cli("linreg", "--estimator", "stl", "--steps", "50", "--eval-samples", "100", "--variance-samples", "20", "--seed", "3", "--out", out, "--json");
    assert.equal(ok.status, 0, ok.stderr);
    const last = JSON.parse(ok.stdout.trim().split("\n").at(-1) as string) as Record<string, unknown>;
    for (const k of ["model", "estimator", "seed", "steps", "finalElbo", "finalElboStderr", "logEvidence", "gradVariance", "wallSeconds"]) {
      assert.ok(k in last, `--json record has ${k}`);
    }
    assert.deepEqual([last.model, last.estimator, last.seed, last.steps], ["linreg", "stl", 3, 50]);
  });
});
