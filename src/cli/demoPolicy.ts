/**
 * `mcgrad demo`, section 4: policy gradients on CartPole-v1 (src/rl). First the variance of the REINFORCE gradient
 * under each estimator variant — whole-trajectory return, reward-to-go (causality), leave-one-out and optimal
 * baselines — from the SAME 32 episodes of a fixed policy; then a short training run of the default algorithm (until
 * solved or 30k steps) with its evaluations (100 episodes each). No maths here: it calls the library.
 */
import type { Key } from "../random/key.js";
import { foldIn } from "../random/key.js";
import { gradientDiagnostics } from "../rl/diagnostics.js";
import { makeEnv } from "../rl/envs/registry.js";
import { mlpPolicy } from "../rl/policy/mlpPolicy.js";
import { collectEpisodes } from "../rl/rollout.js";
import { train } from "../rl/train.js";
import { fmt, pm, table } from "./demoFormat.js";
import { progress } from "./progress.js";

/** The setup of section 4 (plain data, for the tests). */
export const POLICY_DEMO_SETUP = { env: "CartPole-v1", episodes: 32, gamma: 0.99, trainSteps: 30_000, evalEvery: 10_000 } as const;

/** What section 4 computed. */
export interface PolicySection {
  /** Per variant: Σ_j Var[ĝ_j] per episode and the mean per-coordinate |SNR|. */
  readonly variance: readonly { variant: string; totalVariance: number; meanSnr: number }[];
  /** Evaluations of the short training run: steps, mean return and its standard error. */
  readonly training: readonly { steps: number; mean: number; stderr: number }[];
  /** Whether the run reached the threshold (it stops there). */
  readonly solved: boolean;
  readonly algorithm: string;
  readonly text: string;
}

/**
 * Computes section 4 (a few seconds).
 * @example const s = runPolicySection(foldIn(key(0), 3)); s.text
 */
export function runPolicySection(k: Key, options: { seed?: number; progress?: boolean } = {}): PolicySection {
  const { env, episodes, gamma, trainSteps, evalEvery } = POLICY_DEMO_SETUP;
  const probe = makeEnv(env);
  const policy = mlpPolicy(probe.observationSpace, probe.actionSpace, { hidden: [16], outputGain: 1 });
  const theta = policy.init(foldIn(k, 0));
  const envs = Array.from({ length: episodes }, () => makeEnv(env));
  const { rollout } = collectEpisodes(foldIn(k, 1), envs, policy, theta, { seed: options.seed ?? 0 });
  const diag = gradientDiagnostics(policy, theta, rollout, { gamma });
  const variance = diag.variants.map((v) => ({ variant: v.variant, totalVariance: v.totalVariance, meanSnr: v.meanSnr }));
  // The bar counts training steps against the budget; a solved run stops early, so the bar is completed at the end.
  const bar = progress("demo 4/4 policy gradients", trainSteps, { enabled: options.progress ?? false });
  let shown = 0;
  const onProgress = (e: { done: number }): void => {
    bar.tick(e.done - shown);
    shown = e.done;
  };
  const run = train({ env, seed: options.seed ?? 0, steps: trainSteps, evalEvery, diagnosticsEvery: 0, onProgress });
  bar.tick(trainSteps - shown);
  bar.stop();
  const training = run.evaluations.map((e) => ({ steps: e.steps, mean: e.mean, stderr: e.stderr }));
  const plain = variance.find((v) => v.variant === "trajectory")?.totalVariance ?? NaN;
  const text = [
    `4. Policy gradients on ${env}: REINFORCE's variance per estimator, from the same ${episodes} episodes of a fixed policy`,
    ...table(
      ["variant", "Σ Var (per episode)", "vs trajectory", "mean |SNR|"],
      variance.map((v) => [v.variant, fmt(v.totalVariance), `${fmt(v.totalVariance / plain)}×`, fmt(v.meanSnr)]),
      1,
    ).map((l) => `   ${l}`),
    `   training the default algorithm (${run.algorithm}) until solved (mean ≥ ${run.threshold}) or ${trainSteps} steps; evaluation = mean return of 100 fresh episodes:`,
    `   ${training.map((e) => `${e.steps} steps: ${pm(e.mean, e.stderr)}`).join("; ")}${run.solved ? " — solved" : " — not solved"}`,
  ].join("\n");
  return { variance, training, solved: run.solved, algorithm: run.algorithm, text };
}
