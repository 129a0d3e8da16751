/**
 * The entropy bonus's derivative with respect to an action distribution's own parameters: the cotangent that PPO
 * (src/rl/ppo.ts) adds to w_i·score_i before pulling both back through the policy network in one VJP.
 */
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { show } from "../util/validate.js";

/**
 * ∇ H(π) with respect to the distribution's own parameters θ_d (its `params`), length paramSize.
 * Discrete families over a small support (Categorical): the exact sum ∇H = −Σ_k p_k log p_k ∇ log p_k, from the
 * family's closed-form score (∇p_k = p_k ∇ log p_k and Σ_k ∇p_k = 0). Normal with θ_d = [μ, log σ]: H = Σ_j log σ_j +
 * const, so ∇H = [0, 1]. Other families throw.
 * @example entropyGradient(new Categorical({ logits: [0, 0] })) // [0, 0]: the uniform distribution maximizes H
 */
export function entropyGradient(dist: Distribution): Float64Array {
  // The family's own exact ∇H (a family fact): Categorical by enumeration, Normal [0, 1] per coordinate.
  checkDistribution("entropyGradient", dist);
  if (typeof dist.entropyGradient !== "function") throw new Error(`entropyGradient: dist has no closed-form entropy gradient (a Categorical or a Normal), got ${show(dist.name)}`);
  return dist.entropyGradient();
}
