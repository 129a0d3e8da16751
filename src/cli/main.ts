#!/usr/bin/env node
/**
 * The `mcgrad` command line (its commands: src/cli/program.ts). Usage errors (unknown command or option, bad option
 * value) exit with code 2, an interrupted run with 130, failures while running with code 1.
 */
import { CommanderError } from "commander";
import { CheckpointOptionError } from "./checkpointFile.js";
import { RunInterrupted } from "./optimize.js";
import { OptionError } from "./options.js";
import { stopAllProgress } from "./progress.js";
import { mcgradProgram } from "./program.js";

try {
  await mcgradProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Commander has printed the message. --help and --version exit 0; every usage error exits 2.
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  stopAllProgress();
  process.stderr.write(`mcgrad: ${err instanceof Error ? err.message : String(err)}\n`);
  // A bad option value (or checkpoint option) exits 2, an interrupted run 130 (as a shell reports Ctrl-C), any other failure 1.
  process.exit(err instanceof OptionError || err instanceof CheckpointOptionError ? 2 : err instanceof RunInterrupted ? 130 : 1);
}
