/**
 * Evaluation of a policy as `train` reports it: `episodes` episodes from fresh starts, actions sampled from the
 * policy (not its mode), on separate environments, so no training step is spent or counted.
 */
import { assertKey, foldIn, type Key } from "../random/key.js";
import { checkOptionsObject, checkPositiveInt, checkSize, fail } from "../util/validate.js";
import { checkPolicy } from "./policy/parameterization.js";
import type { Env } from "./env.js";
import type { Policy } from "./policy/policy.js";
import { collectEpisodes } from "./rollout.js";

/** The result of {@link evaluatePolicy}: the mean undiscounted return, its standard error and the episode returns. */
export interface Evaluation {
  readonly mean: number;
  /** Standard error of the mean, s/√n. */
  readonly stderr: number;
  readonly returns: readonly number[];
  /** Env steps the evaluation took (not training steps). */
  readonly steps: number;
}

/** Options of {@link evaluatePolicy}. */
export interface EvaluateOptions {
  /** Number of episodes (default 100). */
  readonly episodes?: number;
  /** Seed of the evaluation envs: env e starts from reset seed + e (default 0). */
  readonly seed?: number;
}

/**
 * Runs `episodes` whole episodes, one per environment made by `makeEnv` (all stepped in lockstep, one batched policy
 * call per step), env e reset with seed + e, actions drawn from π_θ with `k`. Deterministic given k, θ and the seed.
 * @example const { mean, stderr } = evaluatePolicy(key(1), () => makeEnv("CartPole-v1"), policy, theta, { episodes: 100 });
 */
export function evaluatePolicy(k: Key, makeEnv: () => Env, policy: Policy, theta: Float64Array, options: EvaluateOptions = {}): Evaluation {
  const fn = "evaluatePolicy";
  const { episodes = 100, seed = 0 } = checkOptionsObject<EvaluateOptions>(fn, options);
  assertKey(fn, k);
  if (typeof makeEnv !== "function") fail(fn, "makeEnv", "a function () => Env (e.g. () => makeEnv(\"CartPole-v1\"))", makeEnv);
  checkPolicy(fn, policy);
  checkPositiveInt(fn, "episodes", episodes);
  checkSize(fn, "episodes", episodes, 1, 1024);
  const envs = Array.from({ length: episodes }, makeEnv);
  const { rollout } = collectEpisodes(foldIn(k, 0), envs, policy, theta, { episodesPerEnv: 1, seed });
  const returns = rollout.episodes.map((e) => e.return);
  const n = returns.length;
  const mean = returns.reduce((s, r) => s + r, 0) / n;
  const variance = n > 1 ? returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, stderr: Math.sqrt(variance / n), returns, steps: rollout.numSteps };
}
