/**
 * Rao-Blackwellization by the "downstream cost" rule of stochastic computation graphs.
 *
 * For a factorized p(x) = Π_c p_c(x_c; θ_c) and f(x) = Σ_t f_t(x) where term t reads only the coordinates deps_t,
 *
 *   ∂E[f]/∂θ_p = E[ s_p(x) · Σ_{t : coord(p) ∈ deps_t} f_t(x) ],
 *
 * because a term that does not read x_c is independent of s_p(x_c), and E[s_p] = 0. Dropping those terms cannot
 * add bias and usually removes their variance. It is not a conditional expectation, though: where a dropped term is
 * negatively correlated with the kept ones (say it cancels part of their mean), the variance can rise — combine it
 * with the per-coordinate baseline. Declared dependencies must be right: a term that reads a coordinate it does not
 * declare makes the estimate biased.
 * References: Schulman, Heess, Weber & Abbeel (NeurIPS 2015) "Gradient estimation using stochastic computation
 * graphs"; Pyro's TraceGraph_ELBO; Mohamed et al. (JMLR 2020) §7.2.
 */
import { perSampleWidth } from "../estimators/result.js";
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { leaveOneOutMean } from "./baselines.js";
import { estimateFromRows, evaluateRows, type GradientEstimateWithRows, type SampleFunction } from "../estimators/result.js";
import { assertKey, type Key } from "../random/key.js";
import { checkOptionsObject, checkSize, show } from "../util/validate.js";
import { paramCoordinates } from "./factorized.js";

/** One additive term of f and the sample coordinates it reads. */
export interface CostTerm {
  readonly f: SampleFunction;
  readonly deps: readonly number[];
}

/** Options of {@link downstreamScoreFunction}. */
export interface DownstreamOptions {
  /** Number of samples n (default 1000). */
  numSamples?: number;
  /** "none" (default) or "mean": per-coordinate leave-one-out mean of the downstream cost (needs n ≥ 2). */
  baseline?: "none" | "mean";
  /** The coordinate of each parameter (length P); inferred for the known factorized families. */
  paramCoordinates?: ArrayLike<number>;
}

/**
 * Score-function gradient of E[Σ_t f_t(x)] in which each parameter's score multiplies only the terms downstream of
 * its coordinate. Same result type as `scoreFunction`.
 * @example
 *   // f(x) = x₀² + x₁²: θ of coordinate 0 ignores the x₁² term.
 *   const g = downstreamScoreFunction(
 *     [{ f: (x) => x[0] ** 2, deps: [0] }, { f: (x) => x[1] ** 2, deps: [1] }],
 *     new Normal({ loc: [1, -1], scale: 2 }), key(0), { numSamples: 10_000 });
 */
export function downstreamScoreFunction(
  terms: readonly CostTerm[],
  dist: Distribution,
  key: Key,
  options: DownstreamOptions = {},
): GradientEstimateWithRows {
  const { numSamples = 1000, baseline = "none", paramCoordinates: explicit } = checkOptionsObject<NonNullable<typeof options>>("downstreamScoreFunction", options);
  const fn = "downstreamScoreFunction";
  checkDistribution(fn, dist);
  assertKey(fn, key);
  checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  if (baseline !== "none" && baseline !== "mean") throw new Error(`${fn}: baseline must be "none" or "mean", got ${show(baseline)}`);
  if (!Array.isArray(terms) || terms.length === 0) throw new Error(`${fn}: terms must be a non-empty array of { f, deps }, got ${show(terms)}`);
  const d = dist.dim;
  terms.forEach((t, k) => {
    if (typeof t !== "object" || t === null || typeof t.f !== "function") throw new Error(`${fn}: terms[${k}].f must be a function of one sample, got ${show(t?.f)}`);
    if (!Array.isArray(t.deps)) throw new Error(`${fn}: terms[${k}].deps must be an array of coordinate indices, got ${show(t.deps)}`);
    for (const c of t.deps) {
      if (!Number.isInteger(c) || c < 0 || c >= d) throw new Error(`${fn}: terms[${k}].deps contains ${show(c)}; coordinates are integers in [0, ${d})`);
    }
  });
  if (baseline === "mean" && numSamples < 2) throw new Error(`${fn}: baseline "mean" (leave-one-out) needs numSamples ≥ 2, got ${numSamples}`);
  const coord = paramCoordinates(fn, dist, explicit);
  const n = numSamples;
  const P = dist.paramSize;
  const x = dist.sample(key, n);
  const s = dist.score(x);
  // cost[c][i] = Σ of the terms that read coordinate c, at sample i.
  const cost = Array.from({ length: d }, () => new Float64Array(n));
  for (const t of terms) {
    const ft = evaluateRows(fn, t.f, x, n, d);
    for (const c of new Set<number>(t.deps)) for (let i = 0; i < n; i++) cost[c][i] += ft[i];
  }
  const base = baseline === "mean" ? cost.map((col) => leaveOneOutMean(col)) : null;
  const rows = new Float64Array(n * P);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < P; p++) {
      const c = coord[p];
      rows[i * P + p] = (cost[c][i] - (base ? base[c][i] : 0)) * s[i * P + p];
    }
  }
  return estimateFromRows(rows, n, P, fn);
}
