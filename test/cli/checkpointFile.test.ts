/**
 * The checkpoint options shared by optimize, train and fit (src/cli/checkpointFile.ts), and the directories they
 * write to: a bad combination or path is refused before any work, naming the option.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CheckpointOptionError, openCheckpoint } from "../../src/cli/checkpointFile.js";
import { FitOptionError, runFit } from "../../src/cli/fit.js";
import { OptionError } from "../../src/cli/options.js";
import { runTrain } from "../../src/cli/train.js";

const tmp = (): string => mkdtempSync(join(tmpdir(), "mcgrad-checkpoint-file-"));

test("openCheckpoint refuses --force without --checkpoint, --resume with --force, and a directory as the file", () => {
  const dir = tmp();
  const saved = join(dir, "run.json");
  writeFileSync(saved, "{}");
  mkdirSync(join(dir, "sub"));
  const refused = (file: string | undefined, o: { resume?: boolean; force?: boolean }, message: RegExp) =>
    assert.throws(() => openCheckpoint(file, o), (e: unknown) => e instanceof CheckpointOptionError && message.test(e.message), `${file} ${JSON.stringify(o)}`);
  // Before: --force alone was ignored in silence; --resume --force said "does not exist" or resumed; a directory "already holds a saved run".
  refused(undefined, { force: true }, /^--force needs --checkpoint FILE/);
  refused(saved, { resume: true, force: true }, /^--resume and --force exclude each other/);
  refused(join(dir, "sub"), {}, /^--checkpoint: .*sub is a directory; give the path of a file$/);
  refused(join(dir, "sub"), { resume: true }, /is a directory/);
  refused(join(dir, "sub"), { force: true }, /is a directory/);
  // What still works: a new file, --force over a saved run, --resume of a saved run.
  assert.equal(openCheckpoint(join(dir, "new.json"), {}), undefined);
  assert.equal(openCheckpoint(saved, { force: true }), undefined);
  assert.equal(openCheckpoint(saved, { resume: true }), "{}");
});

test("train and fit name --out and --checkpoint's directory when they cannot be written (as optimize does)", async () => {
  const dir = tmp();
  const file = join(dir, "a-file");
  writeFileSync(file, "");
  const named = (message: RegExp) => (e: unknown) => e instanceof OptionError && message.test(e.message);
  await assert.rejects(runTrain({ steps: 100, out: join(file, "sub") }), named(/^train: --out must be a writable directory, got ".*a-file\/sub"/));
  await assert.rejects(runTrain({ steps: 100, out: dir, checkpoint: join(file, "run.json") }), named(/^train: --checkpoint's directory must be a writable directory/));
  await assert.rejects(runFit({ model: "linreg", steps: 10, out: join(file, "sub") }), named(/^fit: --out must be a writable directory, got ".*a-file\/sub"/));
  await assert.rejects(runFit({ model: "linreg", steps: 10, out: dir, checkpoint: join(file, "run.json") }), named(/^fit: --checkpoint's directory must be a writable directory/));
});

test("train and fit refuse a resume under other options as a bad option value (exit 2) naming the option, as optimize does", async () => {
  // Before: a plain Error (exit 1) naming the identity field only ("key = {…}" for a changed --seed).
  const dir = tmp();
  const trainFile = join(dir, "train.json");
  const t = { steps: 600, evalEvery: 300, evalEpisodes: 2, out: dir, checkpoint: trainFile };
  await runTrain(t);
  await assert.rejects(runTrain({ ...t, seed: 5, resume: true }), (e: unknown) => e instanceof CheckpointOptionError && /^--resume: .*train\.json was written for seed = 0, but this run has seed = 5; .*\(set by --seed\)$/.test(e.message));
  await assert.rejects(runTrain({ ...t, evalEpisodes: 3, resume: true }), (e: unknown) => e instanceof CheckpointOptionError && /\(set by --eval-episodes\)$/.test(e.message));
  const fitFile = join(dir, "fit.json");
  const f = { model: "linreg" as const, steps: 20, evalSamples: 100, varianceSamples: 20, out: dir, checkpoint: fitFile };
  await runFit(f);
  await assert.rejects(runFit({ ...f, seed: 4, resume: true }), (e: unknown) => e instanceof FitOptionError && /^--resume: .*fit\.json was written for key = .*\(set by --seed\)$/.test(e.message));
  await assert.rejects(runFit({ ...f, estimator: "pathwise", resume: true }), (e: unknown) => e instanceof FitOptionError && /was written for estimator = "stl", but this run has estimator = "pathwise"; .*\(set by --estimator\)$/.test(e.message));
});
