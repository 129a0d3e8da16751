/**
 * Off-policy policy gradients: reuse episodes collected by a behaviour policy μ (its log-probabilities are stored in
 * the rollout) to estimate ∇θ J(π_θ) through per-decision importance weights (Precup, Sutton & Singh, ICML 2000).
 * With ρ_k = π_θ(a_k|s_k)/μ(a_k|s_k) and w_t = Π_{k≤t} ρ_k (reward r_t depends only on the actions up to t),
 *
 *   ∇θ J = E_μ[ Σ_t w_t γ^t r_t Σ_{k≤t} ∇θ log π_θ(a_k|s_k) ] = E_μ[ Σ_k ψ_k ∇θ log π_θ(a_k|s_k) ],
 *   ψ_k = Σ_{t≥k} γ^t w_t r_t                                    (γ^{t−k} instead without `discountWeighting`)
 *
 * "ordinary" weighting is unbiased. "weighted" (self-normalized, Precup et al.'s weighted per-decision estimator)
 * divides w_t by the batch mean of the weights at time t, each episode's weight held at its last value after it ends
 * (a stopped martingale, mean 1 under μ) — biased, consistent, bounded. `clipRatio` c caps each ρ_k at c (the
 * truncation of Retrace/V-trace, Munos et al. 2016; Espeholt et al. 2018) — biased, lower variance.
 * Weights are formed in log space. Kish's effective sample size of the whole-episode weights is reported per batch.
 */
import { effectiveSampleSize, logSumExp } from "../estimators/importanceWeights.js";
import { checkOptionsObject, fail, show } from "../util/validate.js";
import { checkPolicy } from "./policy/parameterization.js";
import type { Policy } from "./policy/policy.js";
import type { PolicyGradientEstimate } from "./reinforce.js";
import type { Rollout } from "./rollout.js";
import { segments } from "./segments.js";

/** Options of {@link importanceWeightedGradient} and {@link perDecisionWeights}. */
export interface OffPolicyOptions {
  /** Discount γ in [0, 1] (default 0.99). */
  gamma?: number;
  /** "ordinary" (default; unbiased) or "weighted" (self-normalized per decision). */
  weighting?: "ordinary" | "weighted";
  /** Cap c > 0 on each per-decision ratio ρ_k (default: none). */
  clipRatio?: number;
  /** Weight r_t by γ^t from the episode start (exact for the discounted objective) instead of γ^{t−k}. Default false. */
  discountWeighting?: boolean;
}

/** The per-step weights of an off-policy batch and its importance-sampling diagnostics. */
export interface PerDecisionWeights {
  /** ψ_k per step (see the module comment). */
  readonly weights: Float64Array;
  /** log ρ_k = log π_θ(a_k|s_k) − log μ(a_k|s_k) per step (before clipping). */
  readonly logRatios: Float64Array;
  /** Kish's effective sample size of the whole-episode weights w_T (after clipping), in [0, E] (E = episodes). */
  readonly ess: number;
  /** ess / E. */
  readonly essFraction: number;
  readonly numEpisodes: number;
}

/** The estimate of {@link importanceWeightedGradient}: ĝ and the weights' diagnostics. */
export interface OffPolicyEstimate extends PolicyGradientEstimate, Omit<PerDecisionWeights, "weights" | "numEpisodes"> {}

/**
 * ψ_k from the target log-probabilities log π_θ(a_k|s_k) and the rollout's behaviour log-probabilities (complete
 * episodes required, as from collectEpisodes).
 * @example const w = perDecisionWeights(rollout, policy.logProb(theta, rollout.observations, rollout.actions)); w.essFraction;
 */
export function perDecisionWeights(rollout: Rollout, targetLogProbs: Float64Array, options: OffPolicyOptions = {}): PerDecisionWeights {
  const fn = "perDecisionWeights";
  const { gamma = 0.99, weighting = "ordinary", clipRatio, discountWeighting = false } = checkOptionsObject<NonNullable<typeof options>>("perDecisionWeights", options);
  if (typeof gamma !== "number" || !(gamma >= 0 && gamma <= 1)) throw new Error(`${fn}: gamma must be a number in [0, 1], got ${show(gamma)}`);
  if (weighting !== "ordinary" && weighting !== "weighted") throw new Error(`${fn}: weighting must be "ordinary" or "weighted", got ${show(weighting)}`);
  if (clipRatio !== undefined && (typeof clipRatio !== "number" || !(clipRatio > 0) || Number.isNaN(clipRatio))) {
    throw new Error(`${fn}: clipRatio must be a number > 0, got ${show(clipRatio)}`);
  }
  const seg = segments(rollout);
  const M = rollout.numSteps * rollout.numEnvs;
  if (!(targetLogProbs instanceof Float64Array) || targetLogProbs.length !== M) {
    throw new Error(`${fn}: targetLogProbs must be a Float64Array of length ${M}, got ${show(targetLogProbs)}`);
  }
  const logClip = clipRatio === undefined ? Infinity : Math.log(clipRatio);
  const logRatios = new Float64Array(M);
  const logW = new Float64Array(M);
  const E = seg.count;
  const first = new Int32Array(E).fill(-1);
  const last = new Int32Array(E);
  for (let i = 0; i < M; i++) {
    const s = seg.id[i];
    if (seg.complete[s] !== 1) throw new Error(`${fn}: rollout has an episode cut by the end of the batch (segment ${s}); collect whole episodes with collectEpisodes`);
    const lr = targetLogProbs[i] - rollout.logProbs[i];
    if (Number.isNaN(lr) || lr === Infinity) throw new Error(`${fn}: log ratio at step ${i} is ${show(lr)} (target ${show(targetLogProbs[i])}, behaviour ${show(rollout.logProbs[i])})`);
    logRatios[i] = lr;
    logW[i] = Math.min(lr, logClip) + (first[s] === -1 ? 0 : logW[last[s]]);
    if (first[s] === -1) first[s] = i;
    last[s] = i;
  }
  if (weighting === "weighted") {
    // Normalize at each time index by the mean weight over episodes, each held at its last value after it ends.
    const Lmax = Math.max(...seg.length);
    const byTime: number[][] = Array.from({ length: Lmax }, () => []);
    const held = new Float64Array(E);
    for (let i = 0; i < M; i++) byTime[seg.position[i]].push(i);
    const logZ = new Float64Array(Lmax);
    for (let k = 0; k < Lmax; k++) {
      for (const i of byTime[k]) held[seg.id[i]] = logW[i];
      logZ[k] = logSumExp(held, fn) - Math.log(E);
    }
    for (let i = 0; i < M; i++) logW[i] -= logZ[seg.position[i]];
  }
  const weights = new Float64Array(M);
  for (let s = 0; s < E; s++) {
    // Backward over the episode: ψ_k = γ^{k or 0}·w_k r_k + γ^{(0 or 1)}·ψ_{k+1}.
    let after = 0;
    for (let i = last[s]; i >= first[s]; i -= rollout.numEnvs) {
      const k = seg.position[i];
      const term = Math.exp(logW[i]) * rollout.rewards[i] * (discountWeighting ? gamma ** k : 1);
      after = term + (discountWeighting ? after : gamma * after);
      if (!Number.isFinite(after)) throw new Error(`${fn}: importance weight overflowed at step ${i} (log w = ${logW[i]}); the behaviour and target policies are too far apart`);
      weights[i] = after;
    }
  }
  const logTotal = new Float64Array(E);
  for (let s = 0; s < E; s++) logTotal[s] = logW[last[s]];
  const ess = effectiveSampleSize(logTotal);
  return { weights, logRatios, ess, essFraction: ess / E, numEpisodes: E };
}

/**
 * ĝ ≈ ∇θ J(π_θ) from episodes collected by a behaviour policy (rollout.logProbs): per-decision importance weights, then
 * one batched VJP at θ, divided by the number of episodes. At θ = the behaviour policy it is REINFORCE with
 * reward-to-go.
 * @example
 *   const { rollout } = collectEpisodes(k, envs, policy, thetaOld, { episodesPerEnv: 8 });
 *   const est = importanceWeightedGradient(policy, thetaNew, rollout, { weighting: "weighted" });
 *   est.gradient; est.ess; // reuse the batch while est.essFraction stays high
 */
export function importanceWeightedGradient(policy: Policy, theta: Float64Array, rollout: Rollout, options: OffPolicyOptions = {}): OffPolicyEstimate {
  checkPolicy("importanceWeightedGradient", policy);
  if (rollout === null || typeof rollout !== "object") fail("importanceWeightedGradient", "rollout", "a Rollout (from collectEpisodes or collectRollout)", rollout);
  const target = policy.logProb(theta, rollout.observations, rollout.actions);
  const w = perDecisionWeights(rollout, target, options);
  const gradient = policy.scoreVjp(theta, rollout.observations, rollout.actions, w.weights);
  for (let j = 0; j < gradient.length; j++) gradient[j] /= w.numEpisodes;
  return { gradient, weights: w.weights, numEpisodes: w.numEpisodes, logRatios: w.logRatios, ess: w.ess, essFraction: w.essFraction };
}
