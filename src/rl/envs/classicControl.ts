/**
 * What the five classic-control envs share: the random stream behind `reset({ seed })`, the settable float64
 * `state`, the step-before-reset and action checks, and Gymnasium's reset-bound options. Each env supplies its
 * initial-state draw, its transition and its observation.
 */
import type { Action, BoxSpace, ResetOptions, ResetResult, Space, StepResult, UnwrappedEnv } from "../env.js";
import { foldIn, key, type Key } from "../../random/key.js";
import { Stream } from "../../random/stream.js";
import { checkAction } from "../spaces.js";
import { show } from "../../util/validate.js";

/** The empty info record every classic-control step returns (frozen: shared safely). */
export const NO_INFO: Readonly<Record<string, unknown>> = Object.freeze({});

/** A bare classic-control env (no time limit). Stateful by nature, as Gymnasium's envs are. */
export abstract class ClassicControlEnv implements UnwrappedEnv {
  abstract readonly id: string;
  abstract readonly observationSpace: BoxSpace;
  abstract readonly actionSpace: Space;
  abstract readonly rewardThreshold?: number;
  abstract readonly maxEpisodeSteps?: number;
  /** Length of Gymnasium's `env.unwrapped.state` for this env. */
  protected abstract readonly stateSize: number;
  /** The current state (Gymnasium's `env.unwrapped.state`), null before the first reset. */
  protected s: Float64Array | null = null;
  private rngKey: Key = key(0);
  private resets = 0;

  /** A copy of the current state; Gymnasium's `env.unwrapped.state`. */
  get state(): Float64Array {
    if (this.s === null) throw new Error(`${this.id}.state: there is no state before the first reset()`);
    return Float64Array.from(this.s);
  }

  /** Sets the state (copied; Gymnasium's `env.unwrapped.state = np.array(v, dtype=np.float64)`). */
  set state(v: Float64Array) {
    const where = `${this.id}.state`;
    if (!ArrayBuffer.isView(v) && !Array.isArray(v)) throw new Error(`${where}: must be a Float64Array of length ${this.stateSize}, got ${show(v)}`);
    const arr = v as ArrayLike<unknown>;
    if (arr.length !== this.stateSize) throw new Error(`${where}: must have length ${this.stateSize}, got length ${arr.length} (${show(v)})`);
    const out = new Float64Array(this.stateSize);
    for (let i = 0; i < out.length; i++) {
      const x = arr[i];
      if (typeof x !== "number" || !Number.isFinite(x)) throw new Error(`${where}: entry ${i} must be a finite number, got ${show(x)}`);
      out[i] = x;
    }
    this.s = out;
    this.onStateSet();
  }

  reset(options: ResetOptions = {}): ResetResult {
    const where = `${this.id}.reset`;
    if (typeof options !== "object" || options === null) throw new Error(`${where}: options must be an object { seed?, options? }, got ${show(options)}`);
    const { seed } = options;
    if (seed !== undefined && (typeof seed !== "number" || !Number.isSafeInteger(seed))) {
      throw new Error(`${where}: seed must be a safe integer, got ${show(seed)}`);
    }
    const bounds = options.options ?? {};
    if (typeof bounds !== "object") throw new Error(`${where}: options.options must be an object of reset bounds, got ${show(bounds)}`);
    // Nothing changes until the draw succeeded (a bad bound leaves the stream and the state as they were).
    const k = seed === undefined ? this.rngKey : key(seed);
    const index = seed === undefined ? this.resets : 0;
    this.s = this.initialState(new Stream(foldIn(k, index)), bounds);
    this.rngKey = k;
    this.resets = index + 1;
    return { observation: this.observe(this.s), info: NO_INFO };
  }

  /** One transition of the dynamics from the current state. Throws before the first reset, for an action outside `actionSpace`, and if the state overflows. */
  step(action: Action): StepResult {
    const where = `${this.id}.step`;
    if (this.s === null) throw new Error(`${where}: call reset() before step() (no episode has started), got action ${show(action)}`);
    const r = this.transition(this.s, checkAction(where, this.actionSpace, action));
    let sum = 0;
    for (let i = 0; i < this.s.length; i++) sum += this.s[i] * 0; // NaN iff some entry is ±∞ or NaN
    if (sum !== 0) {
      throw new Error(`${where}: the state overflowed to ${show(this.s)} with action ${show(action)}; a state set that far out has no finite next state`);
    }
    return r;
  }

  /** Draws Gymnasium's initial state from `draws`; `options` are the reset options (bounds). */
  protected abstract initialState(draws: Stream, options: Readonly<Record<string, number>>): Float64Array;
  /** One step from `state` (updated in place or replaced through `this.s`) with a checked action. */
  protected abstract transition(state: Float64Array, action: number | Float64Array): StepResult;
  /** The observation of a state (float32-rounded as Gymnasium's `np.array(…, dtype=np.float32)`). */
  protected abstract observe(state: Float64Array): Float64Array;
  /** Hook for envs whose step depends on how the state was set (MountainCarContinuous's dtype). */
  protected onStateSet(): void {}
}

/**
 * Gymnasium's `utils.maybe_parse_reset_bounds`: `{ low, high }` with defaults, finite, low ≤ high (`ordered`); any other key
 * is refused (a misspelt bound would otherwise be ignored silently).
 */
export function resetBounds(
  where: string,
  options: Readonly<Record<string, number>>,
  names: readonly [string, string],
  defaults: readonly [number, number],
  ordered = true,
): [number, number] {
  for (const name of Object.keys(options)) {
    if (!names.includes(name)) throw new Error(`${where}: options may only contain ${names.join(", ")}, got ${show(name)}`);
  }
  const out: [number, number] = [defaults[0], defaults[1]];
  for (let j = 0; j < 2; j++) {
    const v = options[names[j]];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${where}: options.${names[j]} must be a finite number, got ${show(v)}`);
    out[j] = v;
  }
  if (ordered && !(out[0] <= out[1])) throw new Error(`${where}: options.${names[0]} must be ≤ options.${names[1]}, got ${show(out[0])} > ${show(out[1])}`);
  return out;
}

/** Uniform on [low, high), as NumPy's `Generator.uniform(low, high)` = low + (high − low)·U. */
export function uniformIn(draws: Stream, low: number, high: number): number {
  return low + (high - low) * draws.uniform();
}
