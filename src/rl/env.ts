/**
 * The environment contract of mcgrad/rl: Gymnasium's API (Towers et al. 2024, Gymnasium 1.x) in TypeScript.
 * Observations are Float64Arrays (values Gymnasium computes in float32 are rounded with Math.fround); discrete
 * actions are integers; continuous actions accept a number, an array or a Float64Array and are read as the float32
 * values Gymnasium's Box(float32) action space holds.
 */

/** A box of real vectors: low ≤ x ≤ high per coordinate (±∞ allowed), shape [n], Gymnasium's dtype. */
export interface BoxSpace {
  readonly kind: "box";
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly shape: readonly number[];
  /**
   * Gymnasium's dtype for the space (every classic-control space is float32: actions are rounded to float32 before
   * the env steps). Absent means float64.
   */
  readonly dtype?: "float32" | "float64";
}

/** The integers 0 … n − 1. */
export interface DiscreteSpace {
  readonly kind: "discrete";
  readonly n: number;
}

/** An observation or action space: a {@link BoxSpace} or a {@link DiscreteSpace} (told apart by `kind`). */
export type Space = BoxSpace | DiscreteSpace;

/** An action: an integer for a Discrete space; a number, array or Float64Array for a Box. */
export type Action = number | readonly number[] | Float64Array;

/**
 * Gymnasium's `reset(seed=…, options=…)`. `options` narrows or widens the reset distribution as Gymnasium's
 * classic-control envs allow: `{ low, high }` (CartPole, Acrobot, MountainCar, MountainCarContinuous) or
 * `{ xInit, yInit }` (Pendulum's `x_init`, `y_init`).
 */
export interface ResetOptions {
  readonly seed?: number;
  readonly options?: Readonly<Record<string, number>>;
}

/** What `reset` returns: the first observation of the episode and an info record. */
export interface ResetResult {
  readonly observation: Float64Array;
  readonly info: Readonly<Record<string, unknown>>;
}

/** What `step` returns, as Gymnasium's (observation, reward, terminated, truncated, info). */
export interface StepResult {
  readonly observation: Float64Array;
  readonly reward: number;
  /** The MDP reached a terminal state (the return after it is 0). */
  readonly terminated: boolean;
  /** The episode was cut (time limit); bootstrapping from `observation` is correct. */
  readonly truncated: boolean;
  readonly info: Readonly<Record<string, unknown>>;
}

/** Gymnasium's Env: reset, step and the two spaces. */
export interface Env {
  readonly id: string;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: Space;
  /** Reward threshold at which the env counts as solved (CartPole-v1: 475), when Gymnasium defines one. */
  readonly rewardThreshold?: number;
  /** Steps before truncation (the TimeLimit wrapper), when there is one. */
  readonly maxEpisodeSteps?: number;
  /**
   * Starts an episode. `seed` re-keys the env's random stream (its reset draws and all later ones), so
   * `reset({ seed })` is reproducible; an env never seeded behaves as if seeded with 0.
   */
  reset(options?: ResetOptions): ResetResult;
  /** One transition with `action`, an element of `actionSpace`: the next observation, the reward and whether the episode terminated or was truncated. */
  step(action: Action): StepResult;
  /** The bare env without the time limit; its `state` is Gymnasium's `env.unwrapped.state`. */
  readonly unwrapped: UnwrappedEnv;
}

/**
 * The bare environment: the same API plus a readable and settable float64 state. Reading returns a copy;
 * assigning copies the values in (length and finiteness are checked) and counts as an episode in progress.
 * Unlike the wrapped env, a bare env may be stepped after `terminated` (Gymnasium allows it; CartPole then pays
 * reward 0, as Gymnasium's `steps_beyond_terminated` does).
 */
export interface UnwrappedEnv extends Omit<Env, "unwrapped"> {
  state: Float64Array;
}
