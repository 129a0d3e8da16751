/**
 * The per-step terms of a policy loss on the distribution parameters, and their pull-back to θ in one VJP.
 *
 * A loss Σ_i ℓ_i(dist params of state i) (PPO's clipped surrogate, an entropy bonus) has the gradient
 * Σ_i J_iᵀ ∂ℓ_i/∂(dist params): the cotangent rows c_i go through the network's VJP for the network's outputs and are
 * summed over the batch for the head's state-independent block (a Gaussian's log std). When ℓ_i = w_i log π(a_i|s_i)
 * the row is c_i = w_i · score_i, the distribution's closed-form score, so no derivative is re-derived here.
 */
import type { Distribution } from "../distributions/distribution.js";
import { show } from "../util/validate.js";
import type { Policy } from "./policy/policy.js";

/**
 * Σ_i J_iᵀ c_i on θ for cotangent rows c (n × head.distParamSize) on the distribution parameters of the n states:
 * one batched VJP of the network plus the column sums on the shared head block. Length P.
 * @example const g = distributionVjp(policy, theta, obs, cot); // cot_i = w_i · score_i gives Σ w_i ∇θ log π(a_i|s_i)
 */
export function distributionVjp(policy: Policy, theta: Float64Array, observations: Float64Array, cotangent: Float64Array): Float64Array {
  const fn = "distributionVjp";
  const { network, head } = policy;
  const D = head.distParamSize;
  const K = head.networkOutputs;
  const Pn = network.paramSize;
  const n = observations.length / policy.observationDim;
  if (!(cotangent instanceof Float64Array) || cotangent.length !== n * D) {
    throw new Error(`${fn}: cotangent must be a Float64Array of n × ${D} = ${n * D} numbers, got ${show(cotangent)}`);
  }
  const grad = new Float64Array(policy.paramSize);
  let netCot = cotangent;
  if (D !== K) {
    netCot = new Float64Array(n * K);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < K; j++) netCot[i * K + j] = cotangent[i * D + j];
      for (let j = K; j < D; j++) grad[Pn + j - K] += cotangent[i * D + j];
    }
  }
  network.vjp(theta.subarray(0, Pn), observations, netCot, grad.subarray(0, Pn));
  return grad;
}

/**
 * ∇ H(π) with respect to the distribution's own parameters θ_d (its `params`), length paramSize.
 * Discrete families over a small support (Categorical): the exact sum ∇H = −Σ_k p_k log p_k ∇ log p_k, from the
 * family's closed-form score (∇p_k = p_k ∇ log p_k and Σ_k ∇p_k = 0). Normal with θ_d = [μ, log σ]: H = Σ_j log σ_j +
 * const, so ∇H = [0, 1]. Other families throw.
 * @example entropyGradient(new Categorical({ logits: [0, 0] })) // [0, 0]: the uniform distribution maximizes H
 */
export function entropyGradient(dist: Distribution): Float64Array {
  const P = dist.paramSize;
  if (dist.name === "Categorical") {
    const K = P;
    const support = new Float64Array(K);
    for (let k = 0; k < K; k++) support[k] = k;
    const logp = dist.logProb(support);
    const s = dist.score(support);
    const g = new Float64Array(P);
    for (let k = 0; k < K; k++) {
      const c = -Math.exp(logp[k]) * logp[k];
      if (c === 0) continue;
      for (let j = 0; j < P; j++) g[j] += c * s[k * P + j];
    }
    return g;
  }
  if (dist.name === "Normal") {
    const g = new Float64Array(P);
    g.fill(1, P / 2);
    return g;
  }
  throw new Error(`entropyGradient: dist must be a Categorical or a Normal, got ${show(dist.name)}`);
}
