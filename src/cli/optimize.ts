/**
 * `mcgrad optimize`: runs a black-box optimizer (src/es/) on a standard test function with a progress bar showing
 * the best f, writes a convergence plot (best f against evaluations, log y) and prints the result.
 * The maths is `minimize`; this file only parses, reports and plots.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { minimize, strategies, type AlgorithmName, type MinimizeResult } from "../es/minimize.js";
import { testFunction, testFunctions } from "../es/testFunctions.js";
import { choiceOption, intAtLeastOption, intOption, numberOption, positiveIntOption, positiveNumberOption } from "./options.js";
import { ensureOutDir, lineSpec, writeSvg } from "./plot.js";
import { progress } from "./progress.js";

/** Options of {@link runOptimize}. */
export interface OptimizeRunOptions {
  /** Test function name (default "rosenbrock"). */
  function?: string;
  /** Default "xnes". */
  algorithm?: AlgorithmName;
  /** Dimension (default 10). */
  dim?: number;
  seed?: number;
  /** Evaluation budget (default 10⁴·dim). */
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
}

/** What {@link runOptimize} computed and wrote. */
export interface OptimizeRunResult {
  result: MinimizeResult;
  svgPath: string;
  text: string;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toExponential(3) : String(v);
}

/**
 * Minimizes a named test function and writes `<out>/optimize-<function>-<algorithm>-d<dim>.svg`.
 * @example const r = await runOptimize({ function: "rosenbrock", algorithm: "xnes", dim: 5 });
 */
export async function runOptimize(options: OptimizeRunOptions = {}): Promise<OptimizeRunResult> {
  const { algorithm = "xnes", dim = 10, seed = 0, target = 1e-10, sigma0 = 0.5, x0 = 0, out = "out" } = options;
  const t = testFunction(options.function ?? "rosenbrock");
  if (!Number.isInteger(dim) || dim < t.minDim) throw new Error(`runOptimize: dim must be an integer ≥ ${t.minDim} for ${t.name}, got ${dim}`);
  const maxEvals = options.maxEvals ?? 10_000 * dim;
  if (options.resume && !options.checkpoint) throw new Error("runOptimize: resume needs a checkpoint file (--checkpoint FILE)");
  if (options.resume && !existsSync(options.checkpoint as string)) throw new Error(`runOptimize: checkpoint file ${options.checkpoint} does not exist, so there is nothing to resume`);
  const checkpointFile = options.checkpoint;
  ensureOutDir("runOptimize", out);
  // Fail now, not at the first checkpoint 50 generations in.
  if (checkpointFile !== undefined) ensureOutDir("runOptimize", dirname(resolve(checkpointFile)), "the checkpoint's directory");
  const bar = progress(`optimize ${t.name} d=${dim} (${algorithm})`, maxEvals, { enabled: options.progress ?? false });
  let shown = 0;
  if (options.stepSize !== undefined && algorithm !== "xnes" && algorithm !== "snes") {
    throw new Error(`runOptimize: stepSize applies to xnes and snes only, got stepSize ${JSON.stringify(options.stepSize)} with algorithm ${JSON.stringify(algorithm)}`);
  }
  const useStepSize = options.stepSize !== undefined;
  const result = minimize(t.f, new Float64Array(dim).fill(x0), {
    algorithm,
    sigma0,
    seed,
    maxEvals,
    target,
    restarts: options.restarts ?? 0,
    ...(useStepSize ? { algorithmOptions: { stepSizeAdaptation: options.stepSize } } : {}),
    ...(checkpointFile === undefined
      ? {}
      : {
          checkpoint: (json: string) => {
            // Write-then-rename, so an interrupted write never destroys the previous checkpoint.
            writeFileSync(`${checkpointFile}.tmp`, json);
            renameSync(`${checkpointFile}.tmp`, checkpointFile);
          },
        }),
    ...(options.resume ? { resume: readFileSync(checkpointFile as string, "utf8") } : {}),
    onGeneration: (g) => {
      const step = Math.min(g.evals, maxEvals) - shown;
      if (step > 0) {
        bar.tick(step, { best: g.bestF });
        shown += step;
      }
    },
  });
  bar.stop();
  const positive = result.history.bestF.map((v) => Math.max(v, 1e-300));
  const spec = lineSpec({
    title: `${algorithm} on ${t.name} (d = ${dim}, seed ${seed})`,
    xLabel: "function evaluations",
    yLabel: "best f so far (log)",
    series: [{ name: algorithm, x: result.history.evals, y: positive }],
    logY: true,
  });
  const svgPath = await writeSvg(spec, resolve(join(out, `optimize-${t.name}-${algorithm}-d${dim}.svg`)));
  const distance = Math.hypot(...Array.from(result.x, (v, i) => v - t.optimum(dim)[i]));
  const text = [
    `${algorithm} on ${t.name}, d = ${dim}, seed ${seed}: best f = ${fmt(result.fx)} (optimum ${t.optimalValue}) after ${result.evals} evaluations, ${result.generations} generations`,
    `  stopped by: ${result.stop}; distance to the optimum ${fmt(distance)}; non-finite f values: ${result.nonFinite}`,
    `  x = [${Array.from(result.x.slice(0, 8), (v) => v.toPrecision(6)).join(", ")}${dim > 8 ? ", …" : ""}]`,
    `  convergence plot: ${svgPath}`,
  ].join("\n");
  return { result, svgPath, text };
}

/**
 * "A short optimization" for `mcgrad demo`: xNES on Rosenbrock (d = 5) to 1e-10, a couple of seconds at most.
 * @example const { text, svgPath } = await runOptimizeDemo({ out: "out" });
 */
export async function runOptimizeDemo(options: { out?: string; progress?: boolean; seed?: number } = {}): Promise<OptimizeRunResult> {
  return runOptimize({ function: "rosenbrock", algorithm: "xnes", dim: 5, maxEvals: 20_000, sigma0: 0.5, x0: 0, ...options });
}

function stepSizeOption(value: string): "nes" | "path" {
  if (value !== "nes" && value !== "path") throw new InvalidArgumentError(`expected nes or path, got "${value}".`);
  return value;
}

/** Registers `mcgrad optimize` on the program. */
export function registerOptimize(program: Command): void {
  program
    .command("optimize")
    .description("minimize a standard test function with a black-box evolution strategy; writes a convergence SVG")
    .option("--function <name>", `test function: ${Object.keys(testFunctions).join(", ")}`, choiceOption(testFunctions), "rosenbrock")
    .option("--algorithm <name>", `optimizer: ${Object.keys(strategies).join(", ")}`, choiceOption(strategies), "xnes")
    .option("--dim <d>", "dimension", positiveIntOption, 10)
    .option("--seed <n>", "integer random seed", intOption, 0)
    .option("--max-evals <n>", "evaluation budget (default 10000·dim)", positiveIntOption)
    .option("--target <f>", "stop when best f ≤ target", numberOption, 1e-10)
    .option("--sigma0 <s>", "initial step size", positiveNumberOption, 0.5)
    .option("--x0 <v>", "start point: every coordinate equal to v", numberOption, 0)
    .option("--restarts <n>", "restarts with doubled population after stagnation", intAtLeastOption(0), 0)
    .option("--step-size <rule>", "xnes/snes step-size rule: nes (paper) or path (cumulative paths, CMA-ES-like)", stepSizeOption)
    .option("--checkpoint <file>", "write a checkpoint of the run to this file every 50 generations")
    .option("--resume", "continue the run saved in --checkpoint instead of starting over")
    .option("--out <dir>", "directory for the SVG", "out")
    .action(async (o: { function: string; algorithm: AlgorithmName; dim: number; seed: number; maxEvals?: number; target: number; sigma0: number; x0: number; out: string; restarts: number; stepSize?: "nes" | "path"; checkpoint?: string; resume?: boolean }) => {
      const r = await runOptimize({ ...o, progress: true });
      process.stdout.write(`${r.text}\n`);
    });
}
