/**
 * Boundary checks shared by every layer. Each error names the function, the argument and the value received,
 * so a user never has to guess which input was wrong.
 */

/** Short, readable rendering of a received value for error messages. */
export function show(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const arr = Array.from(value as ArrayLike<unknown>);
    const head = arr.slice(0, 6).map(show).join(", ");
    return `[${head}${arr.length > 6 ? `, … (${arr.length} values)` : ""}]`;
  }
  if (value === null || value === undefined) return String(value);
  if (typeof value === "function") return "a function";
  if (typeof value === "object") {
    const entries = Object.entries(value).slice(0, 4).map(([k, v]) => `${k}: ${typeof v === "object" && v !== null ? "…" : show(v)}`);
    if (entries.length === 0) return "{}";
    return `{ ${entries.join(", ")}${Object.keys(value).length > 4 ? ", …" : ""} }`;
  }
  return typeof value;
}

/** Throws `Error("fn: arg must be …, got …")`. */
export function fail(fn: string, arg: string, requirement: string, value: unknown): never {
  throw new Error(`${fn}: ${arg} must be ${requirement}, got ${show(value)}`);
}

/** A positive integer (n ≥ 1). */
export function checkPositiveInt(fn: string, arg: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) fail(fn, arg, "a positive integer", value);
  return value;
}

/** A finite number. */
export function checkFinite(fn: string, arg: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail(fn, arg, "a finite number", value);
  return value;
}

/** A finite number > 0. */
export function checkPositive(fn: string, arg: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) fail(fn, arg, "a finite number > 0", value);
  return value;
}

/**
 * Copies an array-like of numbers into a fresh Float64Array after checking every entry is finite
 * (and, when `length` is given, that the length matches).
 */
export function toFiniteVector(fn: string, arg: string, value: unknown, length?: number): Float64Array {
  if (typeof value === "number") value = [value];
  if (!(value instanceof Float64Array) && !Array.isArray(value) && !ArrayBuffer.isView(value)) {
    fail(fn, arg, "an array of finite numbers", value);
  }
  const src = value as ArrayLike<unknown>;
  if (length !== undefined && src.length !== length) {
    throw new Error(`${fn}: ${arg} must have length ${length}, got length ${src.length} (${show(value)})`);
  }
  if (src.length === 0) fail(fn, arg, "a non-empty array of finite numbers", value);
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${fn}: ${arg}[${i}] must be a finite number, got ${show(v)}`);
    }
    out[i] = v;
  }
  return out;
}

/** Like {@link toFiniteVector} but every entry must be > 0. */
export function toPositiveVector(fn: string, arg: string, value: unknown, length?: number): Float64Array {
  const out = toFiniteVector(fn, arg, value, length);
  for (let i = 0; i < out.length; i++) {
    if (!(out[i] > 0)) throw new Error(`${fn}: ${arg}[${i}] must be > 0, got ${show(out[i])}`);
  }
  return out;
}

/**
 * Checks that `x` is a row-major n×dim matrix (Float64Array or number array) and returns it as a Float64Array
 * together with n. Every entry must be finite.
 */
export function checkSamples(fn: string, x: unknown, dim: number, arg = "x"): { x: Float64Array; n: number } {
  if (!(x instanceof Float64Array) && !Array.isArray(x)) fail(fn, arg, `a Float64Array of n×${dim} samples`, x);
  const arr = x as ArrayLike<number>;
  if (arr.length === 0 || arr.length % dim !== 0) {
    throw new Error(`${fn}: ${arg} must have a length that is a positive multiple of dim = ${dim}, got length ${arr.length}`);
  }
  const xs = x instanceof Float64Array ? x : Float64Array.from(arr);
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) throw new Error(`${fn}: ${arg}[${i}] must be a finite number, got ${show(xs[i])}`);
  }
  return { x: xs, n: xs.length / dim };
}
