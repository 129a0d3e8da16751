/**
 * The policies and critics a Stable-Baselines3 or CleanRL user expects: an MLP actor with the head the action space
 * calls for (SB3's `MlpPolicy`), and an MLP value function V(s) with one output (the critic).
 */
import type { Space, BoxSpace } from "../env.js";
import { checkOptionsObject, fail, show } from "../../util/validate.js";
import { categoricalHead, normalHead, type NormalHeadOptions } from "./heads.js";
import { mlp, type Activation, type InitScheme } from "./mlp.js";
import type { Parameterization } from "./parameterization.js";
import { makePolicy, type Policy } from "./policy.js";

/** Options of {@link mlpPolicy} and {@link valueNetwork}. */
export interface MlpPolicyOptions extends NormalHeadOptions {
  /** Hidden layer sizes (default [64, 64], as SB3 and CleanRL); [] gives a linear policy. */
  hidden?: readonly number[];
  /** Default "tanh". */
  activation?: Activation;
  /** Default "orthogonal" (√2 hidden gain; output gain 0.01 for the policy, 1 for the value). */
  init?: InitScheme;
  /** Orthogonal gain of the output layer (default 0.01 for a policy, 1 for a value network). */
  outputGain?: number;
}

/**
 * An MLP policy for the given spaces: Categorical logits for a Discrete action space, a diagonal Normal (mean from the
 * network, state-independent log std by default) for a Box. Observations must be a Box of shape [d].
 * @example
 *   const env = makeEnv("CartPole-v1");
 *   const policy = mlpPolicy(env.observationSpace, env.actionSpace); // 4 → 64 → 64 → 2, tanh, orthogonal
 */
export function mlpPolicy(observationSpace: BoxSpace, actionSpace: Space, options: MlpPolicyOptions = {}): Policy {
  const fn = "mlpPolicy";
  const { hidden = [64, 64], activation = "tanh", init = "orthogonal", outputGain = 0.01, logStd, initLogStd } = checkOptionsObject<NonNullable<typeof options>>("mlpPolicy", options);
  const obsDim = boxDim(fn, "observationSpace", observationSpace);
  if (actionSpace === null || typeof actionSpace !== "object") fail(fn, "actionSpace", "a Discrete or Box space", actionSpace);
  const head =
    actionSpace.kind === "discrete"
      ? categoricalHead(actionSpace.n)
      : actionSpace.kind === "box"
        ? normalHead(boxDim(fn, "actionSpace", actionSpace), { logStd, initLogStd })
        : fail(fn, "actionSpace", 'a space of kind "discrete" or "box"', actionSpace);
  return makePolicy(mlp(obsDim, head.networkOutputs, { hidden, activation, init, outputGain }), head);
}

/**
 * A value network V(s): an MLP observationDim → hidden… → 1 (orthogonal init with output gain 1 by default), the
 * critic of A2C/PPO and the learned baseline of REINFORCE.
 * @example const critic = valueNetwork(4); const v = critic.forward(theta, observations); // n values
 */
export function valueNetwork(observationDim: number, options: Omit<MlpPolicyOptions, "logStd" | "initLogStd"> = {}): Parameterization {
  const { hidden = [64, 64], activation = "tanh", init = "orthogonal", outputGain = 1 } = checkOptionsObject<NonNullable<typeof options>>("valueNetwork", options);
  return mlp(observationDim, 1, { hidden, activation, init, outputGain });
}

function boxDim(fn: string, arg: string, space: unknown): number {
  const s = space as Partial<BoxSpace> | null;
  if (s === null || typeof s !== "object" || s.kind !== "box" || !Array.isArray(s.shape) || s.shape.length !== 1) {
    throw new Error(`${fn}: ${arg} must be a Box space of shape [d], got ${show(space)}`);
  }
  return s.shape[0];
}
