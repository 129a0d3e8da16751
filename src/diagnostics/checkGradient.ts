/**
 * Compares a Monte Carlo gradient estimate with a known gradient, coordinate by coordinate.
 *
 *   z_j = (mean_j − truth_j) / stderr_j,   pass ⇔ max_j |z_j| ≤ Φ⁻¹(1 − alpha/(2P))
 *
 * For an unbiased estimator with finite variance each z_j is approximately standard normal (central limit theorem),
 * so Bonferroni over the P coordinates bounds the false-failure rate by about alpha.
 */
import type { GradientEstimate } from "../estimators/result.js";
import { bonferroniZ } from "../util/stats.js";
import { checkOptionsObject, show, toFiniteVector } from "../util/validate.js";
import { formatZ, zScore } from "./zScore.js";

/** Options of {@link checkGradient}. */
export interface CheckGradientOptions {
  /** Family-wise false-positive rate over all coordinates (default 1e-3), in (0, 1). */
  alpha?: number;
}

/** Result of {@link checkGradient}. */
export interface GradientCheckReport {
  /** True when every |z_j| ≤ zThreshold. */
  readonly pass: boolean;
  readonly alpha: number;
  /** Bonferroni threshold for P two-sided checks. */
  readonly zThreshold: number;
  /** Per-coordinate z-scores, length P. */
  readonly z: Float64Array;
  /** The coordinate with the largest |z|. */
  readonly worst: { readonly index: number; readonly z: number };
  readonly mean: Float64Array;
  readonly truth: Float64Array;
  readonly stderr: Float64Array;
}

/**
 * z-tests an estimator's mean against a known gradient (a closed form, quadrature, or enumeration).
 *
 * Requires numSamples ≥ 2 (one sample has no standard error). A coordinate whose stderr is 0 — every row equal, as
 * for a constant f without baseline — passes only if its mean equals the truth up to round-off
 * (|mean − truth| ≤ 1e-12·max(1, |truth|)); otherwise its z is ±Infinity and the check fails.
 * Caveat: with a leave-one-out baseline the rows are coupled and the row-based stderr can understate the spread;
 * test such estimators by averaging many independent small-n estimates.
 * @example
 *   const g = scoreFunction((x) => x[0], new Normal({ loc: 1, scale: 2 }), key(0), { numSamples: 10_000 });
 *   checkGradient(g, [1, 0]).pass; // true (with probability ≥ 1 − 1e-3)
 */
export function checkGradient(
  estimate: GradientEstimate,
  truth: ArrayLike<number>,
  options: CheckGradientOptions = {},
): GradientCheckReport {
  const { alpha = 1e-3 } = checkOptionsObject<NonNullable<typeof options>>("checkGradient", options);
  const fn = "checkGradient";
  if (estimate === null || typeof estimate !== "object" || !(estimate.mean instanceof Float64Array) || !(estimate.stderr instanceof Float64Array)) {
    throw new Error(`${fn}: estimate must be a GradientEstimate (with mean and stderr), got ${show(estimate)}`);
  }
  const P = estimate.mean.length;
  if (estimate.stderr.length !== P) {
    throw new Error(`${fn}: estimate.stderr must have the length of estimate.mean (${P}), got length ${estimate.stderr.length}`);
  }
  if (!(estimate.numSamples >= 2)) {
    throw new Error(`${fn}: estimate.numSamples must be at least 2 (one sample has no standard error), got ${show(estimate.numSamples)}`);
  }
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) throw new Error(`${fn}: alpha must be a number in (0, 1), got ${show(alpha)}`);
  const t = toFiniteVector(fn, "truth", truth, P);
  const mean = toFiniteVector(fn, "estimate.mean", estimate.mean, P);
  const stderr = toFiniteVector(fn, "estimate.stderr", estimate.stderr, P);
  const z = new Float64Array(P);
  let worst = { index: 0, z: 0 };
  for (let j = 0; j < P; j++) {
    z[j] = zScore(mean[j], t[j], stderr[j]);
    if (Math.abs(z[j]) > Math.abs(worst.z)) worst = { index: j, z: z[j] };
  }
  const zThreshold = bonferroniZ(alpha, P);
  return Object.freeze({
    pass: Math.abs(worst.z) <= zThreshold,
    alpha,
    zThreshold,
    z,
    worst: Object.freeze(worst),
    mean,
    truth: t,
    stderr,
  });
}

/**
 * A human-readable summary of a {@link GradientCheckReport}: verdict, threshold and the worst coordinate.
 * @example console.log(formatGradientCheck(checkGradient(g, [1, 0])));
 */
export function formatGradientCheck(r: GradientCheckReport): string {
  const fn = "formatGradientCheck";
  const x = r as Partial<GradientCheckReport> | null;
  if (x === null || typeof x !== "object") throw new Error(`${fn}: r must be a report from checkGradient, got ${show(r)}`);
  for (const k of ["z", "mean", "stderr", "truth"] as const) {
    if (!(x[k] instanceof Float64Array)) throw new Error(`${fn}: r.${k} must be a Float64Array (a report from checkGradient), got ${show(x[k])}`);
  }
  const w = x.worst;
  if (w === null || typeof w !== "object" || !Number.isInteger(w.index) || !(w.index >= 0 && w.index < (x.z as Float64Array).length) || typeof w.z !== "number") {
    throw new Error(`${fn}: r.worst must be { index, z } with index a coordinate of r.z (a report from checkGradient), got ${show(w)}`);
  }
  if (typeof x.zThreshold !== "number" || typeof x.alpha !== "number") throw new Error(`${fn}: r.zThreshold and r.alpha must be numbers (a report from checkGradient)`);
  const j = w.index;
  return (
    `checkGradient: ${r.pass ? "PASS" : "FAIL"} — ${r.z.length} coordinates, |z| ≤ ${r.zThreshold.toFixed(2)} (family-wise alpha = ${r.alpha}); ` +
    `worst θ[${j}]: estimate ${r.mean[j].toPrecision(6)} ± ${r.stderr[j].toPrecision(3)} vs truth ${r.truth[j].toPrecision(6)}, z = ${formatZ(r.worst.z)}`
  );
}
