/**
 * Reading an optimizer state back from a checkpoint or serializeState's JSON, every field checked for its domain
 * (a PayloadReader from src/run/checkpoint.ts): a state edited to σ = −1, generation = −1 or mean[0] = 1e308 is
 * refused, naming the source and the field, instead of silently changing the run.
 */
import type { NumberRule, PayloadReader } from "../run/checkpoint.js";
import type { ShapingName } from "./shaping.js";
import { fail } from "../util/validate.js";
import { MAX_ABS_COORDINATE, MAX_ENTRIES, type EsStateBase } from "./strategy.js";
import type { CumulationParameters } from "./cumulation.js";

const SHAPING_NAMES: readonly ShapingName[] = ["nes", "centeredRanks", "zScores"];

/** Domain rules shared by the strategies' fields. */
export const RULES = {
  count: { integer: true, min: 0 },
  positive: { above: 0 },
  /** A step size: > 0 and ≤ 1e150, so that mean + σ·noise stays finite. */
  scale: { above: 0, max: MAX_ABS_COORDINATE },
  coordinate: { min: -MAX_ABS_COORDINATE, max: MAX_ABS_COORDINATE },
  finite: {},
} as const satisfies Record<string, NumberRule>;

/** Dotted field paths under a prefix ("" for the top level). */
export function fieldPath(prefix: string): (name: string) => string {
  return (name) => (prefix === "" ? name : `${prefix}.${name}`);
}

/**
 * The fields of {@link EsStateBase}, checked: algorithm, dim ≥ 1, popSize ≥ 2, generation/evals/nonFinite integers
 * ≥ 0, mean and bestX finite coordinates with |x| ≤ 1e150, bestF a number (Infinity before any finite f), shaping a
 * built-in name — or `customShaping`, when the state held a function that the caller re-attaches.
 */
export function readStateBase<A extends string>(r: PayloadReader, prefix: string, algorithm: A, customShaping?: EsStateBase["shaping"]) {
  const fn = `${algorithm}.restore`;
  const rr = r as Partial<PayloadReader> | null;
  if (rr === null || typeof rr !== "object" || typeof rr.string !== "function" || typeof rr.number !== "function" || typeof rr.vector !== "function" || typeof rr.fail !== "function") {
    fail(fn, "reader", "a PayloadReader (deserializeState and minimize's resume make one)", r);
  }
  if (typeof prefix !== "string") fail(fn, "prefix", "a string (\"\" for the top level)", prefix);
  if (customShaping !== undefined && typeof customShaping !== "function") fail(fn, "shaping", "a fitness-shaping function (or omitted)", customShaping);
  const p = fieldPath(prefix);
  r.string(p("algorithm"), [algorithm]);
  const dim = r.number(p("dim"), { integer: true, min: 1, max: MAX_ENTRIES });
  // λ·d entries per population array, at most MAX_ENTRIES (128 MiB): a larger λ would exhaust memory in ask.
  const popSize = r.number(p("popSize"), { integer: true, min: 2 });
  if (popSize * dim > MAX_ENTRIES) r.fail(p("popSize"), `an integer with popSize·dim ≤ ${MAX_ENTRIES} (dim = ${dim})`, popSize);
  const shaping = customShaping ?? r.string(p("shaping"), SHAPING_NAMES) as ShapingName;
  // Vectors whose length is dim: a mismatch names both fields (which of the two was edited cannot be told).
  for (const name of ["mean", "bestX"]) {
    const v = r.get(p(name));
    if (v instanceof Float64Array && v.length !== dim) r.fail(p(name), `a vector of dim = ${dim} numbers`, v);
  }
  return {
    algorithm,
    dim,
    popSize,
    mean: r.vector(p("mean"), dim, RULES.coordinate),
    generation: r.number(p("generation"), RULES.count),
    evals: r.number(p("evals"), RULES.count),
    nonFinite: r.number(p("nonFinite"), RULES.count),
    bestX: r.vector(p("bestX"), dim, RULES.coordinate),
    bestF: r.number(p("bestF"), { infinite: true }),
    shaping,
  };
}

/** CMA-ES cumulation constants: all finite and > 0. */
export function readCumulation(r: PayloadReader, prefix: string): CumulationParameters {
  const p = fieldPath(prefix);
  const n = (k: keyof CumulationParameters) => r.number(p(k), RULES.positive);
  return { muEff: n("muEff"), cSigma: n("cSigma"), dSigma: n("dSigma"), cC: n("cC"), c1: n("c1"), chiD: n("chiD") };
}

/** A plain array of finite numbers of the given length (the optim/ states keep plain arrays). */
export function readNumberArray(r: PayloadReader, path: string, length: number): number[] {
  const v = r.get(path);
  if (!Array.isArray(v) || v.length !== length) r.fail(path, `an array of ${length} numbers`, v);
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== "number" || !Number.isFinite(v[i])) r.fail(`${path}[${i}]`, "a finite number", v[i]);
  return v as number[];
}
