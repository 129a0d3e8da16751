/**
 * `minimize`: the high-level driver around the ask/tell optimizers (in the spirit of pycma's `fmin`).
 */
import { foldIn, key, type Key } from "../random/key.js";
import { checkPositive, checkPositiveInt, show, toFiniteVector } from "../util/validate.js";
import { openEs, type OpenEsOptions } from "./openEs.js";
import { pgpe, type PgpeOptions } from "./pgpe.js";
import { snes, type SnesOptions } from "./snes.js";
import { decode, encode } from "./serialize.js";
import type { FitnessShaping } from "./shaping.js";
import { checkState, evaluatePopulation, type EsStateBase, type Population, type Strategy } from "./strategy.js";
import { xnes, type XnesOptions } from "./xnes.js";

/** The algorithms {@link minimize} can run. */
export type AlgorithmName = "xnes" | "snes" | "openEs" | "pgpe";

/** The strategy objects by name. */
export const strategies: { readonly [K in AlgorithmName]: Strategy<EsStateBase, object, Population> } = {
  xnes: xnes as unknown as Strategy<EsStateBase, object, Population>,
  snes: snes as unknown as Strategy<EsStateBase, object, Population>,
  openEs: openEs as unknown as Strategy<EsStateBase, object, Population>,
  pgpe: pgpe as unknown as Strategy<EsStateBase, object, Population>,
};

/** What {@link minimize} reports after every generation. */
export interface GenerationInfo {
  readonly generation: number;
  readonly evals: number;
  readonly bestF: number;
  readonly restart: number;
  readonly state: EsStateBase;
}

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /** Default "xnes". */
  algorithm?: AlgorithmName;
  /** Initial step size (default 1). For openEs it is the noise scale σ; see the per-algorithm defaults below. */
  sigma0?: number;
  /** Seed of the run's key (default 0). */
  seed?: number;
  /** Evaluation budget (default 10⁴·d); the last generation may overshoot it by less than λ. */
  maxEvals?: number;
  /** Stop once the best f ≤ target (default −Infinity: never). */
  target?: number;
  /** Stop (or restart) when the search distribution's largest standard deviation falls below this (default 1e-15·(1 + ‖x‖∞)). */
  tolSpread?: number;
  /**
   * Stagnation: stop (or restart) after 10 + ⌈30 d/λ⌉ generations in a row whose f values (finite ones) span less than
   * tolFun (default 1e-12), as pycma's tolfun.
   */
  tolFun?: number;
  /** Restarts with doubled population after stagnation, while budget remains (IPOP-style; default 0). */
  restarts?: number;
  /** Extra options for the algorithm's init (override the defaults minimize picks). */
  algorithmOptions?: XnesOptions | SnesOptions | OpenEsOptions | PgpeOptions;
  /** Called after every generation (e.g. for a progress bar). */
  onGeneration?: (info: GenerationInfo) => void;
  /**
   * Called every `checkpointEvery` generations with a JSON string holding the whole run (optimizer state, restart,
   * budget used, best point, history). Write it to disk; pass it back as `resume` to continue the run exactly.
   */
  checkpoint?: (json: string) => void;
  /** Generations between checkpoints (default 50). */
  checkpointEvery?: number;
  /**
   * A checkpoint string from an earlier run with the same x0, algorithm, seed and options: the run continues from
   * there and ends exactly as the uninterrupted run would have (same draws, same result, bit for bit). A different
   * algorithm, seed or x0, fewer restarts than the checkpoint's, or a damaged checkpoint throw. A custom shaping
   * function is not stored: pass the same one again in algorithmOptions.shaping.
   */
  resume?: string;
}

/** The loop's position, as stored in a checkpoint. */
interface Cursor {
  restart: number;
  evals: number;
  generations: number;
  /** Non-finite f values of the restarts already finished. */
  nonFinite: number;
  best: { x: Float64Array; f: number };
  history: { evals: number[]; bestF: number[] };
  flat: number;
  state: EsStateBase;
}

const CHECKPOINT_KIND = "mcgrad.minimize";

/** Stands in a checkpoint for a custom shaping function, which minimize re-attaches from algorithmOptions on resume. */
const CUSTOM_SHAPING = "$custom";

function writeCheckpoint(algorithm: string, seed: number, x0: Float64Array, cursor: Cursor): string {
  const state = typeof cursor.state.shaping === "function" ? { ...cursor.state, shaping: CUSTOM_SHAPING } : cursor.state;
  const encoded = encode({ ...cursor, state }, "checkpoint");
  return JSON.stringify({ kind: CHECKPOINT_KIND, version: 1, algorithm, seed, dim: x0.length, x0: encode(x0, "x0"), cursor: encoded });
}

/** A decoded cursor, checked field by field so a damaged checkpoint fails here rather than silently starting over. */
function checkCursor(fn: string, c: Cursor, algorithm: string, dim: number, restarts: number, shaping: unknown): Cursor {
  const bad = (what: string, v: unknown): never => {
    throw new Error(`${fn}: resume holds a damaged checkpoint (${what} = ${show(v)})`);
  };
  if (c === null || typeof c !== "object") bad("cursor", c);
  for (const k of ["restart", "evals", "generations", "nonFinite", "flat"] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 0) bad(k, c[k]);
  }
  if (!(c.best?.x instanceof Float64Array) || c.best.x.length !== dim || typeof c.best.f !== "number") bad("best", c.best);
  if (!Array.isArray(c.history?.evals) || !Array.isArray(c.history?.bestF) || c.history.evals.length !== c.history.bestF.length) bad("history", c.history);
  checkState(fn, algorithm, c.state);
  if (c.state.dim !== dim) bad("state.dim", c.state.dim);
  if (c.restart > restarts) {
    throw new Error(`${fn}: resume was written during restart ${c.restart}, but this run has restarts = ${restarts}`);
  }
  if ((c.state.shaping as unknown) === CUSTOM_SHAPING) {
    if (typeof shaping !== "function") {
      throw new Error(`${fn}: resume was written with a custom shaping function; pass the same function as algorithmOptions.shaping, got ${show(shaping)}`);
    }
    return { ...c, state: { ...c.state, shaping: shaping as FitnessShaping } };
  }
  return c;
}

function readCheckpoint(fn: string, json: unknown, algorithm: string, seed: number, x0: Float64Array): Cursor {
  const dim = x0.length;
  if (typeof json !== "string") throw new Error(`${fn}: resume must be a checkpoint string from the checkpoint callback, got ${show(json)}`);
  let raw: { kind?: unknown; version?: unknown; algorithm?: unknown; seed?: unknown; dim?: unknown; x0?: unknown; cursor?: unknown };
  try {
    raw = JSON.parse(json) as typeof raw;
  } catch (e) {
    throw new Error(`${fn}: resume is not valid JSON (${(e as Error).message})`);
  }
  if (raw?.kind !== CHECKPOINT_KIND || raw.version !== 1) throw new Error(`${fn}: resume is not a minimize checkpoint (kind ${show(raw?.kind)}, version ${show(raw?.version)})`);
  const mismatch = (what: string, got: unknown, want: unknown): never => {
    throw new Error(`${fn}: resume was written with ${what} = ${show(got)}, but this run has ${what} = ${show(want)}`);
  };
  if (raw.algorithm !== algorithm) mismatch("algorithm", raw.algorithm, algorithm);
  if (raw.seed !== seed) mismatch("seed", raw.seed, seed);
  if (raw.dim !== dim) mismatch("the dimension of x0", raw.dim, dim);
  // Checkpoints written before x0 was recorded carry none; otherwise a different x0 would change every restart.
  if (raw.x0 !== undefined) {
    const saved = decode(raw.x0);
    if (!(saved instanceof Float64Array) || saved.some((v, i) => !Object.is(v, x0[i]))) mismatch("x0", saved, x0);
  }
  return decode(raw.cursor) as Cursor;
}

/** Result of {@link minimize}. */
export interface MinimizeResult {
  /** Best candidate found. */
  readonly x: Float64Array;
  /** f at x. */
  readonly fx: number;
  /** Function evaluations used. */
  readonly evals: number;
  readonly generations: number;
  /** Non-finite f values met (each ranked worst). */
  readonly nonFinite: number;
  readonly restartsUsed: number;
  /** Why the run ended. */
  readonly stop: "target" | "maxEvals" | "tolSpread" | "tolFun";
  /** Per generation: evaluations so far and the best f so far. */
  readonly history: { readonly evals: number[]; readonly bestF: number[] };
  /** The final optimizer state (serializable with serializeState). */
  readonly state: EsStateBase;
}

/** Defaults that make each algorithm converge on smooth problems from its step size σ0 (documented in README). */
function defaultsFor(algorithm: AlgorithmName, sigma0: number): object {
  if (algorithm === "openEs") return { sigma0, learningRate: 0.2 * sigma0, sigmaDecay: 0.995, learningRateDecay: 0.995 };
  return { sigma0 };
}

/** max − min of the finite values (Infinity if fewer than two are finite). */
function range(values: Float64Array): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return hi > lo || hi === lo ? hi - lo : Infinity;
}

/**
 * The minimize loop as a generator: it yields each population to evaluate and receives its fitness, so the same
 * code drives a synchronous f ({@link minimize}) and an asynchronous evaluator ({@link minimizeAsync}).
 */
function* minimizeLoop(fn: string, x0: ArrayLike<number>, options: MinimizeOptions): Generator<Population, MinimizeResult, Float64Array> {
  if (options === null || typeof options !== "object") throw new Error(`${fn}: options must be an object, got ${show(options)}`);
  const start = toFiniteVector(fn, "x0", x0);
  const d = start.length;
  const { algorithm = "xnes", sigma0 = 1, seed = 0, target = -Infinity, restarts = 0, onGeneration } = options;
  const maxEvals = options.maxEvals ?? 10_000 * d;
  const strategy = strategies[algorithm];
  if (strategy === undefined) throw new Error(`${fn}: algorithm must be one of ${Object.keys(strategies).join(", ")}, got ${show(algorithm)}`);
  checkPositive(fn, "sigma0", sigma0);
  checkPositiveInt(fn, "maxEvals", maxEvals);
  if (!Number.isSafeInteger(seed)) throw new Error(`${fn}: seed must be a safe integer, got ${show(seed)}`);
  if (typeof target !== "number" || Number.isNaN(target)) throw new Error(`${fn}: target must be a number, got ${show(target)}`);
  if (!Number.isInteger(restarts) || restarts < 0) throw new Error(`${fn}: restarts must be an integer ≥ 0, got ${show(restarts)}`);

  for (const name of ["tolSpread", "tolFun"] as const) {
    const v = options[name];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0))) throw new Error(`${fn}: ${name} must be a number ≥ 0, got ${show(v)}`);
  }
  if (onGeneration !== undefined && typeof onGeneration !== "function") throw new Error(`${fn}: onGeneration must be a function (info) => void, got ${show(onGeneration)}`);
  const checkpointEvery = checkPositiveInt(fn, "checkpointEvery", options.checkpointEvery ?? 50);
  if (options.checkpoint !== undefined && typeof options.checkpoint !== "function") throw new Error(`${fn}: checkpoint must be a function (json: string) => void, got ${show(options.checkpoint)}`);

  const base: Key = key(seed);
  const resumed =
    options.resume === undefined
      ? undefined
      : checkCursor(fn, readCheckpoint(fn, options.resume, algorithm, seed, start), algorithm, d, restarts, (options.algorithmOptions as { shaping?: unknown } | undefined)?.shaping);
  const history = resumed?.history ?? { evals: [] as number[], bestF: [] as number[] };
  let best = resumed?.best ?? { x: start.slice(), f: Infinity };
  let evals = resumed?.evals ?? 0;
  let generations = resumed?.generations ?? 0;
  let nonFinite = resumed?.nonFinite ?? 0;
  let stop: MinimizeResult["stop"] = "maxEvals";
  let state: EsStateBase | undefined;
  let restart = resumed?.restart ?? 0;
  for (; restart <= restarts; restart++) {
    const runKey = foldIn(base, restart);
    let flat = 0;
    if (resumed !== undefined && restart === resumed.restart && state === undefined) {
      state = resumed.state;
      flat = resumed.flat;
    } else {
      const initOptions: { popSize?: number } = { ...defaultsFor(algorithm, sigma0), ...options.algorithmOptions };
      state = strategy.init(runKey, start, initOptions);
      if (restart > 0) {
        // IPOP: double the population at every restart (kept even for the antithetic algorithms).
        state = strategy.init(runKey, start, { ...initOptions, popSize: state.popSize * 2 ** restart });
      }
    }
    const tolSpread = options.tolSpread ?? 1e-15 * (1 + Math.max(...Array.from(start, Math.abs)));
    const tolFun = options.tolFun ?? 1e-12;
    const patience = 10 + Math.ceil((30 * d) / state.popSize);
    stop = "maxEvals";
    while (evals < maxEvals) {
      const population = strategy.ask(foldIn(runKey, state.generation), state);
      const fitness = yield population;
      state = strategy.tell(state, population, fitness);
      evals += population.size;
      generations++;
      if (state.bestF < best.f) best = { x: state.bestX.slice(), f: state.bestF };
      history.evals.push(evals);
      history.bestF.push(best.f);
      onGeneration?.({ generation: generations, evals, bestF: best.f, restart, state });
      if (best.f <= target) {
        stop = "target";
        break;
      }
      if (strategy.spread(state) < tolSpread) {
        stop = "tolSpread";
        break;
      }
      flat = range(fitness) < tolFun ? flat + 1 : 0;
      if (flat >= patience) {
        stop = "tolFun";
        break;
      }
      // Checkpoint only once this generation's stop checks have passed, so a resumed run takes the same next step.
      if (options.checkpoint !== undefined && generations % checkpointEvery === 0) {
        options.checkpoint(writeCheckpoint(algorithm, seed, start, { restart, evals, generations, nonFinite, best, history, flat, state }));
      }
    }
    nonFinite += state.nonFinite;
    if ((stop !== "tolSpread" && stop !== "tolFun") || evals >= maxEvals) break;
  }
  return {
    x: best.x,
    fx: best.f,
    evals,
    generations,
    nonFinite,
    restartsUsed: Math.min(restart, restarts),
    stop,
    history,
    state: state as EsStateBase,
  };
}

/**
 * Minimizes a black-box f: R^d → R from x0 with an evolution strategy (minimization convention). Evaluations that
 * return NaN or ±Infinity rank worst and are counted (`nonFinite`); they never reach the state. The run is
 * deterministic for a given seed: generation g of restart r uses the key foldIn(foldIn(key(seed), r), g).
 * Stops at `target`, at `maxEvals`, or on stagnation (tolSpread / tolFun, then restarts if asked).
 * Requires only f values (no gradient). Per-algorithm defaults: openEs uses learningRate 0.2·σ0 and decays σ and the
 * learning rate by 0.995 per generation (so it converges); the others use the papers' defaults with σ0. For xnes
 * and snes, `algorithmOptions: { stepSizeAdaptation: "path" }` (cumulative step-size and evolution paths) needs
 * 2–3× fewer evaluations on smooth unimodal problems (CMA-ES level; numbers in xnes.ts/snes.ts).
 * References: xnes, snes (Wierstra et al. 2014), openEs (Salimans et al. 2017), pgpe (Sehnke et al. 2010).
 * @example
 *   const r = minimize(rosenbrock.f, new Float64Array(5), { sigma0: 0.5, target: 1e-10 });
 *   // r.x ≈ [1, 1, 1, 1, 1], r.fx ≤ 1e-10, r.evals ≈ 3000
 */
export function minimize(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  if (typeof f !== "function") throw new Error(`minimize: f must be a function of one Float64Array, got ${show(f)}`);
  const loop = minimizeLoop("minimize", x0, options);
  let step = loop.next(new Float64Array(0));
  while (!step.done) step = loop.next(evaluatePopulation(f, step.value));
  return step.value;
}

/** Evaluates a whole population (λ×d row-major) asynchronously; returns λ fitness values. */
export type PopulationEvaluator = (x: Float64Array, size: number, dim: number) => Promise<Float64Array>;

/**
 * {@link minimize} with an asynchronous population evaluator (e.g. a worker pool from "mcgrad/es/parallel" —
 * see src/es/parallel.ts). Same options, same result; for a given seed the run is identical to `minimize` with the
 * same f, however the evaluator spreads the work.
 * @example const r = await minimizeAsync(pool.evaluate, x0, { seed: 1, maxEvals: 5000 });
 */
export async function minimizeAsync(evaluate: PopulationEvaluator, x0: ArrayLike<number>, options: MinimizeOptions = {}): Promise<MinimizeResult> {
  if (typeof evaluate !== "function") throw new Error(`minimizeAsync: evaluate must be a function (x, size, dim) → Promise<Float64Array>, got ${show(evaluate)}`);
  const loop = minimizeLoop("minimizeAsync", x0, options);
  let step = loop.next(new Float64Array(0));
  while (!step.done) {
    const p = step.value;
    const fitness = await evaluate(p.x, p.size, p.dim);
    if (!(fitness instanceof Float64Array) || fitness.length !== p.size) {
      throw new Error(`minimizeAsync: evaluate must resolve to a Float64Array of length ${p.size}, got ${show(fitness)}`);
    }
    step = loop.next(fitness);
  }
  return step.value;
}
