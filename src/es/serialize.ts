/**
 * JSON round-trip of optimizer states, exact to the bit: a run can be checkpointed and resumed and continues
 * identically to an uninterrupted one (JSON prints float64 numbers in shortest round-trip form).
 *
 * Encoding: Float64Array → { "$f64": [numbers] }; non-finite numbers (bestF = Infinity before any finite f) →
 * { "$num": "Infinity" | "-Infinity" | "NaN" }. Everything else is plain JSON. A custom shaping function cannot be
 * serialized: serializeState throws, and deserializeState accepts `{ shaping }` to re-attach one.
 */
import type { EsStateBase } from "./strategy.js";
import type { FitnessShaping } from "./shaping.js";

/** Encodes a value for JSON (Float64Arrays and non-finite numbers tagged); throws on functions, naming the path. */
export function encode(value: unknown, path: string): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? value : { $num: String(value) };
  if (value instanceof Float64Array) {
    return { $f64: Array.from(value, (v) => (Number.isFinite(v) ? v : { $num: String(v) })) };
  }
  if (typeof value === "function") {
    throw new Error(`serializeState: ${path} is a function (a custom shaping?); use a shaping name, or re-attach the function with deserializeState(json, { shaping })`);
  }
  if (Array.isArray(value)) return value.map((v, i) => encode(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encode(v, `${path}.${k}`);
    return out;
  }
  return value;
}

function decodeNumber(v: unknown): number {
  if (typeof v === "number") return v;
  const s = (v as { $num?: unknown } | null)?.$num;
  if (s === "Infinity") return Infinity;
  if (s === "-Infinity") return -Infinity;
  if (s === "NaN") return NaN;
  throw new Error(`deserializeState: expected a number, got ${JSON.stringify(v)}`);
}

/** Inverse of {@link encode}. */
export function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if ("$num" in o) return decodeNumber(o);
    if ("$f64" in o) {
      if (!Array.isArray(o.$f64)) throw new Error(`deserializeState: $f64 must hold an array, got ${JSON.stringify(o.$f64)}`);
      return Float64Array.from(o.$f64, decodeNumber);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = decode(v);
    return out;
  }
  return value;
}

/**
 * Serializes an optimizer state (xnes, snes, openEs, pgpe) to a JSON string; {@link deserializeState} restores it
 * bit for bit.
 * @example const saved = serializeState(state); const resumed = deserializeState<XnesState>(saved);
 */
export function serializeState(state: EsStateBase): string {
  if (state === null || typeof state !== "object" || !(state.mean instanceof Float64Array)) {
    throw new Error(`serializeState: state must be an optimizer state made by init()/tell(), got ${typeof state}`);
  }
  return JSON.stringify(encode(state, "state"));
}

/**
 * Restores a state written by {@link serializeState}. `options.shaping` re-attaches a custom shaping function.
 * @example const state = deserializeState<SnesState>(fs.readFileSync("run.json", "utf8"));
 */
export function deserializeState<S extends EsStateBase>(json: string, options: { shaping?: FitnessShaping } = {}): S {
  if (typeof json !== "string") throw new Error(`deserializeState: json must be a string from serializeState, got ${typeof json}`);
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`deserializeState: json is not valid JSON (${(e as Error).message})`);
  }
  const state = decode(raw) as S;
  if (state === null || typeof state !== "object" || !(state.mean instanceof Float64Array) || typeof state.algorithm !== "string") {
    throw new Error(`deserializeState: json does not hold an optimizer state (no algorithm/mean)`);
  }
  return options.shaping === undefined ? state : { ...state, shaping: options.shaping };
}
