/**
 * Gradient diagnostics for the current batch — what SB3 and CleanRL do not show: the per-coordinate variance and
 * signal-to-noise ratio of the policy gradient under each estimator / baseline variant, all from the SAME samples.
 *
 * The samples are the batch's segments (whole episodes, or episodes cut by the batch boundary; see segments.ts): the
 * row of segment i under variant v is Σ_{t∈i} ψ^v_t ∇θ log π(a_t|s_t), accumulated from per-step score rows in
 * chunks. Each variant's rows go through the core's `estimateFromRows`, so the result is a GradientEstimate: `mean`
 * (the per-episode gradient), `variance` (per coordinate, across segments), `stderr`; plus snr_j = |mean_j|/√variance_j
 * (per-sample signal-to-noise ratio; the batch estimate's SNR is snr·√n). Leave-one-out variants have coupled rows, so
 * their variance is the usual approximation.
 * Variants: "trajectory" (R(τ)), "trajectoryMean" (R − leave-one-out mean), "trajectoryOptimal" (the core's
 * per-coordinate optimal baseline), "rewardToGo" (G_t), "rewardToGoMean" (G_t − time-aligned leave-one-out mean),
 * and with a critic's values "rewardToGoValue" (G_t − V(s_t)) and "gae" (GAE(λ) advantages).
 * Reference: Rainforth et al. (ICML 2018) on the SNR of gradient estimators; Greensmith, Bartlett & Baxter (JMLR 2004).
 */
import { leaveOneOutMean } from "../variance/baselines.js";
import { estimateFromRows, type GradientEstimateWithRows } from "../estimators/result.js";
import { checkOptionsObject, show } from "../util/validate.js";
import type { Policy } from "./policy/policy.js";
import { optimalBaselineRows, timeAlignedLeaveOneOutMean } from "./reinforce.js";
import { gae, rewardToGo, trajectoryReturns } from "./returns.js";
import type { Rollout } from "./rollout.js";
import { segmentGradientRows, segments } from "./segments.js";
import { checkPolicy } from "./policy/parameterization.js";

/** The estimator / baseline variants compared; see the module comment. */
export const GRADIENT_VARIANTS = ["trajectory", "trajectoryMean", "trajectoryOptimal", "rewardToGo", "rewardToGoMean", "rewardToGoValue", "gae"] as const;
/** The name of one estimator / baseline variant in {@link GRADIENT_VARIANTS}. */
export type GradientVariant = (typeof GRADIENT_VARIANTS)[number];

/** Options of {@link gradientDiagnostics}. */
export interface GradientDiagnosticsOptions {
  /** Discount γ (default 0.99). */
  gamma?: number;
  /** GAE λ for the "gae" variant (default 0.95). */
  lambda?: number;
  /** V(s_t) per step: enables "rewardToGoValue" and "gae". */
  values?: Float64Array;
  /** V(s'_t) per step (bootstrap at truncations and the batch's end): used by every return when given. */
  nextValues?: Float64Array;
  /** Variants to compute (default: all those the inputs allow). */
  variants?: readonly GradientVariant[];
  /** Steps per chunk of score rows (default 256). */
  chunkSize?: number;
}

/** One variant's statistics: a GradientEstimate over the segments plus the per-coordinate SNR and summaries. */
export interface VariantDiagnostics extends GradientEstimateWithRows {
  readonly variant: GradientVariant;
  /** |mean_j| / √variance_j per coordinate; 0 where variance and mean are both 0, Infinity where only the variance is. */
  readonly snr: Float64Array;
  /** Σ_j variance_j: the trace of the per-sample covariance. */
  readonly totalVariance: number;
  /** Mean over coordinates of snr (coordinates with zero variance and zero mean left out). */
  readonly meanSnr: number;
}

/** Result of {@link gradientDiagnostics}. */
export interface GradientDiagnostics {
  /** Number of segments n (the samples). */
  readonly numSamples: number;
  readonly variants: readonly VariantDiagnostics[];
}

/**
 * Variance and SNR of the policy gradient under each variant, from one batch (see the module comment). Needs at
 * least 2 segments (3 for the leave-one-out variants to be meaningful).
 * @example
 *   const { values, nextValues } = criticValues(critic, phi, rollout);
 *   const diag = gradientDiagnostics(policy, theta, rollout, { values, nextValues });
 *   diag.variants.map((v) => [v.variant, v.totalVariance]); // e.g. rewardToGoValue ≪ trajectory
 */
export function gradientDiagnostics(policy: Policy, theta: Float64Array, rollout: Rollout, options: GradientDiagnosticsOptions = {}): GradientDiagnostics {
  const fn = "gradientDiagnostics";
  checkPolicy(fn, policy);
  const { gamma = 0.99, lambda = 0.95, values, nextValues, chunkSize = 256 } = checkOptionsObject<NonNullable<typeof options>>("gradientDiagnostics", options);
  const hasValues = values !== undefined && nextValues !== undefined;
  const variants = options?.variants ?? GRADIENT_VARIANTS.filter((v) => hasValues || (v !== "gae" && v !== "rewardToGoValue"));
  for (const v of variants) {
    if (!GRADIENT_VARIANTS.includes(v)) throw new Error(`${fn}: unknown variant ${show(v)}; known: ${GRADIENT_VARIANTS.join(", ")}`);
    if ((v === "gae" || v === "rewardToGoValue") && !hasValues) throw new Error(`${fn}: variant "${v}" needs options.values and options.nextValues (a critic's V(s_t), V(s'_t))`);
  }
  const seg = segments(rollout);
  const n = seg.count;
  if (n < 2) throw new Error(`${fn}: needs at least 2 segments (episodes) in the batch for a variance, got ${n}`);
  const M = rollout.numSteps * rollout.numEnvs;
  const P = policy.paramSize;
  const R = trajectoryReturns(rollout, gamma, nextValues);
  const G = rewardToGo(rollout, gamma, nextValues);
  const episodeR = new Float64Array(n);
  for (let i = 0; i < M; i++) episodeR[seg.id[i]] = R[i];

  // Per-step weights of the variants that have a per-step form; the trajectory variants derive from S = Σ_t ∇log π.
  const perStep: Partial<Record<GradientVariant, Float64Array>> = {};
  if (variants.includes("rewardToGo")) perStep.rewardToGo = G;
  if (variants.includes("rewardToGoMean")) {
    const b = timeAlignedLeaveOneOutMean(G, seg);
    perStep.rewardToGoMean = G.map((g, i) => g - b[i]);
  }
  if (variants.includes("rewardToGoValue") && values) perStep.rewardToGoValue = G.map((g, i) => g - values[i]);
  if (variants.includes("gae") && values && nextValues) perStep.gae = gae(rollout, values, nextValues, gamma, lambda).advantages;
  const keys = Object.keys(perStep) as GradientVariant[];
  const rowSets = segmentGradientRows(policy, theta, rollout, [new Float64Array(M).fill(1), ...keys.map((k) => perStep[k] as Float64Array)], { chunkSize });
  const S = rowSets[0];
  const rowsOf = (v: GradientVariant): Float64Array => {
    if (v === "trajectory" || v === "trajectoryMean") {
      const b = v === "trajectoryMean" ? leaveOneOutMean(episodeR) : new Float64Array(n);
      const rows = new Float64Array(n * P);
      for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) rows[i * P + j] = (episodeR[i] - b[i]) * S[i * P + j];
      return rows;
    }
    if (v === "trajectoryOptimal") return optimalBaselineRows(episodeR, S, n, P);
    return rowSets[1 + keys.indexOf(v)];
  };
  return { numSamples: n, variants: variants.map((v) => summarize(v, estimateFromRows(rowsOf(v), n, P, fn))) };
}

function summarize(variant: GradientVariant, est: GradientEstimateWithRows): VariantDiagnostics {
  const P = est.paramSize;
  const snr = new Float64Array(P);
  let total = 0;
  let snrSum = 0;
  let counted = 0;
  for (let j = 0; j < P; j++) {
    const sd = Math.sqrt(est.variance[j]);
    const m = Math.abs(est.mean[j]);
    total += est.variance[j];
    snr[j] = sd > 0 ? m / sd : m > 0 ? Infinity : 0;
    if (sd > 0) {
      snrSum += snr[j];
      counted++;
    }
  }
  return { ...est, variant, snr, totalVariance: total, meanSnr: counted > 0 ? snrSum / counted : 0 };
}
