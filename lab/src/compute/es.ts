/**
 * Black-box optimization in 2-D (pure; the worker keeps the run, the e2e tests replay it in Node): xNES, SNES,
 * OpenAI-ES and PGPE from src/es, each by its own ask/tell, on one test function from the same start. A snapshot
 * holds each search distribution (mean and covariance), its last population, its best f and the evaluations used.
 */
import { foldIn, key } from "../../../src/random/key.js";
import { openEs } from "../../../src/es/openEs.js";
import { pgpe } from "../../../src/es/pgpe.js";
import { snes } from "../../../src/es/snes.js";
import type { EsStateBase, Population, Strategy } from "../../../src/es/strategy.js";
import { testFunction } from "../../../src/es/testFunctions.js";
import { xnes } from "../../../src/es/xnes.js";

export const ES_ALGORITHMS = ["xnes", "snes", "openEs", "pgpe"] as const;
const STRATEGIES = { xnes, snes, openEs, pgpe } as unknown as Record<string, Strategy<EsStateBase, object, Population>>;

export interface EsParams {
  fn: string;
  seed: number;
  x0: [number, number];
  sigma0: number;
  /** Stop counting evaluations to target when best f ≤ target. */
  target: number;
}

export interface EsAlgoSnapshot {
  name: string;
  generation: number;
  mean: number[];
  /** Covariance of the search distribution, 2×2 row-major. */
  cov: number[];
  population: number[];
  bestF: number;
  evals: number;
  curve: { evals: number[]; bestF: number[] };
  /** Evaluations when best f first reached the target, or null. */
  evalsToTarget: number | null;
}

export interface EsRun {
  readonly params: EsParams;
  readonly states: EsStateBase[];
  readonly snapshot: { fn: string; target: number; algos: EsAlgoSnapshot[] };
}

/** Initial options as `minimize` sets them for a start scale sigma0 (src/es/minimize.ts). */
function initOptions(name: string, sigma0: number): object {
  return name === "openEs" ? { sigma0, learningRate: 0.2 * sigma0, sigmaDecay: 0.995, learningRateDecay: 0.995 } : { sigma0 };
}

/** The search distribution's covariance from a state (σ²BBᵀ for xNES, diag σ² for SNES/PGPE, σ²I for OpenAI-ES). */
export function searchCovariance(s: EsStateBase): number[] {
  const st = s as EsStateBase & { sigma: number | Float64Array; B?: Float64Array };
  if (st.algorithm === "xnes") {
    const sg = st.sigma as number;
    const B = st.B!;
    const c = [0, 0, 0, 0];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let m = 0; m < 2; m++) c[i * 2 + j] += sg * sg * B[i * 2 + m] * B[j * 2 + m];
    return c;
  }
  if (typeof st.sigma === "number") return [st.sigma ** 2, 0, 0, st.sigma ** 2];
  return [st.sigma[0] ** 2, 0, 0, st.sigma[1] ** 2];
}

function snapshotOf(s: EsStateBase, pop: Population | null, prev: EsAlgoSnapshot | null, target: number): EsAlgoSnapshot {
  const curve = prev ? { evals: [...prev.curve.evals, s.evals], bestF: [...prev.curve.bestF, s.bestF] } : { evals: [], bestF: [] };
  const hit = prev?.evalsToTarget ?? (s.bestF <= target && s.evals > 0 ? s.evals : null);
  return { name: s.algorithm, generation: s.generation, mean: Array.from(s.mean), cov: searchCovariance(s), population: pop ? Array.from(pop.x) : [], bestF: s.bestF, evals: s.evals, curve, evalsToTarget: hit };
}

export function esInit(p: EsParams): EsRun {
  const tf = testFunction(p.fn);
  if (!(p.sigma0 > 0) || !Number.isFinite(p.sigma0)) throw new Error(`σ₀ must be a finite number > 0, got ${p.sigma0}`);
  const root = key(p.seed);
  const states = ES_ALGORITHMS.map((name, i) => STRATEGIES[name].init(foldIn(root, 100 + i), p.x0, initOptions(name, p.sigma0)));
  return { params: p, states, snapshot: { fn: tf.name, target: p.target, algos: states.map((s) => snapshotOf(s, null, null, p.target)) } };
}

/** One generation of every algorithm: ask with the key of (algorithm, generation), evaluate, tell. */
export function esStep(run: EsRun): EsRun {
  const tf = testFunction(run.params.fn);
  const root = key(run.params.seed);
  const states = run.states.map((s, i) => {
    const strat = STRATEGIES[ES_ALGORITHMS[i]];
    const pop = strat.ask(foldIn(foldIn(root, i), s.generation), s);
    const fit = new Float64Array(pop.size);
    for (let c = 0; c < pop.size; c++) fit[c] = tf.f(pop.x.subarray(c * pop.dim, (c + 1) * pop.dim));
    return { state: strat.tell(s, pop, fit), pop };
  });
  return {
    params: run.params,
    states: states.map((s) => s.state),
    snapshot: { ...run.snapshot, algos: states.map((s, i) => snapshotOf(s.state, s.pop, run.snapshot.algos[i], run.params.target)) },
  };
}
