/**
 * Advantage actor–critic (A2C; Mnih et al., ICML 2016, synchronous form) with GAE(λ) advantages (Schulman et al.,
 * ICLR 2016): the policy ascends (1/M) Σ_t Â_t ∇θ log π(a_t|s_t) over the M steps of a rollout, the critic V_φ
 * descends ½·mean_t (V_φ(s_t) − Ĝ_t)² towards the λ-returns Ĝ_t = Â_t + V(s_t). Advantages use the values at
 * collection time (the critic is then updated), so Â is a fixed weight in the policy gradient.
 * Optimizers are src/optim transforms (e.g. chain(clipByGlobalNorm(0.5), adam({ learningRate: 7e-4 }))); they
 * descend, so the policy's transform is given −ĝ.
 */
import { applyUpdates } from "../optim/applyUpdates.js";
import { standardize } from "../optim/standardize.js";
import type { GradientTransformation } from "../optim/transform.js";
import { checkOptionsObject, fail, show } from "../util/validate.js";
import type { Parameterization } from "./policy/parameterization.js";
import { checkBatch, checkPolicy } from "./policy/parameterization.js";
import type { Policy } from "./policy/policy.js";
import { gae } from "./returns.js";
import type { Rollout } from "./rollout.js";

/**
 * V(s_t) and V(s'_t) for every step of a rollout (s'_t: the observation step t returned, before any reset).
 * @example const { values, nextValues } = criticValues(critic, phi, rollout); const { advantages } = gae(rollout, values, nextValues, 0.99, 0.95);
 */
export function criticValues(critic: Parameterization, criticTheta: Float64Array, rollout: Rollout): { values: Float64Array; nextValues: Float64Array } {
  checkCritic("criticValues", critic);
  if (rollout === null || typeof rollout !== "object") fail("criticValues", "rollout", "a Rollout (from collectRollout or collectEpisodes)", rollout);
  return { values: critic.forward(criticTheta, rollout.observations), nextValues: critic.forward(criticTheta, rollout.nextObservations) };
}

/**
 * The critic's regression loss L(φ) = ½·(1/n) Σ_i (V_φ(s_i) − target_i)² and its gradient ∇φ L (one forward and one
 * backward pass, cotangent (V − target)/n).
 * @example const { loss, gradient } = valueLoss(critic, phi, observations, returns);
 */
export function valueLoss(critic: Parameterization, criticTheta: Float64Array, observations: Float64Array, targets: Float64Array): { loss: number; gradient: Float64Array } {
  const fn = "valueLoss";
  checkCritic(fn, critic);
  const n = checkBatch(fn, "observations", observations, critic.inputDim);
  checkBatch(fn, "targets", targets, 1, n);
  for (let i = 0; i < n; i++) if (!Number.isFinite(targets[i])) throw new Error(`${fn}: targets[${i}] must be finite, got ${show(targets[i])}`);
  let loss = 0;
  const gradient = critic.forwardVjp(criticTheta, observations, (v) => {
    const cot = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = v[i] - targets[i];
      loss += 0.5 * r * r;
      cot[i] = r / n;
    }
    return cot;
  });
  return { loss: loss / n, gradient };
}

/** Options of {@link a2cGradients}. */
export interface A2cOptions {
  /** Discount γ (default 0.99). */
  gamma?: number;
  /** GAE λ (default 1, SB3's A2C; 0.95 is CleanRL's PPO). */
  lambda?: number;
  /** Standardize the advantages over the batch (NaN-safe; default false, as SB3's A2C). */
  normalizeAdvantages?: boolean;
}

/** What {@link a2cGradients} returns. */
export interface A2cGradients {
  /** ĝ = (1/M) Σ_t Â_t ∇θ log π(a_t|s_t), the ascent direction for θ. */
  readonly policyGradient: Float64Array;
  /** ∇φ of the critic loss (descend it). */
  readonly valueGradient: Float64Array;
  readonly valueLoss: number;
  /** Â_t as used (after standardization if asked). */
  readonly advantages: Float64Array;
  /** λ-returns Â_t + V(s_t) (before standardization): the critic's targets. */
  readonly returns: Float64Array;
  readonly values: Float64Array;
  readonly nextValues: Float64Array;
}

/**
 * A2C's two gradients from one rollout (see the module comment).
 * @example const g = a2cGradients(policy, theta, critic, phi, rollout, { gamma: 0.99, lambda: 0.95 });
 */
export function a2cGradients(
  policy: Policy,
  theta: Float64Array,
  critic: Parameterization,
  criticTheta: Float64Array,
  rollout: Rollout,
  options: A2cOptions = {},
): A2cGradients {
  checkPolicy("a2cGradients", policy);
  const { gamma = 0.99, lambda = 1, normalizeAdvantages = false } = checkOptionsObject<NonNullable<typeof options>>("a2cGradients", options);
  const { values, nextValues } = criticValues(critic, criticTheta, rollout);
  const { advantages: raw, returns } = gae(rollout, values, nextValues, gamma, lambda);
  const advantages = normalizeAdvantages ? standardize(raw) : raw;
  const M = advantages.length;
  const policyGradient = policy.scoreVjp(theta, rollout.observations, rollout.actions, advantages);
  for (let j = 0; j < policyGradient.length; j++) policyGradient[j] /= M;
  const v = valueLoss(critic, criticTheta, rollout.observations, returns);
  return { policyGradient, valueGradient: v.gradient, valueLoss: v.loss, advantages, returns, values, nextValues };
}

/** The learner's state of {@link a2cUpdate}: both parameter vectors and both optimizer states (JSON-safe if theirs are). */
export interface A2cState<SP, SV> {
  readonly theta: Float64Array;
  readonly criticTheta: Float64Array;
  readonly policyOptState: SP;
  readonly valueOptState: SV;
}

/** The fixed parts of an A2C learner. */
export interface A2cLearner<SP, SV> {
  readonly policy: Policy;
  readonly critic: Parameterization;
  readonly policyOptimizer: GradientTransformation<SP>;
  readonly valueOptimizer: GradientTransformation<SV>;
}

/**
 * One A2C update: gradients from the rollout, then one optimizer step for the policy (on −ĝ) and one for the critic.
 * Returns a new state (nothing is mutated) and the gradients it used.
 * @example
 *   const learner = { policy, critic, policyOptimizer: chain(clipByGlobalNorm(0.5), adam({ learningRate: 7e-4 })), valueOptimizer: … };
 *   let s = { theta, criticTheta, policyOptState: learner.policyOptimizer.init(theta), valueOptState: learner.valueOptimizer.init(criticTheta) };
 *   ({ state: s } = a2cUpdate(learner, s, rollout, { lambda: 0.95 }));
 */
export function a2cUpdate<SP, SV>(
  learner: A2cLearner<SP, SV>,
  state: A2cState<SP, SV>,
  rollout: Rollout,
  options: A2cOptions = {},
): { state: A2cState<SP, SV>; gradients: A2cGradients } {
  const fn = "a2cUpdate";
  if (learner === null || typeof learner !== "object") fail(fn, "learner", "an object { policy, critic, policyOptimizer, valueOptimizer }", learner);
  for (const k of ["policyOptimizer", "valueOptimizer"] as const) {
    if (typeof learner[k]?.update !== "function") fail(fn, `learner.${k}`, "a gradient transformation { init, update } (e.g. adam())", learner[k]);
  }
  if (state === null || typeof state !== "object") fail(fn, "state", "an object { theta, criticTheta, policyOptState, valueOptState }", state);
  const g = a2cGradients(learner.policy, state.theta, learner.critic, state.criticTheta, rollout, options);
  const pol = learner.policyOptimizer.update(g.policyGradient.map((x) => -x), state.policyOptState, state.theta);
  const val = learner.valueOptimizer.update(g.valueGradient, state.valueOptState, state.criticTheta);
  return {
    state: {
      theta: applyUpdates(state.theta, pol.updates),
      criticTheta: applyUpdates(state.criticTheta, val.updates),
      policyOptState: pol.state,
      valueOptState: val.state,
    },
    gradients: g,
  };
}

function checkCritic(fn: string, critic: Parameterization): void {
  if (critic === null || typeof critic !== "object" || typeof critic.vjp !== "function") {
    throw new Error(`${fn}: critic must be a Parameterization (e.g. valueNetwork(obsDim)), got ${show(critic)}`);
  }
  if (critic.outputDim !== 1) throw new Error(`${fn}: critic must have outputDim 1 (one value per state), got ${critic.outputDim}`);
}
