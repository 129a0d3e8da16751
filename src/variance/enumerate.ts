/**
 * Rao-Blackwellization by exact enumeration of a discrete coordinate.
 *
 * For a factorized p(x) = p_c(x_c) p_{−c}(x_{−c}) with x_c on a finite support V, the parameters θ_c of coordinate c
 * get the conditional expectation over x_c instead of one draw:
 *
 *   ∂E[f]/∂θ_p = E_{x_{−c}}[ Σ_{v∈V} p_c(v) f(x_{−c}, v) ∂ log p_c(v)/∂θ_p ]      (coord(p) = c)
 *
 * (for a Bernoulli logit this is σ(1 − σ)(f(x_{−c}, 1) − f(x_{−c}, 0))). By the law of total variance this never
 * has more variance than sampling x_c, and for a Categorical (one coordinate) it is the exact gradient. It costs
 * |V| evaluations of f per sample and enumerated coordinate. Parameters of other coordinates keep the plain
 * score-function rows f(x_i) s_p(x_i).
 * References: Mohamed et al. (JMLR 2020) §7.2 (conditioning); Liu et al. (ICML 2019) "Rao-Blackwellized stochastic
 * gradients for discrete distributions"; Pyro's `enumerate` / TraceEnum_ELBO.
 */
import { perSampleWidth } from "../estimators/result.js";
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { estimateFromRows, evaluateRows, type GradientEstimateWithRows, type SampleFunction } from "../estimators/result.js";
import { sampleScoresAndValues } from "../estimators/scoreFunction.js";
import { assertKey, type Key } from "../random/key.js";
import { checkOptionsObject, checkSize, show } from "../util/validate.js";
import { paramCoordinates } from "./factorized.js";

/** Options of {@link enumeratedScoreFunction}. */
export interface EnumerateOptions {
  /** Number of samples n (default 1000). */
  numSamples?: number;
  /** The coordinates to enumerate (default: all of them). */
  coordinates?: readonly number[];
}

/** The finite support of one coordinate (a family fact), or a named error for an infinite one. */
function supportOf(fn: string, dist: Distribution): readonly number[] {
  const support = typeof dist.finiteSupport === "function" ? dist.finiteSupport() : null;
  if (support === null) {
    throw new Error(`${fn}: exact enumeration needs a family with a finite support (Bernoulli, Categorical), got ${show(dist.name)}`);
  }
  return support;
}

/**
 * Score-function gradient of E[f(x)] with the listed discrete coordinates summed exactly over their support.
 * Same result type as `scoreFunction`.
 * @example
 *   const g = enumeratedScoreFunction((x) => x[0] + 2 * x[1] + 3 * x[0] * x[1],
 *     new Bernoulli({ logits: [0.5, -1] }), key(0), { numSamples: 1000, coordinates: [0] });
 */
export function enumeratedScoreFunction(
  f: SampleFunction,
  dist: Distribution,
  key: Key,
  options: EnumerateOptions = {},
): GradientEstimateWithRows {
  const { numSamples = 1000, coordinates } = checkOptionsObject<NonNullable<typeof options>>("enumeratedScoreFunction", options);
  const fn = "enumeratedScoreFunction";
  checkDistribution(fn, dist);
  assertKey(fn, key);
  checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  const support = supportOf(fn, dist);
  const d = dist.dim;
  const coords = coordinates ?? Array.from({ length: d }, (_, c) => c);
  if (!Array.isArray(coords)) throw new Error(`${fn}: coordinates must be an array of coordinate indices, got ${show(coords)}`);
  for (const c of coords) {
    if (!Number.isInteger(c) || c < 0 || c >= d) throw new Error(`${fn}: coordinates contains ${show(c)}; coordinates are integers in [0, ${d})`);
  }
  const coord = paramCoordinates(fn, dist);
  const n = numSamples;
  const P = dist.paramSize;
  const V = support.length;
  const { x, scores: s, fx } = sampleScoresAndValues(fn, f, dist, key, n);
  const rows = new Float64Array(n * P);
  for (let i = 0; i < n; i++) for (let p = 0; p < P; p++) rows[i * P + p] = fx[i] * s[i * P + p];
  for (const c of new Set(coords)) {
    // Every sample with x_c replaced by each support value: n·V rows.
    const xe = new Float64Array(n * V * d);
    for (let i = 0; i < n; i++) {
      for (let v = 0; v < V; v++) {
        const r = (i * V + v) * d;
        xe.set(x.subarray(i * d, (i + 1) * d), r);
        xe[r + c] = support[v];
      }
    }
    const lp = dist.logProb(xe);
    const se = dist.score(xe);
    const fe = evaluateRows(fn, f, xe, n * V, d);
    const w = new Float64Array(V);
    for (let i = 0; i < n; i++) {
      // p_c(v) ∝ p(x with x_c = v): the other factors cancel in the normalization (log-sum-exp).
      let max = -Infinity;
      for (let v = 0; v < V; v++) max = Math.max(max, lp[i * V + v]);
      let total = 0;
      for (let v = 0; v < V; v++) total += w[v] = Math.exp(lp[i * V + v] - max);
      for (let p = 0; p < P; p++) {
        if (coord[p] !== c) continue;
        let acc = 0;
        for (let v = 0; v < V; v++) acc += (w[v] / total) * fe[i * V + v] * se[(i * V + v) * P + p];
        rows[i * P + p] = acc;
      }
    }
  }
  return estimateFromRows(rows, n, P, fn);
}
