/**
 * Gymnasium's Box and Discrete spaces: constructors, membership, uniform samples, and the checks that turn a
 * user's action into the value an env steps with (an error naming the env, the call and the value otherwise).
 */
import type { Action, BoxSpace, DiscreteSpace, Space } from "./env.js";
import { assertKey, type Key } from "../random/key.js";
import { Stream } from "../random/stream.js";
import { checkCallerName, show } from "../util/validate.js";

/** The largest finite float32, 2¹²⁸ − 2¹⁰⁴. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * A Box space of shape [low.length] (bounds are copied; Gymnasium's classic-control spaces are float32).
 * @example boxSpace([-2], [2]) // Pendulum-v1's action space: one torque in [−2, 2], float32
 */
export function boxSpace(low: ArrayLike<number>, high: ArrayLike<number>, dtype: "float32" | "float64" = "float32"): BoxSpace {
  checkBounds("low", low);
  checkBounds("high", high);
  if (dtype !== "float32" && dtype !== "float64") throw new Error(`boxSpace: dtype must be "float32" or "float64", got ${show(dtype)}`);
  if (low.length !== high.length || low.length === 0) {
    throw new Error(`boxSpace: low and high must be non-empty and of equal length, got ${show(low)} and ${show(high)}`);
  }
  const lo = Float64Array.from(low);
  const hi = Float64Array.from(high);
  for (let i = 0; i < lo.length; i++) {
    if (!(lo[i] <= hi[i])) throw new Error(`boxSpace: need low[${i}] ≤ high[${i}], got ${show(lo[i])} and ${show(hi[i])}`);
  }
  return Object.freeze({ kind: "box", low: lo, high: hi, shape: Object.freeze([lo.length]), dtype });
}

/** A bound of {@link boxSpace}: an array or typed array of numbers, each finite or ±∞ (Gymnasium's unbounded Box). */
function checkBounds(arg: string, v: unknown): void {
  if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    throw new Error(`boxSpace: ${arg} must be an array of numbers (±∞ allowed), got ${show(v)}`);
  }
  const arr = v as ArrayLike<unknown>;
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (typeof x !== "number" || Number.isNaN(x)) throw new Error(`boxSpace: ${arg}[${i}] must be a number (±∞ allowed), got ${show(x)}`);
  }
}

/** The largest n a Discrete space can be sampled from (Stream.integer draws from 32 random bits). */
const MAX_SAMPLED_DISCRETE = 2 ** 32;

/**
 * The Discrete space {0, …, n − 1}.
 * @example discreteSpace(2) // CartPole-v1's action space {0, 1}
 */
export function discreteSpace(n: number): DiscreteSpace {
  if (!Number.isInteger(n) || n < 1) throw new Error(`discreteSpace: n must be a positive integer, got ${show(n)}`);
  return Object.freeze({ kind: "discrete", n });
}

/**
 * Checks at a public boundary that `space` is a space made by {@link boxSpace} or {@link discreteSpace} (O(1): the
 * kind, n, and the bounds' type and length). The error names `fn`, `arg` and the value.
 */
export function checkSpace(fn: string, space: unknown, arg = "space"): Space {
  const s = space as Partial<BoxSpace> & Partial<DiscreteSpace> | null;
  const ok = s !== null && typeof s === "object" && (s.kind === "discrete"
    ? typeof s.n === "number" && Number.isInteger(s.n) && s.n >= 1
    : s.kind === "box" && s.low instanceof Float64Array && s.high instanceof Float64Array && s.low.length >= 1 &&
      s.high.length === s.low.length && Array.isArray(s.shape) && s.shape[0] === s.low.length);
  if (!ok) throw new Error(`${fn}: ${arg} must be a space made by boxSpace(low, high) or discreteSpace(n), got ${show(space)}`);
  return space as Space;
}

/**
 * Number of coordinates of a flat space: its shape for a Box, 1 for a Discrete.
 * @example spaceSize(makeEnv("CartPole-v1").observationSpace) // 4
 */
export function spaceSize(space: Space): number {
  checkSpace("spaceSize", space);
  return space.kind === "box" ? space.shape[0] : 1;
}

/**
 * Gymnasium's `space.contains(x)`: an integer in range for Discrete; the right length within the bounds for Box.
 * @example spaceContains(discreteSpace(2), 1) // true; 2 and 0.5 give false
 */
export function spaceContains(space: Space, x: unknown): boolean {
  checkSpace("spaceContains", space);
  if (space.kind === "discrete") return typeof x === "number" && Number.isInteger(x) && x >= 0 && x < space.n;
  const v = typeof x === "number" ? [x] : x;
  if (!Array.isArray(v) && !(v instanceof Float64Array) && !(v instanceof Float32Array)) return false;
  const arr = v as ArrayLike<unknown>;
  if (arr.length !== space.shape[0]) return false;
  for (let i = 0; i < arr.length; i++) {
    const a = arr[i];
    if (typeof a !== "number" || !(a >= space.low[i] && a <= space.high[i])) return false;
  }
  return true;
}

/**
 * A uniform draw from the space (Gymnasium's `space.sample()`, from our own key): an integer for Discrete, a
 * Float64Array for a bounded Box (float32-rounded when the space is float32).
 * @example sampleSpace(key(0), makeEnv("Pendulum-v1").actionSpace) // Float64Array(1) uniform in [−2, 2]
 */
export function sampleSpace(k: Key, space: Space): number | Float64Array {
  checkSpace("sampleSpace", space);
  assertKey("sampleSpace", k);
  const s = new Stream(k);
  if (space.kind === "discrete") {
    if (!(space.n <= MAX_SAMPLED_DISCRETE)) throw new Error(`sampleSpace: a Discrete space must have n ≤ 2^32 (${MAX_SAMPLED_DISCRETE}) to be sampled, got n = ${show(space.n)}`);
    return s.integer(space.n);
  }
  const out = new Float64Array(space.shape[0]);
  for (let i = 0; i < out.length; i++) {
    const lo = space.low[i];
    const hi = space.high[i];
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error(`sampleSpace: the Box must be bounded, got low ${show(space.low)}, high ${show(space.high)}`);
    if (space.dtype === "float32" && !(Math.abs(lo) <= FLOAT32_MAX && Math.abs(hi) <= FLOAT32_MAX)) {
      throw new Error(`sampleSpace: a float32 Box must have bounds within ±${FLOAT32_MAX} (the float32 range) to be sampled, got low ${show(space.low)}, high ${show(space.high)}`);
    }
    const u = s.uniform();
    // lo + (hi − lo)·u overflows to ±∞ when hi − lo > MAX_VALUE (bounds near ±1e308); the convex form cannot.
    const width = hi - lo;
    const v = Number.isFinite(width) ? lo + width * u : lo * (1 - u) + hi * u;
    out[i] = space.dtype === "float32" ? Math.fround(v) : v;
  }
  return out;
}

/** The action of a Discrete space as an integer, or an Error naming `where` (e.g. "CartPole-v1.step"). */
export function discreteAction(where: string, space: DiscreteSpace, action: unknown): number {
  if (typeof action !== "number" || !Number.isInteger(action) || action < 0 || action >= space.n) {
    throw new Error(`${where}: action must be an integer in {0, …, ${space.n - 1}} (Discrete(${space.n})), got ${show(action)}`);
  }
  return action;
}

/**
 * The action of a Box space as the values Gymnasium steps with: a number, array or Float64Array of the space's
 * length, every entry finite (NaN and ±∞ are refused, as are float32 overflows); a float32 space rounds each entry
 * to float32 (Math.fround), as `np.asarray(action, dtype=np.float32)` does. Values outside [low, high] are
 * returned as given: the env decides (Gymnasium's MountainCarContinuous and Pendulum clip).
 */
export function boxAction(where: string, space: BoxSpace, action: unknown): Float64Array {
  const n = space.shape[0];
  const v = typeof action === "number" ? [action] : action;
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) {
    throw new Error(`${where}: action must be a number, an array or a Float64Array of length ${n}, got ${show(action)}`);
  }
  const arr = v as ArrayLike<unknown>;
  if (arr.length !== n) throw new Error(`${where}: action must have length ${n}, got length ${arr.length} (${show(action)})`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = arr[i];
    const limit = space.dtype === "float32" ? FLOAT32_MAX : Number.MAX_VALUE;
    if (typeof a !== "number" || !(Math.abs(a) <= limit)) {
      throw new Error(`${where}: action[${i}] must be a finite ${space.dtype ?? "float64"} number, got ${show(a)} (action ${show(action)})`);
    }
    out[i] = space.dtype === "float32" ? Math.fround(a) : a;
  }
  return out;
}

/**
 * Checks an action against the env's action space: an integer (Discrete) or a Float64Array (Box).
 * @example checkAction("CartPole-v1.step", discreteSpace(2), 3) // throws "CartPole-v1.step: action must be an integer in {0, …, 1} …, got 3"
 */
export function checkAction(where: string, space: Space, action: Action): number | Float64Array {
  checkSpace(checkCallerName("checkAction", where, "where"), space);
  return space.kind === "discrete" ? discreteAction(where, space, action) : boxAction(where, space, action);
}
