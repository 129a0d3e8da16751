/**
 * Checkpoint files for the CLI's long runs: atomic writes (write a temporary file, then rename, so an interruption
 * never destroys the previous checkpoint) and no overwrite of a saved run unless `--resume` continues it or
 * `--force` discards it.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import type { CheckpointMismatchError } from "../run/checkpoint.js";

/** Thrown for a bad combination of checkpoint options; the CLI maps it to exit code 2. */
export class CheckpointOptionError extends Error {}

/**
 * Checks the checkpoint options before any work: `resume` needs an existing file; a new run refuses to overwrite
 * an existing file unless `force`. Returns the saved text when resuming.
 */
export function openCheckpoint(file: string | undefined, options: { resume?: boolean; force?: boolean }): string | undefined {
  if (file === undefined) {
    if (options.resume) throw new CheckpointOptionError("--resume needs --checkpoint FILE");
    if (options.force) throw new CheckpointOptionError("--force needs --checkpoint FILE (it allows overwriting that file)");
    return undefined;
  }
  if (options.resume && options.force) throw new CheckpointOptionError("--resume and --force exclude each other: --resume continues the saved run, --force discards it");
  if (existsSync(file) && statSync(file).isDirectory()) throw new CheckpointOptionError(`--checkpoint: ${file} is a directory; give the path of a file`);
  if (options.resume) {
    if (!existsSync(file)) throw new CheckpointOptionError(`--resume: checkpoint file ${file} does not exist, so there is nothing to resume`);
    return readFileSync(file, "utf8");
  }
  if (existsSync(file) && !options.force) {
    throw new CheckpointOptionError(`--checkpoint: ${file} already holds a saved run; add --resume to continue it or --force to start over and overwrite it`);
  }
  return undefined;
}

/**
 * A resumed checkpoint that was written for another run, as an option error (exit 2) that names the file and the
 * option setting the field that differs (`optionOf`: identity field → option, e.g. { seed: "--seed" }).
 */
export function resumeMismatch(e: CheckpointMismatchError, file: string, optionOf: Readonly<Record<string, string>>): CheckpointOptionError {
  return new CheckpointOptionError(`--resume: ${file} ${e.message.replace(/^[^:]+: resume /, "")} (set by ${optionOf[e.field] ?? e.field})`);
}

/** Writes text to file atomically (temporary file + rename). */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
