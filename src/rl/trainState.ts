/**
 * The state of a `train` run between two updates — everything the next update depends on — as plain data, and its
 * field-by-field validation when a checkpoint is read back (src/run/checkpoint.ts's PayloadReader).
 */
import type { PayloadReader } from "../run/checkpoint.js";
import type { RlAlgorithm } from "./algorithm.js";
import type { EnvSnapshot } from "./resumableEnv.js";
import type { RolloutState } from "./rollout.js";

/** One evaluation: `episodes` fresh episodes after `steps` training steps. */
export interface EvaluationPoint {
  readonly steps: number;
  readonly mean: number;
  readonly stderr: number;
  readonly episodes: number;
}

/** Gradient diagnostics of one update: per estimator variant, the mean per-coordinate variance and |SNR|. */
export interface DiagnosticsPoint {
  readonly steps: number;
  readonly update: number;
  readonly variants: Readonly<Record<string, { readonly meanVariance: number; readonly meanAbsSnr: number }>>;
}

/** The loop state of `train` (see the module comment). */
export interface TrainState {
  readonly update: number;
  readonly envSteps: number;
  readonly theta: Float64Array;
  readonly opt: unknown;
  readonly rollout: RolloutState;
  readonly envs: readonly EnvSnapshot[];
  /** Returns of the last (at most 100) finished training episodes, oldest first. */
  readonly recent: readonly number[];
  readonly episodes: number;
  /** The training curve: mean of `recent` after each update that had finished episodes. */
  readonly curve: { readonly steps: readonly number[]; readonly meanReturn: readonly number[] };
  readonly evaluations: readonly EvaluationPoint[];
  readonly diagnostics: readonly DiagnosticsPoint[];
  readonly nextEval: number;
  readonly solvedAt: number | null;
  readonly lastStats: Readonly<Record<string, number>>;
}

const count = { integer: true, min: 0 } as const;

function numbers(r: PayloadReader, path: string, rule: Parameters<PayloadReader["number"]>[1] = {}): number[] {
  const v = r.get(path);
  if (!Array.isArray(v)) r.fail(path, "an array of numbers", v);
  return v.map((_, i) => r.number(`${path}.${i}`, rule));
}

function list(r: PayloadReader, path: string): unknown[] {
  const v = r.get(path);
  if (!Array.isArray(v)) r.fail(path, "an array", v);
  return v;
}

/** Reads and checks a {@link TrainState} payload for `alg` with `numEnvs` envs. */
export function readTrainState(r: PayloadReader, alg: RlAlgorithm, numEnvs: number): TrainState {
  const d = alg.policy.observationDim;
  const P = alg.policy.paramSize + (alg.critic?.paramSize ?? 0);
  const envs = list(r, "envs").map((_, e): EnvSnapshot => {
    const p = `envs.${e}`;
    const phase = r.string(`${p}.phase`, ["new", "running", "terminated", "truncated", "ended"]) as EnvSnapshot["phase"];
    return {
      seed: r.number(`${p}.seed`, { integer: true }),
      resets: r.number(`${p}.resets`, count),
      elapsed: r.number(`${p}.elapsed`, count),
      phase,
      state: r.vector(`${p}.state`),
      stateDtype: r.string(`${p}.stateDtype`, ["", "float32", "float64"]),
    };
  });
  if (envs.length !== numEnvs) r.fail("envs", `${numEnvs} env snapshots`, r.get("envs"));
  const curveSteps = numbers(r, "curve.steps", count);
  const curveMean = numbers(r, "curve.meanReturn");
  if (curveMean.length !== curveSteps.length) r.fail("curve.meanReturn", `${curveSteps.length} numbers`, curveMean);
  const evaluations = list(r, "evaluations").map((_, i) => ({
    steps: r.number(`evaluations.${i}.steps`, count),
    mean: r.number(`evaluations.${i}.mean`),
    stderr: r.number(`evaluations.${i}.stderr`, { min: 0 }),
    episodes: r.number(`evaluations.${i}.episodes`, { integer: true, min: 1 }),
  }));
  const diagnostics = list(r, "diagnostics").map((_, i) => {
    const p = `diagnostics.${i}`;
    const raw = r.get(`${p}.variants`);
    if (raw === null || typeof raw !== "object") r.fail(`${p}.variants`, "an object", raw);
    const variants = Object.fromEntries(
      Object.keys(raw).map((name) => [name, { meanVariance: r.number(`${p}.variants.${name}.meanVariance`, { min: 0 }), meanAbsSnr: r.number(`${p}.variants.${name}.meanAbsSnr`, { min: 0 }) }]),
    );
    return { steps: r.number(`${p}.steps`, count), update: r.number(`${p}.update`, count), variants };
  });
  const stats = r.get("lastStats");
  if (stats === null || typeof stats !== "object") r.fail("lastStats", "an object of numbers", stats);
  const lastStats = Object.fromEntries(Object.keys(stats).map((k) => [k, r.number(`lastStats.${k}`, { infinite: true })]));
  const solved = r.get("solvedAt");
  return {
    update: r.number("update", count),
    envSteps: r.number("envSteps", count),
    theta: r.vector("theta", P),
    opt: alg.readOpt(r, "opt"),
    rollout: {
      observations: r.vector("rollout.observations", numEnvs * d),
      episodeReturns: r.vector("rollout.episodeReturns", numEnvs),
      episodeLengths: r.vector("rollout.episodeLengths", numEnvs, count),
    },
    envs,
    recent: numbers(r, "recent"),
    episodes: r.number("episodes", count),
    curve: { steps: curveSteps, meanReturn: curveMean },
    evaluations,
    diagnostics,
    nextEval: r.number("nextEval", count),
    solvedAt: solved === null ? null : r.number("solvedAt", count),
    lastStats,
  };
}
