/**
 * The score-function (log-derivative, REINFORCE, likelihood-ratio) estimator.
 *
 *   ∇θ E_{x~pθ}[f(x)] = E[(f(x) − b) ∇θ log pθ(x)]
 *
 * which holds for any b that does not depend on x because E[∇θ log pθ(x)] = 0. Requires only that f can be
 * evaluated: f may be discontinuous, non-differentiable or a black box; pθ may be discrete.
 * References: Glynn (1990); Williams (1992) REINFORCE; Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §4.
 */
import type { Distribution } from "../distributions/distribution.js";
import { assertKey, type Key } from "../random/key.js";
import { checkFinite, checkPositiveInt, show } from "../util/validate.js";
import { estimateFromRows, evaluateRows, type GradientEstimate, type SampleFunction } from "./result.js";

/** Baseline choice for {@link scoreFunction}. */
export type ScoreBaseline = "none" | "mean" | number;

/** Options of {@link scoreFunction}. */
export interface ScoreFunctionOptions {
  /** Number of samples n (default 1000). */
  numSamples?: number;
  /**
   * "none" (default): b = 0. A number: that constant b. "mean": the leave-one-out batch mean
   * b_i = (Σ_{j≠i} f_j)/(n − 1), independent of x_i, so the estimate stays unbiased (needs n ≥ 2).
   */
  baseline?: ScoreBaseline;
}

/**
 * Score-function gradient of E_{x~dist}[f(x)] with respect to dist.params (θ).
 *
 * Row i is (f(x_i) − b_i) · ∇θ log p(x_i). With baseline "mean" rows share the batch, so their sample variance
 * slightly understates the spread of the mean (a U-statistic); the estimate itself is exactly unbiased.
 * @example
 *   const g = scoreFunction((x) => x[0] ** 2, new Normal({ loc: 1, scale: 2 }), key(0), { numSamples: 10_000 });
 *   g.mean; // ≈ [2·μ, 2σ²] = [2, 8]
 */
export function scoreFunction(
  f: SampleFunction,
  dist: Distribution,
  key: Key,
  { numSamples = 1000, baseline = "none" }: ScoreFunctionOptions = {},
): GradientEstimate {
  const fn = "scoreFunction";
  assertKey(fn, key);
  checkPositiveInt(fn, "numSamples", numSamples);
  const n = numSamples;
  const x = dist.sample(key, n);
  const fx = evaluateRows(fn, f, x, n, dist.dim);
  const s = dist.score(x);
  const P = dist.paramSize;
  const b = baselineValues(fn, baseline, fx, n);
  const rows = new Float64Array(n * P);
  for (let i = 0; i < n; i++) {
    const w = fx[i] - b[i];
    for (let j = 0; j < P; j++) rows[i * P + j] = w * s[i * P + j];
  }
  return estimateFromRows(rows, n, P);
}

function baselineValues(fn: string, baseline: ScoreBaseline, fx: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  if (baseline === "none") return b;
  if (typeof baseline === "number") {
    checkFinite(fn, "baseline", baseline);
    return b.fill(baseline);
  }
  if (baseline === "mean") {
    if (n < 2) throw new Error(`${fn}: baseline "mean" (leave-one-out) needs numSamples ≥ 2, got ${n}`);
    let total = 0;
    for (let i = 0; i < n; i++) total += fx[i];
    for (let i = 0; i < n; i++) b[i] = (total - fx[i]) / (n - 1);
    return b;
  }
  throw new Error(`${fn}: baseline must be "none", "mean" or a finite number, got ${show(baseline)}`);
}
