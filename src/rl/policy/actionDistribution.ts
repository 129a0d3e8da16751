/**
 * The action distribution of a policy at one state, seen as an mcgrad Distribution whose parameter vector is the
 * policy's θ: π_θ(·|s). Its `score` is ∇θ log π(a|s) (the head's closed-form score pulled back through the network)
 * and its `fisher` is J(s)ᵀ F_dist J(s), with J(s) = ∂(distribution parameters)/∂θ built from VJPs with unit
 * cotangents — so the core's checkScore audits E[score] = 0 and E[score scoreᵀ] = Fisher for the policy itself.
 * fisher() costs O(D·P + P²) memory (D = distribution parameters): meant for small networks and tests.
 */
import type { Distribution } from "../../distributions/distribution.js";
import type { Key } from "../../random/key.js";
import { checkBatch, checkPolicy } from "./parameterization.js";
import type { Policy } from "./policy.js";

/**
 * π_θ(·|s) at the single observation s, as a Distribution with params θ (see the module comment).
 * @example checkScore(actionDistribution(policy, theta, observation), key(0)).pass; // true
 */
export function actionDistribution(policy: Policy, theta: Float64Array, observation: Float64Array): Distribution {
  checkPolicy("actionDistribution", policy);
  checkBatch("actionDistribution", "observation", observation, policy.observationDim, 1);
  const dist = policy.distributions(theta, observation)[0];
  const { head, network } = policy;
  const P = policy.paramSize;
  const Pn = network.paramSize;
  const K = head.networkOutputs;
  const D = head.distParamSize;
  const repeat = (n: number): Float64Array => {
    const obs = new Float64Array(n * observation.length);
    for (let i = 0; i < n; i++) obs.set(observation, i * observation.length);
    return obs;
  };
  /** J (D × P): row k < K is the network's VJP with cotangent e_k; row k ≥ K is the unit vector of a shared entry. */
  const jacobian = (): Float64Array => {
    const J = new Float64Array(D * P);
    const cot = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      cot.fill(0);
      cot[k] = 1;
      network.vjp(theta.subarray(0, Pn), observation, cot, J.subarray(k * P, k * P + Pn));
    }
    for (let k = K; k < D; k++) J[k * P + Pn + (k - K)] = 1;
    return J;
  };
  return {
    name: `Policy(${dist.name})`,
    dim: dist.dim,
    paramSize: P,
    get params() {
      return theta.slice();
    },
    discrete: dist.discrete,
    withParams: (t: ArrayLike<number>) => actionDistribution(policy, Float64Array.from(t), observation),
    sample: (k: Key, n: number) => dist.sample(k, n),
    logProb: (x: Float64Array | number[]) => dist.logProb(x),
    sampleAndLogProb: (k: Key, n: number) => dist.sampleAndLogProb(k, n),
    score(x: Float64Array | number[]) {
      const xs = Float64Array.from(x);
      return policy.scoreRows(theta, repeat(xs.length / policy.actionDim), xs);
    },
    fisher() {
      const J = jacobian();
      const Fd = dist.fisher();
      const FJ = new Float64Array(D * P);
      for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) {
        const f = Fd[a * D + b];
        if (f !== 0) for (let j = 0; j < P; j++) FJ[a * P + j] += f * J[b * P + j];
      }
      const F = new Float64Array(P * P);
      for (let a = 0; a < D; a++) for (let i = 0; i < P; i++) {
        const u = J[a * P + i];
        if (u !== 0) for (let j = 0; j < P; j++) F[i * P + j] += u * FJ[a * P + j];
      }
      return F;
    },
    entropy: () => dist.entropy(),
    entropyGradient() {
      // ∇θ H = Jᵀ ∇_φ H, with φ the distribution's own parameters.
      const J = jacobian();
      const g = dist.entropyGradient();
      const out = new Float64Array(P);
      for (let a = 0; a < D; a++) for (let j = 0; j < P; j++) out[j] += g[a] * J[a * P + j];
      return out;
    },
    // θ is the network's weights: no entry is a location or a scale of one coordinate.
    paramInfo: () => Array.from({ length: P }, () => ({ role: "other" as const, coordinate: null })),
    finiteSupport: () => dist.finiteSupport(),
    enumerateSupport: () => dist.enumerateSupport(),
    mean: () => dist.mean(),
    variance: () => dist.variance(),
  };
}
