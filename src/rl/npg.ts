/**
 * Natural policy gradient (Kakade, NIPS 2001) with a KL trust region (Schulman et al., TRPO, ICML 2015):
 *
 *   g = (1/n) Σ_t A_t ∇θ log π(a_t|s_t)          (one batched VJP)
 *   F = (1/n) Σ_t s_t s_tᵀ,  s_t = ∇θ log π(a_t|s_t)  (the policy's Fisher from per-step scores, never formed)
 *   x ≈ (F + λI)⁻¹ g by conjugate gradients on Fisher-vector products (src/fisher, src/util/conjugateGradient)
 *   θ ← θ + β x,  β = √(2δ / xᵀ(F + λI)x)          (the step whose quadratic KL model equals δ)
 *
 * With `lineSearch`, β is halved until the surrogate E[r_t A_t] improves and the KL estimate E[(r − 1) − log r] on
 * the batch is at most 1.5δ (as OpenAI baselines' TRPO); no acceptable step leaves θ unchanged. The critic (for GAE
 * advantages) is fitted by Adam on ½E[(V − R)²]. F v is `policyFisherVectorProduct` (src/rl/policy/fisher.ts) in its
 * empirical form: the per-step score rows formed in chunks of `chunkSize` steps, each chunk through the core's
 * `fisherVectorProduct`, so memory is O(chunkSize · P).
 */
import { foldIn, type Key } from "../random/key.js";
import { adam, type AdamState } from "../optim/adam.js";
import { applyUpdates } from "../optim/applyUpdates.js";
import { chain } from "../optim/chain.js";
import { clipByGlobalNorm } from "../optim/clip.js";
import { standardize } from "../optim/standardize.js";
import type { EmptyState } from "../optim/transform.js";
import { conjugateGradient } from "../util/linalg.js";
import { checkKnownKeys, checkOptionsObject, checkPositive, checkPositiveInt, fail } from "../util/validate.js";
import { criticAdvantages, readAdamChain, type RlAlgorithm, initActorCritic } from "./algorithm.js";
import { checkBatch, checkParamVector, checkParameterization, checkPolicy, checkWeights, type Parameterization } from "./policy/parameterization.js";
import type { Policy } from "./policy/policy.js";
import { policyFisherVectorProduct } from "./policy/fisher.js";
import { permutation } from "../random/permutation.js";

/** Hyper-parameters of {@link npgAlgorithm}. */
export interface NpgHyper {
  /** Environments stepped in lockstep (default 4). */
  readonly numEnvs?: number;
  /** Steps per environment per update (default 256). */
  readonly numSteps?: number;
  /** Discount γ (default 0.99). */
  readonly gamma?: number;
  /** GAE λ (default 0.97, as TRPO-GAE). */
  readonly gaeLambda?: number;
  /** Trust-region radius δ on the mean KL (default 0.01). */
  readonly maxKl?: number;
  /** Damping λ of F + λI (default 0.1). */
  readonly damping?: number;
  /** Conjugate-gradient iterations (default 10). */
  readonly cgIters?: number;
  /** Backtracking line search on the surrogate with a KL check (default true: TRPO). */
  readonly lineSearch?: boolean;
  /** Halvings tried by the line search (default 10). */
  readonly backtrackSteps?: number;
  /** Standardize advantages over the batch (default true). */
  readonly normalizeAdvantages?: boolean;
  /** Critic: Adam step size (default 1e-3), passes and minibatches per update (default 5 × 4), clip norm (0.5). */
  readonly valueLearningRate?: number;
  readonly valueEpochs?: number;
  readonly valueMinibatches?: number;
  readonly maxGradNorm?: number;
  /** Rows of scores formed at once for Fisher-vector products (default 256). */
  readonly chunkSize?: number;
}

/** {@link NpgHyper} with every default filled in (what {@link npgHyper} returns). */
export type NpgConfig = Required<NpgHyper>;

/**
 * Fills in and checks {@link NpgHyper}.
 * @example npgHyper({ maxKl: 0.05 }) // every other NPG setting at its default
 */
export function npgHyper(h: NpgHyper = {}): NpgConfig {
  const fn = "npg";
  const defaults: NpgConfig = {
    numEnvs: 4, numSteps: 256, gamma: 0.99, gaeLambda: 0.97, maxKl: 0.01, damping: 0.1, cgIters: 10, lineSearch: true,
    backtrackSteps: 10, normalizeAdvantages: true, valueLearningRate: 1e-3, valueEpochs: 5, valueMinibatches: 4, maxGradNorm: 0.5,
    chunkSize: 256,
  };
  const given = checkOptionsObject<NpgHyper>(fn, h);
  checkKnownKeys(fn, given, Object.keys(defaults));
  const c: NpgConfig = { ...defaults, ...(Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as NpgHyper) };
  for (const k of ["numEnvs", "numSteps", "cgIters", "backtrackSteps", "valueEpochs", "valueMinibatches", "chunkSize"] as const) checkPositiveInt(fn, k, c[k]);
  for (const k of ["maxKl", "damping", "valueLearningRate", "maxGradNorm"] as const) checkPositive(fn, k, c[k]);
  for (const k of ["gamma", "gaeLambda"] as const) if (typeof c[k] !== "number" || !(c[k] >= 0 && c[k] <= 1)) fail(fn, k, "a number in [0, 1]", c[k]);
  for (const k of ["lineSearch", "normalizeAdvantages"] as const) if (typeof c[k] !== "boolean") fail(fn, k, "true or false", c[k]);
  return c;
}

/** Surrogate E[r_t A_t] and KL estimate E[(r − 1) − log r] at θ' (r = π_θ'/π_old on the batch). */
function surrogate(policy: Policy, theta: Float64Array, obs: Float64Array, act: Float64Array, oldLogProbs: Float64Array, adv: Float64Array): { value: number; kl: number } {
  const lp = policy.logProb(theta, obs, act);
  let value = 0;
  let kl = 0;
  for (let i = 0; i < lp.length; i++) {
    const logR = lp[i] - oldLogProbs[i];
    const r = Math.exp(logR);
    value += r * adv[i];
    kl += r - 1 - logR;
  }
  return { value: value / lp.length, kl: kl / lp.length };
}

/**
 * The natural policy gradient step on the policy part of θ = [θ_π, θ_V] (see the module comment); returns θ_π' and
 * diagnostics (step size β, line-search fraction, KL estimate, surrogate improvement, CG residual).
 * @example const { theta: thetaPi, stats } = npgStep(policy, theta.subarray(0, Ppi), obs, act, oldLogProbs, advantages, npgHyper({ maxKl: 0.05 }));
 */
export function npgStep(policy: Policy, thetaPi: Float64Array, obs: Float64Array, act: Float64Array, oldLogProbs: Float64Array, adv: Float64Array, config: NpgConfig) {
  const fn = "npgStep";
  checkPolicy(fn, policy);
  checkParamVector(fn, thetaPi, policy.paramSize, "thetaPi");
  const m = checkBatch(fn, "obs", obs, policy.observationDim);
  checkBatch(fn, "act", act, policy.actionDim, m);
  checkWeights(fn, oldLogProbs, m, "oldLogProbs");
  checkWeights(fn, adv, m, "adv");
  const c = npgHyper(config);
  const n = oldLogProbs.length;
  const g = policy.scoreVjp(thetaPi, obs, act, adv.map((a) => a / n));
  const damped = policyFisherVectorProduct(policy, thetaPi, obs, { kind: "empirical", actions: act, damping: c.damping, chunkSize: c.chunkSize });
  const cg = conjugateGradient(damped, g, { maxIter: c.cgIters, tol: 1e-10 });
  const x = cg.x;
  const xFx = dotProduct(x, damped(x));
  const beta = xFx > 0 ? Math.sqrt((2 * c.maxKl) / xFx) : 0;
  const base = surrogate(policy, thetaPi, obs, act, oldLogProbs, adv);
  let fraction = 1;
  let accepted = thetaPi;
  let after = base;
  const tries = c.lineSearch ? c.backtrackSteps : 1;
  for (let k = 0; k < tries; k++, fraction /= 2) {
    const candidate = applyUpdates(thetaPi, x.map((xj) => fraction * beta * xj));
    const s = surrogate(policy, candidate, obs, act, oldLogProbs, adv);
    if (!c.lineSearch || (s.value > base.value && s.kl <= 1.5 * c.maxKl)) {
      accepted = candidate;
      after = s;
      break;
    }
    if (k === tries - 1) fraction = 0;
  }
  return { theta: accepted, stats: { stepSize: beta * fraction, lineSearchFraction: fraction, approxKl: after.kl, improvement: after.value - base.value, cgResidual: cg.residualNorm } };
}

function dotProduct(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

type CriticOpt = readonly [EmptyState, AdamState];

/**
 * NPG/TRPO as a `train` algorithm: a rollout, GAE advantages, {@link npgStep} on the policy, Adam epochs on the critic.
 * @example const alg = npgAlgorithm(mlpPolicy(obsSpace, actSpace), valueNetwork(4), { maxKl: 0.02 });
 */
export function npgAlgorithm(policy: Policy, critic: Parameterization, hyper: NpgHyper = {}): RlAlgorithm {
  checkPolicy("npgAlgorithm", policy);
  checkParameterization("npgAlgorithm", critic);
  const c = npgHyper(hyper);
  const Ppi = policy.paramSize;
  const Pv = critic.paramSize;
  const opt = chain(clipByGlobalNorm(c.maxGradNorm), adam({ learningRate: c.valueLearningRate }));
  return {
    name: "npg",
    policy,
    critic,
    config: c,
    collect: { kind: "steps", numEnvs: c.numEnvs, numSteps: c.numSteps },
    init(k: Key) {
      const theta = initActorCritic(policy, critic, k);
      return { theta, opt: opt.init(theta.subarray(Ppi)) };
    },
    update(k, theta, optState, rollout) {
      const { observations: obs, actions: act, logProbs } = rollout;
      const { advantages, returns } = criticAdvantages(critic, theta.subarray(Ppi), rollout, c.gamma, c.gaeLambda);
      const adv = c.normalizeAdvantages ? standardize(advantages) : advantages;
      const step = npgStep(policy, theta.subarray(0, Ppi), obs, act, logProbs, adv, c);
      let thetaV: Float64Array = theta.slice(Ppi);
      let state = optState as CriticOpt;
      const n = returns.length;
      const d = policy.observationDim;
      const size = Math.max(1, Math.floor(n / c.valueMinibatches));
      let valueLoss = 0;
      for (let epoch = 0; epoch < c.valueEpochs; epoch++) {
        const perm = permutation(foldIn(k, epoch), n);
        for (let start = 0; start < n; start += size) {
          const idx = perm.subarray(start, Math.min(n, start + size));
          const o = new Float64Array(idx.length * d);
          idx.forEach((i, j) => o.set(obs.subarray(i * d, (i + 1) * d), j * d));
          const v = critic.forward(thetaV, o);
          const cot = v.map((vj, j) => (vj - returns[idx[j]]) / idx.length);
          valueLoss = cot.reduce((s, x) => s + 0.5 * x * x * idx.length, 0);
          const r = opt.update(critic.vjp(thetaV, o, cot), state, thetaV);
          thetaV = applyUpdates(thetaV, r.updates);
          state = r.state;
        }
      }
      const next = new Float64Array(Ppi + Pv);
      next.set(step.theta);
      next.set(thetaV, Ppi);
      return { theta: next, opt: state, stats: { ...step.stats, valueLoss } };
    },
    readOpt: (reader, path) => readAdamChain(reader, path, Pv),
  };
}
