/**
 * minimize's checkpoint codec, on the one convention of src/run/checkpoint.ts: the identity records everything
 * that determines the run — the objective's identity (a user-supplied `objectiveId`, or else a digest of f's source
 * text), the algorithm, the seed, x0 (−0 kept), σ0, the budget, the target, the stopping tolerances, the restarts and
 * every algorithm option — so a resume under anything else is refused naming the field; the payload (the loop's
 * cursor and the optimizer state) is checked field by field, so an edited σ = −1, generation = −1 or
 * mean[0] = 1e308 is refused naming the source and the field.
 */
import type { Distribution } from "../distributions/distribution.js";
import { readCheckpoint, writeCheckpoint, type CheckpointSpec, type PayloadReader } from "../run/checkpoint.js";
import { digest } from "../util/codec.js";
import type { AnyStrategy } from "./registry.js";
import type { FitnessShaping } from "./shaping.js";
import { RULES } from "./stateReader.js";
import type { EsStateBase } from "./strategy.js";

export { CheckpointMismatchError } from "../run/checkpoint.js";

/** Where a restart happened (evaluations used before it) and the stagnation that caused it. */
export interface RestartRecord {
  readonly evals: number;
  readonly reason: "tolSpread" | "tolFun";
}

/** The loop's position, as stored in a checkpoint. */
export interface Cursor {
  restart: number;
  evals: number;
  generations: number;
  /** Non-finite f values of the restarts already finished. */
  nonFinite: number;
  best: { x: Float64Array; f: number };
  history: { evals: number[]; bestF: number[] };
  restarts: RestartRecord[];
  flat: number;
  state: EsStateBase;
}

/** Stands in a checkpoint for a custom shaping function, which minimize re-attaches from algorithmOptions on resume. */
export const CUSTOM_SHAPING = "$custom";

/** Everything the identity of a minimize run holds (plain data). */
export interface MinimizeIdentity {
  readonly objective: string;
  readonly algorithm: string;
  readonly seed: number;
  readonly x0: Float64Array;
  readonly sigma0: number;
  readonly maxEvals: number;
  readonly target: number;
  readonly tolSpread: number | null;
  readonly tolFun: number | null;
  readonly restarts: number;
  readonly algorithmOptions: Readonly<Record<string, unknown>>;
}

/** The objective's identity: the caller's `objectiveId`, or a digest of f's source text (closures over other values look alike: pass objectiveId). */
export function objectiveIdentity(objectiveId: string | undefined, f: unknown): string {
  if (objectiveId !== undefined) return `id:${objectiveId}`;
  return `source:${digest(typeof f === "function" ? f.toString() : String(f))}`;
}

/**
 * Plain-data algorithm options: a custom shaping function becomes {@link CUSTOM_SHAPING}, a search distribution
 * its family, dimension and θ.
 */
export function plainAlgorithmOptions(options: object | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options ?? {})) {
    if (v === undefined) continue;
    if (typeof v === "function") out[k] = CUSTOM_SHAPING;
    else if (isDistribution(v)) out[k] = { family: v.name, dim: v.dim, params: v.params };
    else out[k] = v;
  }
  return out;
}

function isDistribution(v: unknown): v is Distribution {
  return v !== null && typeof v === "object" && typeof (v as Distribution).withParams === "function" && (v as Distribution).params instanceof Float64Array;
}

function spec(identity: MinimizeIdentity): CheckpointSpec {
  return { kind: "mcgrad.minimize", version: 2, identity: { ...identity } };
}

/** The checkpoint string of a run at `cursor`. */
export function writeMinimizeCheckpoint(identity: MinimizeIdentity, cursor: Cursor): string {
  const state = typeof cursor.state.shaping === "function" ? { ...cursor.state, shaping: CUSTOM_SHAPING } : cursor.state;
  return writeCheckpoint(spec(identity), { ...cursor, state });
}

/**
 * Reads a checkpoint for the run `identity` (refused, naming the field, if it was written for another run) and
 * checks every payload field; `source` names it in messages (a file name, say).
 */
export function readMinimizeCheckpoint(
  fn: string,
  json: unknown,
  identity: MinimizeIdentity,
  strategy: AnyStrategy,
  shaping: FitnessShaping | undefined,
  source = "resume",
): Cursor {
  // A checkpoint of another run is refused with a CheckpointMismatchError naming the field.
  const r: PayloadReader = readCheckpoint(fn, json, spec(identity), source);
  const d = identity.x0.length;
  const restart = r.number("restart", { integer: true, min: 0, max: identity.restarts });
  const evals = r.number("evals", { integer: true, min: 0, max: identity.maxEvals });
  const cursor: Cursor = {
    restart,
    evals,
    generations: r.number("generations", RULES.count),
    nonFinite: r.number("nonFinite", { integer: true, min: 0, max: evals }),
    best: { x: r.vector("best.x", d, RULES.coordinate), f: r.number("best.f", { infinite: true }) },
    history: readHistory(r, evals),
    restarts: readRestarts(r, restart, evals),
    flat: r.number("flat", RULES.count),
    state: strategy.restore(r, "state", r.get("state.shaping") === CUSTOM_SHAPING ? shaping : undefined),
  };
  if (cursor.state.dim !== d) r.fail("state.dim", `${d} (the dimension of x0)`, cursor.state.dim);
  if (cursor.state.evals > evals) r.fail("state.evals", `≤ evals = ${evals}`, cursor.state.evals);
  return cursor;
}

function readHistory(r: PayloadReader, evals: number): Cursor["history"] {
  const e = r.get("history.evals");
  const b = r.get("history.bestF");
  if (!Array.isArray(e) || !Array.isArray(b) || e.length !== b.length) r.fail("history", "two arrays of equal length (evals, bestF)", { evals: e, bestF: b });
  let last = 0;
  for (let i = 0; i < e.length; i++) {
    if (!Number.isInteger(e[i]) || e[i] < last || e[i] > evals) r.fail(`history.evals[${i}]`, `an integer in [${last}, ${evals}]`, e[i]);
    if (typeof b[i] !== "number" || Number.isNaN(b[i])) r.fail(`history.bestF[${i}]`, "a number", b[i]);
    last = e[i] as number;
  }
  return { evals: e as number[], bestF: b as number[] };
}

function readRestarts(r: PayloadReader, restart: number, evals: number): RestartRecord[] {
  const v = r.get("restarts");
  if (!Array.isArray(v) || v.length !== restart) r.fail("restarts", `a list of ${restart} restart records`, v);
  return v.map((_, i) => ({
    evals: r.number(`restarts.${i}.evals`, { integer: true, min: 0, max: evals }),
    reason: r.string(`restarts.${i}.reason`, ["tolSpread", "tolFun"]) as RestartRecord["reason"],
  }));
}
