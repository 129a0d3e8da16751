/**
 * The score-function (log-derivative, REINFORCE, likelihood-ratio) estimator.
 *
 *   ∇θ E_{x~pθ}[f(x)] = E[(f(x) − b) ∇θ log pθ(x)]
 *
 * which holds for any b that does not depend on x because E[∇θ log pθ(x)] = 0. Requires only that f can be
 * evaluated: f may be discontinuous, non-differentiable or a black box; pθ may be discrete.
 * References: Glynn (1990); Williams (1992) REINFORCE; Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §4.
 */
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { assertKey, type Key } from "../random/key.js";
import { checkFinite, checkSize, show } from "../util/validate.js";
import {
  checkBaselineValue,
  isBaselineWithState,
  leaveOneOutMean,
  leaveOneOutOptimal,
  type Baseline,
  type BaselineWithState,
} from "./baselines.js";
import { estimateFromRows, evaluateRows, type GradientEstimate, type SampleFunction, perSampleWidth } from "./result.js";

/** Baseline choice for {@link scoreFunction}; S is the state type of a stateful baseline. */
export type ScoreBaseline<S = unknown> = "none" | "mean" | "optimal" | number | BaselineWithState<S>;

/** Options of {@link scoreFunction}. */
export interface ScoreFunctionOptions<S = unknown> {
  /** Number of samples n (default 1000). */
  numSamples?: number;
  /**
   * "none" (default): b = 0. A number: that constant b. "mean": the leave-one-out batch mean
   * b_i = (Σ_{k≠i} f_k)/(n − 1), independent of x_i, so the estimate stays unbiased (needs n ≥ 2).
   * "optimal": the per-coordinate b_j = E[f s_j²]/E[s_j²], estimated leave-one-out (needs n ≥ 2).
   * `{ baseline, state }`: a stateful {@link Baseline} (e.g. `emaBaseline`) at that state; use
   * {@link scoreFunctionWithBaseline} to also get the next state.
   */
  baseline?: ScoreBaseline<S>;
}

/**
 * Score-function gradient of E_{x~dist}[f(x)] with respect to dist.params (θ).
 *
 * Row i is (f(x_i) − b_i) · ∇θ log p(x_i). With baseline "mean" or "optimal" rows share the batch, so their sample
 * variance slightly understates the spread of the mean (a U-statistic); the estimate itself is exactly unbiased.
 * @example
 *   const g = scoreFunction((x) => x[0] ** 2, new Normal({ loc: 1, scale: 2 }), key(0), { numSamples: 10_000 });
 *   g.mean; // ≈ [2·μ, 2σ²] = [2, 8]
 */
export function scoreFunction<S = unknown>(
  f: SampleFunction,
  dist: Distribution,
  key: Key,
  options: ScoreFunctionOptions<S> = {},
): GradientEstimate {
  const fn = "scoreFunction";
  checkDistribution(fn, dist);
  assertKey(fn, key);
  const { numSamples = 1000, baseline = "none" } = options ?? {};
  checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  const n = numSamples;
  const { scores: s, fx } = sampleScoresAndValues(fn, f, dist, key, n);
  const P = dist.paramSize;
  const rows = new Float64Array(n * P);
  if (baseline === "optimal" || isBaselineWithState(baseline)) {
    const b = baselineMatrix(fn, baseline, fx, s, n, P);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < P; j++) rows[i * P + j] = (fx[i] - b[i * P + j]) * s[i * P + j];
    }
    return estimateFromRows(rows, n, P, fn);
  }
  const b = baselineValues(fn, baseline, fx, n);
  for (let i = 0; i < n; i++) {
    const w = fx[i] - b[i];
    for (let j = 0; j < P; j++) rows[i * P + j] = w * s[i * P + j];
  }
  return estimateFromRows(rows, n, P, fn);
}

/**
 * The score-function estimator with a stateful baseline (for example an exponential moving average across calls):
 * returns the estimate and the baseline's next state. The state is plain data passed in and returned, never hidden.
 *
 * Row i is (f(x_i) − b_j) s_{i,j} with b = baseline.value(state) — built from earlier batches only, so the estimate
 * is unbiased; the new state is baseline.update(state, f values, scores).
 * @example
 *   const ema = emaBaseline({ decay: 0.9 });
 *   let state = ema.init();
 *   for (let t = 0; t < 100; t++) {
 *     const r = scoreFunctionWithBaseline(f, dist, keys[t], ema, state, { numSamples: 16 });
 *     state = r.state; // … use r.estimate.mean
 *   }
 */
export function scoreFunctionWithBaseline<S>(
  f: SampleFunction,
  dist: Distribution,
  key: Key,
  baseline: Baseline<S>,
  state: S,
  options: { numSamples?: number } = {},
): { estimate: GradientEstimate; state: S } {
  const fn = "scoreFunctionWithBaseline";
  checkDistribution(fn, dist);
  assertKey(fn, key);
  const { numSamples = 1000 } = options ?? {};
  checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  if (typeof baseline !== "object" || baseline === null || typeof baseline.value !== "function" || typeof baseline.update !== "function") {
    throw new Error(`${fn}: baseline must be a Baseline object with init/value/update, got ${show(baseline)}`);
  }
  const n = numSamples;
  const P = dist.paramSize;
  const b = checkBaselineValue(fn, baseline.name, baseline.value(state, P), P);
  const { scores: s, fx } = sampleScoresAndValues(fn, f, dist, key, n);
  const rows = new Float64Array(n * P);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < P; j++) rows[i * P + j] = (fx[i] - b[j]) * s[i * P + j];
  }
  return { estimate: estimateFromRows(rows, n, P, fn), state: baseline.update(state, fx, s, P) };
}

/**
 * The draws every score-function estimator starts from: n samples x (n×dim), their scores (n×P) and f(x) (n).
 * The scores are computed before f sees x, so an f that writes into its sample cannot corrupt them. `fn` names the
 * caller in errors; arguments are checked by the caller.
 */
export function sampleScoresAndValues(
  fn: string,
  f: SampleFunction,
  dist: Distribution,
  key: Key,
  n: number,
): { x: Float64Array; scores: Float64Array; fx: Float64Array } {
  const x = dist.sample(key, n);
  const scores = dist.score(x);
  const fx = evaluateRows(fn, f, x, n, dist.dim);
  return { x, scores, fx };
}

/** Per-sample and per-coordinate baselines (n×P) for "optimal" and stateful baselines. */
function baselineMatrix(fn: string, baseline: "optimal" | BaselineWithState<unknown>, fx: Float64Array, s: Float64Array, n: number, P: number): Float64Array {
  if (baseline === "optimal") {
    if (n < 2) throw new Error(`${fn}: baseline "optimal" (leave-one-out) needs numSamples ≥ 2, got ${n}`);
    return leaveOneOutOptimal(fx, s, n, P);
  }
  const v = checkBaselineValue(fn, baseline.baseline.name, baseline.baseline.value(baseline.state, P), P);
  const b = new Float64Array(n * P);
  for (let i = 0; i < n; i++) b.set(v, i * P);
  return b;
}

function baselineValues(fn: string, baseline: ScoreBaseline<unknown>, fx: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  if (baseline === "none") return b;
  if (typeof baseline === "number") {
    checkFinite(fn, "baseline", baseline);
    return b.fill(baseline);
  }
  if (baseline === "mean") {
    if (n < 2) throw new Error(`${fn}: baseline "mean" (leave-one-out) needs numSamples ≥ 2, got ${n}`);
    return leaveOneOutMean(fx);
  }
  throw new Error(`${fn}: baseline must be "none", "mean", "optimal", a finite number or { baseline, state }, got ${show(baseline)}`);
}
