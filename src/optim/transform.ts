/**
 * The optax-style GradientTransformation: a pair of pure functions `init` and `update` over an explicit state.
 * Updates are ADDED to the parameters (`applyUpdates`), so a descent transform returns −lr·g, as in optax.
 *
 * Serialization: every state in src/optim/ holds only numbers and plain `number[]` arrays (never Float64Array). Save
 * it with the one exact codec of the library, `encodeExact`/`decodeExact` (src/util/codec.ts, as checkpoints and
 * es/ states do): plain JSON would turn a −0 entry into 0 and refuse NaN/±∞, while the codec round-trips every float64
 * to the bit, so a resumed run is bit-identical. States are readonly and never mutated: `update` returns a new one.
 */
import { fail, show } from "../util/validate.js";

/** What `update` returns: the updates to add to the parameters and the next state. */
export interface TransformUpdate<S> {
  readonly updates: Float64Array;
  readonly state: S;
}

/**
 * A gradient transformation (Babuschkin et al., The DeepMind JAX Ecosystem, 2020 — optax).
 * `init(params)` builds the state for parameters of that length; `update(grads, state, params?)` maps a gradient
 * (or the previous transform's updates) to updates plus the next state.
 */
export interface GradientTransformation<S> {
  /** The initial state for parameters of this length (e.g. Adam's zero moments). */
  init(params: Float64Array): S;
  /** Maps a gradient (or the previous transform's updates) to updates, with the next state; `params` for transforms that need θ. */
  update(grads: Float64Array, state: S, params?: Float64Array): TransformUpdate<S>;
  /**
   * Optional fast path for long loops: a runner, from `state` (checked as `update` checks it), whose `step(grads,
   * params)` is `update` followed by `applyUpdates` into `params`, to the bit, without allocating. A transform
   * without it is driven by update + applyUpdates.
   */
  inPlace?(state: S): InPlaceStep<S>;
}

/** A transform run in place (see {@link GradientTransformation.inPlace}); `state()` is the transform's own state. */
export interface InPlaceStep<S> {
  /** Adds this step's update, computed from `grads`, to `params` in place (the same bits as update + applyUpdates). */
  step(grads: Float64Array, params: Float64Array): void;
  /** The transform's state after the steps taken so far, as `update` would have returned it (for checkpoints). */
  state(): S;
}

/** The state of a stateless transform (scale, clipping): an empty object. */
export type EmptyState = Readonly<Record<string, never>>;

/** The state type of a transform. */
export type StateOf<T> = T extends GradientTransformation<infer S> ? S : never;

/** Copies grads into a fresh Float64Array, checking they are finite (never a silent NaN in an update). */
export function checkGrads(fn: string, grads: unknown, length?: number): Float64Array {
  if (!(grads instanceof Float64Array) && !Array.isArray(grads)) fail(fn, "grads", "a Float64Array of finite numbers", grads);
  const g = grads as ArrayLike<unknown>;
  if (length !== undefined && g.length !== length) {
    throw new Error(`${fn}: grads must have length ${length} (the length the state was initialized with), got length ${g.length}`);
  }
  const out = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) {
    const v = g[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${fn}: grads[${i}] must be a finite number, got ${show(v)}`);
    out[i] = v;
  }
  return out;
}

/**
 * Returns `updates` after checking every entry is finite: finite gradients can still give an update beyond float64's
 * range (a huge factor, a tiny second moment), and that must be an error naming the transform, never a silent ±∞.
 */
export function checkUpdates(fn: string, updates: Float64Array): Float64Array {
  for (let i = 0; i < updates.length; i++) {
    if (!Number.isFinite(updates[i])) throw new Error(`${fn}: updates[${i}] is ${show(updates[i])}: the update is beyond float64's range for these gradients; rescale them or lower the learning rate`);
  }
  return updates;
}

/** Checks that params passed to `init` is an array and returns its length. */
export function checkParamsLength(fn: string, params: unknown): number {
  if (!(params instanceof Float64Array) && !Array.isArray(params)) fail(fn, "params", "a Float64Array", params);
  const len = (params as ArrayLike<number>).length;
  if (len === 0) fail(fn, "params", "a non-empty Float64Array", params);
  return len;
}

/** Checks a state vector (possibly just parsed from JSON) is a finite number[]; returns its length. */
export function checkStateVector(fn: string, name: string, value: unknown): number {
  if (!Array.isArray(value)) fail(fn, `state.${name}`, "an array of numbers (did the state come from init?)", value);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== "number" || !Number.isFinite(value[i])) {
      throw new Error(`${fn}: state.${name}[${i}] must be a finite number, got ${show(value[i])}`);
    }
  }
  return value.length;
}

/** Checks the step counter of a state. */
export function checkCount(fn: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) fail(fn, "state.count", "a non-negative integer", value);
  return value;
}
