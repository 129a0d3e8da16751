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
import type { Baseline } from "../estimators/baselines.js";
import { show } from "../util/validate.js";

/** State of {@link emaBaseline}: the number of batches seen and the running average of f. */
export interface EmaBaselineState {
  readonly steps: number;
  readonly value: number;
}

/** State of {@link emaOptimalBaseline}: running averages of f·s_j² and s_j² per coordinate. */
export interface EmaOptimalBaselineState {
  readonly steps: number;
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

function batchMean(fx: Float64Array): number {
  let m = 0;
  for (let i = 0; i < fx.length; i++) m += fx[i];
  return m / fx.length;
}

/**
 * A scalar moving-average baseline with explicit state. The first batch uses b = 0 (nothing seen yet).
 * @example
 *   const ema = emaBaseline({ decay: 0.9 });
 *   let state = ema.init(); // { steps: 0, value: 0 }
 *   const r = scoreFunctionWithBaseline(f, dist, key(0), ema, state, { numSamples: 32 });
 *   state = r.state;        // { steps: 1, value: mean of f over the batch }
 */
export function emaBaseline({ decay = 0.9 }: { decay?: number } = {}): Baseline<EmaBaselineState> {
  const fn = "emaBaseline";
  checkDecay(fn, decay);
  return {
    name: `ema(${decay})`,
    init: () => ({ steps: 0, value: 0 }),
    value(state, paramSize) {
      checkSteps(`${fn}.value`, state);
      if (!Number.isFinite(state.value)) throw new Error(`${fn}.value: state.value must be finite, got ${show(state.value)}`);
      return new Float64Array(paramSize).fill(state.steps === 0 ? 0 : state.value);
    },
    update(state, fx) {
      const steps = checkSteps(`${fn}.update`, state);
      const m = batchMean(fx);
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
export function emaOptimalBaseline({ decay = 0.9 }: { decay?: number } = {}): Baseline<EmaOptimalBaselineState> {
  const fn = "emaOptimalBaseline";
  checkDecay(fn, decay);
  return {
    name: `emaOptimal(${decay})`,
    init: () => ({ steps: 0, fScoreSq: [], scoreSq: [] }),
    value(state, paramSize) {
      const steps = checkSteps(`${fn}.value`, state);
      const b = new Float64Array(paramSize);
      if (steps === 0) return b;
      if (state.fScoreSq.length !== paramSize || state.scoreSq.length !== paramSize) {
        throw new Error(`${fn}.value: state was built for ${state.scoreSq.length} parameters, but the distribution has ${paramSize}`);
      }
      for (let j = 0; j < paramSize; j++) b[j] = state.scoreSq[j] > 0 ? state.fScoreSq[j] / state.scoreSq[j] : 0;
      return b;
    },
    update(state, fx, scores, paramSize) {
      const steps = checkSteps(`${fn}.update`, state);
      const n = fx.length;
      const num = new Array<number>(paramSize).fill(0);
      const den = new Array<number>(paramSize).fill(0);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < paramSize; j++) {
          const s2 = scores[i * paramSize + j] * scores[i * paramSize + j];
          num[j] += (fx[i] * s2) / n;
          den[j] += s2 / n;
        }
      }
      if (steps === 0) return { steps: 1, fScoreSq: num, scoreSq: den };
      if (state.scoreSq.length !== paramSize) {
        throw new Error(`${fn}.update: state was built for ${state.scoreSq.length} parameters, but the distribution has ${paramSize}`);
      }
      return {
        steps: steps + 1,
        fScoreSq: num.map((v, j) => decay * state.fScoreSq[j] + (1 - decay) * v),
        scoreSq: den.map((v, j) => decay * state.scoreSq[j] + (1 - decay) * v),
      };
    },
  };
}
