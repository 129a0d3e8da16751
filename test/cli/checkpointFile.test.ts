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
import { runFit } from "../../src/cli/fit.js";
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
