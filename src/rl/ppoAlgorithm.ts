/**
 * PPO as a `train` algorithm: numEnvs × numSteps lockstepped steps per update, GAE(λ) advantages from the critic, then
 * {@link ppoUpdate}, with the learning rate annealed linearly to 0 over the run when `annealLr` (CleanRL's default).
 */
import {  type Key } from "../random/key.js";
import { checkOptionsObject, checkPositive, checkPositiveInt, fail, show, toFiniteArray } from "../util/validate.js";
import { criticAdvantages, readAdamChain, type RlAlgorithm, initActorCritic } from "./algorithm.js";
import { checkParameterization, checkPolicy, type Parameterization } from "./policy/parameterization.js";
import type { Policy } from "./policy/policy.js";
import { ppoInit, ppoUpdate, type PpoOptState } from "./ppo.js";
import { ppoConfig, type PpoConfig, type PpoOptions } from "./ppoOptions.js";

/** Hyper-parameters of PPO in `train`: the update's ({@link PpoOptions}) plus collection and returns. */
export interface PpoHyper extends PpoOptions {
  /** Environments stepped in lockstep (default 4). */
  readonly numEnvs?: number;
  /** Steps per environment per update (default 128). */
  readonly numSteps?: number;
  /** Discount γ (default 0.99). */
  readonly gamma?: number;
  /** GAE λ (default 0.95). */
  readonly gaeLambda?: number;
  /** Anneal the learning rate linearly to 0 over the run (default true). */
  readonly annealLr?: boolean;
  /**
   * Rewards are multiplied by this before returns and advantages (default 1): a fixed stand-in for SB3's VecNormalize /
   * CleanRL's NormalizeReward, so value targets stay O(1) (Pendulum's −16…0 per step). Reported returns are unscaled.
   */
  readonly rewardScale?: number;
}

/** Filled-in {@link PpoHyper}. */
export type PpoHyperConfig = PpoConfig & Required<Pick<PpoHyper, "numEnvs" | "numSteps" | "gamma" | "gaeLambda" | "annealLr" | "rewardScale">>;

/**
 * CleanRL's ppo.py defaults (4 envs × 128 steps, γ 0.99, λ 0.95, annealed lr 2.5e-4, 4 epochs × 4 minibatches).
 * @example ppoHyper({ numEnvs: 8 }).numSteps // 128
 */
export function ppoHyper(h: PpoHyper = {}): PpoHyperConfig {
  const fn = "ppo";
  const defaults = { numEnvs: 4, numSteps: 128, gamma: 0.99, gaeLambda: 0.95, annealLr: true, rewardScale: 1 };
  const given = Object.fromEntries(Object.entries(checkOptionsObject<PpoHyper>(fn, h)).filter(([, v]) => v !== undefined)) as PpoHyper;
  const c = { ...defaults, ...ppoConfig(given), ...given } as PpoHyperConfig;
  checkPositive(fn, "rewardScale", c.rewardScale);
  checkPositiveInt(fn, "numEnvs", c.numEnvs);
  checkPositiveInt(fn, "numSteps", c.numSteps);
  for (const name of ["gamma", "gaeLambda"] as const) if (typeof c[name] !== "number" || !(c[name] >= 0 && c[name] <= 1)) fail(fn, name, "a number in [0, 1]", c[name]);
  if (typeof c.annealLr !== "boolean") fail(fn, "annealLr", "true or false", c.annealLr);
  return c;
}

/**
 * The PPO algorithm for `train`.
 * @example const alg = ppoAlgorithm(mlpPolicy(env.observationSpace, env.actionSpace), valueNetwork(4), { numEnvs: 8 });
 */
export function ppoAlgorithm(policy: Policy, critic: Parameterization, hyper: PpoHyper = {}): RlAlgorithm {
  checkPolicy("ppoAlgorithm", policy);
  checkParameterization("ppoAlgorithm", critic);
  const c = ppoHyper(hyper);
  const Ppi = policy.paramSize;
  const P = Ppi + critic.paramSize;
  return {
    name: "ppo",
    policy,
    critic,
    config: c,
    collect: { kind: "steps", numEnvs: c.numEnvs, numSteps: c.numSteps },
    init(k: Key) {
      const theta = initActorCritic(policy, critic, k);
      return { theta, opt: ppoInit(theta, c) };
    },
    update(k, theta, opt, rollout, ctx) {
      const scaled = c.rewardScale === 1 ? rollout : { ...rollout, rewards: rollout.rewards.map((r) => r * c.rewardScale) };
      const { advantages, returns, values } = criticAdvantages(critic, theta.subarray(Ppi), scaled, c.gamma, c.gaeLambda);
      const batch = { observations: rollout.observations, actions: rollout.actions, logProbs: rollout.logProbs, advantages, returns, values };
      const lr = c.annealLr ? c.learningRate * (1 - ctx.envSteps / ctx.budget) : c.learningRate;
      const r = ppoUpdate(k, { policy, critic }, theta, opt as PpoOptState, batch, c, Math.max(lr, 1e-12 * c.learningRate));
      return { theta: r.theta, opt: r.optState, stats: { ...r.stats, learningRate: lr, explainedVariance: explained(values, returns) } };
    },
    readOpt: (reader, path) => readAdamChain(reader, path, P),
  };
}

/**
 * 1 − Var(R − V)/Var(R): how much of the return's spread the critic explains (NaN-free: 0 when Var(R) = 0).
 * @example explainedVariance(values, returns) // 1 for a perfect critic, 0 for a constant one, negative when worse
 */
export function explainedVariance(values: Float64Array, returns: Float64Array): number {
  const v = toFiniteArray("explainedVariance", "values", values);
  const r = toFiniteArray("explainedVariance", "returns", returns, v.length);
  const ev = explained(v, r);
  if (!Number.isFinite(ev)) throw new Error(`explainedVariance: the variances of returns and returns − values overflow float64 (values ${show(values)}, returns ${show(returns)})`);
  return ev;
}

/** {@link explainedVariance} on checked arrays. */
function explained(values: Float64Array, returns: Float64Array): number {
  const n = values.length;
  let mr = 0;
  let md = 0;
  for (let i = 0; i < n; i++) {
    mr += returns[i];
    md += returns[i] - values[i];
  }
  mr /= n;
  md /= n;
  let vr = 0;
  let vd = 0;
  for (let i = 0; i < n; i++) {
    vr += (returns[i] - mr) ** 2;
    vd += (returns[i] - values[i] - md) ** 2;
  }
  return vr === 0 ? 0 : 1 - vd / vr;
}
