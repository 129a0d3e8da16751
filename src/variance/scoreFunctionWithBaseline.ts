/**
 * The score-function estimator with a stateful baseline: the route for baselines that carry state across calls.
 * The state goes in and the next state comes out, so it can never be silently dropped.
 * References: Williams (1992) §7; Greensmith, Bartlett & Baxter (JMLR 2004); Mohamed et al. (JMLR 2020) §7.4.
 */
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { estimateFromRows, perSampleWidth, type GradientEstimateWithRows, type SampleFunction } from "../estimators/result.js";
import { sampleScoresAndValues } from "../estimators/scoreFunction.js";
import { assertKey, type Key } from "../random/key.js";
import { checkOptionsObject, checkSize } from "../util/validate.js";
import { checkBaseline, checkBaselineValue, type Baseline } from "./baselines.js";

/**
 * Score-function gradient of E_{x~dist}[f(x)] with a stateful {@link Baseline} (for example an exponential moving
 * average across calls): returns the estimate and the baseline's next state, plain data passed in and returned.
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
): { estimate: GradientEstimateWithRows; state: S } {
  const fn = "scoreFunctionWithBaseline";
  checkDistribution(fn, dist);
  assertKey(fn, key);
  const { numSamples = 1000 } = checkOptionsObject<NonNullable<typeof options>>("scoreFunctionWithBaseline", options);
  checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  checkBaseline(fn, baseline);
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
