/**
 * `mcgrad train`: trains a policy on a Gymnasium-style environment (src/rl/train.ts) with a progress bar showing steps/s
 * and the mean training return; writes the learning curve (training and evaluation returns against env steps, with the
 * env's threshold drawn), the gradient-variance plot (per estimator variant, from the diagnostics) and a JSON record;
 * prints a summary, and with --json one JSON object as the last stdout line. The maths is `train`; this file only parses,
 * reports, plots and writes files.
 */
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { ALGORITHMS, type AlgorithmName } from "../rl/algorithm.js";
import { ENV_IDS } from "../rl/envs/registry.js";
import type { TrainResult } from "../rl/train.js";
import { TrainAborted, trainAsync } from "../rl/trainAsync.js";
import { envDefaults } from "../rl/trainConfig.js";
import { CheckpointMismatchError } from "../run/checkpoint.js";
import { CheckpointOptionError, openCheckpoint, resumeMismatch, writeAtomic } from "./checkpointFile.js";
import { choiceOption, intOption, positiveIntOption } from "./options.js";
import { ensureOutDir, lineSpec, writeSvg } from "./plot.js";
import { progress } from "./progress.js";
import { RunInterrupted } from "./optimize.js";

/** Options of {@link runTrain}. */
export interface TrainRunOptions {
  env?: string;
  algorithm?: AlgorithmName;
  seed?: number;
  steps?: number;
  evalEvery?: number;
  evalEpisodes?: number;
  out?: string;
  checkpoint?: string;
  resume?: boolean;
  force?: boolean;
  progress?: boolean;
  /** Stops the run (Ctrl-C) after the update under way: it rejects with a RunInterrupted that says how to resume. */
  signal?: AbortSignal;
}

/** The summary record of a run (the --json line and the JSON file). */
export interface TrainRecord {
  env: string;
  algorithm: string;
  seed: number;
  solved: boolean;
  envSteps: number;
  wallSeconds: number;
  evalMean: number | null;
  evalStderr: number | null;
  threshold: number;
  updates: number;
  episodes: number;
  files: { curve: string; variance: string | null; record: string };
}

/** Which option sets each field of train's checkpoint identity (a resume under other options names it). */
const TRAIN_OPTION: Record<string, string> = {
  env: "--env",
  algorithm: "--algorithm",
  hyper: "--algorithm",
  seed: "--seed",
  steps: "--steps",
  evalEvery: "--eval-every",
  evalEpisodes: "--eval-episodes",
};

/**
 * Runs `train` with the CLI's files and progress; returns the record and the human summary.
 * @example const { record, text } = await runTrain({ env: "CartPole-v1", seed: 1, out: "out" });
 */
export async function runTrain(o: TrainRunOptions = {}): Promise<{ record: TrainRecord; text: string; result: TrainResult }> {
  const env = o.env ?? "CartPole-v1";
  const algorithm = o.algorithm ?? envDefaults(env).algorithm;
  const seed = o.seed ?? 0;
  const out = ensureOutDir("train", o.out ?? "out", "--out");
  if (o.checkpoint !== undefined) ensureOutDir("train", dirname(resolve(o.checkpoint)), "--checkpoint's directory");
  const saved = openCheckpoint(o.checkpoint, { resume: o.resume, force: o.force });
  const budget = o.steps ?? envDefaults(env).steps;
  const bar = progress(`train ${env} (${algorithm})`, budget, { enabled: o.progress ?? false });
  const t0 = performance.now();
  let shown = 0;
  let result: TrainResult;
  try {
    result = await trainAsync({
      env,
      algorithm,
      seed,
      steps: budget,
      evalEvery: o.evalEvery,
      evalEpisodes: o.evalEpisodes,
      ...(saved === undefined ? {} : { resume: saved }),
      ...(o.checkpoint === undefined ? {} : { checkpoint: (json: string) => writeAtomic(o.checkpoint as string, json) }),
      onProgress: (e) => {
        const info: Record<string, number> = { "steps/s": Math.round(e.done / ((performance.now() - t0) / 1000)) };
        if (e.metrics.meanReturn !== undefined) info.meanReturn = e.metrics.meanReturn;
        if (e.metrics.evalMean !== undefined) info.evalMean = e.metrics.evalMean;
        bar.tick(e.done - shown, info);
        shown = e.done;
      },
      ...(o.signal === undefined ? {} : { signal: o.signal }),
    });
  } catch (e) {
    bar.stop();
    if (e instanceof CheckpointMismatchError && o.checkpoint !== undefined) throw resumeMismatch(e, o.checkpoint, TRAIN_OPTION);
    if (e instanceof TrainAborted) {
      const where = `interrupted after ${e.updates} updates (${shown} training steps)`;
      throw new RunInterrupted(
        o.checkpoint === undefined
          ? `${where}; nothing was saved. To be able to resume an interrupted run, start it with --checkpoint FILE.`
          : `${where}. ${o.checkpoint} holds the run at that point; continue it with the same options plus --checkpoint ${o.checkpoint} --resume`,
      );
    }
    throw e;
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  bar.stop();
  const stem = join(out, `train-${env}-${algorithm}-seed${seed}`);
  const last = result.evaluations.at(-1);
  const curveSpec = lineSpec({
    title: `${algorithm} on ${env} (seed ${seed})`,
    xLabel: "training env steps",
    yLabel: "episode return",
    series: [
      { name: "training (mean of the last 100 episodes)", ...thin(result.curve.steps, result.curve.meanReturn, 400) },
      { name: `evaluation (mean of ${o.evalEpisodes ?? 100} episodes)`, x: result.evaluations.map((e) => e.steps), y: result.evaluations.map((e) => e.mean) },
      { name: `threshold ${result.threshold}`, x: [0, Math.max(1, ...result.curve.steps, ...result.evaluations.map((e) => e.steps))], y: [result.threshold, result.threshold] },
    ].filter((s) => s.x.length > 0),
  });
  const curve = await writeSvg(curveSpec, `${stem}.svg`);
  let variance: string | null = null;
  if (result.diagnostics.length > 0) {
    const names = Object.keys(result.diagnostics[0].variants);
    const series = names.map((n) => ({
      name: n,
      x: result.diagnostics.map((d) => d.steps),
      y: result.diagnostics.map((d) => d.variants[n]?.meanVariance ?? NaN),
    })).map((s) => ({ ...s, x: s.x.filter((_, i) => Number.isFinite(s.y[i]) && s.y[i] > 0), y: s.y.filter((v) => Number.isFinite(v) && v > 0) }));
    if (series.some((s) => s.x.length > 0)) {
      variance = await writeSvg(
        lineSpec({ title: `Policy-gradient variance per estimator, ${env} (${algorithm})`, xLabel: "training env steps", yLabel: "mean per-coordinate variance (log)", series: series.filter((s) => s.x.length > 0), logY: true, points: true }),
        `${stem}-variance.svg`,
      );
    }
  }
  const recordPath = `${stem}.json`;
  const record: TrainRecord = {
    env,
    algorithm,
    seed,
    solved: result.solved,
    envSteps: result.envSteps,
    wallSeconds: Number(wallSeconds.toFixed(3)),
    evalMean: last?.mean ?? null,
    evalStderr: last?.stderr ?? null,
    threshold: result.threshold,
    updates: result.updates,
    episodes: result.episodes,
    files: { curve, variance, record: resolve(recordPath) },
  };
  const full = { ...record, identity: result.identity, curve: result.curve, evaluations: result.evaluations, diagnostics: result.diagnostics, lastStats: result.lastStats };
  writeFileSync(recordPath, `${JSON.stringify({ ...full, theta: Array.from(result.theta), criticTheta: Array.from(result.criticTheta) })}\n`);
  const text = [
    `${algorithm} on ${env}, seed ${seed}: ${result.solved ? `solved after ${result.envSteps} training steps` : `not solved within ${result.envSteps} training steps`} (threshold ${result.threshold}) in ${wallSeconds.toFixed(1)} s`,
    `  last evaluation: mean return ${last ? `${last.mean.toFixed(1)} ± ${last.stderr.toFixed(1)} (SE, ${o.evalEpisodes ?? 100} episodes)` : "none"}; ${result.updates} updates, ${result.episodes} training episodes`,
    `  learning curve: ${curve}`,
    `  gradient variance: ${variance ?? "no diagnostics (batches had fewer than 2 episodes)"}`,
    `  record: ${resolve(recordPath)}`,
  ].join("\n");
  return { record, text, result };
}

/** At most about `max` evenly spaced points of a curve (always keeping the last), so the SVG stays small. */
function thin(x: readonly number[], y: readonly number[], max: number): { x: number[]; y: number[] } {
  const step = Math.max(1, Math.ceil(x.length / max));
  const keep = x.map((_, i) => i).filter((i) => i % step === 0 || i === x.length - 1);
  return { x: keep.map((i) => x[i]), y: keep.map((i) => y[i]) };
}

/** Registers `mcgrad train` on the program. */
export function registerTrain(program: Command): void {
  const envChoices = Object.fromEntries(ENV_IDS.map((id) => [id, true]));
  const algChoices = Object.fromEntries(ALGORITHMS.map((a) => [a, true]));
  program
    .command("train")
    .description("train a policy by policy gradients on a Gymnasium-style env; writes the learning curve, the gradient-variance plot and a JSON record")
    .option("--env <id>", `environment: ${ENV_IDS.join(", ")}`, choiceOption(envChoices), "CartPole-v1")
    .option("--algorithm <name>", `${ALGORITHMS.join(", ")} (default: the env's recommended one)`, choiceOption(algChoices))
    .option("--seed <n>", "integer random seed", intOption, 0)
    .option("--steps <n>", "training env-step budget (default: the env's)", positiveIntOption)
    .option("--eval-every <n>", "training steps between evaluations", positiveIntOption, 10_000)
    .option("--eval-episodes <n>", "episodes per evaluation", positiveIntOption, 100)
    .option("--checkpoint <file>", "write a checkpoint of the run to this file (atomically)")
    .option("--resume", "continue the run saved in --checkpoint")
    .option("--force", "overwrite an existing --checkpoint file with a new run")
    .option("--out <dir>", "directory for the SVGs and the JSON record", "out")
    .option("--json", "print the summary as one JSON object on the last stdout line")
    .action(async function (this: Command, opts: TrainRunOptions & { json?: boolean }) {
      let r;
      const controller = new AbortController();
      const onSigint = (): void => controller.abort();
      process.once("SIGINT", onSigint);
      try {
        r = await runTrain({ ...opts, progress: true, signal: controller.signal });
      } catch (e) {
        if (e instanceof CheckpointOptionError) this.error(`error: ${e.message}`, { exitCode: 2, code: "mcgrad.checkpoint" });
        throw e;
      } finally {
        process.off("SIGINT", onSigint);
      }
      process.stdout.write(`${r.text}\n`);
      if (opts.json) process.stdout.write(`${JSON.stringify(r.record)}\n`);
    });
}
