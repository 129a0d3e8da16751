/**
 * Boundary checks shared by every layer. Each error names the function, the argument and the value received,
 * so a user never has to guess which input was wrong.
 */

/** Short, readable rendering of a received value for error messages. */
export function show(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const arr = value as ArrayLike<unknown>;
    const head: string[] = [];
    for (let i = 0; i < Math.min(arr.length, 6); i++) head.push(show(arr[i]));
    return `[${head.join(", ")}${arr.length > 6 ? `, … (${arr.length} values)` : ""}]`;
  }
  if (value === null || value === undefined) return String(value);
  if (typeof value === "function") return "a function";
  if (typeof value === "object") {
    const entries = Object.entries(value).slice(0, 4).map(([k, v]) => `${k}: ${typeof v === "object" && v !== null ? "…" : show(v)}`);
    if (entries.length === 0) return "{}";
    return `{ ${entries.join(", ")}${Object.keys(value).length > 4 ? ", …" : ""} }`;
  }
  if (typeof value === "bigint") return `${value}n (a BigInt)`;
  return typeof value;
}

/** Throws `Error("fn: arg must be …, got …")`. */
export function fail(fn: string, arg: string, requirement: string, value: unknown): never {
  throw new Error(`${fn}: ${arg} must be ${requirement}, got ${show(value)}`);
}

/**
 * The caller's name that a shared checker puts at the head of its errors (its optional `fn` argument): a one-line
 * string that starts like a name, with a letter, _ or $ ("fit", "CartPole-v1.step", "mlp(2→4→1, tanh).vjp"), else an Error naming `own` (the checker itself), so a stray value — a number, an object,
 * "" — never becomes the name in a message.
 * @example const name = checkCallerName("logSumExp", fn);
 */
export function checkCallerName(own: string, fn: unknown, arg = "fn"): string {
  if (typeof fn !== "string" || !/^[A-Za-z_$][^\n]*$/.test(fn)) fail(own, arg, "the calling function's name (a one-line string starting with a letter)", fn);
  return fn;
}

/** A positive integer (n ≥ 1). */
export function checkPositiveInt(fn: string, arg: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) fail(fn, arg, "a positive integer", value);
  return value;
}

/**
 * The most memory one array built from a caller-given size may take: 1 GiB (2³⁰ bytes, 134 217 728 doubles).
 * Every public function that allocates from a size it was given checks it against this limit first
 * (`checkSize`), so a typo like n = 2⁴⁰ is refused by name instead of exhausting memory.
 */
export const MAX_ARRAY_BYTES = 2 ** 30;

function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 && u > 0 ? v.toPrecision(3) : Math.round(v)} ${units[u]}`;
}

/**
 * A size n (a positive integer) whose array — n × perUnit entries of `bytesPerEntry` bytes (8 for a double) — fits
 * in {@link MAX_ARRAY_BYTES}. Checked before anything is allocated; the error names the function, the argument, its
 * value, the memory it would need and the limit.
 * @example const n = checkSize("uniform", "n", n); const out = new Float64Array(n);
 */
export function checkSize(fn: string, arg: string, value: unknown, perUnit = 1, bytesPerEntry = 8): number {
  checkPositiveInt(fn, arg, value);
  const n = value as number;
  const need = n * Math.max(perUnit, 1) * bytesPerEntry;
  if (!(need <= MAX_ARRAY_BYTES)) {
    const what = perUnit > 1 ? `${show(n)} × ${perUnit} entries` : `${show(n)} entries`;
    throw new Error(`${fn}: ${arg} = ${show(n)} would need ${formatBytes(need)} (${what} of ${bytesPerEntry} bytes), above the limit of ${formatBytes(MAX_ARRAY_BYTES)} per array (MAX_ARRAY_BYTES); use a smaller ${arg}`);
  }
  return n;
}

/**
 * Checks that `value` is a real array or typed array (not a look-alike object with a `length`) of finite numbers —
 * no BigInt, string, null or NaN entries — optionally of a given length, and returns a fresh Float64Array copy.
 * Unlike {@link toFiniteVector} a bare number is not accepted and an empty array is allowed only when `length` is 0.
 */
export function toFiniteArray(fn: string, arg: string, value: unknown, length?: number): Float64Array {
  if (!Array.isArray(value) && !(ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    fail(fn, arg, length === undefined ? "an array of finite numbers" : `an array of ${length} finite numbers`, value);
  }
  const src = value as ArrayLike<unknown>;
  if (length !== undefined && src.length !== length) {
    throw new Error(`${fn}: ${arg} must have length ${length}, got length ${src.length} (${show(value)})`);
  }
  if (length === undefined && src.length === 0) fail(fn, arg, "a non-empty array of finite numbers", value);
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${fn}: ${arg}[${i}] must be a finite number, got ${show(v)}`);
    out[i] = v;
  }
  return out;
}

/**
 * The options argument of a public function: undefined and null mean "all defaults"; anything else must be an
 * object, and with `known` every key must be one of them ({@link checkKnownKeys}: a misspelt option is named).
 */
export function checkOptionsObject<T extends object>(fn: string, options: unknown, arg = "options", known?: readonly (keyof T & string)[]): Partial<T> {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" || Array.isArray(options)) fail(fn, arg, "an object (or omitted)", options);
  if (known !== undefined) checkKnownKeys(fn, options, known, arg);
  return options as Partial<T>;
}

/**
 * Refuses keys of an options object that are not options (a misspelt `numSample` would otherwise be ignored, or
 * copied into a recorded configuration). The error names `fn`, the key, its value and the known keys.
 * @example checkKnownKeys("ppo", options, Object.keys(PPO_DEFAULTS));
 */
export function checkKnownKeys(fn: string, options: object, known: readonly string[], arg = "options"): void {
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) throw new Error(`${fn}: ${arg}.${k} is not an option (known: ${known.join(", ")}), got ${show((options as Record<string, unknown>)[k])}`);
  }
}

/** The parameter object of a constructor: must be an object (a missing or null argument is named, not destructured). */
export function checkParamsObject<T extends object>(fn: string, params: unknown, example: string): T {
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    throw new Error(`${fn}: the parameters must be an object such as ${example}, got ${show(params)}`);
  }
  return params as T;
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
  // Entry by entry, so a string or BigInt is named instead of coerced ("2" → 2) or thrown as a TypeError.
  const xs = x instanceof Float64Array ? x : new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i] as unknown;
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${fn}: ${arg}[${i}] must be a finite number, got ${show(v)}`);
    xs[i] = v;
  }
  return { x: xs, n: xs.length / dim };
}
