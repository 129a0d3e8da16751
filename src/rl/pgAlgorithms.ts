/**
 * REINFORCE and A2C as `train` algorithms, around src/rl/reinforce.ts and src/rl/a2c.ts: how each collects its
 * batch, its Adam optimizers (with global-norm clipping), and for REINFORCE with a "value" baseline the critic fitted
 * after each gradient (so the baseline of a batch only uses earlier batches).
 */
import {  type Key } from "../random/key.js";
import { adam, type AdamState } from "../optim/adam.js";
import { applyUpdates } from "../optim/applyUpdates.js";
import { chain } from "../optim/chain.js";
import { clipByGlobalNorm } from "../optim/clip.js";
import type { EmptyState } from "../optim/transform.js";
import { checkKnownKeys, checkOptionsObject, checkPositive, checkPositiveInt, fail } from "../util/validate.js";
import { a2cUpdate, valueLoss } from "./a2c.js";
import { rewardToGo, trajectoryReturns } from "./returns.js";
import { readAdamChain, type RlAlgorithm, initActorCritic } from "./algorithm.js";
import { checkParameterization, checkPolicy, type Parameterization } from "./policy/parameterization.js";
import type { Policy } from "./policy/policy.js";
import { reinforce, type ReinforceOptions } from "./reinforce.js";

type AdamChain = readonly [EmptyState, AdamState];
/** Optimizer states of the policy and (when there is one) the critic. */
interface PgOpt {
  readonly policy: AdamChain;
  readonly value: AdamChain | null;
}

/** Hyper-parameters of REINFORCE in `train`. */
export interface ReinforceHyper extends Omit<ReinforceOptions, "values"> {
  /** Environments, each running `episodesPerEnv` whole episodes per update (default 1 × 1: one episode per update). */
  readonly numEnvs?: number;
  readonly episodesPerEnv?: number;
  /** Adam step size of the policy (default 1e-2, as PyTorch's REINFORCE example) and of the critic (1e-3). */
  readonly learningRate?: number;
  readonly valueLearningRate?: number;
  /** Global-norm clip (default 1e6: effectively none, as the example). */
  readonly maxGradNorm?: number;
}

/** Hyper-parameters of A2C in `train` (SB3's defaults, with Adam instead of RMSprop). */
export interface A2cHyper {
  readonly numEnvs?: number;
  readonly numSteps?: number;
  readonly gamma?: number;
  readonly gaeLambda?: number;
  readonly normalizeAdvantages?: boolean;
  readonly learningRate?: number;
  readonly valueLearningRate?: number;
  readonly maxGradNorm?: number;
}

function resolve<T extends object>(fn: string, defaults: T, given: unknown): T {
  const options = checkOptionsObject<T>(fn, given);
  checkKnownKeys(fn, options, Object.keys(defaults));
  return { ...defaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as T;
}

function checkCommon(fn: string, c: Record<string, unknown>, ints: readonly string[], positives: readonly string[], unit: readonly string[], flags: readonly string[]): void {
  for (const k of ints) checkPositiveInt(fn, k, c[k]);
  for (const k of positives) checkPositive(fn, k, c[k]);
  for (const k of unit) if (typeof c[k] !== "number" || !((c[k] as number) >= 0 && (c[k] as number) <= 1)) fail(fn, k, "a number in [0, 1]", c[k]);
  for (const k of flags) if (typeof c[k] !== "boolean") fail(fn, k, "true or false", c[k]);
}

const adamChain = (lr: number, maxNorm: number) => chain(clipByGlobalNorm(maxNorm), adam({ learningRate: lr }));

function readPgOpt(reader: Parameters<RlAlgorithm["readOpt"]>[0], path: string, Ppi: number, Pv: number | null): PgOpt {
  return {
    policy: readAdamChain(reader, `${path}.policy`, Ppi) as AdamChain,
    value: Pv === null ? null : (readAdamChain(reader, `${path}.value`, Pv) as AdamChain),
  };
}

/**
 * REINFORCE (whole episodes, Monte Carlo returns) for `train`.
 * @example const alg = reinforceAlgorithm(policy, valueNetwork(4), { baseline: "value" });
 */
export function reinforceAlgorithm(policy: Policy, critic: Parameterization, hyper: ReinforceHyper = {}): RlAlgorithm {
  checkPolicy("reinforceAlgorithm", policy);
  checkParameterization("reinforceAlgorithm", critic);
  const c = resolve(
    "reinforce",
    { numEnvs: 1, episodesPerEnv: 1, gamma: 0.99, returns: "rewardToGo", baseline: "none", discountWeighting: false, standardize: true, learningRate: 1e-2, valueLearningRate: 1e-3, maxGradNorm: 1e6 },
    hyper,
  );
  checkCommon("reinforce", c, ["numEnvs", "episodesPerEnv"], ["learningRate", "valueLearningRate", "maxGradNorm"], ["gamma"], ["discountWeighting", "standardize"]);
  const useCritic = c.baseline === "value";
  const Ppi = policy.paramSize;
  const Pv = useCritic ? critic.paramSize : 0;
  const polOpt = adamChain(c.learningRate, c.maxGradNorm);
  const valOpt = adamChain(c.valueLearningRate, c.maxGradNorm);
  return {
    name: "reinforce",
    policy,
    critic: useCritic ? critic : null,
    config: c,
    collect: { kind: "episodes", numEnvs: c.numEnvs, episodesPerEnv: c.episodesPerEnv },
    init(k: Key) {
      const theta = initActorCritic(policy, critic, k, useCritic);
      return { theta, opt: { policy: polOpt.init(theta.subarray(0, Ppi)), value: useCritic ? valOpt.init(theta.subarray(Ppi)) : null } };
    },
    update(_k, theta, opt, rollout) {
      const o = opt as PgOpt;
      const thetaPi = theta.subarray(0, Ppi);
      const thetaV = theta.subarray(Ppi);
      const values = useCritic ? critic.forward(thetaV, rollout.observations) : undefined;
      const est = reinforce(policy, thetaPi, rollout, { ...(c as ReinforceOptions), values });
      const pol = polOpt.update(est.gradient.map((g) => -g), o.policy, thetaPi);
      const next = new Float64Array(Ppi + Pv);
      next.set(applyUpdates(thetaPi, pol.updates));
      let value: AdamChain | null = null;
      const stats: Record<string, number> = { episodes: est.numEpisodes };
      if (useCritic) {
        const targets = c.returns === "trajectory" ? trajectoryReturns(rollout, c.gamma) : rewardToGo(rollout, c.gamma);
        const v = valueLoss(critic, thetaV, rollout.observations, targets);
        const val = valOpt.update(v.gradient, o.value as AdamChain, thetaV);
        next.set(applyUpdates(thetaV, val.updates), Ppi);
        value = val.state;
        stats.valueLoss = v.loss;
      }
      return { theta: next, opt: { policy: pol.state, value }, stats };
    },
    readOpt: (reader, path) => readPgOpt(reader, path, Ppi, useCritic ? Pv : null),
  };
}

/**
 * A2C (synchronous advantage actor–critic with GAE) for `train`.
 * @example const alg = a2cAlgorithm(policy, valueNetwork(4), { numEnvs: 8, numSteps: 5 });
 */
export function a2cAlgorithm(policy: Policy, critic: Parameterization, hyper: A2cHyper = {}): RlAlgorithm {
  checkPolicy("a2cAlgorithm", policy);
  checkParameterization("a2cAlgorithm", critic);
  const c = resolve("a2c", { numEnvs: 8, numSteps: 5, gamma: 0.99, gaeLambda: 1, normalizeAdvantages: false, learningRate: 7e-4, valueLearningRate: 7e-4, maxGradNorm: 0.5 }, hyper);
  checkCommon("a2c", c, ["numEnvs", "numSteps"], ["learningRate", "valueLearningRate", "maxGradNorm"], ["gamma", "gaeLambda"], ["normalizeAdvantages"]);
  const Ppi = policy.paramSize;
  const Pv = critic.paramSize;
  const learner = { policy, critic, policyOptimizer: adamChain(c.learningRate, c.maxGradNorm), valueOptimizer: adamChain(c.valueLearningRate, c.maxGradNorm) };
  return {
    name: "a2c",
    policy,
    critic,
    config: c,
    collect: { kind: "steps", numEnvs: c.numEnvs, numSteps: c.numSteps },
    init(k: Key) {
      const theta = initActorCritic(policy, critic, k);
      return { theta, opt: { policy: learner.policyOptimizer.init(theta.subarray(0, Ppi)), value: learner.valueOptimizer.init(theta.subarray(Ppi)) } };
    },
    update(_k, theta, opt, rollout) {
      const o = opt as PgOpt;
      const state = { theta: theta.slice(0, Ppi), criticTheta: theta.slice(Ppi), policyOptState: o.policy, valueOptState: o.value as AdamChain };
      const r = a2cUpdate(learner, state, rollout, { gamma: c.gamma, lambda: c.gaeLambda, normalizeAdvantages: c.normalizeAdvantages });
      const next = new Float64Array(Ppi + Pv);
      next.set(r.state.theta);
      next.set(r.state.criticTheta, Ppi);
      return { theta: next, opt: { policy: r.state.policyOptState, value: r.state.valueOptState }, stats: { valueLoss: r.gradients.valueLoss } };
    },
    readOpt: (reader, path) => readPgOpt(reader, path, Ppi, Pv),
  };
}
