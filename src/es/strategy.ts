/**
 * The ask/tell contract shared by every black-box optimizer in src/es/ (in the style of evosax): all state is an
 * explicit, plain, JSON-serializable object (see ./serialize.ts) that `tell` returns anew and never mutates.
 *
 * Conventions: MINIMIZATION — lower fitness is better. A population is λ×d row-major. `ask` is a pure function of
 * (key, state): the same key and state give the same population, so a run resumed from a serialized state replays
 * exactly. Non-finite fitness values rank worst and are counted in `state.nonFinite` (see ./shaping.ts). Every
 * strategy's `tell` is built by ./tellStep.ts (check → shape → update → assert → bookkeeping, with the checks and the
 * bookkeeping below), and its `restore` reads a saved state back field by field (./stateReader.ts).
 */
import { assertKey, type Key } from "../random/key.js";
import type { PayloadReader } from "../run/checkpoint.js";
import { checkPositive, show, toFiniteVector } from "../util/validate.js";
import { resolveShaping, type FitnessShaping, type ShapingName } from "./shaping.js";

/**
 * The largest |coordinate| of a start point or a restored mean: beyond it x² overflows float64 and any quadratic
 * objective returns ∞ (1e150² = 1e300 is still finite).
 */
export const MAX_ABS_COORDINATE = 1e150;

/**
 * The largest number of float64 entries one array of a state or population may hold: 2²⁴ entries (128 MiB). A
 * generation holds a few such arrays (candidates, noise, score rows), so a run stays within about 1 GiB; larger sizes
 * are refused before anything is allocated, with this limit in the message.
 */
export const MAX_ENTRIES = 2 ** 24;

/** Candidates from `ask`: `x` (λ×d, row-major) to evaluate, plus the standard-normal noise `tell` needs. */
export interface Population {
  /** The candidates, λ×d row-major. */
  readonly x: Float64Array;
  /** The standard-normal draws behind x (λ×d), in the algorithm's own coordinates. */
  readonly noise: Float64Array;
  /** λ, the number of candidates. */
  readonly size: number;
  /** d, the search-space dimension. */
  readonly dim: number;
}

/** Fields every optimizer state carries. All numbers are finite except `bestF` (Infinity before any finite f). */
export interface EsStateBase {
  readonly algorithm: string;
  readonly dim: number;
  /** λ, candidates per generation. */
  readonly popSize: number;
  /** Centre of the search distribution. */
  readonly mean: Float64Array;
  readonly generation: number;
  /** Fitness evaluations told so far. */
  readonly evals: number;
  /** Non-finite fitness values told so far (each ranked worst). */
  readonly nonFinite: number;
  /** Best candidate told so far (x0 until a finite fitness arrives). */
  readonly bestX: Float64Array;
  readonly bestF: number;
  /** Fitness shaping, by name (serializable) or a custom function (not serializable). */
  readonly shaping: ShapingName | FitnessShaping;
}

/**
 * A black-box optimizer as three pure functions.
 * @example
 *   let s = xnes.init(key(0), [1, 1, 1]);
 *   for (let g = 0; g < 100; g++) {
 *     const pop = xnes.ask(foldIn(key(1), g), s);
 *     s = xnes.tell(s, pop, evaluatePopulation(sphere.f, pop));
 *   }
 */
export interface Strategy<S extends EsStateBase, O, P extends Population = Population> {
  readonly name: string;
  /** A fresh state centred at x0. */
  init(key: Key, x0: ArrayLike<number>, options?: O | null): S;
  /** Samples λ candidates (pure: same key and state ⇒ same population). */
  ask(key: Key, state: S): P;
  /** Updates the search distribution from the candidates' fitness (lower is better); returns a new state. */
  tell(state: S, population: P, fitness: ArrayLike<number>): S;
  /** The largest per-coordinate standard deviation of the search distribution (for stopping rules). */
  spread(state: S): number;
  /**
   * A state read back from decoded JSON (serializeState, a checkpoint), every field checked for its domain by
   * `reader` under the dotted `prefix` ("" for the top level). `shaping` re-attaches a custom shaping function.
   */
  restore(reader: PayloadReader, prefix: string, shaping?: FitnessShaping): S;
}

/**
 * Evaluates f on each row of a population; returns the λ fitness values (NaN and ±Infinity are passed through, to be
 * ranked worst). f must return a number: anything else (a string, undefined from a missing `return`) throws, here and
 * in the worker pool of ./parallel.ts alike, rather than being coerced.
 * @example const pop = xnes.ask(key(1), state); state = xnes.tell(state, pop, evaluatePopulation(sphere.f, pop));
 */
export function evaluatePopulation(f: (x: Float64Array) => number, population: Population): Float64Array {
  if (typeof f !== "function") throw new Error(`evaluatePopulation: f must be a function, got ${show(f)}`);
  if (population === null || typeof population !== "object" || !(population.x instanceof Float64Array) || population.x.length !== population.size * population.dim) {
    throw new Error(`evaluatePopulation: population must be { x, size, dim } from ask() (x of size×dim values), got ${show(population)}`);
  }
  const { x, size, dim } = population;
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = checkFitnessValue("evaluatePopulation", f(x.slice(i * dim, (i + 1) * dim)), i);
  return out;
}

/** f's value for candidate i, which must be a number (NaN and ±Infinity allowed: they rank worst). */
export function checkFitnessValue(fn: string, v: unknown, i: number): number {
  if (typeof v !== "number") throw new Error(`${fn}: f must return a number, got ${show(v)} for candidate ${i}`);
  return v;
}

/**
 * Validates init's key and x0 (finite, non-empty, |x0_j| ≤ 1e150) and returns x0 as a fresh Float64Array.
 * `entries(d)` is the number of float64 entries the state will hold, refused beyond {@link MAX_ENTRIES}.
 */
export function checkInit(fn: string, k: Key, x0: ArrayLike<number>, entries: (d: number) => number = (d) => d): Float64Array {
  assertKey(fn, k);
  const len = (x0 as ArrayLike<number> | null)?.length;
  if (typeof len === "number" && entries(len) > MAX_ENTRIES) {
    throw new Error(`${fn}: x0 has dimension ${len}, whose state would need ${entries(len)} float64 entries, more than the limit of ${MAX_ENTRIES} (128 MiB per array)`);
  }
  const x = toFiniteVector(fn, "x0", x0);
  for (let j = 0; j < x.length; j++) {
    if (Math.abs(x[j]) > MAX_ABS_COORDINATE) throw new Error(`${fn}: x0[${j}] must satisfy |x0[${j}]| ≤ ${MAX_ABS_COORDINATE}, got ${show(x[j])}`);
  }
  return x;
}

/**
 * Validates that `state` is a state of `algorithm` (made by its init/tell or deserializeState): a state of another
 * optimizer would otherwise give a NaN population or an opaque TypeError deep inside ask/tell.
 */
export function checkState(fn: string, algorithm: string, state: EsStateBase): void {
  if (state === null || typeof state !== "object" || !(state.mean instanceof Float64Array)) {
    throw new Error(`${fn}: state must be a state made by init() or deserializeState(), got ${show(state)}`);
  }
  if (state.algorithm !== algorithm) {
    throw new Error(`${fn}: state must be a state of ${algorithm} (from its init/tell or deserializeState), got a state of ${show(state.algorithm)}`);
  }
  const { dim, popSize } = state;
  if (!Number.isInteger(dim) || dim < 1 || state.mean.length !== dim || !Number.isInteger(popSize) || popSize < 2) {
    throw new Error(`${fn}: state is corrupt (dim ${show(dim)}, popSize ${show(popSize)}, mean of length ${state.mean.length})`);
  }
}

/** Validates ask's key and state. */
export function checkAsk(fn: string, algorithm: string, k: Key, state: EsStateBase): void {
  assertKey(fn, k);
  checkState(fn, algorithm, state);
}

/** Validates a state (of `algorithm`), a population against it, and the fitness length. */
export function checkTell(fn: string, algorithm: string, state: EsStateBase, population: Population, fitness: ArrayLike<number>): void {
  checkState(fn, algorithm, state);
  if (population === null || typeof population !== "object" || !(population.noise instanceof Float64Array)) {
    throw new Error(`${fn}: population must be the object returned by ask(), got ${show(population)}`);
  }
  const { size, dim } = population;
  if (dim !== state.dim || size !== state.popSize || population.noise.length !== size * dim || population.x.length !== size * dim) {
    throw new Error(
      `${fn}: population must be ${state.popSize}×${state.dim} (from ask() on this state), got ${size}×${dim}`,
    );
  }
  if (fitness === null || typeof fitness !== "object" || fitness.length !== size) {
    throw new Error(`${fn}: fitness must have one value per candidate (${size}), got ${show(fitness)}`);
  }
}

/** The bookkeeping part of a new state: counters and the best candidate so far. */
export function bookkeeping(
  state: EsStateBase,
  population: Population,
  fitness: ArrayLike<number>,
  nonFinite: number,
): Pick<EsStateBase, "generation" | "evals" | "nonFinite" | "bestX" | "bestF"> {
  let bestF = state.bestF;
  let bestI = -1;
  for (let i = 0; i < population.size; i++) {
    const f = fitness[i];
    if (Number.isFinite(f) && f < bestF) {
      bestF = f;
      bestI = i;
    }
  }
  const d = population.dim;
  return {
    generation: state.generation + 1,
    evals: state.evals + population.size,
    nonFinite: state.nonFinite + nonFinite,
    bestX: bestI < 0 ? state.bestX : population.x.slice(bestI * d, (bestI + 1) * d),
    bestF,
  };
}

/** The `popSize` option: a positive integer (≥ 2), or the default. */
export function checkPopSize(fn: string, popSize: unknown, fallback: number, dim: number, even = false): number {
  const v = popSize ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 2 || (even && v % 2 !== 0)) {
    throw new Error(`${fn}: popSize must be an ${even ? "even " : ""}integer ≥ 2, got ${show(popSize)}`);
  }
  if (v * dim > MAX_ENTRIES) throw new Error(`${fn}: popSize ${v} × dimension ${dim} = ${v * dim} entries per population, more than the limit of ${MAX_ENTRIES} (128 MiB per array)`);
  return v;
}

/** A positive finite option value, or the default. */
export function positiveOption(fn: string, name: string, value: unknown, fallback: number): number {
  return checkPositive(fn, name, value ?? fallback);
}

/** The `stepSizeAdaptation` option of xnes and snes: "nes" (the default) or "path". */
export function checkAdaptation(fn: string, v: unknown): "nes" | "path" {
  if (v === undefined || v === "nes" || v === "path") return v ?? "nes";
  throw new Error(`${fn}: stepSizeAdaptation must be "nes" or "path", got ${show(v)}`);
}

/** The fields every init sets alike: a fresh run centred at `mean`, no evaluations yet, the best point x0 with f = Infinity. */
export function initialState<A extends string>(algorithm: A, mean: Float64Array, popSize: number, shaping: ShapingName | FitnessShaping) {
  resolveShaping(`${algorithm}.init`, shaping); // a bad name is refused at init, not at the first tell
  return { algorithm, dim: mean.length, popSize, mean, generation: 0, evals: 0, nonFinite: 0, bestX: mean.slice(), bestF: Infinity, shaping };
}

/** The default NES population size λ = 4 + ⌊3 ln d⌋ (Wierstra et al. 2014, Table 1). */
export function defaultPopSize(d: number): number {
  return 4 + Math.floor(3 * Math.log(d));
}
