/**
 * Populations by key for distributed evaluation (NODE-ONLY): instead of λ×d candidate rows, the coordinator stores
 * once per generation the search distribution's parameters and the generation's key (a {@link PopulationOrigin}) in
 * Redis under a content digest, and each job names that digest, a range of candidate indices and a digest of those
 * candidates' rows. A worker rebuilds the population with the strategy's own pure `ask(key, state)` (Salimans et al.
 * 2017: a worker regenerates its perturbations from the seed), checks its rows against the digest, and returns only
 * the fitness values. The rows digest makes a worker running another version of mcgrad (whose `ask` would draw other
 * candidates) fail its job loudly instead of returning the fitness of points the coordinator never asked for.
 */
import { createHash } from "node:crypto";
import { assertKey } from "../random/key.js";
import { show } from "../util/validate.js";
import type { PopulationOrigin } from "./minimizeOptions.js";
import { strategyByName } from "./registry.js";
import { deserializeState, serializeState } from "./serialize.js";

/** The record stored once per generation (a JSON string) and its content id. */
export interface PopulationRecord {
  readonly id: string;
  readonly json: string;
}

/** What an "evaluateKeys" job carries: which population (by id), which candidates, and their rows' digest. */
export interface KeysJob {
  readonly objective: string;
  readonly population: string;
  readonly start: number;
  readonly count: number;
  readonly digest: string;
  /** Epoch milliseconds after which the coordinator no longer waits for this job (a worker skips it). */
  readonly expires: number;
}

/** The Redis key (under the queue's own prefix, via `toKey`) holding population `id`. */
export function populationKey(toKey: (type: string) => string, id: string): string {
  return toKey(`population:${id}`);
}

/**
 * The record of a generation, or undefined when its state cannot be serialized (a custom shaping function); the
 * caller then sends rows.
 */
export function populationRecord(origin: PopulationOrigin): PopulationRecord | undefined {
  if (typeof origin.state.shaping === "function") return undefined;
  const json = JSON.stringify({ algorithm: origin.algorithm, key: { hi: origin.key.hi, lo: origin.key.lo }, state: JSON.parse(serializeState(origin.state)) as unknown });
  return { id: createHash("sha256").update(json).digest("hex").slice(0, 32), json };
}

/** A digest of rows start … start+count−1 of the λ×dim matrix x (their exact bits). */
export function rowsDigest(x: Float64Array, dim: number, start: number, count: number): string {
  const bytes = new Uint8Array(x.buffer, x.byteOffset + start * dim * 8, count * dim * 8);
  return createHash("sha256").update(bytes).digest("hex").slice(0, 32);
}

/**
 * Rebuilds a population from its record: the candidate rows `ask(key, state).x` and their dimension. Every field is
 * checked (the state by its strategy's own restore), so a damaged record is refused naming the field.
 */
export function rebuildPopulation(json: string, fn: string): { x: Float64Array; dim: number } {
  let raw: { algorithm?: unknown; key?: unknown; state?: unknown };
  try {
    raw = JSON.parse(json) as typeof raw;
  } catch (e) {
    throw new Error(`${fn}: a population record is not JSON (${(e as Error).message})`);
  }
  const strategy = strategyByName(raw?.algorithm);
  if (strategy === undefined) throw new Error(`${fn}: a population record names an unknown algorithm ${show(raw?.algorithm)}`);
  const k = assertKey(fn, raw.key);
  const state = deserializeState(JSON.stringify(raw.state));
  if (state.algorithm !== raw.algorithm) throw new Error(`${fn}: a population record's state is of ${show(state.algorithm)}, not ${show(raw.algorithm)}`);
  return { x: strategy.ask(k, state).x, dim: state.dim };
}

/** Checks a keys job's fields (they come from Redis, i.e. from anyone who can write to it). */
export function checkKeysJob(fn: string, data: unknown): KeysJob {
  const j = data as Partial<KeysJob> | null;
  const nat = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  if (j === null || typeof j !== "object" || typeof j.population !== "string" || !/^[0-9a-f]{32}$/.test(j.population) || typeof j.digest !== "string" || !nat(j.start) || !nat(j.count) || j.count === 0 || typeof j.expires !== "number") {
    throw new Error(`${fn}: a malformed evaluateKeys job ${show(data)}`);
  }
  return j as KeysJob;
}
