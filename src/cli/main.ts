#!/usr/bin/env node
/**
 * The `mcgrad` command line. Each subcommand lives in its own file and registers itself here with one call;
 * to add one, add its import and its `registerX(program)` line below. Usage errors (unknown command or option,
 * bad option value) exit with code 2, failures while running with code 1.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { registerCompare } from "./compare.js";
import { registerDemo } from "./demo.js";
import { registerVariance } from "./variance.js";
import { registerOptimize, RunInterrupted } from "./optimize.js";
import { CheckpointOptionError } from "./checkpointFile.js";
import { OptionError } from "./options.js";
import { stopAllProgress } from "./progress.js";
import { registerTrain } from "./train.js";
import { registerFit } from "./fit.js";
import { registerWorker } from "./worker.js";

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

const program = new Command("mcgrad")
  .description("Monte Carlo gradients of expectations: score-function, pathwise and related estimators")
  .version(version)
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

// Subcommands: one import and one call each.
registerDemo(program);
registerVariance(program);
registerOptimize(program);
registerCompare(program);
registerTrain(program);
registerFit(program);
registerWorker(program);

try {
  await program.parseAsync(process.argv);
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
