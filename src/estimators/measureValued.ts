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
import { hasWeakDerivative, weakDerivativeBuffers, type MeasureValuedDistribution, type WeakDerivativeDraws } from "../distributions/weakDerivative.js";
import { checkStreamedCount } from "./sampleChunks.js";

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
 * JavaScript callers); f need not be differentiable or even continuous. Without `keepRows` neither the rows nor the
 * weak-derivative draws are held: both come `chunkSize` samples at a time from the family's `weakDerivativeStream`
 * (the same draws as with `keepRows`, so the same mean and variance up to rounding).
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
  const streams = !keepRows && typeof (dist as Partial<MeasureValuedDistribution> | null)?.weakDerivativeStream === "function";
  if (streams) checkStreamedCount(fn, "numSamples", numSamples);
  else checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  if (typeof coupling !== "boolean") throw new Error(`${fn}: options.coupling must be a boolean, got ${show(coupling)}`);
  if (typeof keepRows !== "boolean") throw new Error(`${fn}: options.keepRows must be a boolean, got ${show(keepRows)}`);
  checkPositiveInt(fn, "chunkSize", chunkSize);
  if (!hasWeakDerivative(dist)) {
    const name = typeof dist === "object" && dist !== null && typeof (dist as { name?: unknown }).name === "string" ? (dist as { name: string }).name : show(dist);
    throw new Error(
      `${fn}: dist must be a Normal, Poisson, Exponential, Bernoulli or Categorical (a family with a weak derivative), got ${name}; use scoreFunction for other families`,
    );
  }
  const n = numSamples;
  const d = dist.dim;
  const P = dist.paramSize;
  const scratch = new Float64Array(d);
  const call = (i: number, x: Float64Array): number => {
    const v = f(x);
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${fn}: f returned ${show(v)} at sample ${i} (x = ${show(x)}); f must return a finite number`);
    }
    return v;
  };
  /**
   * f at row r of a chunk's base rows (sample i of the batch) with coordinate j set to value, or unchanged for j < 0.
   * The row is copied into one scratch buffer, so f never sees (or can change) the base rows and no view is
   * allocated per sample.
   */
  const at = (r: number, i: number, base: Float64Array, j: number, value: number): number => {
    for (let m = 0; m < d; m++) scratch[m] = base[r * d + m];
    if (j >= 0) scratch[j] = value;
    return call(i, scratch);
  };
  // Without keepRows, the draws and the rows come C at a time, the rows merged into acc chunk by chunk.
  const C = keepRows ? n : Math.min(chunkSize, n);
  const next = weakDerivativeChunks(dist, key, n, coupling, C);
  const rows = new Float64Array(C * P);
  const acc = new RunningMoments(P);
  for (let start = 0; start < n; start += C) {
    const m = Math.min(C, n - start);
    const { c, component, basePos, baseNeg, pos, neg, keepPos, keepNeg } = next(m);
    const shared = basePos === baseNeg;
    for (let r = 0; r < m; r++) {
      const i = start + r;
      // f at the unchanged base rows, evaluated at most once per row (NaN = not yet evaluated; f is always finite).
      let fPos = NaN;
      let fNeg = NaN;
      for (let k = 0; k < P; k++) {
        const j = component[k];
        let plus: number;
        if (keepPos[k] === 1) {
          if (Number.isNaN(fPos)) {
            fPos = at(r, i, basePos, -1, 0);
            if (shared) fNeg = fPos;
          }
          plus = fPos;
        } else {
          plus = at(r, i, basePos, j, pos[r * P + k]);
        }
        let minus: number;
        if (keepNeg[k] === 1) {
          if (Number.isNaN(fNeg)) {
            fNeg = at(r, i, baseNeg, -1, 0);
            if (shared) fPos = fNeg;
          }
          minus = fNeg;
        } else {
          minus = at(r, i, baseNeg, j, neg[r * P + k]);
        }
        rows[r * P + k] = c[k] * (plus - minus);
      }
    }
    if (!keepRows) acc.addRows(fn, rows, m, start);
  }
  return keepRows ? estimateFromRows(rows, n, P, fn) : acc.toEstimate(fn);
}

/**
 * The next m rows of dist's weak-derivative draws: from its `weakDerivativeStream` (memory C rows), else sliced out
 * of all n drawn at once. The same draws either way as `dist.weakDerivative(key, n, coupling)`.
 */
function weakDerivativeChunks(dist: MeasureValuedDistribution, key: Key, n: number, coupling: boolean, C: number): (m: number) => WeakDerivativeDraws {
  const d = dist.dim;
  const P = dist.paramSize;
  if (typeof dist.weakDerivativeStream === "function") {
    const stream = dist.weakDerivativeStream(key, coupling);
    const full = weakDerivativeBuffers(C, d, P, stream.shared);
    return (m) => {
      const w = m === C ? full : drawRows(full, 0, m, d, P);
      stream.fill(w);
      return w;
    };
  }
  const all = dist.weakDerivative(key, n, coupling);
  let start = 0;
  return (m) => drawRows(all, (start += m) - m, m, d, P);
}

/** Rows start … start + m − 1 of w, as views. */
function drawRows(w: WeakDerivativeDraws, start: number, m: number, d: number, P: number): WeakDerivativeDraws {
  const basePos = w.basePos.subarray(start * d, (start + m) * d);
  const baseNeg = w.baseNeg === w.basePos ? basePos : w.baseNeg.subarray(start * d, (start + m) * d);
  return { ...w, basePos, baseNeg, pos: w.pos.subarray(start * P, (start + m) * P), neg: w.neg.subarray(start * P, (start + m) * P) };
}
