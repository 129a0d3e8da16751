/**
 * Importance sampling of E_p[f] and of its gradient from samples of a proposal q.
 *
 *   E_{pθ}[f] = E_q[w f],   ∇θ E_{pθ}[f] = E_q[w f ∇θ log pθ],   w(x) = pθ(x)/q(x)
 *
 * valid when q(x) > 0 wherever pθ(x) f(x) ≠ 0. The weights are formed in log space (log p − log q) and the
 * self-normalized form divides by Σ w with a log-sum-exp shift, so no weight overflows.
 * References: Kahn & Marshall (1953); Owen (2013) "Monte Carlo theory, methods and examples" ch. 9;
 * Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §7.4 (importance sampling in gradient estimation).
 */
import type { Distribution } from "../distributions/distribution.js";
import { assertKey, split, type Key } from "../random/key.js";
import { checkOptionsObject, checkSize, show } from "../util/validate.js";
import { estimateFromRows, type GradientEstimate, type SampleFunction, perSampleWidth } from "./result.js";
import {
  assertFiniteEstimate, checkDistributions, checkEss, checkOptions, checkSupportCovers, logProbOrNegInf, logSumExp, valueAndScoreTerms,
} from "./importanceWeights.js";

/** Options of {@link importanceSampling}. */
export interface ImportanceSamplingOptions {
  /** Number of proposal samples n (default 1000). */
  numSamples?: number;
  /** Self-normalized estimator Σ w̄_i (…) with w̄ = w/Σw (default false: the plain, unbiased (1/n) Σ w_i (…)). */
  selfNormalized?: boolean;
  /**
   * Throw if Kish's effective sample size falls below this (default 0: never throw). The ESS is always reported
   * in the result; an ESS far below n means a few weights dominate and the standard error is not to be trusted.
   */
  minEss?: number;
  /** Target samples drawn to check that q covers p's support (default 1000; 0 skips the check). */
  supportCheckSamples?: number;
}

/** An importance-sampled gradient plus the estimate of E_p[f] itself and the weight diagnostics. */
export interface ImportanceSamplingEstimate extends GradientEstimate {
  /** The estimate of E_p[f]. */
  readonly value: number;
  /** Its standard error (delta method for the self-normalized form). */
  readonly valueStderr: number;
  /** Kish's effective sample size of the weights, between 1 and n (see {@link effectiveSampleSize}). */
  readonly ess: number;
  /** log p(x_i) − log q(x_i) for the n proposal samples (−∞ where x_i is outside p's support). */
  readonly logWeights: Float64Array;
  readonly selfNormalized: boolean;
}

/**
 * Rows whose mean is the self-normalized estimate ĝ = Σ w̄_i g_i and whose spread gives its delta-method standard
 * error: r_i = n w̄_i (g_i − ĝ) + ĝ (the empirical influence function). Their sample variance over n is
 * n/(n − 1) Σ w̄_i² (g_i − ĝ)², the usual ratio-estimator variance.
 */
function selfNormalizedRows(g: Float64Array, wbar: Float64Array, n: number, P: number): Float64Array {
  const est = new Float64Array(P);
  for (let i = 0; i < n; i++) for (let k = 0; k < P; k++) est[k] += wbar[i] * g[i * P + k];
  const rows = new Float64Array(n * P);
  for (let i = 0; i < n; i++) for (let k = 0; k < P; k++) rows[i * P + k] = n * wbar[i] * (g[i * P + k] - est[k]) + est[k];
  return rows;
}

/**
 * Importance-sampled gradient of E_{x~target}[f(x)] with respect to target.params (θ), from n samples of
 * `proposal`, together with the estimate of E_target[f] (`value`), the log-weights and their effective sample size.
 *
 * Plain (default): row i = w_i f(x_i) ∇θ log p(x_i), unbiased; needs p normalized (every mcgrad family is).
 * Self-normalized: Σ w̄_i f(x_i) ∇θ log p(x_i), consistent with O(1/n) bias, often lower variance when the weights
 * are uneven; rows are influence-function rows (their mean is the estimate, their spread its delta-method SE).
 * f and the score are evaluated only at samples inside p's support (weight 0 elsewhere).
 * Errors: a proposal with zero density where the target has mass (support mismatch, checked on target samples),
 * a NaN/+∞ log-weight, a weight that overflows in the plain form, all weights zero, ESS below `minEss`.
 * @example
 *   const p = new Normal({ loc: 1, scale: 2 }), q = new Normal({ loc: 0, scale: 3 });
 *   const g = importanceSampling((x) => x[0] ** 2, p, q, key(0), { numSamples: 10_000 });
 *   g.value; g.mean; g.ess; // ≈ 5, ≈ [2, 8], the ESS of the weights
 */
export function importanceSampling(
  f: SampleFunction,
  target: Distribution,
  proposal: Distribution,
  key: Key,
  options: ImportanceSamplingOptions = {},
): ImportanceSamplingEstimate {
  const fn = "importanceSampling";
  const { numSamples = 1000, selfNormalized = false, minEss = 0, supportCheckSamples = 1000 } = checkOptionsObject<NonNullable<typeof options>>("importanceSampling", options, "options", ["numSamples", "selfNormalized", "minEss", "supportCheckSamples"]);
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  checkDistributions(fn, target, [proposal]);
  assertKey(fn, key);
  checkSize(fn, "numSamples", numSamples, perSampleWidth(target));
  checkOptions(fn, minEss, supportCheckSamples);
  if (typeof selfNormalized !== "boolean") throw new Error(`${fn}: options.selfNormalized must be a boolean, got ${show(selfNormalized)}`);
  const n = numSamples;
  const P = target.paramSize;
  const [kSample, kCheck] = split(key, 2);
  checkSupportCovers(fn, target, [proposal], kCheck, supportCheckSamples);

  const x = proposal.sample(kSample, n);
  const logQ = proposal.logProb(x);
  const logP = logProbOrNegInf(fn, "target", target, x, n);
  const logWeights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(logQ[i])) throw new Error(`${fn}: proposal ${proposal.name}.logProb is ${show(logQ[i])} at its own sample ${i}`);
    logWeights[i] = logP[i] - logQ[i];
    if (Number.isNaN(logWeights[i]) || logWeights[i] === Infinity) {
      throw new Error(`${fn}: log-weight ${i} = log p − log q = ${show(logP[i])} − ${show(logQ[i])} overflows float64; the target and proposal are too far apart`);
    }
  }
  const ess = checkEss(fn, logWeights, minEss);
  const { fx, fs } = valueAndScoreTerms(fn, f, target, x, logP, n);

  let rows: Float64Array;
  let valueRows: Float64Array;
  if (selfNormalized) {
    const lse = logSumExp(logWeights, fn);
    const wbar = logWeights.map((l) => Math.exp(l - lse));
    rows = selfNormalizedRows(fs, wbar, n, P);
    valueRows = selfNormalizedRows(fx, wbar, n, 1);
  } else {
    rows = new Float64Array(n * P);
    valueRows = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const w = Math.exp(logWeights[i]);
      if (!Number.isFinite(w)) {
        throw new Error(`${fn}: importance weight ${i} overflows (log-weight ${logWeights[i]}); use selfNormalized: true or a proposal closer to the target`);
      }
      valueRows[i] = w * fx[i];
      for (let k = 0; k < P; k++) rows[i * P + k] = w * fs[i * P + k];
    }
  }
  const grad = estimateFromRows(rows, n, P, fn);
  const val = estimateFromRows(valueRows, n, 1, fn);
  assertFiniteEstimate(fn, grad, val.mean[0]);
  return { ...grad, value: val.mean[0], valueStderr: val.stderr[0], ess, logWeights, selfNormalized };
}
