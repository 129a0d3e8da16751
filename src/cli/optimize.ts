/**
 * `mcgrad optimize`: runs a black-box optimizer (src/es/) on a standard test function with a progress bar showing
 * the best f, writes a convergence plot and prints the result (with `--json`, one JSON object as the last line).
 * The maths is `minimizeAsync`; this file only checks options, reports and plots. The run yields to the event loop
 * between generations, so Ctrl-C stops it cleanly: the terminal is restored and the message says how to resume.
 */
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { CheckpointMismatchError, MinimizeAborted, minimizeAsync, strategies, type AlgorithmName, type MinimizeResult, type PopulationEvaluator } from "../es/minimize.js";
import { defaultPopSize, evaluatePopulation, MAX_ABS_COORDINATE, MAX_ENTRIES } from "../es/strategy.js";
import { testFunction, testFunctions } from "../es/testFunctions.js";
import { distributedEvaluator } from "../es/distributed.js";
import { redisTarget } from "../es/distributedRedis.js";
import { openCheckpoint, writeAtomic } from "./checkpointFile.js";
import { convergenceSpec, summaryText, type RunDescription } from "./optimizeReport.js";
import { choiceOption, finiteNumberOption, intInRangeOption, intOption, numberOption, OptionError, positiveIntOption, positiveNumberOption } from "./options.js";
import { ensureOutDir, writeSvg } from "./plot.js";
import { progress } from "./progress.js";

/** Options of {@link runOptimize} (the command's options, by their long names). */
export interface OptimizeRunOptions {
  /** Test function name (default "rosenbrock"). */
  function?: string;
  /** Default "xnes". */
  algorithm?: AlgorithmName;
  /** Dimension (default 10). */
  dim?: number;
  seed?: number;
  /** Evaluation budget (default 10⁴·dim), never exceeded. */
  maxEvals?: number;
  /** Stop at best f ≤ target (default 1e-10). */
  target?: number;
  /** Initial step size (default 0.5). */
  sigma0?: number;
  /** Start point: every coordinate equal to this (default 0). */
  x0?: number;
  /** Output directory (default "out"). */
  out?: string;
  progress?: boolean;
  /** Restarts with doubled population after stagnation (default 0). */
  restarts?: number;
  /** xnes/snes step-size rule: "nes" (the paper's, default) or "path" (cumulative step-size and evolution paths). */
  stepSize?: "nes" | "path";
  /** File to write a checkpoint of the whole run to, every 50 generations (written atomically). */
  checkpoint?: string;
  /** Continue from the checkpoint file (which must exist) instead of starting over. */
  resume?: boolean;
  /** Start over even though the checkpoint file holds a saved run (it is overwritten). */
  force?: boolean;
  /** Evaluate populations on `mcgrad worker` processes through this Redis (redis://[:pw@]host:port). */
  redis?: string;
  /** The queue the workers listen on (default "mcgrad"). */
  queue?: string;
  /** Stops the run (Ctrl-C): it rejects with a {@link RunInterrupted} that says how to resume. */
  signal?: AbortSignal;
}

/** What {@link runOptimize} computed and wrote. */
export interface OptimizeRunResult {
  result: MinimizeResult;
  /** The convergence plot, or null when f was never finite. */
  svgPath: string | null;
  text: string;
  /** The machine-readable summary (`--json`). */
  json: Record<string, unknown>;
}

/** The run was stopped by its signal (Ctrl-C); the message says how to resume. */
export class RunInterrupted extends Error {}

/** Which command-line option sets each field of a checkpoint's identity. */
const IDENTITY_OPTION: Record<string, string> = {
  objective: "--function",
  algorithm: "--algorithm",
  seed: "--seed",
  x0: "--x0 / --dim",
  sigma0: "--sigma0",
  maxEvals: "--max-evals",
  target: "--target",
  restarts: "--restarts",
  algorithmOptions: "--step-size",
};

/** Options that cannot work together or sizes beyond the memory limit: OptionError (exit 2), before any work. */
function checkOptions(o: Required<Pick<OptimizeRunOptions, "algorithm" | "dim" | "x0" | "restarts">> & OptimizeRunOptions, minDim: number, name: string): void {
  if (o.dim < minDim) throw new OptionError(`--dim must be an integer ≥ ${minDim} for --function ${name}, got ${o.dim}`);
  if (Math.abs(o.x0) > MAX_ABS_COORDINATE) throw new OptionError(`--x0 must satisfy |x0| ≤ ${MAX_ABS_COORDINATE} (beyond it x² overflows), got ${o.x0}`);
  if (o.queue !== undefined && o.redis === undefined) throw new OptionError(`--queue applies with --redis only (the workers' queue), got --queue ${o.queue} without --redis`);
  if (o.stepSize !== undefined && o.algorithm !== "xnes" && o.algorithm !== "snes") {
    throw new OptionError(`--step-size applies to --algorithm xnes and snes only, got --step-size ${o.stepSize} with --algorithm ${o.algorithm}`);
  }
  // The largest array the run allocates: xNES's d×d matrix, or a population (λ doubled per restart, twice for pairs).
  const pairs = o.algorithm === "openEs" || o.algorithm === "pgpe" ? 2 : 1;
  const population = pairs * defaultPopSize(o.dim) * 2 ** o.restarts * o.dim;
  const entries = Math.max(population, o.algorithm === "xnes" ? o.dim * o.dim + 4 * o.dim : 0); // as xnes.init counts
  if (entries > MAX_ENTRIES) {
    throw new OptionError(
      `--dim ${o.dim} with --algorithm ${o.algorithm}${o.restarts > 0 ? ` and --restarts ${o.restarts}` : ""} needs an array of ${entries.toExponential(2)} float64 values (${((entries * 8) / 2 ** 20).toFixed(0)} MiB), more than the limit of ${MAX_ENTRIES} (128 MiB per array)${o.algorithm === "xnes" ? "; snes needs only O(d) per candidate" : ""}`,
    );
  }
}

/**
 * Minimizes a named test function and writes `<out>/optimize-<function>-<algorithm>[-<step-size rule>]-d<dim>-seed<seed>.svg`.
 * Bad option values throw {@link OptionError} before any work (the CLI exits 2).
 * @example const r = await runOptimize({ function: "rosenbrock", algorithm: "xnes", dim: 5 });
 */
export async function runOptimize(options: OptimizeRunOptions = {}): Promise<OptimizeRunResult> {
  const { algorithm = "xnes", dim = 10, seed = 0, target = 1e-10, sigma0 = 0.5, x0 = 0, out = "out", restarts = 0 } = options;
  const t = testFunction(options.function ?? "rosenbrock");
  checkOptions({ ...options, algorithm, dim, x0, restarts }, t.minDim, t.name);
  const maxEvals = options.maxEvals ?? 10_000 * dim;
  const file = options.checkpoint;
  const saved = openCheckpoint(file, options);
  ensureOutDir("optimize", out, "--out");
  // Fail now, not at the first checkpoint 50 generations in.
  if (file !== undefined) ensureOutDir("optimize", dirname(resolve(file)), "--checkpoint's directory");
  const stepRule = algorithm === "xnes" || algorithm === "snes" ? (options.stepSize ?? "nes") : undefined;
  const run: RunDescription = { algorithm, functionName: t.name, dim, seed, target, maxEvals, optimalValue: t.optimalValue, stepSize: stepRule };

  const bar = progress(`optimize ${t.name} d=${dim} (${algorithm})`, maxEvals, { enabled: options.progress ?? false });
  let shown = 0;
  let lastCheckpoint: number | undefined;
  let lastYield = Date.now();
  // Evaluates f in this thread, yielding to the event loop every 50 ms so a signal (Ctrl-C) is seen between
  // generations; minimize then saves that generation's checkpoint and throws MinimizeAborted.
  const local: PopulationEvaluator = async (x, size, d) => {
    if (Date.now() - lastYield > 50) {
      await new Promise((r) => setImmediate(r));
      lastYield = Date.now();
    }
    return evaluatePopulation(t.f, { x, noise: x, size, dim: d });
  };
  // With --redis the workers evaluate (they know the built-in functions by name); the run is the same to the bit.
  if (options.redis !== undefined) {
    try {
      redisTarget("--redis", options.redis);
    } catch (e) {
      throw new OptionError((e as Error).message);
    }
  }
  const remote = options.redis === undefined ? undefined : await distributedEvaluator({ redis: options.redis, queue: options.queue, objective: t.name });
  const evaluate = remote?.evaluate ?? local;
  let result: MinimizeResult;
  try {
    result = await minimizeAsync(evaluate, new Float64Array(dim).fill(x0), {
      algorithm,
      sigma0,
      seed,
      maxEvals,
      target,
      restarts,
      objectiveId: t.name,
      ...(options.stepSize !== undefined ? { algorithmOptions: { stepSizeAdaptation: options.stepSize } } : {}),
      ...(file === undefined
        ? {}
        : {
            checkpoint: (json: string) => {
              writeAtomic(file, json);
              lastCheckpoint = (JSON.parse(json) as { payload: { evals: number } }).payload.evals;
            },
          }),
      ...(saved === undefined ? {} : { resume: saved, resumeSource: file }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onProgress: ({ done, metrics }) => {
        const step = done - shown;
        if (step > 0) bar.tick(step, { best: metrics.bestF });
        shown += Math.max(step, 0);
      },
    });
  } catch (e) {
    bar.stop();
    await remote?.close();
    if (e instanceof MinimizeAborted) throw new RunInterrupted(interruptedText(e.evals, file, lastCheckpoint));
    if (e instanceof CheckpointMismatchError) {
      throw new OptionError(`--resume: ${e.message.replace(/^minimizeAsync: /, "")} (set by ${IDENTITY_OPTION[e.field] ?? e.field})`);
    }
    // A damaged or edited checkpoint file: the message names the file and the field; say which option read it.
    if (file !== undefined && e instanceof Error && e.message.startsWith(`minimizeAsync: ${file} `)) throw new Error(`--resume: ${e.message.slice("minimizeAsync: ".length)}`);
    throw e;
  }
  bar.stop();
  await remote?.close();
  const spec = convergenceSpec(result, run);
  const svgPath = spec === null ? null : await writeSvg(spec, resolve(join(out, `optimize-${t.name}-${algorithm}${stepRule === undefined ? "" : `-${stepRule}`}-d${dim}-seed${seed}.svg`)));
  const optimum = t.optimum(dim);
  const distance = Math.hypot(...Array.from(result.x, (v, i) => v - optimum[i]));
  const json = {
    function: t.name,
    algorithm,
    dim,
    seed,
    stepSize: stepRule ?? null,
    fx: Number.isFinite(result.fx) ? result.fx : String(result.fx),
    x: Array.from(result.x),
    evals: result.evals,
    generations: result.generations,
    stop: result.stop,
    stopReason: result.stop,
    restarts: result.restarts,
    nonFinite: result.nonFinite,
    svgPath,
  };
  return { result, svgPath, text: summaryText(result, run, distance, svgPath), json };
}

function interruptedText(evals: number, file: string | undefined, saved: number | undefined): string {
  const where = `interrupted after ${evals} evaluations`;
  if (file === undefined || saved === undefined) return `${where}; nothing was saved. To be able to resume an interrupted run, start it with --checkpoint FILE.`;
  return `${where}. ${file} holds the run at ${saved} evaluations; continue it with the same options plus --checkpoint ${file} --resume`;
}

/** Registers `mcgrad optimize` on the program. */
export function registerOptimize(program: Command): void {
  program
    .command("optimize")
    .description("minimize a standard test function with a black-box evolution strategy; writes a convergence SVG")
    .option("--function <name>", `test function: ${Object.keys(testFunctions).join(", ")}`, choiceOption(testFunctions), "rosenbrock")
    .option("--algorithm <name>", `optimizer: ${Object.keys(strategies).join(", ")}`, choiceOption(strategies), "xnes")
    .option("--dim <d>", "dimension (a decimal integer)", intInRangeOption(1), 10)
    .option("--seed <n>", "integer random seed", intOption, 0)
    .option("--max-evals <n>", "evaluation budget, never exceeded (default 10000·dim)", positiveIntOption)
    .option("--target <f>", "stop when best f ≤ target (-Infinity: never)", numberOption, 1e-10)
    .option("--sigma0 <s>", "initial step size", positiveNumberOption, 0.5)
    .option("--x0 <v>", "start point: every coordinate equal to v", finiteNumberOption, 0)
    .option("--restarts <n>", "restarts with doubled population after stagnation", intInRangeOption(0, 30), 0)
    .option("--step-size <rule>", "xnes/snes step-size rule: nes (paper) or path (cumulative paths, CMA-ES-like)", choiceOption({ nes: 0, path: 0 }))
    .option("--checkpoint <file>", "write a checkpoint of the run to this file every 50 generations")
    .option("--resume", "continue the run saved in --checkpoint instead of starting over")
    .option("--force", "start over even if --checkpoint holds a saved run (overwrites it)")
    .option("--redis <url>", "evaluate on `mcgrad worker` processes through this Redis (redis://[:password@]host:port)")
    .option("--queue <name>", "with --redis: the workers' queue (default: \"mcgrad\")")
    .option("--out <dir>", "directory for the SVG", "out")
    .option("--json", "print one JSON object with the result as the last line")
    .action(async (o: OptimizeRunOptions & { json?: boolean }) => {
      const controller = new AbortController();
      const onSigint = (): void => controller.abort();
      process.once("SIGINT", onSigint);
      try {
        const r = await runOptimize({ ...o, progress: true, signal: controller.signal });
        process.stdout.write(`${r.text}\n`);
        if (o.json) process.stdout.write(`${JSON.stringify(r.json)}\n`);
      } finally {
        process.off("SIGINT", onSigint);
      }
    });
}
