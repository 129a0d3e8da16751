/**
 * The entropy bonus's derivative with respect to an action distribution's own parameters: the cotangent that PPO
 * (src/rl/ppo.ts) adds to w_i·score_i before pulling both back through the policy network in one VJP.
 */
import type { Distribution } from "../distributions/distribution.js";
import { show } from "../util/validate.js";

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
