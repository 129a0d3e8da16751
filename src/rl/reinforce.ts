/**
 * REINFORCE (Williams 1992): the score-function estimator of ∇θ J(θ), J = E_{τ~pθ}[R(τ)], over whole episodes.
 * Because the dynamics do not depend on θ, ∇θ log pθ(τ) = Σ_t ∇θ log πθ(a_t|s_t), so
 *
 *   trajectory form:  ĝ = (1/E) Σ_episodes Σ_t (R(τ) − b) ∇θ log π(a_t|s_t)
 *   reward-to-go:     ĝ = (1/E) Σ_episodes Σ_t (G_t − b_t) ∇θ log π(a_t|s_t)   (causality: a_t cannot affect r_{<t})
 *
 * Baselines (none of them biases the estimate): "mean" — leave-one-out mean over the other episodes (of R, or of G at the
 * same time index); "optimal" — the core's leave-one-out per-coordinate b_j = E[R S_j²]/E[S_j²] on the per-episode
 * score sums S (trajectory form only); "value" — a learned V(s_t) (fitted on earlier batches).
 * The trajectory form with R(τ) = Σ_k γ^k r_k is unbiased for the gradient of the γ-discounted objective
 * J_γ = E[Σ_k γ^k r_k]. The reward-to-go form is unbiased for it with `discountWeighting` (step k of an episode carries
 * γ^k, so the weight is Σ_{k'≥k} γ^{k'} r_{k'}); without it (the usual practice) only for γ = 1.
 * References: Williams (1992); Greensmith, Bartlett & Baxter (JMLR 2004); Sutton & Barto (2018) §13.3–13.4.
 */
import { leaveOneOutMean, leaveOneOutOptimal } from "../variance/baselines.js";
import { estimateFromRows } from "../estimators/result.js";
import { standardize } from "../optim/standardize.js";
import { checkOptionsObject, fail, show, toFiniteArray } from "../util/validate.js";
import type { Policy } from "./policy/policy.js";
import { discountPowers, rewardToGo, trajectoryReturns } from "./returns.js";
import type { Rollout } from "./rollout.js";
import { segmentGradientRows, segments, type Segments } from "./segments.js";
import { checkPolicy } from "./policy/parameterization.js";

/** Which return multiplies each step's score. */
export type ReturnForm = "trajectory" | "rewardToGo";
/** REINFORCE's baselines; see the module comment. */
export type ReinforceBaseline = "none" | "mean" | "optimal" | "value";

/** Options of {@link reinforce}. */
export interface ReinforceOptions {
  /** Discount γ in [0, 1] (default 0.99). */
  gamma?: number;
  /** Default "rewardToGo". */
  returns?: ReturnForm;
  /** Default "none". */
  baseline?: ReinforceBaseline;
  /** V(s_t) per step, required by baseline "value" (from a critic fitted on earlier data). */
  values?: Float64Array;
  /** Reward-to-go form: multiply step k of an episode by γ^k (exact for the discounted objective). Default false. */
  discountWeighting?: boolean;
  /** Standardize the weights ψ over the batch (PyTorch's REINFORCE example does; biased, NaN-safe). Default false. */
  standardize?: boolean;
}

/** A policy-gradient estimate: the ascent direction ĝ ≈ ∇θ J and what produced it. */
export interface PolicyGradientEstimate {
  /** ĝ, length P (ascend it; negate for the descent transforms of src/optim). */
  readonly gradient: Float64Array;
  /** The per-step weights ψ_t (before a per-coordinate "optimal" baseline, which has no per-step form). */
  readonly weights: Float64Array;
  /** Number of episodes E the estimate averages over. */
  readonly numEpisodes: number;
}

/**
 * The per-step weights ψ_t of REINFORCE for a batch of complete episodes (baseline "optimal" is per coordinate and
 * gives the plain returns here; {@link reinforce} applies it). Throws if an episode is cut by the end of the batch.
 * @example const { weights } = reinforceWeights(rollout, { returns: "rewardToGo", baseline: "mean" }); // ψ_t per step
 */
export function reinforceWeights(rollout: Rollout, options: ReinforceOptions = {}): { weights: Float64Array; returns: Float64Array; segments: Segments } {
  const fn = "reinforce";
  const { gamma = 0.99, returns = "rewardToGo", baseline = "none", values, discountWeighting = false, standardize: doStd = false } = checkOptionsObject<NonNullable<typeof options>>("reinforceWeights", options);
  if (returns !== "trajectory" && returns !== "rewardToGo") throw new Error(`${fn}: returns must be "trajectory" or "rewardToGo", got ${show(returns)}`);
  if (!["none", "mean", "optimal", "value"].includes(baseline as string)) {
    throw new Error(`${fn}: baseline must be "none", "mean", "optimal" or "value", got ${show(baseline)}`);
  }
  if (baseline === "optimal" && returns !== "trajectory") {
    throw new Error(`${fn}: baseline "optimal" (per-coordinate, on whole-episode score sums) needs returns: "trajectory", got ${show(returns)}`);
  }
  const seg = segments(rollout);
  for (let i = 0; i < seg.count; i++) {
    if (seg.complete[i] !== 1) {
      throw new Error(`${fn}: rollout has an episode cut by the end of the batch (segment ${i}); REINFORCE needs whole episodes — collect them with collectEpisodes`);
    }
  }
  const M = rollout.numSteps * rollout.numEnvs;
  const R = returns === "trajectory" ? trajectoryReturns(rollout, gamma) : rewardToGo(rollout, gamma);
  const psi = R.slice();
  if (baseline === "value") {
    if (!(values instanceof Float64Array) || values.length !== M) throw new Error(`${fn}: baseline "value" needs values (V(s_t), a Float64Array of length ${M}), got ${show(values)}`);
    for (let i = 0; i < M; i++) {
      if (!Number.isFinite(values[i])) throw new Error(`${fn}: values[${i}] must be finite, got ${show(values[i])}`);
      psi[i] -= values[i];
    }
  } else if (baseline === "mean") {
    if (seg.count < 2) throw new Error(`${fn}: baseline "mean" (leave-one-out) needs at least 2 episodes, got ${seg.count}`);
    if (returns === "trajectory") {
      const episodeR = new Float64Array(seg.count);
      for (let i = 0; i < M; i++) episodeR[seg.id[i]] = R[i];
      const b = leaveOneOutMean(episodeR);
      for (let i = 0; i < M; i++) psi[i] -= b[seg.id[i]];
    } else {
      const b = timeAlignedLeaveOneOutMean(R, seg);
      for (let i = 0; i < M; i++) psi[i] -= b[i];
    }
  }
  if (discountWeighting && returns === "rewardToGo") {
    const g = discountPowers(rollout, gamma);
    for (let i = 0; i < M; i++) psi[i] *= g[i];
  }
  return { weights: doStd ? standardize(psi) : psi, returns: R, segments: seg };
}

/**
 * The REINFORCE estimate ĝ of ∇θ J from a batch of complete episodes (see the module comment): one batched VJP of
 * the weighted scores, divided by the number of episodes; with baseline "optimal", the core's leave-one-out optimal
 * baseline on the per-episode rows (E × P, accumulated in chunks).
 * @example
 *   const { rollout } = collectEpisodes(foldIn(k, u), envs, policy, theta, { episodesPerEnv: 4 });
 *   const { gradient } = reinforce(policy, theta, rollout, { gamma: 0.99, baseline: "mean" });
 */
export function reinforce(policy: Policy, theta: Float64Array, rollout: Rollout, options: ReinforceOptions = {}): PolicyGradientEstimate {
  checkPolicy("reinforce", policy);
  const { weights, returns, segments: seg } = reinforceWeights(rollout, options);
  const E = seg.count;
  if (options?.baseline === "optimal") {
    if (E < 2) throw new Error(`reinforce: baseline "optimal" (leave-one-out) needs at least 2 episodes, got ${E}`);
    const P = policy.paramSize;
    const M = rollout.numSteps * rollout.numEnvs;
    const [S] = segmentGradientRows(policy, theta, rollout, [new Float64Array(M).fill(1)]);
    const episodeR = new Float64Array(E);
    for (let i = 0; i < M; i++) episodeR[seg.id[i]] = returns[i];
    return { gradient: estimateFromRows(optimalBaselineRows(episodeR, S, E, P), E, P, "reinforce").mean, weights, numEpisodes: E };
  }
  const gradient = policy.scoreVjp(theta, rollout.observations, rollout.actions, weights);
  for (let j = 0; j < gradient.length; j++) gradient[j] /= E;
  return { gradient, weights, numEpisodes: E };
}

/**
 * Per step, the leave-one-out mean of `values` at the same position within the segment over the OTHER segments that
 * reach that position (0 where none does): a baseline for step k of episode i that is independent of episode i.
 * @example const b = timeAlignedLeaveOneOutMean(rewardToGo(rollout, 0.99), segments(rollout));
 */
export function timeAlignedLeaveOneOutMean(values: Float64Array, seg: Segments): Float64Array {
  const fn = "timeAlignedLeaveOneOutMean";
  toFiniteArray(fn, "values", values);
  const M = values.length;
  if (seg === null || typeof seg !== "object" || !(seg.length instanceof Int32Array) || seg.length.length === 0 || !(seg.position instanceof Int32Array) || seg.position.length !== M) {
    fail(fn, "seg", `the Segments of the same rollout (from segments(rollout)), with position of length ${M}`, seg);
  }
  let Lmax = 0;
  for (let s = 0; s < seg.length.length; s++) Lmax = Math.max(Lmax, seg.length[s]);
  for (let i = 0; i < M; i++) if (!(seg.position[i] >= 0 && seg.position[i] < Lmax)) fail(fn, `seg.position[${i}]`, `an integer in [0, ${Lmax})`, seg.position[i]);
  const sum = new Float64Array(Lmax);
  const cnt = new Float64Array(Lmax);
  for (let i = 0; i < M; i++) {
    sum[seg.position[i]] += values[i];
    cnt[seg.position[i]] += 1;
  }
  const b = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    const k = seg.position[i];
    b[i] = cnt[k] > 1 ? (sum[k] - values[i]) / (cnt[k] - 1) : 0;
    if (!Number.isFinite(b[i])) throw new Error(`${fn}: the leave-one-out mean at step ${i} is ${show(b[i])}; values are beyond float64's range when summed`);
  }
  return b;
}

/**
 * Per-episode rows (R_i − b_ij)·S_ij with the core's leave-one-out optimal per-coordinate baseline b (E × P), from
 * the episodes' returns R (length E) and score sums S (E × P). Their mean is unbiased (Greensmith et al. 2004 §5).
 * @example const rows = optimalBaselineRows(R, S, E, P); // estimateFromRows(rows, E, P).mean is the estimate
 */
export function optimalBaselineRows(episodeReturns: Float64Array, S: Float64Array, E: number, P: number): Float64Array {
  const b = leaveOneOutOptimal(episodeReturns, S, E, P);
  const rows = new Float64Array(E * P);
  for (let i = 0; i < E; i++) {
    for (let j = 0; j < P; j++) {
      const r = (episodeReturns[i] - b[i * P + j]) * S[i * P + j];
      if (!Number.isFinite(r)) throw new Error(`optimalBaselineRows: row ${i}, coordinate ${j} is ${show(r)}; the returns (${show(episodeReturns[i])}) or scores are beyond float64's range — rescale the rewards`);
      rows[i * P + j] = r;
    }
  }
  return rows;
}
