/**
 * The recommended defaults of `train`: per environment, the algorithm, the step budget and the hyper-parameters a
 * user gets without options (chosen by measurement; the runs and their commands are in the README), and the assembly
 * of a policy, a critic and an algorithm from options.
 */
import { show } from "../util/validate.js";
import type { Env } from "./env.js";
import { ALGORITHMS, type AlgorithmName, type RlAlgorithm } from "./algorithm.js";
import { npgAlgorithm, type NpgHyper } from "./npg.js";
import type { Activation } from "./policy/mlp.js";
import { mlpPolicy, valueNetwork } from "./policy/mlpPolicy.js";
import { ppoAlgorithm, type PpoHyper } from "./ppoAlgorithm.js";
import { a2cAlgorithm, reinforceAlgorithm, type A2cHyper, type ReinforceHyper } from "./pgAlgorithms.js";

/** The network options of `train`: the policy's and the critic's hidden layers (default [64, 64], tanh). */
export interface NetworkOptions {
  readonly hidden?: readonly number[];
  readonly activation?: Activation;
  readonly valueHidden?: readonly number[];
  /** Initial log standard deviation of a Gaussian policy (default 0). */
  readonly initLogStd?: number;
}

/** Hyper-parameters by algorithm (each algorithm reads its own). */
export type Hyper = PpoHyper | NpgHyper | ReinforceHyper | A2cHyper | Readonly<Record<string, unknown>>;

/** The recommended network and hyper-parameters of one algorithm on one env. */
export interface AlgorithmDefaults {
  readonly network?: NetworkOptions;
  readonly hyper?: Hyper;
}

/** An env's recommended run: the default algorithm, the default budget and per-algorithm settings. */
export interface EnvDefaults {
  readonly algorithm: AlgorithmName;
  readonly steps: number;
  readonly configs: Readonly<Partial<Record<AlgorithmName, AlgorithmDefaults>>>;
}

const BASE: EnvDefaults = { algorithm: "ppo", steps: 500_000, configs: {} };

/**
 * Per-env defaults, chosen by measurement (README: "Learning"); unlisted envs and algorithms get each algorithm's own
 * defaults (PPO: CleanRL's ppo.py) and a 500k budget.
 * - CartPole-v1: REINFORCE as PyTorch's example (reward-to-go, standardized returns, Adam 1e-2, 128 relu units), two
 *   episodes per update. PPO: the RL Zoo's CartPole settings. NPG: trust region δ = 0.05.
 * - Pendulum-v1: PPO with γ = 0.9, 4 × 512 steps, 10 epochs of 64-step minibatches, rewards × 0.1, no value clipping.
 */
export const ENV_DEFAULTS: Readonly<Record<string, EnvDefaults>> = {
  "CartPole-v1": {
    algorithm: "reinforce",
    steps: 100_000,
    configs: {
      reinforce: { network: { hidden: [128], activation: "relu" }, hyper: { numEnvs: 2 } },
      ppo: { hyper: { numEnvs: 8, numSteps: 32, gamma: 0.98, gaeLambda: 0.8, epochs: 20, minibatches: 1, learningRate: 1e-3, entropyCoef: 0 } },
      // δ = 0.01 (TRPO's) had not solved after 60k steps (seeds 0, 1: 427, 423); δ = 0.05 solved at 30 720 for both.
      npg: { hyper: { maxKl: 0.05 } },
    },
  },
  "Acrobot-v1": { ...BASE, steps: 300_000 },
  "Pendulum-v1": {
    algorithm: "ppo",
    steps: 500_000,
    configs: {
      ppo: { hyper: { numEnvs: 4, numSteps: 512, gamma: 0.9, gaeLambda: 0.95, epochs: 10, minibatches: 32, learningRate: 1e-3, entropyCoef: 0, clipValueLoss: false, rewardScale: 0.1 } },
    },
  },
};

/**
 * The defaults of an env id (BASE for ids without an entry).
 * @example envDefaults("CartPole-v1").algorithm // "reinforce", what train uses when no algorithm is given
 */
export function envDefaults(id: string): EnvDefaults {
  return Object.prototype.hasOwnProperty.call(ENV_DEFAULTS, id) ? ENV_DEFAULTS[id] : BASE;
}

/** Checks an algorithm name, naming `fn` and the value. */
export function checkAlgorithm(fn: string, name: unknown): AlgorithmName {
  if (typeof name !== "string" || !(ALGORITHMS as readonly string[]).includes(name)) {
    throw new Error(`${fn}: algorithm must be one of ${ALGORITHMS.join(", ")}, got ${show(name)}`);
  }
  return name as AlgorithmName;
}

/**
 * The algorithm for `env` with the env's defaults overridden by `hyper` and `network` (undefined entries keep the
 * default). Returns it with the resolved network and hyper-parameters (the run's identity).
 */
export function buildAlgorithm(
  env: Env,
  algorithm: AlgorithmName,
  network: NetworkOptions = {},
  hyper: Hyper = {},
): { alg: RlAlgorithm; network: NetworkOptions; hyper: Readonly<Record<string, unknown>> } {
  const d = envDefaults(env.id).configs[algorithm] ?? {};
  const net = { hidden: [64, 64], activation: "tanh" as Activation, valueHidden: [64, 64], initLogStd: 0, ...d.network, ...defined(network) };
  const h = { ...(d.hyper ?? {}), ...defined(hyper) } as Record<string, unknown>;
  const policy = mlpPolicy(env.observationSpace, env.actionSpace, { hidden: net.hidden, activation: net.activation, initLogStd: net.initLogStd });
  const critic = valueNetwork(env.observationSpace.shape[0], { hidden: net.valueHidden, activation: net.activation });
  let alg: RlAlgorithm;
  switch (algorithm) {
    case "ppo":
      alg = ppoAlgorithm(policy, critic, h as PpoHyper);
      break;
    case "npg":
      alg = npgAlgorithm(policy, critic, h as NpgHyper);
      break;
    case "reinforce":
      alg = reinforceAlgorithm(policy, critic, h as ReinforceHyper);
      break;
    case "a2c":
      alg = a2cAlgorithm(policy, critic, h as A2cHyper);
      break;
  }
  return { alg, network: net, hyper: h };
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
