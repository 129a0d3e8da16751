/**
 * Gymnasium 1.x's SyncVectorEnv: N copies of one env stepped in lockstep, with Gymnasium's autoreset modes
 * (`gymnasium/vector/vector_env.py` AutoresetMode, `sync_vector_env.py`). Observations come back as one row-major
 * N × obsDim Float64Array; rewards, terminated and truncated as arrays of length N.
 */
import type { Action, BoxSpace, Env, Space } from "./env.js";
import { makeEnv, type MakeEnvOptions } from "./envs/registry.js";
import { checkAction, spaceSize } from "./spaces.js";
import { checkSize, show } from "../util/validate.js";

/** The memory one env object takes, roughly (for the size check of {@link makeVectorEnv}). */
const ENV_BYTES = 1024;

/**
 * "next-step" (Gymnasium 1.x's default, AutoresetMode.NEXT_STEP): the step on which copy i terminates or truncates
 * returns its final observation in row i; the NEXT call to `step` resets copy i instead of stepping it (its action
 * is ignored) and returns the reset observation with reward 0, terminated = truncated = false.
 * "same-step" (AutoresetMode.SAME_STEP): copy i is reset within the step that ended it; row i holds the reset
 * observation, the reward and flags are the ending step's, and `info.finalObservations[i]` holds the final one.
 */
export type AutoresetMode = "next-step" | "same-step";

/** What a vector env's reset returns: the N copies' first observations. */
export interface VectorResetResult {
  /** N × obsDim, row-major. */
  readonly observations: Float64Array;
  readonly info: Readonly<Record<string, unknown>>;
}

/** What a vector env's step returns: one observation, reward and pair of flags per copy. */
export interface VectorStepResult {
  /** N × obsDim, row-major. */
  readonly observations: Float64Array;
  readonly rewards: Float64Array;
  readonly terminated: readonly boolean[];
  readonly truncated: readonly boolean[];
  /**
   * In "same-step" mode, when some copy ended on this step: `finalObservations[i]` (null for copies that did not
   * end), Gymnasium's `info["final_obs"]`. Empty otherwise.
   */
  readonly info: { readonly finalObservations?: readonly (Float64Array | null)[] };
}

export interface VectorEnvOptions extends MakeEnvOptions {
  /** Autoreset semantics (default "next-step", Gymnasium 1.x's default). */
  readonly autoresetMode?: AutoresetMode;
}

/**
 * N independent copies of an env, stepped in lockstep. `reset({ seed })` seeds copy i with `seed + i`, exactly as
 * Gymnasium's SyncVectorEnv does, so copy i follows the same stream as a single env reset with `seed + i`; a vector
 * env never seeded behaves as if reset with seed 0. Later resets (and autoresets) continue each copy's own stream.
 * @example
 * const envs = makeVectorEnv("CartPole-v1", 8);
 * let { observations } = envs.reset({ seed: 1 });            // 8 × 4
 * const r = envs.step(new Array(8).fill(1));                 // r.rewards, r.terminated, r.truncated
 */
export class SyncVectorEnv {
  readonly id: string;
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  readonly singleObservationSpace: BoxSpace;
  readonly singleActionSpace: Space;
  readonly maxEpisodeSteps?: number;
  readonly rewardThreshold?: number;
  private readonly obsDim: number;
  private readonly actDim: number;
  private readonly autoreset: boolean[];
  private started = false;
  private seeded = false;

  /** `envs` are the copies (each a TimeLimit-wrapped env of the same id); the vector env owns them from now on. */
  constructor(readonly envs: readonly Env[], autoresetMode: AutoresetMode = "next-step") {
    if (!Array.isArray(envs) || envs.length === 0) throw new Error(`SyncVectorEnv: envs must be a non-empty array of envs, got ${show(envs)}`);
    envs.forEach((e: Partial<Env> | null, i) => {
      if (e === null || typeof e !== "object" || typeof e.reset !== "function" || typeof e.step !== "function" || typeof e.id !== "string") {
        throw new Error(`SyncVectorEnv: envs[${i}] must be an env (e.g. makeEnv("CartPole-v1")), got ${show(e)}`);
      }
    });
    if (autoresetMode !== "next-step" && autoresetMode !== "same-step") {
      throw new Error(`SyncVectorEnv: autoresetMode must be "next-step" or "same-step", got ${show(autoresetMode)}`);
    }
    this.id = envs[0].id;
    for (const e of envs) if (e.id !== this.id) throw new Error(`SyncVectorEnv: all envs must share one id, got ${show(this.id)} and ${show(e.id)}`);
    this.numEnvs = envs.length;
    this.autoresetMode = autoresetMode;
    this.singleObservationSpace = envs[0].observationSpace;
    this.singleActionSpace = envs[0].actionSpace;
    this.maxEpisodeSteps = envs[0].maxEpisodeSteps;
    this.rewardThreshold = envs[0].rewardThreshold;
    this.obsDim = spaceSize(this.singleObservationSpace);
    this.actDim = spaceSize(this.singleActionSpace);
    this.autoreset = new Array<boolean>(this.numEnvs).fill(false);
  }

  /** Resets every copy: `seed` (a number s ⇒ seeds s + i, or one seed per copy) re-keys them. */
  reset(options: { seed?: number | readonly number[]; options?: Readonly<Record<string, number>> } = {}): VectorResetResult {
    const where = `SyncVectorEnv(${this.id}).reset`;
    if (typeof options !== "object" || options === null) throw new Error(`${where}: options must be an object { seed?, options? }, got ${show(options)}`);
    let { seed } = options;
    if (seed === undefined && !this.seeded) seed = 0;
    if (Array.isArray(seed) && seed.length !== this.numEnvs) {
      throw new Error(`${where}: seed must be a number or an array of ${this.numEnvs} seeds, got ${show(seed)}`);
    }
    if (seed !== undefined && !Array.isArray(seed) && (typeof seed !== "number" || !Number.isSafeInteger(seed))) {
      throw new Error(`${where}: seed must be a safe integer or an array of ${this.numEnvs} seeds, got ${show(seed)}`);
    }
    const observations = new Float64Array(this.numEnvs * this.obsDim);
    for (let i = 0; i < this.numEnvs; i++) {
      const s = seed === undefined ? undefined : Array.isArray(seed) ? (seed as readonly number[])[i] : (seed as number) + i;
      const r = this.envs[i].reset({ seed: s, options: options.options });
      observations.set(r.observation, i * this.obsDim);
    }
    if (seed !== undefined) this.seeded = true;
    this.autoreset.fill(false);
    this.started = true;
    return { observations, info: {} };
  }

  /**
   * Steps every copy with its action: for Discrete spaces an array of N integers; for Box spaces N × actDim values,
   * flat row-major (number[] or Float64Array) or as an array of N actions. All actions are checked before any copy
   * steps, so a bad action leaves every copy as it was.
   */
  step(actions: ArrayLike<number> | readonly Action[]): VectorStepResult {
    const where = `SyncVectorEnv(${this.id}).step`;
    if (!this.started) throw new Error(`${where}: call reset() before step(), got actions ${show(actions)}`);
    const perEnv = this.splitActions(where, actions);
    const n = this.numEnvs;
    const observations = new Float64Array(n * this.obsDim);
    const rewards = new Float64Array(n);
    const terminated = new Array<boolean>(n).fill(false);
    const truncated = new Array<boolean>(n).fill(false);
    let finals: (Float64Array | null)[] | undefined;
    for (let i = 0; i < n; i++) {
      const env = this.envs[i];
      if (this.autoresetMode === "next-step" && this.autoreset[i]) {
        observations.set(env.reset().observation, i * this.obsDim);
        continue;
      }
      const r = env.step(perEnv[i]);
      rewards[i] = r.reward;
      terminated[i] = r.terminated;
      truncated[i] = r.truncated;
      if (this.autoresetMode === "same-step" && (r.terminated || r.truncated)) {
        finals ??= new Array<Float64Array | null>(n).fill(null);
        finals[i] = r.observation;
        observations.set(env.reset().observation, i * this.obsDim);
      } else {
        observations.set(r.observation, i * this.obsDim);
      }
    }
    for (let i = 0; i < n; i++) this.autoreset[i] = this.autoresetMode === "next-step" && (terminated[i] || truncated[i]);
    return { observations, rewards, terminated, truncated, info: finals === undefined ? {} : { finalObservations: finals } };
  }

  /** Checks and splits the batched actions into one checked action per copy. */
  private splitActions(where: string, actions: ArrayLike<number> | readonly Action[]): (number | Float64Array)[] {
    const n = this.numEnvs;
    const d = this.actDim;
    if (typeof actions !== "object" || actions === null || typeof (actions as ArrayLike<unknown>).length !== "number") {
      throw new Error(`${where}: actions must be an array of ${n} actions, got ${show(actions)}`);
    }
    const list = actions as ArrayLike<unknown>;
    const nested = list.length === n && n > 0 && typeof list[0] !== "number";
    if (!nested && list.length !== n * d) {
      throw new Error(`${where}: actions must hold ${n} actions (${n * d} numbers, row-major), got length ${list.length} (${show(actions)})`);
    }
    const out: (number | Float64Array)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const a = nested ? list[i] : d === 1 && this.singleActionSpace.kind === "discrete" ? list[i] : Array.prototype.slice.call(list, i * d, (i + 1) * d);
      out[i] = checkAction(`${where}: actions[${i}]`, this.singleActionSpace, a as Action);
    }
    return out;
  }
}

/**
 * Gymnasium's `gym.make_vec(id, num_envs, vectorization_mode="sync")`: `numEnvs` copies of `makeEnv(id, options)`.
 * @example const envs = makeVectorEnv("Pendulum-v1", 4, { autoresetMode: "same-step" });
 */
export function makeVectorEnv(id: string, numEnvs: number, options: VectorEnvOptions = {}): SyncVectorEnv {
  if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new Error(`makeVectorEnv: numEnvs must be a positive integer, got ${show(numEnvs)}`);
  // An env object with its state and buffers takes about a kibibyte: 2⁴⁰ envs are refused instead of built one by one.
  checkSize("makeVectorEnv", "numEnvs", numEnvs, 1, ENV_BYTES);
  if (typeof options !== "object" || options === null) throw new Error(`makeVectorEnv: options must be an object, got ${show(options)}`);
  const { autoresetMode = "next-step", ...envOptions } = options;
  const envs: Env[] = [];
  for (let i = 0; i < numEnvs; i++) envs.push(makeEnv(id, envOptions));
  return new SyncVectorEnv(envs, autoresetMode);
}
