/**
 * Heads: how a network's output row becomes an mcgrad distribution over actions.
 *
 * The distribution's own parameter vector (its `params`, the coordinates its closed-form `score` refers to) is, per
 * state, [network output row, shared block]: the shared block is a part of the policy's θ that does not depend on
 * the state (the state-independent log standard deviation of a Gaussian policy, as in SB3's and CleanRL's continuous
 * PPO). So ∇θ log π(a|s) is the network's VJP of the first part of `dist.score(a)` plus the rest on the shared block;
 * no derivative of a distribution is written here.
 *
 * Action clipping convention (as SB3 and CleanRL): a Box action is sampled from the unclipped Normal, its log-prob and
 * score are those of the unclipped sample, and only what is sent to the environment is clipped to the action space
 * (`clipAction`). The stored action is the unclipped one.
 */
import type { Distribution } from "../../distributions/distribution.js";
import { Categorical } from "../../distributions/categorical.js";
import { Normal } from "../../distributions/normal.js";
import type { BoxSpace } from "../env.js";
import { checkOptionsObject, checkSize, fail, toFiniteArray } from "../../util/validate.js";

/** Maps a distribution-parameter row to a distribution; see the module comment. */
export interface Head {
  /** "categorical" (Discrete actions, logits) or "normal" (Box actions, [mean, log std]). */
  readonly kind: "categorical" | "normal";
  /** Length of the network's output row. */
  readonly networkOutputs: number;
  /** Length of the state-independent θ block after the network's parameters (0 if none). */
  readonly sharedParamSize: number;
  /** Length of the distribution's parameter row: networkOutputs + sharedParamSize. */
  readonly distParamSize: number;
  /** Length of one action row (1 for a Discrete index). */
  readonly actionDim: number;
  /** True for integer (Discrete) actions. */
  readonly discrete: boolean;
  /** The initial shared block (length sharedParamSize). */
  initShared(): Float64Array;
  /** The distribution with parameter row `params` (length distParamSize; [logits] or [mean, log std]). */
  distribution(params: Float64Array): Distribution;
}

/**
 * A Categorical over `numActions` actions whose logits are the network's output (Discrete action spaces).
 * @example const head = categoricalHead(2); // CartPole: network outputs 2 logits
 */
export function categoricalHead(numActions: number): Head {
  checkSize("categoricalHead", "numActions", numActions);
  if (numActions < 2) fail("categoricalHead", "numActions", "an integer ≥ 2", numActions);
  const template = new Categorical({ logits: new Float64Array(numActions) });
  return {
    kind: "categorical",
    networkOutputs: numActions,
    sharedParamSize: 0,
    distParamSize: numActions,
    actionDim: 1,
    discrete: true,
    initShared: () => new Float64Array(0),
    distribution: (params) => template.withParams(params),
  };
}

/** Options of {@link normalHead}. */
export interface NormalHeadOptions {
  /**
   * "state-independent" (default; a θ block of actionDim log standard deviations, SB3/CleanRL) or "state-dependent"
   * (the network outputs [mean, log std], 2·actionDim numbers).
   */
  logStd?: "state-independent" | "state-dependent";
  /** Initial log std of the state-independent block (default 0, i.e. σ = 1, as SB3's log_std_init). */
  initLogStd?: number;
}

/**
 * A diagonal Normal over actionDim-dimensional actions, parameterized as [mean, log std] (mcgrad's Normal θ).
 * @example const head = normalHead(1); // Pendulum: network outputs the mean; θ ends with one log std
 */
export function normalHead(actionDim: number, options: NormalHeadOptions = {}): Head {
  const fn = "normalHead";
  const { logStd = "state-independent", initLogStd = 0 } = checkOptionsObject<NonNullable<typeof options>>("normalHead", options);
  checkSize(fn, "actionDim", actionDim, 2);
  if (logStd !== "state-independent" && logStd !== "state-dependent") fail(fn, "logStd", '"state-independent" or "state-dependent"', logStd);
  if (typeof initLogStd !== "number" || !Number.isFinite(initLogStd)) fail(fn, "initLogStd", "a finite number", initLogStd);
  const template = new Normal({ loc: new Float64Array(actionDim), scale: 1 });
  const shared = logStd === "state-independent" ? actionDim : 0;
  return {
    kind: "normal",
    networkOutputs: 2 * actionDim - shared,
    sharedParamSize: shared,
    distParamSize: 2 * actionDim,
    actionDim,
    discrete: false,
    initShared: () => new Float64Array(shared).fill(initLogStd),
    distribution: (params) => template.withParams(params),
  };
}

/**
 * The action sent to the environment: a Box action clipped coordinate-wise to [low, high] (written into `out`, or a
 * fresh array); the unclipped action stays the one that is scored (see the module comment).
 * @example clipAction(new Float64Array([3.1]), pendulum.actionSpace) // [2]
 */
export function clipAction(action: Float64Array, space: BoxSpace, out?: Float64Array): Float64Array {
  if (space === null || typeof space !== "object" || space.kind !== "box") fail("clipAction", "space", "a Box space (boxSpace)", space);
  const n = space.shape[0];
  const a = toFiniteArray("clipAction", "action", action, n);
  if (out !== undefined && (!(out instanceof Float64Array) || out.length !== n)) fail("clipAction", "out", `a Float64Array of length ${n}`, out);
  const y = out ?? new Float64Array(n);
  for (let j = 0; j < n; j++) y[j] = Math.min(space.high[j], Math.max(space.low[j], a[j]));
  return y;
}
