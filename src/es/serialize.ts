/**
 * JSON round-trip of optimizer states, exact to the bit, through the one codec of src/util/codec.ts (−0, ±∞ and
 * NaN survive; Float64Arrays are tagged), so a run can be saved and resumed and continues identically to an
 * uninterrupted one. On the way back every field is checked for its domain by the strategy's own `restore`
 * (σ > 0, generation an integer ≥ 0, mean finite and |mean_j| ≤ 1e150, …): an edited or damaged state is refused,
 * naming the field. A custom shaping function cannot be serialized: serializeState throws, and deserializeState
 * accepts `{ shaping }` to re-attach one.
 */
import { PayloadReader } from "../run/checkpoint.js";
import { decodeExact, encodeExact } from "../util/codec.js";
import { show } from "../util/validate.js";
import { strategies, strategyByName } from "./registry.js";
import type { FitnessShaping } from "./shaping.js";
import type { EsStateBase } from "./strategy.js";

/**
 * Serializes an optimizer state (xnes, snes, openEs, pgpe) to a JSON string; {@link deserializeState} restores it
 * bit for bit.
 * @example const saved = serializeState(state); const resumed = deserializeState<XnesState>(saved);
 */
export function serializeState(state: EsStateBase): string {
  const fn = "serializeState";
  if (state === null || typeof state !== "object" || !(state.mean instanceof Float64Array)) {
    throw new Error(`${fn}: state must be an optimizer state made by init()/tell(), got ${show(state)}`);
  }
  if (typeof state.shaping === "function") {
    throw new Error(`${fn}: state.shaping is a function (a custom shaping?); use a shaping name, or re-attach the function with deserializeState(json, { shaping })`);
  }
  return JSON.stringify(encodeExact(state, "state", fn));
}

/**
 * Restores a state written by {@link serializeState}, checking every field (the error names the field and its
 * value). `options.shaping` re-attaches a custom shaping function.
 * @example const state = deserializeState<SnesState>(fs.readFileSync("run.json", "utf8"));
 */
export function deserializeState<S extends EsStateBase>(json: string, options: { shaping?: FitnessShaping } = {}): S {
  const fn = "deserializeState";
  if (typeof json !== "string") throw new Error(`${fn}: json must be a string from serializeState, got ${show(json)}`);
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`${fn}: json is not valid JSON (${(e as Error).message})`);
  }
  const reader = new PayloadReader(fn, "json", decodeExact(raw, "state", fn));
  const algorithm = reader.get("algorithm");
  const strategy = strategyByName(algorithm);
  if (strategy === undefined) return reader.fail("algorithm", `one of ${Object.keys(strategies).join(", ")}`, algorithm);
  const shaping = options?.shaping;
  if (shaping !== undefined && typeof shaping !== "function") throw new Error(`${fn}: options.shaping must be a function, got ${show(shaping)}`);
  // The caller names the state type S; restore has checked that the fields are those of `algorithm`.
  return strategy.restore(reader, "", shaping) as S;
}
