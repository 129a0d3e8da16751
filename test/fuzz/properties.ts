/**
 * The properties every public export must satisfy, checked on generated cases and tallied per property class:
 *  - "finite":        a returned value holds only finite numbers (unless the target documents ±∞/NaN pass-through);
 *  - "namedError":    a throw is an Error whose message starts with "name:" or "Name.method:" for a public name;
 *  - "deterministic": the same arguments (the same key) give the same result or the same error;
 *  - "immutable":     the arguments are unchanged after the call;
 *  - "hang":          no call takes longer than HANG_MS (a true infinite loop is caught by scripts/fuzz.ts's watchdog).
 * Failures are counted, not shrunk, so a run reports how many cases of each class fail.
 */
import fc from "fast-check";
import * as api from "../../src/index.js";
import * as rl from "../../src/rl/index.js";
import * as vi from "../../src/vi/index.js";
import * as parallel from "../../src/es/parallel.js";
import * as distributed from "../../src/es/distributed.js";
import type { FuzzTarget } from "./targets.js";

export const PROPERTY_CLASSES = ["finite", "namedError", "deterministic", "immutable", "hang"] as const;
export type PropertyClass = (typeof PROPERTY_CLASSES)[number];

/** A call slower than this counts as a hang (every generated case is small). */
export const HANG_MS = 2000;

/** Names an Error may start with: the exports of "mcgrad", "mcgrad/rl", "mcgrad/vi" and the Node-only subpaths. */
const PUBLIC_NAMES = new Set([...Object.keys(api), ...Object.keys(rl), ...Object.keys(vi), ...Object.keys(parallel), ...Object.keys(distributed)]);

/** One failing case: the property class, the target, the arguments (rendered) and what went wrong. */
export interface FuzzFailure {
  readonly target: string;
  readonly property: PropertyClass;
  readonly args: string;
  readonly detail: string;
}

export interface TargetReport {
  readonly target: string;
  readonly cases: number;
  readonly failures: Record<PropertyClass, number>;
  readonly examples: FuzzFailure[];
}

/** A canonical rendering of a value (−0, NaN, typed arrays, class instances' own fields), for equality checks. */
export function fingerprint(value: unknown, depth = 0, seen = new Set<object>()): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "fn";
  if (typeof value === "symbol") return value.toString();
  if (value === null || typeof value !== "object") return String(value);
  if (seen.has(value) || depth > 6) return "…";
  seen.add(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return `${value.constructor.name}[${Array.from(value as unknown as ArrayLike<number>, (v) => fingerprint(v)).join(",")}]`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => fingerprint(v, depth + 1, seen)).join(",")}]`;
  const entries = Object.keys(value).map((k) => `${k}:${fingerprint((value as Record<string, unknown>)[k], depth + 1, seen)}`);
  return `${value.constructor?.name ?? "Object"}{${entries.join(",")}}`;
}

/** A copy that shares nothing mutable with `value` except class instances and functions (kept by reference). */
export function clone(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return (value as unknown as Float64Array).slice();
  if (Array.isArray(value)) return value.map(clone);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[k] = clone((value as Record<string, unknown>)[k]);
  return out;
}

/** The first non-finite number inside a result (its path), or undefined. */
export function firstNonFinite(value: unknown, allowed?: RegExp, path = "result", depth = 0, seen = new Set<object>()): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) || allowed?.test(path) === true ? undefined : `${path} = ${fingerprint(value)}`;
  if (value === null || typeof value !== "object" || depth > 5 || seen.has(value)) return undefined;
  seen.add(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const a = value as unknown as ArrayLike<number>;
    if (allowed?.test(path) === true) return undefined;
    for (let i = 0; i < a.length; i++) if (typeof a[i] === "number" && !Number.isFinite(a[i])) return `${path}[${i}] = ${fingerprint(a[i])}`;
    return undefined;
  }
  for (const k of Object.keys(value)) {
    const hit = firstNonFinite((value as Record<string, unknown>)[k], allowed, `${path}.${k}`, depth + 1, seen);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Whether a thrown value is an Error naming a public function ("name: …" or "Name.method: …"). */
export function namesPublicFunction(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const m = /^([A-Za-z_$][\w$]*)(\.[\w$]+)*: \S/.exec(e.message);
  return m !== null && PUBLIC_NAMES.has(m[1]);
}

type Outcome = { ok: true; value: unknown; ms: number } | { ok: false; error: unknown; ms: number };

async function attempt(call: () => unknown): Promise<Outcome> {
  const t0 = performance.now();
  try {
    let value = call();
    if (value !== null && typeof value === "object" && typeof (value as Promise<unknown>).then === "function") value = await value;
    return { ok: true, value, ms: performance.now() - t0 };
  } catch (error) {
    return { ok: false, error, ms: performance.now() - t0 };
  }
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.constructor.name}: ${e.message.slice(0, 300)}` : `non-Error thrown: ${fingerprint(e)}`;
}

/** Checks every property on one case; returns the failing classes with details. */
export async function checkCase(target: FuzzTarget, args: unknown[]): Promise<Array<[PropertyClass, string]>> {
  const failures: Array<[PropertyClass, string]> = [];
  const before = fingerprint(args);
  const twin = clone(args) as unknown[];
  const first = await attempt(() => target.call(...args));
  if (fingerprint(args) !== before) failures.push(["immutable", `arguments changed: ${before.slice(0, 200)} → ${fingerprint(args).slice(0, 200)}`]);
  const second = await attempt(() => target.call(...twin));
  if (first.ms > HANG_MS || second.ms > HANG_MS) failures.push(["hang", `call took ${Math.round(Math.max(first.ms, second.ms))} ms`]);
  if (first.ok) {
    const bad = target.nonFinite === undefined || target.nonFinitePaths !== undefined ? firstNonFinite(first.value, target.nonFinitePaths) : undefined;
    if (bad !== undefined) failures.push(["finite", bad]);
  } else if (!namesPublicFunction(first.error) && !(first.error instanceof Error && target.namedErrorPrefix?.test(first.error.message) === true)) {
    failures.push(["namedError", describeError(first.error)]);
  }
  const same = first.ok && second.ok
    ? fingerprint(first.value) === fingerprint(second.value)
    : !first.ok && !second.ok && describeError(first.error) === describeError(second.error);
  if (!same) failures.push(["deterministic", `first ${first.ok ? "returned" : describeError(first.error)}, second ${second.ok ? "returned" : describeError(second.error)}`]);
  return failures;
}

/** The generated arguments of case `index` of a target: a pure function of (seed, index), so a run can resume. */
export function caseAt(target: FuzzTarget, seed: number, index: number): unknown[] {
  return fc.sample(target.args, { numRuns: 1, seed: (seed * 1_000_003 + index) | 0 })[0];
}
