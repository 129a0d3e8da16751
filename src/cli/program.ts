/**
 * The `mcgrad` program: its commands, each registered from its own file with one call. To add a command, add its
 * import and its `registerX(program)` line below. main.ts parses the command line with it; tests read its commands
 * and options (the README's command list is checked against them).
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { registerCompare } from "./compare.js";
import { registerDemo } from "./demo.js";
import { registerFit } from "./fit.js";
import { registerOptimize } from "./optimize.js";
import { registerTrain } from "./train.js";
import { registerVariance } from "./variance.js";
import { registerWorker } from "./worker.js";

/** A new `mcgrad` program with every command; usage errors throw a CommanderError (exitOverride) for main to map to exit 2. */
export function mcgradProgram(): Command {
  const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  const program = new Command("mcgrad")
    .description("Monte Carlo gradients of expectations: score-function, pathwise and related estimators")
    .version(version)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerDemo(program);
  registerVariance(program);
  registerOptimize(program);
  registerCompare(program);
  registerTrain(program);
  registerFit(program);
  registerWorker(program);
  return program;
}
