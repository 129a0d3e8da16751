/**
 * `train`: the training loop shared by REINFORCE, A2C, PPO and NPG — collect a batch, update, record the learning
 * curve, evaluate at the start and every `evalEvery` training steps (100 fresh episodes, actions sampled from the policy,
 * not counted as training steps), stop once solved (evaluation mean ≥ the env's reward threshold) or at the step budget, and
 * checkpoint/resume exactly (src/run/checkpoint.ts: the identity is the env, the algorithm, every resolved
 * hyper-parameter, the network, the seed and the budget).
 *
 * Every random draw comes from the run's key by update index (foldIn), and every env's condition is plain data
 * (src/rl/resumableEnv.ts), so a run resumed from any checkpoint ends bit for bit as the uninterrupted run.
 */
import { foldIn, key, type Key } from "../random/key.js";
import { readCheckpoint, writeCheckpoint, type CheckpointSpec } from "../run/checkpoint.js";
import type { ProgressListener } from "../run/progress.js";
import { checkKnownKeys, checkOptionsObject, checkPositiveInt, fail } from "../util/validate.js";
import { criticValues } from "./a2c.js";
import type { AlgorithmName, RlAlgorithm } from "./algorithm.js";
import { gradientDiagnostics } from "./diagnostics.js";
import { segments } from "./segments.js";
import { ENV_IDS, makeEnv, type MakeEnvOptions } from "./envs/registry.js";
import { evaluatePolicy } from "./evaluate.js";
import type { Policy } from "./policy/policy.js";
import { ResumableEnv } from "./resumableEnv.js";
import { collectEpisodes, collectRollout, startRollout, type Rollout } from "./rollout.js";
import { buildAlgorithm, checkAlgorithm, envDefaults, type Hyper, type NetworkOptions } from "./trainConfig.js";
import { readTrainState, type DiagnosticsPoint, type EvaluationPoint, type TrainState } from "./trainState.js";

/** Options of {@link train}. Everything but the callbacks is part of the run's identity. */
export interface TrainOptions {
  /** Environment id (default "CartPole-v1"). */
  readonly env?: string;
  readonly envOptions?: MakeEnvOptions;
  /** Default: the env's recommended algorithm (src/rl/trainConfig.ts). */
  readonly algorithm?: AlgorithmName;
  /** Hyper-parameters of the algorithm, over the env's recommended ones. */
  readonly hyper?: Hyper;
  readonly network?: NetworkOptions;
  /** Seed of the run (default 0). */
  readonly seed?: number;
  /** Training env-step budget (default: the env's). The last batch may overshoot it. */
  readonly steps?: number;
  /** Training steps between evaluations (default 10 000). */
  readonly evalEvery?: number;
  /** Episodes per evaluation (default 100). */
  readonly evalEpisodes?: number;
  /** Stop at the first evaluation whose mean reaches the reward threshold (default true). */
  readonly stopWhenSolved?: boolean;
  /** Reward threshold that counts as solved (default: Gymnasium's, e.g. 475 for CartPole-v1, −100 for Acrobot-v1; −200 for Pendulum-v1). */
  readonly threshold?: number;
  /**
   * Gradient diagnostics (src/rl/diagnostics.ts: per-coordinate variance and SNR of the policy gradient under each
   * estimator / baseline variant, from the current batch) every this many updates (default 10; 0 = never). A batch
   * with fewer than 2 segments (episodes) is skipped.
   */
  readonly diagnosticsEvery?: number;
  /** Called after every update. */
  readonly onProgress?: ProgressListener;
  /** Receives a checkpoint string every `checkpointEvery` updates, after each evaluation and at the end. */
  readonly checkpoint?: (json: string) => void;
  readonly checkpointEvery?: number;
  /** A checkpoint string of a run with the same identity: continue it. */
  readonly resume?: string;
}

/** What {@link train} returns. */
export interface TrainResult {
  readonly env: string;
  readonly algorithm: AlgorithmName;
  readonly seed: number;
  readonly policy: Policy;
  /** The trained policy parameters θ_π. */
  readonly theta: Float64Array;
  /** The critic's parameters (empty without a critic). */
  readonly criticTheta: Float64Array;
  readonly solved: boolean;
  /** Training env steps at the stop (at the solving evaluation when solved). */
  readonly envSteps: number;
  readonly updates: number;
  readonly episodes: number;
  readonly threshold: number;
  readonly curve: TrainState["curve"];
  readonly evaluations: readonly EvaluationPoint[];
  readonly diagnostics: TrainState["diagnostics"];
  readonly lastStats: Readonly<Record<string, number>>;
  /** The resolved configuration (the run's identity). */
  readonly identity: Readonly<Record<string, unknown>>;
}

/** Pendulum-v1 has no Gymnasium reward threshold; −200 is the usual "solved" mark (the RL Zoo's reports). */
const FALLBACK_THRESHOLD: Readonly<Record<string, number>> = { "Pendulum-v1": -200 };

/** A safe-integer seed (< 2⁵²) derived from a key. */
function seedOf(k: Key): number {
  return (k.hi >>> 1) * 2 ** 21 + (k.lo >>> 11);
}

/**
 * Trains a policy; see the module comment.
 * @example const r = train({ env: "CartPole-v1", seed: 1 }); r.solved; r.envSteps; r.evaluations.at(-1)?.mean
 */
export function train(options: TrainOptions = {}): TrainResult {
  const run = startTraining("train", options);
  while (!run.done()) run.step();
  return run.result();
}

/** A run under way: {@link train} steps it to the end; `trainAsync` (src/rl/trainAsync.ts) yields between updates. */
export interface TrainingRun {
  /** True once the step budget is spent or the run is solved (and `stopWhenSolved`). */
  done(): boolean;
  /** One update: collect a batch, update, evaluate when due, report progress, checkpoint when due. */
  step(): void;
  /** Hands the current state to `options.checkpoint` (at an update boundary); the update count it holds. */
  save(): number;
  result(): TrainResult;
}

/** The keys of {@link TrainOptions}: any other key is refused (a misspelt `step` would silently train 10⁵ steps). */
const TRAIN_OPTION_KEYS: readonly (keyof TrainOptions)[] = [
  "env", "envOptions", "algorithm", "hyper", "network", "seed", "steps", "evalEvery", "evalEpisodes", "stopWhenSolved", "threshold",
  "diagnosticsEvery", "onProgress", "checkpoint", "checkpointEvery", "resume",
];

/** Checks the options, builds (or resumes) the run; errors name `fn`. */
export function startTraining(fn: string, options: TrainOptions): TrainingRun {
  const o = checkOptionsObject<TrainOptions>(fn, options);
  checkKnownKeys(fn, o, TRAIN_OPTION_KEYS);
  const id = o.env ?? "CartPole-v1";
  if (!ENV_IDS.includes(id)) fail(fn, "env", `one of ${ENV_IDS.join(", ")}`, id);
  const defaults = envDefaults(id);
  const algorithm = checkAlgorithm(fn, o.algorithm ?? defaults.algorithm);
  const seed = o.seed ?? 0;
  if (!Number.isSafeInteger(seed)) fail(fn, "seed", "a safe integer", seed);
  const budget = checkPositiveInt(fn, "steps", o.steps ?? defaults.steps);
  const evalEvery = checkPositiveInt(fn, "evalEvery", o.evalEvery ?? 10_000);
  const evalEpisodes = checkPositiveInt(fn, "evalEpisodes", o.evalEpisodes ?? 100);
  const checkpointEvery = checkPositiveInt(fn, "checkpointEvery", o.checkpointEvery ?? 10);
  const diagnosticsEvery = o.diagnosticsEvery ?? 10;
  if (!Number.isInteger(diagnosticsEvery) || diagnosticsEvery < 0) fail(fn, "diagnosticsEvery", "an integer ≥ 0", diagnosticsEvery);
  const stopWhenSolved = o.stopWhenSolved ?? true;
  if (typeof stopWhenSolved !== "boolean") fail(fn, "stopWhenSolved", "true or false", stopWhenSolved);
  for (const k of ["onProgress", "checkpoint"] as const) if (o[k] !== undefined && typeof o[k] !== "function") fail(fn, k, "a function (or omitted)", o[k]);
  const envOptions = o.envOptions ?? {};
  const newEnv = () => new ResumableEnv(id, envOptions);
  const probe = makeEnv(id, envOptions);
  const threshold = o.threshold ?? probe.rewardThreshold ?? FALLBACK_THRESHOLD[id];
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) fail(fn, "threshold", `a finite number (${id} has no reward threshold)`, threshold);
  const { alg, network, hyper } = buildAlgorithm(probe, algorithm, o.network, o.hyper);
  const identity = { env: id, envOptions, algorithm, hyper: { ...alg.config, ...hyper }, network, seed, steps: budget, evalEvery, evalEpisodes, stopWhenSolved, threshold, diagnosticsEvery };
  const spec: CheckpointSpec = { kind: "mcgrad.rl.train", version: 1, identity };
  const root = key(seed);
  const N = alg.collect.numEnvs;
  const envs = Array.from({ length: N }, newEnv);

  const Ppi = alg.policy.paramSize;
  /** The i-th evaluation (keys and env seeds by index, so a resumed run draws the same episodes). */
  const evaluate = (i: number, theta: Float64Array, steps: number): EvaluationPoint => {
    const ev = evaluatePolicy(foldIn(foldIn(root, 3), i), newEnv, alg.policy, theta.subarray(0, Ppi), { episodes: evalEpisodes, seed: seedOf(foldIn(root, 4 + i)) });
    return { steps, mean: ev.mean, stderr: ev.stderr, episodes: evalEpisodes };
  };
  let s: TrainState;
  if (o.resume !== undefined) {
    s = readTrainState(readCheckpoint(fn, o.resume, spec), alg, N);
    envs.forEach((env, e) => env.restore(s.envs[e]));
  } else {
    const { theta, opt } = alg.init(foldIn(root, 0));
    const rollout = startRollout(envs, seedOf(foldIn(root, 1)));
    // The learning curve starts with the initial policy's evaluation.
    const first = evaluate(0, theta, 0);
    s = { update: 0, envSteps: 0, theta, opt, rollout, envs: [], recent: [], episodes: 0, curve: { steps: [], meanReturn: [] }, evaluations: [first], diagnostics: [], nextEval: evalEvery, solvedAt: first.mean >= threshold ? 0 : null, lastStats: {} };
  }
  const save = (st: TrainState) => o.checkpoint?.(writeCheckpoint(spec, { ...st, envs: envs.map((e) => e.snapshot()) }));
  const done = (st: TrainState) => st.envSteps >= budget || (stopWhenSolved && st.solvedAt !== null);

  const step = (): void => {
    const k = foldIn(foldIn(root, 2), s.update);
    const thetaPi = s.theta.subarray(0, Ppi);
    let batch: Rollout;
    let rolloutState = s.rollout;
    if (alg.collect.kind === "steps") {
      const r = collectRollout(foldIn(k, 0), envs, alg.policy, thetaPi, s.rollout, alg.collect.numSteps);
      batch = r.rollout;
      rolloutState = r.state;
    } else {
      batch = collectEpisodes(foldIn(k, 0), envs, alg.policy, thetaPi, { episodesPerEnv: alg.collect.episodesPerEnv }).rollout;
    }
    const diagnostics = diagnosticsEvery > 0 && s.update % diagnosticsEvery === 0 ? batchDiagnostics(alg, s.theta, batch, s.envSteps, s.update) : null;
    const res = alg.update(foldIn(k, 1), s.theta, s.opt, batch, { update: s.update, envSteps: s.envSteps, budget });
    const envSteps = s.envSteps + batch.numSteps * batch.numEnvs;
    const recent = [...s.recent, ...batch.episodes.map((e) => e.return)].slice(-100);
    const curve = recent.length === 0 ? s.curve : { steps: [...s.curve.steps, envSteps], meanReturn: [...s.curve.meanReturn, mean(recent)] };
    s = { ...s, update: s.update + 1, envSteps, theta: res.theta, opt: res.opt, rollout: rolloutState, recent, episodes: s.episodes + batch.episodes.length, curve, lastStats: res.stats };
    if (diagnostics !== null) s = { ...s, diagnostics: [...s.diagnostics, diagnostics] };
    let evaluated = false;
    if (envSteps >= s.nextEval || envSteps >= budget) {
      const ev = evaluate(s.evaluations.length, res.theta, envSteps);
      let nextEval = s.nextEval;
      while (nextEval <= envSteps) nextEval += evalEvery;
      const solvedAt = s.solvedAt ?? (ev.mean >= threshold ? envSteps : null);
      s = { ...s, evaluations: [...s.evaluations, ev], nextEval, solvedAt };
      evaluated = true;
    }
    const metrics: Record<string, number> = { update: s.update, episodes: s.episodes };
    if (recent.length > 0) metrics.meanReturn = mean(recent);
    if (s.evaluations.length > 0) metrics.evalMean = s.evaluations[s.evaluations.length - 1].mean;
    o.onProgress?.({ done: Math.min(envSteps, budget), total: budget, metrics });
    if (evaluated || s.update % checkpointEvery === 0 || done(s)) save(s);
  };
  const result = (): TrainResult => ({
    env: id,
    algorithm,
    seed,
    policy: alg.policy,
    theta: s.theta.slice(0, Ppi),
    criticTheta: s.theta.slice(Ppi),
    solved: s.solvedAt !== null,
    envSteps: s.solvedAt ?? s.envSteps,
    updates: s.update,
    episodes: s.episodes,
    threshold,
    curve: s.curve,
    evaluations: s.evaluations,
    diagnostics: s.diagnostics,
    lastStats: s.lastStats,
    identity,
  });
  return {
    done: () => done(s),
    step,
    save: () => {
      save(s);
      return s.update;
    },
    result,
  };
}

/**
 * The diagnostics point of one batch at the θ that collected it (critic values enable the "rewardToGoValue" and
 * "gae" variants); null when the batch has fewer than 2 segments.
 */
function batchDiagnostics(alg: RlAlgorithm, theta: Float64Array, batch: Rollout, steps: number, update: number): DiagnosticsPoint | null {
  if (segments(batch).count < 2) return null;
  const Ppi = alg.policy.paramSize;
  const gamma = typeof alg.config.gamma === "number" ? alg.config.gamma : 0.99;
  const lambda = typeof alg.config.gaeLambda === "number" ? alg.config.gaeLambda : 0.95;
  const values = alg.critic === null ? {} : criticValues(alg.critic, theta.subarray(Ppi), batch);
  const d = gradientDiagnostics(alg.policy, theta.subarray(0, Ppi), batch, { gamma, lambda, ...values });
  const P = alg.policy.paramSize;
  const variants = Object.fromEntries(d.variants.map((v) => [v.variant, { meanVariance: v.totalVariance / P, meanAbsSnr: v.meanSnr }]));
  return { steps: steps + batch.numSteps * batch.numEnvs, update, variants };
}

function mean(v: readonly number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

