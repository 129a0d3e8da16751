/**
 * Cumulation (evolution paths) for the "path" variants of the NES optimizers: cumulative step-size adaptation (CSA)
 * and the rank-one evolution path of CMA-ES, with CMA-ES's default constants.
 * Hansen & Ostermeier, Evolutionary Computation 9 (2001); Hansen, "The CMA Evolution Strategy: A Tutorial" (2016),
 * Table 1. The local mean step of an NES, z = Σ u_k s_k / ‖u‖, is N(0, I) under random selection (the s_k are
 * i.i.d. standard normal and the u_k do not depend on them), so it plays the role of CMA-ES's √μ_eff·C^{-1/2}Δm/σ.
 */

/** The constants of cumulation; plain data (part of a serializable optimizer state). */
export interface CumulationParameters {
  /** Variance-effective selection mass μ_eff of the positive NES weights. */
  readonly muEff: number;
  /** c_σ, the step-size path's learning rate. */
  readonly cSigma: number;
  /** d_σ, the step-size damping. */
  readonly dSigma: number;
  /** c_c, the evolution path's learning rate. */
  readonly cC: number;
  /** c₁, the rank-one learning rate (of C; the NES factor update uses c₁/2 in expm). */
  readonly c1: number;
  /** E‖N(0, I_d)‖. */
  readonly chiD: number;
}

/**
 * CMA-ES's default cumulation constants for dimension d and population λ, with μ_eff from the positive NES weights
 * w_k ∝ max(0, ln(λ/2 + 1) − ln k): c_σ = (μ_eff + 2)/(d + μ_eff + 5), d_σ = 1 + 2 max(0, √((μ_eff − 1)/(d + 1)) − 1) + c_σ,
 * c_c = (4 + μ_eff/d)/(d + 4 + 2μ_eff/d), c₁ = 2/((d + 1.3)² + μ_eff) (Hansen 2016, Table 1).
 * @example cumulationParameters(10, 10).cSigma // ≈ 0.28
 */
export function cumulationParameters(d: number, popSize: number): CumulationParameters {
  let sum = 0;
  let sumSq = 0;
  for (let k = 1; k <= popSize; k++) {
    const w = Math.max(0, Math.log(popSize / 2 + 1) - Math.log(k));
    sum += w;
    sumSq += w * w;
  }
  const muEff = (sum * sum) / sumSq;
  const cSigma = (muEff + 2) / (d + muEff + 5);
  return {
    muEff,
    cSigma,
    dSigma: 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (d + 1)) - 1) + cSigma,
    cC: (4 + muEff / d) / (d + 4 + (2 * muEff) / d),
    c1: 2 / ((d + 1.3) ** 2 + muEff),
    chiD: Math.sqrt(d) * (1 - 1 / (4 * d) + 1 / (21 * d * d)),
  };
}

/**
 * One cumulation step from the utilities u and the local mean step G_δ = Σ u_k s_k:
 * z = G_δ/‖u‖; p_σ ← (1 − c_σ)p_σ + √(c_σ(2 − c_σ)) z; σ-factor = exp((c_σ/d_σ)(‖p_σ‖/E‖N(0,I)‖ − 1));
 * p_c ← (1 − c_c)p_c + h_σ √(c_c(2 − c_c)) z, where h_σ = 0 stalls p_c while ‖p_σ‖ is large (Hansen 2016, eq. 45).
 * Returns new arrays; the inputs are not modified.
 */
export function updatePaths(
  params: CumulationParameters,
  pathSigma: Float64Array,
  pathC: Float64Array,
  u: Float64Array,
  gDelta: Float64Array,
  generation: number,
): { pathSigma: Float64Array; pathC: Float64Array; sigmaFactor: number } {
  const d = gDelta.length;
  const { cSigma, dSigma, cC, chiD } = params;
  let uNorm = 0;
  for (let k = 0; k < u.length; k++) uNorm += u[k] * u[k];
  uNorm = Math.sqrt(uNorm);
  const inv = uNorm > 0 ? 1 / uNorm : 0;
  const ps = new Float64Array(d);
  const a = Math.sqrt(cSigma * (2 - cSigma)) * inv;
  let norm = 0;
  for (let j = 0; j < d; j++) {
    ps[j] = (1 - cSigma) * pathSigma[j] + a * gDelta[j];
    norm += ps[j] * ps[j];
  }
  norm = Math.sqrt(norm);
  const hSigma = norm / Math.sqrt(1 - (1 - cSigma) ** (2 * (generation + 1))) < (1.4 + 2 / (d + 1)) * chiD ? 1 : 0;
  const pc = new Float64Array(d);
  const b = hSigma * Math.sqrt(cC * (2 - cC)) * inv;
  for (let j = 0; j < d; j++) pc[j] = (1 - cC) * pathC[j] + b * gDelta[j];
  return { pathSigma: ps, pathC: pc, sigmaFactor: Math.exp((cSigma / dSigma) * (norm / chiD - 1)) };
}
