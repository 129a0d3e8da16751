/**
 * `mcgrad fit MODEL`: black-box variational inference on a built-in model (src/vi/models/builtIn.ts) with a chosen
 * ELBO gradient estimator — progress bar with the ELBO, the ELBO trace(s) and per-coordinate gradient variances as
 * SVGs, a posterior summary table, a JSON record. The maths is `fit`, `estimateElbo` and `elboGradient`; this file
 * parses, reads the shipped data files, runs and reports.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import type { Distribution } from "../distributions/distribution.js";
import { foldIn, key } from "../random/key.js";
import { estimateElbo, elboGradient } from "../vi/elbo.js";
import { ELBO_ESTIMATORS, type ElboEstimator } from "../vi/elboCommon.js";
import type { FitResult } from "../vi/fit.js";
import { FitAborted, fitAsync } from "../vi/fitAsync.js";
import { BUILT_IN_MODELS, builtInModel, type BuiltInModel, type BuiltInModelName, type GuideKind } from "../vi/models/builtIn.js";
import { CheckpointMismatchError } from "../run/checkpoint.js";
import { CheckpointOptionError, openCheckpoint, resumeMismatch, writeAtomic } from "./checkpointFile.js";
import { elboTraceSpec, formatFitReport, gradVarianceSpec, type EstimatorRun, type FitRecord } from "./fitReport.js";
import { choiceOption, intAtLeastOption, intOption, positiveIntOption, positiveNumberOption } from "./options.js";
import { RunInterrupted } from "./optimize.js";
import { ensureOutDir, writeSvg } from "./plot.js";
import { progress } from "./progress.js";

/** A bad option value or combination found after parsing; the command exits with code 2. */
export class FitOptionError extends Error {}

/** Options of {@link runFit} (the command's options, camelCased). */
export interface FitRunOptions {
  model: BuiltInModelName;
  /** Default: the model's suggestion (stl for linreg, pathwise for blr, score-rb for mixture). */
  estimator?: ElboEstimator;
  guide?: GuideKind;
  samples?: number;
  steps?: number;
  seed?: number;
  /** Learning rate (Adam; plain SGD with `natural`). Default: the model's suggestion. */
  lr?: number;
  natural?: boolean;
  /** Also fit with every other applicable estimator, same budget, and compare. */
  compare?: boolean;
  /** Fresh samples for the final full-data ELBO (default 10 000) and for the gradient variances (default 1000). */
  evalSamples?: number;
  varianceSamples?: number;
  out?: string;
  checkpoint?: string;
  resume?: boolean;
  force?: boolean;
  progress?: boolean;
  /** Stops the run (Ctrl-C) after the step under way, saving it to the checkpoint: it rejects with a RunInterrupted that says how to resume. */
  signal?: AbortSignal;
}

/** What {@link runFit} computed and wrote. */
export interface FitRunResult {
  readonly record: FitRecord;
  readonly text: string;
  readonly files: readonly string[];
}

const DATA_DIR = new URL("../../data/", import.meta.url);

/** Which option sets each field of fit's checkpoint identity (a resume under other options names it). */
const FIT_OPTION: Record<string, string> = {
  model: "the model argument",
  modelIdentity: "the model argument",
  guide: "--guide",
  guideDim: "--guide",
  initialParams: "--guide",
  estimator: "--estimator",
  numSamples: "--samples",
  optimizer: "--lr, --natural",
  natural: "--natural",
  key: "--seed",
};

function loadModel(name: BuiltInModelName): BuiltInModel {
  const read = (file: string): string => readFileSync(new URL(file, DATA_DIR), "utf8");
  if (name === "blr") return builtInModel(name, { breastCancerCsv: read("breast-cancer-wisconsin.csv") });
  if (name === "mixture") return builtInModel(name, { irisCsv: read("iris.csv") });
  return builtInModel(name);
}

/**
 * Fits a built-in model and writes `<out>/fit-<model>-<estimator|compare>-elbo.svg`, `…-gradvar.svg` and `….json`.
 * @example const r = await runFit({ model: "linreg", estimator: "stl", guide: "fullrank", steps: 3000 });
 */
export async function runFit(options: FitRunOptions): Promise<FitRunResult> {
  const t0 = performance.now();
  const bm = loadModel(options.model);
  const estimator = options.estimator ?? bm.defaults.estimator;
  const guideKind = options.guide ?? "meanfield";
  const { seed = 0, natural = false, compare = false, out = "out", evalSamples = 10_000, varianceSamples = 1000 } = options;
  const steps = options.steps ?? bm.defaults.steps;
  const numSamples = options.samples ?? bm.defaults.numSamples;
  const learningRate = options.lr ?? bm.defaults.learningRate;
  const allowed = bm.estimators.join(", ");
  if (!bm.estimators.includes(estimator)) throw new FitOptionError(`--estimator ${estimator} does not apply to model ${bm.name}; allowed: ${allowed}`);
  if (!bm.guideKinds.includes(guideKind)) throw new FitOptionError(`--guide ${guideKind} does not apply to model ${bm.name}; allowed: ${bm.guideKinds.join(", ")}`);
  const needsTwo = (e: ElboEstimator): boolean => e === "score-rb-cv" || e === "vimco";
  if (needsTwo(estimator) && numSamples < 2) throw new FitOptionError(`--samples must be ≥ 2 for --estimator ${estimator} (a leave-one-out control variate or a multi-sample bound), got ${numSamples}`);
  if (compare && options.checkpoint !== undefined) throw new FitOptionError("--checkpoint saves one run; it cannot be combined with --compare");
  let resumeText: string | undefined;
  try {
    resumeText = openCheckpoint(options.checkpoint, options);
  } catch (e) {
    if (e instanceof CheckpointOptionError) throw new FitOptionError(e.message);
    throw e;
  }
  const outDir = ensureOutDir("fit", out, "--out");
  if (options.checkpoint !== undefined) ensureOutDir("fit", dirname(resolve(options.checkpoint)), "--checkpoint's directory");

  const others = compare ? bm.estimators.filter((e) => e !== estimator && !(needsTwo(e) && numSamples < 2)) : [];
  const root = key(seed);
  const fits: { estimator: ElboEstimator; result: FitResult<Distribution>; wallSeconds: number }[] = [];
  for (const est of [estimator, ...others]) {
    const bar = progress(`fit ${bm.name} (${est})`, steps, { enabled: options.progress ?? false });
    let shown = 0;
    // A minibatch step's ELBO estimate is noisy (N/B-scaled): the bar shows a moving average of the reported ones.
    let average: number | undefined;
    const start = performance.now();
    const checkpointed = est === estimator && options.checkpoint !== undefined;
    const result = await fitAsync(bm.model, bm.initialGuide(guideKind), {
      estimator: est,
      numSamples,
      steps,
      key: root,
      natural,
      optimizer: { name: natural ? "sgd" : "adam", learningRate },
      onProgress: (ev) => {
        average = average === undefined ? ev.metrics.elbo : 0.8 * average + 0.2 * ev.metrics.elbo;
        bar.tick(ev.done - shown, { "elbo (moving average)": average });
        shown = ev.done;
      },
      ...(checkpointed ? { checkpoint: (json: string) => writeAtomic(options.checkpoint as string, json), ...(resumeText === undefined ? {} : { resume: resumeText }) } : {}),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    }).catch((e: unknown) => {
      bar.stop();
      if (e instanceof CheckpointMismatchError && checkpointed) throw new FitOptionError(resumeMismatch(e, options.checkpoint as string, FIT_OPTION).message);
      if (!(e instanceof FitAborted)) throw e;
      const where = `interrupted after ${e.steps} steps of ${est}`;
      throw new RunInterrupted(
        checkpointed
          ? `${where}. ${options.checkpoint} holds the run at that point; continue it with the same options plus --checkpoint ${options.checkpoint} --resume`
          : `${where}; nothing was saved. To be able to resume an interrupted run, start it with --checkpoint FILE (not with --compare).`,
      );
    });
    bar.stop();
    fits.push({ estimator: est, result, wallSeconds: (performance.now() - start) / 1000 });
  }

  // Evaluation at the fitted guides, on the full data with fresh keys (folded past every training step's key).
  const evalKey = foldIn(root, 0x7fffffff);
  const reference = fits[0].result.guide;
  const runs: EstimatorRun[] = fits.map((f, i) => {
    const k = foldIn(evalKey, i);
    const final = estimateElbo(bm.model, f.result.guide, foldIn(k, 1), { numSamples: evalSamples, entropy: "sample" });
    const variance = gradientVariance(bm, reference, f.estimator, numSamples, varianceSamples, foldIn(k, 2));
    const heldOut = bm.heldOut?.(f.result.guide, foldIn(k, 3));
    // A multi-sample estimator optimizes the K-sample bound, not the ELBO: report the bound of its guide too.
    const bound = multiSample(f.estimator)
      ? elboGradient(bm.model, f.result.guide, foldIn(k, 4), { estimator: f.estimator, numSamples, numBounds: Math.max(2, Math.ceil(evalSamples / numSamples)) })
      : undefined;
    return {
      estimator: f.estimator,
      elboTrace: f.result.elboTrace,
      finalElbo: final.elbo,
      finalElboStderr: final.stderr,
      exactElbo: bm.exactElbo?.(f.result.guide),
      ...(bound === undefined ? {} : { finalBound: bound.elbo, finalBoundStderr: bound.elboStderr }),
      variance,
      gradVariance: variance.reduce((s, v) => s + v, 0) / variance.length,
      accuracy: heldOut?.accuracy,
      heldOutLogLikelihood: heldOut?.logLikelihood,
      wallSeconds: f.wallSeconds,
    };
  });

  const tag = `fit-${bm.name}-${compare ? "compare" : estimator}`;
  const files = [
    await writeSvg(elboTraceSpec(bm, runs, guideKind, seed), join(outDir, `${tag}-elbo.svg`)),
    await writeSvg(gradVarianceSpec(bm, runs, guideKind), join(outDir, `${tag}-gradvar.svg`)),
  ];
  const main = runs[0];
  const record: FitRecord = {
    model: bm.name,
    estimator,
    guide: guideKind,
    seed,
    steps,
    numSamples,
    learningRate,
    natural,
    finalElbo: main.finalElbo,
    finalElboStderr: main.finalElboStderr,
    evalSamples,
    ...(main.exactElbo === undefined ? {} : { exactElbo: main.exactElbo }),
    ...(main.finalBound === undefined ? {} : { finalBound: main.finalBound, finalBoundStderr: main.finalBoundStderr }),
    ...(bm.logEvidence === undefined ? {} : { logEvidence: bm.logEvidence }),
    ...(bm.meanFieldOptimumElbo === undefined ? {} : { meanFieldOptimumElbo: bm.meanFieldOptimumElbo }),
    gradVariance: main.gradVariance,
    ...(main.accuracy === undefined ? {} : { accuracy: main.accuracy }),
    ...(main.heldOutLogLikelihood === undefined ? {} : { heldOutLogLikelihood: main.heldOutLogLikelihood }),
    wallSeconds: fits[0].wallSeconds,
    totalWallSeconds: (performance.now() - t0) / 1000,
    posterior: bm.summary(fits[0].result.guide),
    ...(compare ? { compare: runs.map(({ elboTrace: _t, variance: _v, ...rest }) => rest) } : {}),
    files,
  };
  const jsonPath = join(outDir, `${tag}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(record, null, 1)}\n`);
  files.push(jsonPath);
  return { record: { ...record, files }, text: formatFitReport(bm, record, runs, files), files };
}

/**
 * Per-coordinate variance of the estimator's per-sample gradient rows at `guide` on the full data (for vimco, rows
 * of K-sample bounds; for score-rb-cv the leave-one-out coefficient over all `total` rows).
 */
function gradientVariance(bm: BuiltInModel, guide: Distribution, estimator: ElboEstimator, numSamples: number, total: number, k: ReturnType<typeof key>): Float64Array {
  const options = multiSample(estimator) ? { estimator, numSamples, numBounds: Math.max(1, Math.ceil(total / numSamples)) } : { estimator, numSamples: Math.max(2, total) };
  return elboGradient(bm.model, guide, k, options).gradient.variance;
}

function multiSample(estimator: ElboEstimator): boolean {
  return estimator === "vimco" || estimator === "iwae";
}

function guideOption(value: string): GuideKind {
  if (value !== "meanfield" && value !== "fullrank") throw new InvalidArgumentError(`expected meanfield or fullrank, got "${value}".`);
  return value;
}

/** Registers `mcgrad fit` on the program. */
export function registerFit(program: Command): void {
  program
    .command("fit")
    .description("fit a variational posterior to a built-in model (linreg, blr, mixture) by maximizing the ELBO; writes SVGs and a JSON record")
    .argument("<model>", `model: ${BUILT_IN_MODELS.join(", ")}`, choiceOption(Object.fromEntries(BUILT_IN_MODELS.map((m) => [m, m])) as Record<BuiltInModelName, string>))
    .option("--estimator <name>", `ELBO gradient estimator: ${ELBO_ESTIMATORS.join(", ")} (default: stl for linreg, pathwise for blr, score-rb for mixture)`, choiceOption(Object.fromEntries(ELBO_ESTIMATORS.map((e) => [e, e])) as Record<ElboEstimator, string>))
    .option("--guide <kind>", "meanfield (diagonal Normal / one Categorical per latent) or fullrank (full-covariance Normal)", guideOption, "meanfield")
    .option("--samples <n>", "samples per step (K for vimco/iwae); default 16, 50 for blr, 32 for mixture", positiveIntOption)
    .option("--steps <n>", "optimizer steps (default 5000; 4000 for mixture)", positiveIntOption)
    .option("--seed <n>", "integer random seed", intOption, 0)
    .option("--lr <rate>", "learning rate: Adam, or SGD with --natural (default 0.01; 0.3 for mixture)", positiveNumberOption)
    .option("--natural", "natural-gradient VI: precondition by the guide's exact Fisher (SGD)")
    .option("--compare", "also fit with every other applicable estimator (same budget, seed) and plot them together")
    .option("--eval-samples <n>", "fresh samples for the final full-data ELBO", intAtLeastOption(2), 10_000)
    .option("--variance-samples <n>", "samples for the per-coordinate gradient variance", intAtLeastOption(2), 1000)
    .option("--checkpoint <file>", "save the run to this file every 100 steps (atomically)")
    .option("--resume", "continue the run saved in --checkpoint")
    .option("--force", "overwrite an existing --checkpoint file with a new run")
    .option("--out <dir>", "directory for the SVGs and the JSON record", "out")
    .option("--json", "print the JSON record as the last stdout line")
    .action(async function (this: Command, model: BuiltInModelName, o: Omit<FitRunOptions, "model"> & { json?: boolean }) {
      let r: FitRunResult;
      const controller = new AbortController();
      const onSigint = (): void => controller.abort();
      process.once("SIGINT", onSigint);
      try {
        r = await runFit({ ...o, model, progress: true, signal: controller.signal });
      } catch (e) {
        if (e instanceof FitOptionError) this.error(`error: ${e.message}`, { exitCode: 2, code: "mcgrad.fit.option" });
        throw e;
      } finally {
        process.off("SIGINT", onSigint);
      }
      process.stdout.write(`${r.text}\n`);
      if (o.json) process.stdout.write(`${JSON.stringify(r.record)}\n`);
    });
}
