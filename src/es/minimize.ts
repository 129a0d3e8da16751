/**
 * `minimize`: the high-level driver around the ask/tell optimizers (in the spirit of pycma's `fmin`).
 */
import { foldIn, key, type Key } from "../random/key.js";
import { checkOptionsObject, checkPositive, checkPositiveInt, show, toFiniteVector } from "../util/validate.js";
import type { GenerationInfo, MinimizeOptions, MinimizeResult, PopulationEvaluator, PopulationOrigin } from "./minimizeOptions.js";
import { objectiveIdentity, plainAlgorithmOptions, readMinimizeCheckpoint, writeMinimizeCheckpoint, type Cursor, type MinimizeIdentity, type RestartRecord } from "./minimizeCheckpoint.js";
import { strategies, strategyByName, type AlgorithmName } from "./registry.js";
import type { FitnessShaping } from "./shaping.js";
import { evaluatePopulation, MAX_ABS_COORDINATE, type EsStateBase, type Population } from "./strategy.js";
export { strategies, type AlgorithmName } from "./registry.js";
export type { GenerationInfo, MinimizeOptions, MinimizeResult, PopulationEvaluator, PopulationOrigin } from "./minimizeOptions.js";
export { CheckpointMismatchError, type RestartRecord } from "./minimizeCheckpoint.js";

/**
 * Thrown when `options.signal` aborts a run: at the end of the generation under way, after a checkpoint of that point
 * was passed to `options.checkpoint` (when given), so resuming from it loses nothing.
 */
export class MinimizeAborted extends Error {
  constructor(
    fn: string,
    /** Evaluations done (and saved, when `checkpointed`). */
    readonly evals: number,
    readonly checkpointed: boolean,
  ) {
    super(`${fn}: aborted after ${evals} evaluations${checkpointed ? "; a checkpoint of this point was written" : ""}`);
  }
}

/** Defaults that make each algorithm converge on smooth problems from its step size σ0 (documented in README). */
function defaultsFor(algorithm: AlgorithmName, sigma0: number): object {
  // The deprecated key learningRate, so that a caller's learningRate or learningRateMean both override it.
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

/** The keys of {@link MinimizeOptions}: any other key is refused (a misspelt `maxEval` would silently run 10⁴·d evaluations). */
const MINIMIZE_OPTION_KEYS: readonly (keyof MinimizeOptions)[] = [
  "algorithm", "sigma0", "seed", "maxEvals", "target", "tolSpread", "tolFun", "restarts", "algorithmOptions", "onGeneration", "onProgress",
  "checkpoint", "signal", "checkpointEvery", "resume", "resumeSource", "objectiveId",
];

/**
 * The minimize loop as a generator: it yields each population to evaluate and receives its fitness, so the same
 * code drives a synchronous f ({@link minimize}) and an asynchronous evaluator ({@link minimizeAsync}).
 */
function* minimizeLoop(fn: string, f: unknown, x0: ArrayLike<number>, givenOptions: MinimizeOptions | null): Generator<Population & { origin: PopulationOrigin }, MinimizeResult, Float64Array> {
  const options = checkOptionsObject<MinimizeOptions>(fn, givenOptions, "options", MINIMIZE_OPTION_KEYS);
  const start = toFiniteVector(fn, "x0", x0);
  const d = start.length;
  for (let j = 0; j < d; j++) {
    if (Math.abs(start[j]) > MAX_ABS_COORDINATE) throw new Error(`${fn}: x0[${j}] must satisfy |x0[${j}]| ≤ ${MAX_ABS_COORDINATE}, got ${show(start[j])}`);
  }
  const { algorithm = "xnes", sigma0 = 1, seed = 0, target = -Infinity, restarts = 0, onProgress } = options;
  const maxEvals = options.maxEvals ?? 10_000 * d;
  const strategy = strategyByName(algorithm);
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
  for (const name of ["onGeneration", "onProgress"] as const) {
    const v = options[name];
    if (v !== undefined && typeof v !== "function") throw new Error(`${fn}: ${name} must be a function (info) => void, got ${show(v)}`);
  }
  // After every generation: the run's own report, and the shared progress event of src/run/progress.ts.
  const onGeneration = (info: GenerationInfo): void => {
    options.onGeneration?.(info);
    onProgress?.({ done: info.evals, total: maxEvals, metrics: { bestF: info.bestF, generation: info.generation, restart: info.restart } });
  };
  const checkpointEvery = checkPositiveInt(fn, "checkpointEvery", options.checkpointEvery ?? 50);
  if (options.signal !== undefined && (options.signal === null || typeof options.signal.aborted !== "boolean")) throw new Error(`${fn}: signal must be an AbortSignal, got ${show(options.signal)}`);
  if (options.checkpoint !== undefined && typeof options.checkpoint !== "function") throw new Error(`${fn}: checkpoint must be a function (json: string) => void, got ${show(options.checkpoint)}`);
  if (options.objectiveId !== undefined && (typeof options.objectiveId !== "string" || options.objectiveId === "")) {
    throw new Error(`${fn}: objectiveId must be a non-empty string, got ${show(options.objectiveId)}`);
  }
  if (f === undefined && options.objectiveId === undefined && (options.checkpoint !== undefined || options.resume !== undefined)) {
    throw new Error(`${fn}: objectiveId is required with checkpoint or resume (an evaluator does not say which objective it computes)`);
  }
  const algorithmOptions: object = options.algorithmOptions ?? {};
  const customShaping = (algorithmOptions as { shaping?: unknown }).shaping;
  const identity: MinimizeIdentity = {
    objective: objectiveIdentity(options.objectiveId, f),
    algorithm,
    seed,
    x0: start,
    sigma0,
    maxEvals,
    target,
    tolSpread: options.tolSpread ?? null,
    tolFun: options.tolFun ?? null,
    restarts,
    algorithmOptions: plainAlgorithmOptions(algorithmOptions),
  };

  const base: Key = key(seed);
  const resumed =
    options.resume === undefined
      ? undefined
      : readMinimizeCheckpoint(fn, options.resume, identity, strategy, typeof customShaping === "function" ? (customShaping as FitnessShaping) : undefined, options.resumeSource);
  const history = resumed?.history ?? { evals: [] as number[], bestF: [] as number[] };
  const restartLog: RestartRecord[] = resumed?.restarts ?? [];
  let best = resumed?.best ?? { x: start.slice(), f: Infinity };
  let evals = resumed?.evals ?? 0;
  let generations = resumed?.generations ?? 0;
  let nonFinite = resumed?.nonFinite ?? 0;
  let stop: MinimizeResult["stop"] = "maxEvals";
  let state: EsStateBase | undefined;
  let restart = resumed?.restart ?? 0;
  const tolSpread = options.tolSpread ?? 1e-15 * (1 + Math.max(...Array.from(start, Math.abs)));
  const tolFun = options.tolFun ?? 1e-12;
  for (; restart <= restarts; restart++) {
    const runKey = foldIn(base, restart);
    let flat = 0;
    if (resumed !== undefined && restart === resumed.restart && state === undefined) {
      state = resumed.state;
      flat = resumed.flat;
    } else {
      const initOptions: { popSize?: number } = { ...defaultsFor(algorithm, sigma0), ...algorithmOptions };
      state = strategy.init(runKey, start, initOptions);
      if (restart > 0) {
        // IPOP: double the population at every restart (kept even for the antithetic algorithms).
        state = strategy.init(runKey, start, { ...initOptions, popSize: state.popSize * 2 ** restart });
      }
    }
    const patience = 10 + Math.ceil((30 * d) / state.popSize);
    stop = "maxEvals";
    while (evals < maxEvals) {
      const origin: PopulationOrigin = { algorithm, key: foldIn(runKey, state.generation), state };
      const population = strategy.ask(origin.key, state);
      const remaining = maxEvals - evals;
      if (remaining < population.size) {
        // The budget cuts this generation: evaluate its first `remaining` candidates (they may improve the best
        // point) but do not update the distribution from a partial population.
        const cut = { x: population.x.subarray(0, remaining * d), noise: population.noise.subarray(0, remaining * d), size: remaining, dim: d, origin };
        const fitness = yield cut;
        for (let i = 0; i < remaining; i++) {
          if (Number.isFinite(fitness[i]) && fitness[i] < best.f) best = { x: cut.x.slice(i * d, (i + 1) * d), f: fitness[i] };
          if (!Number.isFinite(fitness[i])) nonFinite++;
        }
        evals = maxEvals;
        generations++;
        history.evals.push(evals);
        history.bestF.push(best.f);
        onGeneration({ generation: generations, evals, bestF: best.f, restart, state });
        if (best.f <= target) stop = "target";
        break;
      }
      const fitness = yield { ...population, origin };
      state = strategy.tell(state, population, fitness);
      evals += population.size;
      generations++;
      if (state.bestF < best.f) best = { x: state.bestX.slice(), f: state.bestF };
      history.evals.push(evals);
      history.bestF.push(best.f);
      onGeneration({ generation: generations, evals, bestF: best.f, restart, state });
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
      const aborted = options.signal?.aborted === true;
      if (options.checkpoint !== undefined && (aborted || generations % checkpointEvery === 0)) {
        options.checkpoint(writeMinimizeCheckpoint(identity, { restart, evals, generations, nonFinite, best, history, restarts: restartLog, flat, state } satisfies Cursor));
      }
      if (aborted) throw new MinimizeAborted(fn, evals, options.checkpoint !== undefined);
    }
    nonFinite += state.nonFinite;
    if ((stop !== "tolSpread" && stop !== "tolFun") || evals >= maxEvals || restart === restarts) break;
    restartLog.push({ evals, reason: stop });
  }
  return {
    x: best.x,
    fx: best.f,
    evals,
    generations,
    nonFinite,
    restartsUsed: restartLog.length,
    restarts: restartLog,
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
export function minimize(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: MinimizeOptions | null = {}): MinimizeResult {
  if (typeof f !== "function") throw new Error(`minimize: f must be a function of one Float64Array, got ${show(f)}`);
  const loop = minimizeLoop("minimize", f, x0, options);
  let step = loop.next(new Float64Array(0));
  while (!step.done) step = loop.next(evaluatePopulation(f, step.value));
  return step.value;
}

/**
 * {@link minimize} with an asynchronous population evaluator (e.g. a worker pool from "mcgrad/es/parallel" —
 * see src/es/parallel.ts). Same options, same result; for a given seed the run is identical to `minimize` with the
 * same f, however the evaluator spreads the work.
 * @example const r = await minimizeAsync(pool.evaluate, x0, { seed: 1, maxEvals: 5000 });
 */
export async function minimizeAsync(evaluate: PopulationEvaluator, x0: ArrayLike<number>, options: MinimizeOptions | null = {}): Promise<MinimizeResult> {
  if (typeof evaluate !== "function") throw new Error(`minimizeAsync: evaluate must be a function (x, size, dim) → Promise<Float64Array>, got ${show(evaluate)}`);
  const loop = minimizeLoop("minimizeAsync", undefined, x0, options);
  let step = loop.next(new Float64Array(0));
  while (!step.done) {
    const p = step.value;
    const fitness = await evaluate(p.x, p.size, p.dim, p.origin);
    if (!(fitness instanceof Float64Array) || fitness.length !== p.size) {
      throw new Error(`minimizeAsync: evaluate must resolve to a Float64Array of length ${p.size}, got ${show(fitness)}`);
    }
    step = loop.next(fitness);
  }
  return step.value;
}
