/**
 * The measure-valued (weak-derivative) gradient estimator.
 *
 *   ∂θ_k E_{x~pθ}[f(x)] = c_k (E_{x~p⁺_k}[f(x)] − E_{x~p⁻_k}[f(x)])
 *
 * where ∂θ_k pθ = c_k (p⁺_k − p⁻_k) is a weak derivative: a positive constant times the difference of two
 * probability distributions (each family with one exposes it as `weakDerivative`, from src/distributions/weakDerivative.ts). Like the score function it
 * needs only evaluations of f — f may be discontinuous or a black box, and the families may be discrete — but its
 * variance is usually far lower, at the price of two evaluations per parameter coordinate.
 * References: Pflug (1989) "Sampling derivatives of probabilities"; Heidergott & Vázquez-Abad (2008);
 * Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §6.
 */
import { assertKey, type Key } from "../random/key.js";
import { checkOptionsObject, checkPositiveInt, checkSize, show } from "../util/validate.js";
import { estimateFromRows, type GradientEstimate, type GradientEstimateWithRows, type SampleFunction, perSampleWidth } from "./result.js";
import { RunningMoments } from "./runningMoments.js";
import { hasWeakDerivative, type MeasureValuedDistribution } from "../distributions/weakDerivative.js";

export { hasWeakDerivative, type MeasureValuedDistribution } from "../distributions/weakDerivative.js";

/** Options of {@link measureValued}. */
export interface MeasureValuedOptions {
  /** Number of samples n (default 1000); each sample is one gradient row. */
  numSamples?: number;
  /**
   * Couple the positive and negative parts with common random numbers (default true): same Weibull draw for the
   * Normal mean, the Maxwell–Normal coupling for the scale, K and K + 1 for Poisson, shared other coordinates.
   * false draws the two parts independently (higher variance; useful to see what coupling buys).
   */
  coupling?: boolean;
  /** Keep the n×P per-sample rows in the result (default false: merged into mean and variance chunk by chunk). */
  keepRows?: boolean;
  /** Rows per chunk when the rows are not kept (default 256): memory, not the result (beyond rounding). */
  chunkSize?: number;
}

/**
 * Measure-valued gradient of E_{x~dist}[f(x)] with respect to dist.params (θ, the library's unconstrained
 * coordinates: [μ, log σ] for Normal, log λ for Poisson and Exponential, logits for Bernoulli and Categorical).
 *
 * Row i, entry k is c_k (f(x⁺_ik) − f(x⁻_ik)), where x±_ik is a sample of the whole event in which only the
 * coordinate that θ_k acts on is drawn from p±_k. Cost per sample: 2 evaluations of f per parameter coordinate,
 * less those shared through a common base sample — a d-dimensional Normal costs 3d + 1 (2d for the means, d + 1
 * for the scales, whose negative side is the base sample), Poisson and Exponential d + 1, Bernoulli 2d, a
 * K-category Categorical 2K.
 * Requires a family with a weak derivative (the parameter type refuses others; a runtime check catches
 * JavaScript callers); f need not be differentiable or even continuous. The weak-derivative draws take O(n·P)
 * memory either way; without `keepRows` the rows themselves are not stored (same mean and variance up to rounding).
 * @example
 *   const g = measureValued((x) => (x[0] > 1 ? 1 : 0), new Normal({ loc: 1, scale: 2 }), key(0), { numSamples: 10_000 });
 *   g.mean; // ≈ [φ(0)/σ, 0] = [0.199, 0]
 */
export function measureValued(f: SampleFunction, dist: MeasureValuedDistribution, key: Key, options: MeasureValuedOptions & { keepRows: true }): GradientEstimateWithRows;
export function measureValued(f: SampleFunction, dist: MeasureValuedDistribution, key: Key, options?: MeasureValuedOptions): GradientEstimate;
export function measureValued(
  f: SampleFunction,
  dist: MeasureValuedDistribution,
  key: Key,
  options: MeasureValuedOptions = {},
): GradientEstimate {
  const { numSamples = 1000, coupling = true, keepRows = false, chunkSize = 256 } = checkOptionsObject<NonNullable<typeof options>>("measureValued", options, "options", ["numSamples", "coupling", "keepRows", "chunkSize"]);
  const fn = "measureValued";
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  assertKey(fn, key);
  checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  if (typeof coupling !== "boolean") throw new Error(`${fn}: options.coupling must be a boolean, got ${show(coupling)}`);
  if (typeof keepRows !== "boolean") throw new Error(`${fn}: options.keepRows must be a boolean, got ${show(keepRows)}`);
  checkPositiveInt(fn, "chunkSize", chunkSize);
  if (!hasWeakDerivative(dist)) {
    const name = typeof dist === "object" && dist !== null && typeof (dist as { name?: unknown }).name === "string" ? (dist as { name: string }).name : show(dist);
    throw new Error(
      `${fn}: dist must be a Normal, Poisson, Exponential, Bernoulli or Categorical (a family with a weak derivative), got ${name}; use scoreFunction for other families`,
    );
  }
  const draws = dist.weakDerivative(key, numSamples, coupling);
  const n = numSamples;
  const d = dist.dim;
  const P = dist.paramSize;
  const { c, component, basePos, baseNeg, pos, neg, keepPos, keepNeg } = draws;
  const shared = basePos === baseNeg;
  const scratch = new Float64Array(d);
  const call = (i: number, x: Float64Array): number => {
    const v = f(x);
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${fn}: f returned ${show(v)} at sample ${i} (x = ${show(x)}); f must return a finite number`);
    }
    return v;
  };
  /**
   * f at base row i with coordinate j set to value, or unchanged for j < 0. The row is copied into one scratch
   * buffer, so f never sees (or can change) the base rows and no view is allocated per sample.
   */
  const at = (i: number, base: Float64Array, j: number, value: number): number => {
    for (let m = 0; m < d; m++) scratch[m] = base[i * d + m];
    if (j >= 0) scratch[j] = value;
    return call(i, scratch);
  };
  // Without keepRows, rows holds one chunk of C rows, merged into acc when full (and at the end).
  const C = keepRows ? n : Math.min(chunkSize, n);
  const rows = new Float64Array(C * P);
  const acc = new RunningMoments(P);
  for (let i = 0; i < n; i++) {
    const r = keepRows ? i : i % C;
    // f at the unchanged base rows, evaluated at most once per row (NaN = not yet evaluated; f is always finite).
    let fPos = NaN;
    let fNeg = NaN;
    for (let k = 0; k < P; k++) {
      const j = component[k];
      let plus: number;
      if (keepPos[k] === 1) {
        if (Number.isNaN(fPos)) {
          fPos = at(i, basePos, -1, 0);
          if (shared) fNeg = fPos;
        }
        plus = fPos;
      } else {
        plus = at(i, basePos, j, pos[i * P + k]);
      }
      let minus: number;
      if (keepNeg[k] === 1) {
        if (Number.isNaN(fNeg)) {
          fNeg = at(i, baseNeg, -1, 0);
          if (shared) fPos = fNeg;
        }
        minus = fNeg;
      } else {
        minus = at(i, baseNeg, j, neg[i * P + k]);
      }
      rows[r * P + k] = c[k] * (plus - minus);
    }
    if (!keepRows && (r === C - 1 || i === n - 1)) acc.addRows(fn, rows, r + 1, i - r);
  }
  return keepRows ? estimateFromRows(rows, n, P, fn) : acc.toEstimate(fn);
}
