/**
 * Exact JSON codec for run state: every float64 survives a round trip to the bit, so a checkpointed run resumes
 * exactly. One scheme for optim/, es/, rl/ and vi/ states.
 *
 * Encoding: a Float64Array becomes { "$f64": [...] }; a number JSON cannot print exactly (±∞, NaN, −0) becomes
 * { "$num": "Infinity" | "-Infinity" | "NaN" | "-0" }. Plain arrays, objects, strings, booleans and null pass
 * through. Functions, BigInts, symbols and undefined array entries are refused, naming the path.
 */
import { show } from "./validate.js";

function encodeNumber(v: number): unknown {
  if (Object.is(v, -0)) return { $num: "-0" };
  return Number.isFinite(v) ? v : { $num: String(v) };
}

/** Encodes a value for JSON.stringify (Float64Arrays and non-JSON numbers tagged); throws naming `path` on what JSON cannot hold. */
export function encodeExact(value: unknown, path = "value", fn = "encodeExact"): unknown {
  if (typeof value === "number") return encodeNumber(value);
  if (value instanceof Float64Array) return { $f64: Array.from(value, encodeNumber) };
  if (typeof value === "function" || typeof value === "bigint" || typeof value === "symbol" || value === undefined) {
    throw new Error(`${fn}: ${path} is ${value === undefined ? "undefined" : typeof value === "function" ? "a function" : `a ${typeof value}`}, which a checkpoint cannot hold`);
  }
  if (ArrayBuffer.isView(value)) throw new Error(`${fn}: ${path} is a typed array other than Float64Array, which a checkpoint cannot hold`);
  if (Array.isArray(value)) return value.map((v, i) => encodeExact(v, `${path}[${i}]`, fn));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[k] = encodeExact(v, `${path}.${k}`, fn);
    }
    return out;
  }
  return value;
}

function decodeNumber(v: unknown, path: string, fn: string): number {
  if (typeof v === "number") return v;
  const s = (v as { $num?: unknown } | null)?.$num;
  if (s === "Infinity") return Infinity;
  if (s === "-Infinity") return -Infinity;
  if (s === "NaN") return NaN;
  if (s === "-0") return -0;
  throw new Error(`${fn}: ${path} must be a number, got ${show(v)}`);
}

/** Inverse of {@link encodeExact}. */
export function decodeExact(value: unknown, path = "value", fn = "decodeExact"): unknown {
  if (Array.isArray(value)) return value.map((v, i) => decodeExact(v, `${path}[${i}]`, fn));
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if ("$num" in o) return decodeNumber(o, path, fn);
    if ("$f64" in o) {
      if (!Array.isArray(o.$f64)) throw new Error(`${fn}: ${path}.$f64 must hold an array, got ${show(o.$f64)}`);
      return Float64Array.from(o.$f64, (v, i) => decodeNumber(v, `${path}[${i}]`, fn));
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = decodeExact(v, `${path}.${k}`, fn);
    return out;
  }
  return value;
}

/** Canonical JSON of an encoded value: object keys sorted, so equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(encodeExact(value, "value", "canonicalJson")));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) out[k] = sortKeys(o[k]);
    return out;
  }
  return v;
}

/**
 * A 64-bit FNV-1a digest (16 hex digits) of a value's canonical JSON. Not cryptographic: it identifies a run's
 * configuration in a checkpoint so that a resume with other options is refused.
 */
export function digest(value: unknown): string {
  const text = canonicalJson(value);
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, "0");
}
