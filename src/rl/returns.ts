/**
 * Returns and advantages on a batch of steps laid out time-major: step t of env e is entry t·numEnvs + e (numEnvs = 1
 * for a sequence of whole episodes). An episode ends at a step with `terminated` (a terminal state: nothing follows,
 * the return after it is 0) or `truncated` (cut by a time limit: the return after it is estimated by the value of the
 * observation the step returned, `nextValues`). The last step of each env in the batch is cut the same way.
 *
 *   reward-to-go      G_t = r_t + γ·G_{t+1}                    (Williams 1992; the causal, Rao-Blackwellized form)
 *   trajectory return R(τ) = Σ_k γ^k r_k of the whole episode (the same number for every step of an episode)
 *   GAE(λ)            A_t = Σ_l (γλ)^l δ_{t+l},  δ_t = r_t + γ·V(s'_t)·(1 − terminated_t) − V(s_t)
 *                     (Schulman, Moritz, Levine, Jordan & Abbeel, ICLR 2016), cut at every episode end.
 */
import { show } from "../util/validate.js";

/** The step arrays every return needs (time-major, length numSteps·numEnvs each). */
export interface StepArrays {
  readonly numSteps: number;
  readonly numEnvs: number;
  readonly rewards: Float64Array;
  /** 1 where the step reached a terminal state. */
  readonly terminated: Uint8Array;
  /** 1 where the step was cut by a time limit (and not terminated). */
  readonly truncated: Uint8Array;
}

/**
 * Reward-to-go G_t = r_t + γ·(terminated_t ? 0 : cut_t ? V(s'_t) : G_{t+1}), where cut_t means truncated or the
 * batch's last step for that env, and V(s'_t) = nextValues[t] (0 without nextValues: the plain Monte Carlo return of
 * the observed rewards). Unbiased for the γ-discounted return-to-go when episodes are complete.
 * @example rewardToGo(steps, 0.99); // REINFORCE's ψ_t (reward-to-go form)
 */
export function rewardToGo(steps: StepArrays, gamma: number, nextValues?: Float64Array): Float64Array {
  const fn = "rewardToGo";
  const { numSteps: T, numEnvs: N } = checkSteps(fn, steps);
  checkGamma(fn, "gamma", gamma);
  const next = nextValues === undefined ? undefined : checkLength(fn, "nextValues", nextValues, T * N);
  const { rewards, terminated, truncated } = steps;
  const G = new Float64Array(T * N);
  for (let e = 0; e < N; e++) {
    let after = 0;
    for (let t = T - 1; t >= 0; t--) {
      const i = t * N + e;
      const cut = truncated[i] === 1 || t === T - 1;
      const tail = terminated[i] === 1 ? 0 : cut ? (next ? next[i] : 0) : after;
      G[i] = rewards[i] + gamma * tail;
      if (!Number.isFinite(G[i])) overflow(fn, "the return", t, e);
      after = G[i];
    }
  }
  return G;
}

/**
 * The whole-episode discounted return R(τ) = Σ_k γ^k r_k, assigned to every step of the episode (an episode starts
 * at the batch's first step or after an episode end). Bootstraps like {@link rewardToGo} where an episode is cut.
 * @example trajectoryReturns(steps, 1); // REINFORCE's ψ_t (whole-trajectory form)
 */
export function trajectoryReturns(steps: StepArrays, gamma: number, nextValues?: Float64Array): Float64Array {
  const G = rewardToGo(steps, gamma, nextValues);
  const { numSteps: T, numEnvs: N, terminated, truncated } = steps;
  const R = new Float64Array(T * N);
  for (let e = 0; e < N; e++) {
    let start = 0;
    for (let t = 0; t < T; t++) {
      const i = t * N + e;
      if (terminated[i] === 1 || truncated[i] === 1 || t === T - 1) {
        const total = G[start * N + e];
        for (let u = start; u <= t; u++) R[u * N + e] = total;
        start = t + 1;
      }
    }
  }
  return R;
}

/**
 * γ^k for each step, k = the step's index within its episode (0 at an episode's first step): the factor that makes
 * Σ_t γ^k ψ_t ∇log π the exact gradient of the discounted objective (practice, as in SB3, CleanRL and PyTorch's
 * examples, drops it).
 * @example const w = discountPowers(steps, 0.99); // 1, 0.99, 0.9801, … along each episode
 */
export function discountPowers(steps: StepArrays, gamma: number): Float64Array {
  const fn = "discountPowers";
  const { numSteps: T, numEnvs: N } = checkSteps(fn, steps);
  checkGamma(fn, "gamma", gamma);
  const out = new Float64Array(T * N);
  for (let e = 0; e < N; e++) {
    let g = 1;
    for (let t = 0; t < T; t++) {
      const i = t * N + e;
      out[i] = g;
      g = steps.terminated[i] === 1 || steps.truncated[i] === 1 ? 1 : g * gamma;
    }
  }
  return out;
}

/** Result of {@link gae}: advantages and the λ-returns A_t + V(s_t) (the critic's regression targets). */
export interface GaeResult {
  readonly advantages: Float64Array;
  readonly returns: Float64Array;
}

/**
 * Generalized advantage estimation: A_t = δ_t + γλ·(1 − done_t)·A_{t+1}, δ_t = r_t + γ·(1 − terminated_t)·V(s'_t) −
 * V(s_t), with done_t = terminated or truncated (or the batch's last step). values[t] = V(s_t); nextValues[t] =
 * V(s'_t), the value of the observation step t returned (before any reset) — so a truncated episode bootstraps from
 * its true last observation and a terminated one from 0. λ = 1 gives the Monte Carlo advantage G_t − V(s_t); λ = 0
 * the one-step TD error.
 * @example const { advantages, returns } = gae(batch, values, nextValues, 0.99, 0.95);
 */
export function gae(steps: StepArrays, values: Float64Array, nextValues: Float64Array, gamma: number, lambda: number): GaeResult {
  const fn = "gae";
  const { numSteps: T, numEnvs: N } = checkSteps(fn, steps);
  checkGamma(fn, "gamma", gamma);
  checkGamma(fn, "lambda", lambda);
  checkLength(fn, "values", values, T * N);
  checkLength(fn, "nextValues", nextValues, T * N);
  const { rewards, terminated, truncated } = steps;
  const advantages = new Float64Array(T * N);
  const returns = new Float64Array(T * N);
  for (let e = 0; e < N; e++) {
    let after = 0;
    for (let t = T - 1; t >= 0; t--) {
      const i = t * N + e;
      const term = terminated[i] === 1;
      const done = term || truncated[i] === 1 || t === T - 1;
      const delta = rewards[i] + (term ? 0 : gamma * nextValues[i]) - values[i];
      advantages[i] = delta + (done ? 0 : gamma * lambda * after);
      returns[i] = advantages[i] + values[i];
      if (!Number.isFinite(returns[i]) || !Number.isFinite(advantages[i])) overflow(fn, "the advantage", t, e);
      after = advantages[i];
    }
  }
  return { advantages, returns };
}

/** A return or advantage that left float64 is refused (never returned as ±∞ or NaN). */
function overflow(fn: string, what: string, t: number, e: number): never {
  throw new Error(`${fn}: ${what} at step ${t} of env ${e} overflows float64; rescale the rewards (and values)`);
}

/** Validates a {@link StepArrays} for `fn` (shapes, 0/1 flags, finite rewards) and returns its sizes. */
export function checkSteps(fn: string, steps: StepArrays): { numSteps: number; numEnvs: number } {
  if (steps === null || typeof steps !== "object") throw new Error(`${fn}: steps must be a batch of steps (a Rollout), got ${show(steps)}`);
  const { numSteps: T, numEnvs: N } = steps;
  if (!Number.isInteger(T) || T < 1) throw new Error(`${fn}: steps.numSteps must be a positive integer, got ${show(T)}`);
  if (!Number.isInteger(N) || N < 1) throw new Error(`${fn}: steps.numEnvs must be a positive integer, got ${show(N)}`);
  const rewards = checkLength(fn, "steps.rewards", steps.rewards, T * N);
  for (const [name, flags] of [["terminated", steps.terminated], ["truncated", steps.truncated]] as const) {
    if (!(flags instanceof Uint8Array) || flags.length !== T * N) {
      throw new Error(`${fn}: steps.${name} must be a Uint8Array of length ${T * N}, got ${show(flags)}`);
    }
    for (let i = 0; i < flags.length; i++) {
      if (flags[i] > 1) throw new Error(`${fn}: steps.${name}[${i}] must be 0 or 1, got ${flags[i]}`);
    }
  }
  for (let i = 0; i < rewards.length; i++) {
    if (!Number.isFinite(rewards[i])) throw new Error(`${fn}: steps.rewards[${i}] must be finite, got ${show(rewards[i])}`);
  }
  return { numSteps: T, numEnvs: N };
}

function checkLength(fn: string, arg: string, v: unknown, length: number): Float64Array {
  if (!(v instanceof Float64Array) || v.length !== length) throw new Error(`${fn}: ${arg} must be a Float64Array of length ${length}, got ${show(v)}`);
  for (let i = 0; i < length; i++) if (!Number.isFinite(v[i])) throw new Error(`${fn}: ${arg}[${i}] must be finite, got ${show(v[i])}`);
  return v;
}

function checkGamma(fn: string, arg: string, g: unknown): number {
  if (typeof g !== "number" || !(g >= 0 && g <= 1)) throw new Error(`${fn}: ${arg} must be a number in [0, 1], got ${show(g)}`);
  return g;
}
