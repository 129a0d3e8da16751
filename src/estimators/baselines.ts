/**
 * Baselines for the score-function estimator: the maths that keeps them unbiased.
 *
 *   ∇θ E[f(x)] = E[(f(x) − b) ∇θ log pθ(x)]   for any b independent of x, because E[∇θ log pθ(x)] = 0.
 *
 * A baseline computed from the same batch stays unbiased when the value used for sample i leaves sample i out
 * (it is then independent of x_i). This file holds the leave-one-out batch mean, the leave-one-out optimal
 * per-coordinate baseline (on the leave-one-out ratio that control variates share), and the interface of baselines that carry explicit state across calls (an exponential
 * moving average lives in src/variance/emaBaseline.ts; it implements {@link Baseline}).
 * References: Williams (1992); Greensmith, Bartlett & Baxter (JMLR 2004); Mohamed et al. (JMLR 2020) §7.4;
 * Kool, van Hoof & Welling (2019) "Buy 4 REINFORCE samples, get a baseline for free!".
 */
import { show } from "../util/validate.js";

/**
 * A baseline with explicit, typed state carried from call to call (Optax style: `init` makes the state, `update`
 * returns a new one; nothing is mutated or hidden).
 *
 * Unbiasedness is by construction: `value` sees only the state, which was built from earlier batches, so it is
 * independent of the current samples.
 */
export interface Baseline<S> {
  /** A short name for messages, e.g. "ema(0.9)". */
  readonly name: string;
  /** The state before the first batch. */
  init(): S;
  /** The baseline b_j for each of the P gradient coordinates (length P), from the state alone. */
  value(state: S, paramSize: number): Float64Array;
  /** The state after seeing one batch: f values (n) and score rows (n×P). Must not mutate `state`. */
  update(state: S, fx: Float64Array, scores: Float64Array, paramSize: number): S;
}

/** A stateful baseline together with the state to use for this call (the `baseline` option of `scoreFunction`). */
export interface BaselineWithState<S> {
  readonly baseline: Baseline<S>;
  readonly state: S;
}

/**
 * Leave-one-out batch mean b_i = (Σ_{k≠i} f_k)/(n − 1), length n. Independent of x_i, so (f_i − b_i) s_i is an
 * unbiased gradient term. Needs n ≥ 2.
 * @example leaveOneOutMean(new Float64Array([1, 2, 3])); // [2.5, 2, 1.5]
 */
export function leaveOneOutMean(fx: Float64Array): Float64Array {
  const n = fx.length;
  if (n < 2) throw new Error(`leaveOneOutMean: needs at least 2 f values, got ${n}`);
  let total = 0;
  for (let i = 0; i < n; i++) total += fx[i];
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = (total - fx[i]) / (n - 1);
  return b;
}

/**
 * Leave-one-out estimate of the variance-optimal per-coordinate baseline
 *
 *   b*_j = E[f s_j²] / E[s_j²]      (minimizes Var[(f − b_j) s_j] over constants b_j)
 *
 * as b_{i,j} = Σ_{k≠i} f_k s_{k,j}² / Σ_{k≠i} s_{k,j}², row-major n×P. Row i uses every row but its own, so the
 * estimate Σ_i (f_i − b_{i,j}) s_{i,j} / n stays exactly unbiased. The leave-one-out sums are prefix + suffix sums
 * (no subtraction of a large total, so one dominant sample cannot cancel the others away). Where Σ_{k≠i} s_{k,j}² = 0
 * the ratio is undefined and the leave-one-out mean of f is used (still independent of x_i). Needs n ≥ 2.
 * Reference: Greensmith, Bartlett & Baxter (JMLR 2004) §5; Weaver & Tao (UAI 2001).
 * @example const b = leaveOneOutOptimal(fx, scores, n, P); // rows_ij = (fx[i] − b[i·P + j]) · scores[i·P + j]
 */
export function leaveOneOutOptimal(fx: Float64Array, scores: Float64Array, n: number, P: number): Float64Array {
  if (n < 2) throw new Error(`leaveOneOutOptimal: needs at least 2 samples, got n = ${n}`);
  if (scores.length !== n * P) {
    throw new Error(`leaveOneOutOptimal: scores must have length n·P = ${n * P}, got ${scores.length}`);
  }
  const num = new Float64Array(n * P);
  const den = new Float64Array(n * P);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < P; j++) {
      const s2 = scores[i * P + j] * scores[i * P + j];
      num[i * P + j] = fx[i] * s2;
      den[i * P + j] = s2;
    }
  }
  return leaveOneOutRatio(num, den, n, P, leaveOneOutMean(fx));
}

/**
 * Leave-one-out ratios r_{i,j} = Σ_{k≠i} num_{k,j} / Σ_{k≠i} den_{k,j} (all row-major n×P), by prefix + suffix sums
 * (no subtraction of a large total, so one dominant sample cannot cancel the others away). Where the denominator is
 * not positive, r_{i,j} = fallback[i] (length n), or 0 without a fallback. Shared by the leave-one-out optimal
 * baseline and the leave-one-out control-variate coefficient.
 */
export function leaveOneOutRatio(num: Float64Array, den: Float64Array, n: number, P: number, fallback?: Float64Array): Float64Array {
  const r = new Float64Array(n * P);
  const preNum = new Float64Array(n + 1);
  const preDen = new Float64Array(n + 1);
  for (let j = 0; j < P; j++) {
    for (let i = 0; i < n; i++) {
      preNum[i + 1] = preNum[i] + num[i * P + j];
      preDen[i + 1] = preDen[i] + den[i * P + j];
    }
    let sufNum = 0;
    let sufDen = 0;
    for (let i = n - 1; i >= 0; i--) {
      const d = preDen[i] + sufDen;
      r[i * P + j] = d > 0 ? (preNum[i] + sufNum) / d : fallback ? fallback[i] : 0;
      sufNum += num[i * P + j];
      sufDen += den[i * P + j];
    }
  }
  return r;
}

/** Checks a stateful baseline's value: length P, all finite. Shared by the estimators that accept a {@link Baseline}. */
export function checkBaselineValue(fn: string, name: string, b: unknown, P: number): Float64Array {
  if (!(b instanceof Float64Array) || b.length !== P) {
    throw new Error(`${fn}: baseline ${name} must return a Float64Array of length ${P} from value(), got ${show(b)}`);
  }
  for (let j = 0; j < P; j++) {
    if (!Number.isFinite(b[j])) throw new Error(`${fn}: baseline ${name} returned value[${j}] = ${show(b[j])}; it must be finite`);
  }
  return b;
}

/** True for a `{ baseline, state }` pair (a {@link BaselineWithState}). */
export function isBaselineWithState(value: unknown): value is BaselineWithState<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const b = (value as { baseline?: unknown }).baseline;
  return (
    typeof b === "object" &&
    b !== null &&
    typeof (b as Baseline<unknown>).value === "function" &&
    typeof (b as Baseline<unknown>).update === "function" &&
    "state" in value
  );
}
