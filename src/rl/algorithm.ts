/**
 * What `train` needs of an algorithm: how it collects experience, its parameters and optimizer state (plain data, so a
 * checkpoint holds them exactly), and one update from a batch. REINFORCE, A2C, PPO and NPG all plug in here and
 * share the rollout, return and advantage code (src/rl/rollout.ts, src/rl/returns.ts).
 */
import { foldIn, type Key } from "../random/key.js";
import type { PayloadReader } from "../run/checkpoint.js";
import type { Parameterization } from "./policy/parameterization.js";
import type { Policy } from "./policy/policy.js";
import type { Rollout } from "./rollout.js";
import { gae } from "./returns.js";

/** The algorithms `train` runs. */
export type AlgorithmName = "reinforce" | "a2c" | "ppo" | "npg";

/** The algorithm names, for option parsing. */
export const ALGORITHMS: readonly AlgorithmName[] = Object.freeze(["reinforce", "a2c", "ppo", "npg"]);

/** How experience is collected: fixed-length lockstepped segments, or whole episodes (Monte Carlo returns). */
export type CollectPlan =
  | { readonly kind: "steps"; readonly numEnvs: number; readonly numSteps: number }
  | { readonly kind: "episodes"; readonly numEnvs: number; readonly episodesPerEnv: number };

/** Where an update stands within the run (for learning-rate annealing). */
export interface UpdateContext {
  /** Updates done before this one. */
  readonly update: number;
  /** Training env steps before this update's batch was collected. */
  readonly envSteps: number;
  /** The run's env-step budget. */
  readonly budget: number;
}

/** One update's result: θ, optimizer state and named diagnostics (losses, KL, clip fraction …). */
export interface UpdateResult {
  readonly theta: Float64Array;
  readonly opt: unknown;
  readonly stats: Readonly<Record<string, number>>;
}

/** An algorithm as `train` drives it. θ is the policy's parameters followed by the critic's (if any). */
export interface RlAlgorithm {
  readonly name: AlgorithmName;
  readonly policy: Policy;
  /** The value network, if the algorithm learns one. */
  readonly critic: Parameterization | null;
  readonly collect: CollectPlan;
  /** Every resolved hyper-parameter (part of a run's identity). */
  readonly config: Readonly<Record<string, unknown>>;
  init(k: Key): { theta: Float64Array; opt: unknown };
  update(k: Key, theta: Float64Array, opt: unknown, rollout: Rollout, ctx: UpdateContext): UpdateResult;
  /** Reads and validates the optimizer state saved at `path` of a checkpoint. */
  readOpt(reader: PayloadReader, path: string): unknown;
}

/** Length of the policy part of θ. */
export function policyParams(alg: RlAlgorithm, theta: Float64Array): Float64Array {
  return theta.subarray(0, alg.policy.paramSize);
}

/**
 * GAE(λ) advantages and λ-returns for a rollout under the critic at θ_V (values of s_t and of s'_t, the observation each
 * step returned, so that truncated episodes bootstrap correctly). Also returns V(s_t), the "old values".
 */
export function criticAdvantages(
  critic: Parameterization,
  thetaV: Float64Array,
  rollout: Rollout,
  gamma: number,
  lambda: number,
): { advantages: Float64Array; returns: Float64Array; values: Float64Array } {
  const values = critic.forward(thetaV, rollout.observations);
  const nextValues = critic.forward(thetaV, rollout.nextObservations);
  const { advantages, returns } = gae(rollout, values, nextValues, gamma, lambda);
  return { advantages, returns, values };
}

/** Reads an optax-style chain(clip, adam) state [{}, { count, mu, nu }] of length P from a checkpoint. */
export function readAdamChain(reader: PayloadReader, path: string, P: number): unknown {
  const count = reader.number(`${path}.1.count`, { integer: true, min: 0 });
  const mu = reader.get(`${path}.1.mu`);
  const nu = reader.get(`${path}.1.nu`);
  for (const [name, v] of [["mu", mu], ["nu", nu]] as const) {
    if (!Array.isArray(v) || v.length !== P) reader.fail(`${path}.1.${name}`, `an array of ${P} finite numbers`, v);
    v.forEach((x, i) => {
      if (typeof x !== "number" || !Number.isFinite(x) || (name === "nu" && x < 0)) reader.fail(`${path}.1.${name}[${i}]`, name === "nu" ? "a finite number ≥ 0" : "a finite number", x);
    });
  }
  return [{}, { count, mu, nu }];
}

/**
 * θ = [θ_π, θ_V] at their initial values: the policy from foldIn(k, 0), the critic (when used) from foldIn(k, 1),
 * so every algorithm starts the same networks from the same key.
 */
export function initActorCritic(policy: Policy, critic: Parameterization, k: Key, useCritic = true): Float64Array {
  const theta = new Float64Array(policy.paramSize + (useCritic ? critic.paramSize : 0));
  theta.set(policy.init(foldIn(k, 0)));
  if (useCritic) theta.set(critic.init(foldIn(k, 1)), policy.paramSize);
  return theta;
}
