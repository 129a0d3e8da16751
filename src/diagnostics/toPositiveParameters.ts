/**
 * A change of parameters for reading gradients: the library's θ holds positive quantities as logarithms
 * (θ = [μ, log σ] for a Normal), while papers and closed forms usually give ∂/∂σ. By the chain rule
 *
 *   ∂/∂s = (∂/∂log s) · (1/s),   s = e^θ,
 *
 * so each row entry of a log-parameterized coordinate is divided by s, its per-sample variance by s² — the ratio
 * of two estimators' variances is unchanged. Which coordinates are logarithms is a family fact
 * (`dist.paramInfo()`, roles "logScale" and "logPositive"); locations and logits are left as they are.
 */
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { estimateFromRows, type GradientEstimate, type GradientEstimateWithRows } from "../estimators/result.js";
import { show } from "../util/validate.js";

/**
 * The factor each θ coordinate's gradient is multiplied by to become a gradient in the positive parameters:
 * e^{−θ_p} for a log-scale or log-positive coordinate, 1 otherwise (length P).
 * @example positiveParameterFactors(new Normal({ loc: 1, scale: 2 })); // [1, 0.5]
 */
export function positiveParameterFactors(dist: Distribution): Float64Array {
  const fn = "positiveParameterFactors";
  checkDistribution(fn, dist);
  if (typeof dist.paramInfo !== "function") throw new Error(`${fn}: dist must declare paramInfo() (which θ coordinates are logarithms), got ${show(dist.name)}`);
  const info = dist.paramInfo();
  const theta = dist.params;
  if (!Array.isArray(info) || info.length !== theta.length) throw new Error(`${fn}: dist.paramInfo() must list ${theta.length} entries, got ${show(info)}`);
  const factors = Float64Array.from(info, (q, p) => (q.role === "logScale" || q.role === "logPositive" ? Math.exp(-theta[p]) : 1));
  const p = factors.findIndex((v) => !Number.isFinite(v));
  if (p >= 0) throw new Error(`${fn}: the factor e^{−θ[${p}]} overflows float64 at θ[${p}] = ${show(theta[p])} (a positive parameter below ${show(1 / Number.MAX_VALUE)})`);
  return factors;
}

/**
 * The estimate `estimate` (with respect to θ of `dist`) expressed with respect to the positive parameters
 * themselves — (μ, σ) instead of (μ, log σ), λ instead of log λ: coordinate p is multiplied by the constant
 * ∂θ_p/∂(positive parameter) (see {@link positiveParameterFactors}), so mean and standard error scale by it and the
 * variance by its square; the rows too when the estimate carries them. Requires the estimate to come from `dist`
 * (same P); every estimator's result qualifies.
 * @example
 *   const dist = new Normal({ loc: 1, scale: 2 });
 *   const g = toPositiveParameters(pathwise((x) => x[0] ** 2, dist, key(0), { grad: (x) => [2 * x[0]] }), dist);
 *   g.mean; // ≈ [∂/∂μ, ∂/∂σ] E[x²] = [2μ, 2σ] = [2, 4]
 */
export function toPositiveParameters(estimate: GradientEstimateWithRows, dist: Distribution): GradientEstimateWithRows;
export function toPositiveParameters(estimate: GradientEstimate, dist: Distribution): GradientEstimate;
export function toPositiveParameters(estimate: GradientEstimate, dist: Distribution): GradientEstimate {
  const fn = "toPositiveParameters";
  const factors = positiveParameterFactors(dist);
  const P = factors.length;
  if (estimate === null || typeof estimate !== "object" || !(estimate.mean instanceof Float64Array) || estimate.paramSize !== P) {
    throw new Error(`${fn}: estimate must be a GradientEstimate for a distribution with ${P} parameters, got ${show(estimate)}`);
  }
  const n = estimate.numSamples;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${fn}: estimate.numSamples must be a positive integer, got ${show(n)}`);
  if (estimate.rows === undefined) {
    if (!(estimate.variance instanceof Float64Array) || estimate.mean.length !== P || estimate.variance.length !== P) {
      throw new Error(`${fn}: estimate.mean and estimate.variance must have length P = ${P}, got ${show(estimate)}`);
    }
    const mean = estimate.mean.map((v, p) => v * factors[p]);
    const variance = estimate.variance.map((v, p) => v * factors[p] * factors[p]);
    for (let p = 0; p < P; p++) {
      if (!Number.isFinite(mean[p]) || !Number.isFinite(variance[p])) throw new Error(`${fn}: coordinate ${p} of the estimate is beyond float64's range in the positive parameters`);
    }
    return { mean, variance, stderr: variance.map((v) => Math.sqrt(v / n)), numSamples: n, paramSize: P };
  }
  if (!(estimate.rows instanceof Float64Array) || estimate.rows.length !== n * P) throw new Error(`${fn}: estimate.rows must be a Float64Array of length numSamples·P = ${n * P}, got ${show(estimate.rows)}`);
  const rows = new Float64Array(n * P);
  for (let i = 0; i < n; i++) for (let p = 0; p < P; p++) rows[i * P + p] = estimate.rows[i * P + p] * factors[p];
  return estimateFromRows(rows, n, P, fn);
}
