/**
 * Exponential-moving-average baselines: b is carried across calls as explicit state (plain JSON-serializable data),
 * the way REINFORCE implementations keep a running average of the reward.
 *
 *   b_t = decay · b_{t−1} + (1 − decay) · mean(f over batch t),  b_1 = mean(f over batch 1),  b_0 = 0
 *
 * The baseline used for batch t is b_{t−1}, built from earlier batches only, so every estimate is unbiased.
 * `emaOptimalBaseline` tracks E[f s_j²] and E[s_j²] the same way and uses their ratio, the per-coordinate
 * variance-optimal baseline. References: Williams (1992) §7; Greensmith, Bartlett & Baxter (JMLR 2004);
 * Mohamed et al. (JMLR 2020) §7.4.
 */
import type { Baseline } from "./baselines.js";
import { checkOptionsObject, checkPositiveInt, checkSize, show, toFiniteVector } from "../util/validate.js";

/** State of {@link emaBaseline}: the number of batches seen and the running average of f. */
export interface EmaBaselineState {
  readonly steps: number;
  readonly value: number;
}

/**
 * State of {@link emaOptimalBaseline}: per coordinate j, running averages of f·(s_j/scale_j)² and (s_j/scale_j)²,
 * where scale_j is the largest |s_j| seen so far (so a score of 1e154, whose square overflows, is still averaged).
 * The baseline is their ratio, which the scale cancels from.
 */
export interface EmaOptimalBaselineState {
  readonly steps: number;
  readonly scale: readonly number[];
  readonly fScoreSq: readonly number[];
  readonly scoreSq: readonly number[];
}

function checkDecay(fn: string, decay: unknown): number {
  if (typeof decay !== "number" || !(decay >= 0 && decay < 1)) {
    throw new Error(`${fn}: decay must be a number in [0, 1), got ${show(decay)}`);
  }
  return decay;
}

function checkSteps(fn: string, state: unknown): number {
  const steps = (state as { steps?: unknown } | null)?.steps;
  if (typeof steps !== "number" || !Number.isInteger(steps) || steps < 0) {
    throw new Error(`${fn}: state.steps must be a non-negative integer (use init()), got ${show(steps)}`);
  }
  return steps;
}

/** Checks one batch passed to `update`: n ≥ 1 finite f values and n×P finite scores. */
function checkBatch(fn: string, fx: unknown, scores: unknown, paramSize: number): { f: Float64Array; s: Float64Array } {
  const f = toFiniteVector(fn, "fx", fx);
  checkPositiveInt(fn, "paramSize", paramSize);
  return { f, s: toFiniteVector(fn, "scores", scores, f.length * paramSize) };
}

/** The mean of finite values without overflow (each term is divided by n before it is added). */
function batchMean(fx: Float64Array): number {
  let m = 0;
  for (let i = 0; i < fx.length; i++) m += fx[i] / fx.length;
  return m;
}

/**
 * A scalar moving-average baseline with explicit state. The first batch uses b = 0 (nothing seen yet).
 * @example
 *   const ema = emaBaseline({ decay: 0.9 });
 *   let state = ema.init(); // { steps: 0, value: 0 }
 *   const r = scoreFunctionWithBaseline(f, dist, key(0), ema, state, { numSamples: 32 });
 *   state = r.state;        // { steps: 1, value: mean of f over the batch }
 */
export function emaBaseline(options: { decay?: number } = {}): Baseline<EmaBaselineState> {
  const fn = "emaBaseline";
  const { decay = 0.9 } = checkOptionsObject<NonNullable<typeof options>>("emaBaseline", options);
  checkDecay(fn, decay);
  return {
    name: `ema(${decay})`,
    init: () => ({ steps: 0, value: 0 }),
    value(state, paramSize) {
      checkSize(`${fn}.value`, "paramSize", paramSize);
      checkSteps(`${fn}.value`, state);
      if (!Number.isFinite(state.value)) throw new Error(`${fn}.value: state.value must be finite, got ${show(state.value)}`);
      return new Float64Array(paramSize).fill(state.steps === 0 ? 0 : state.value);
    },
    update(state, fx, scores, paramSize) {
      const steps = checkSteps(`${fn}.update`, state);
      const m = batchMean(checkBatch(`${fn}.update`, fx, scores, paramSize).f);
      return { steps: steps + 1, value: steps === 0 ? m : decay * state.value + (1 - decay) * m };
    },
  };
}

/**
 * A per-coordinate moving-average estimate of the optimal baseline b_j = E[f s_j²]/E[s_j²], with explicit state.
 * The first batch uses b = 0; a coordinate whose running E[s_j²] is 0 uses 0.
 * @example
 *   const ema = emaOptimalBaseline({ decay: 0.8 });
 *   const r = scoreFunctionWithBaseline(f, dist, key(0), ema, ema.init(), { numSamples: 32 });
 */
export function emaOptimalBaseline(options: { decay?: number } = {}): Baseline<EmaOptimalBaselineState> {
  const fn = "emaOptimalBaseline";
  const { decay = 0.9 } = checkOptionsObject<NonNullable<typeof options>>("emaOptimalBaseline", options);
  checkDecay(fn, decay);
  const checkState = (where: string, state: EmaOptimalBaselineState, paramSize: number): number => {
    const steps = checkSteps(where, state);
    if (steps === 0) return 0;
    for (const field of ["scale", "fScoreSq", "scoreSq"] as const) {
      const v = state[field];
      if (!Array.isArray(v) || v.length !== paramSize) {
        throw new Error(`${where}: state was built for ${Array.isArray(v) ? v.length : show(v)} parameters, but the distribution has ${paramSize} (state.${field})`);
      }
      toFiniteVector(where, `state.${field}`, v);
    }
    return steps;
  };
  return {
    name: `emaOptimal(${decay})`,
    init: () => ({ steps: 0, scale: [], fScoreSq: [], scoreSq: [] }),
    value(state, paramSize) {
      const b = new Float64Array(checkSize(`${fn}.value`, "paramSize", paramSize));
      if (checkState(`${fn}.value`, state, paramSize) === 0) return b;
      for (let j = 0; j < paramSize; j++) b[j] = state.scoreSq[j] > 0 ? state.fScoreSq[j] / state.scoreSq[j] : 0;
      return b;
    },
    update(state, fx, scores, paramSize) {
      const where = `${fn}.update`;
      const steps = checkState(where, state, paramSize);
      const { f, s } = checkBatch(where, fx, scores, paramSize);
      const n = f.length;
      const scale = new Array<number>(paramSize).fill(0);
      for (let j = 0; j < paramSize; j++) {
        scale[j] = steps === 0 ? 0 : state.scale[j];
        for (let i = 0; i < n; i++) scale[j] = Math.max(scale[j], Math.abs(s[i * paramSize + j]));
      }
      const num = new Array<number>(paramSize).fill(0);
      const den = new Array<number>(paramSize).fill(0);
      for (let j = 0; j < paramSize; j++) {
        if (scale[j] === 0) continue;
        for (let i = 0; i < n; i++) {
          const r2 = (s[i * paramSize + j] / scale[j]) ** 2;
          num[j] += (f[i] / n) * r2;
          den[j] += r2 / n;
        }
      }
      if (steps === 0) return { steps: 1, scale, fScoreSq: num, scoreSq: den };
      // Move the old averages to the new scale: (old scale / new scale)² ≤ 1, so nothing overflows.
      const rescale = (j: number) => (state.scale[j] === 0 ? 0 : (state.scale[j] / scale[j]) ** 2);
      return {
        steps: steps + 1,
        scale,
        fScoreSq: num.map((v, j) => decay * state.fScoreSq[j] * rescale(j) + (1 - decay) * v),
        scoreSq: den.map((v, j) => decay * state.scoreSq[j] * rescale(j) + (1 - decay) * v),
      };
    },
  };
}
