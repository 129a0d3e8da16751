/**
 * mcgrad/rl — policy gradients on Gymnasium-style environments, built on the core ("mcgrad").
 * Explicit named re-exports only.
 *
 * @module mcgrad/rl
 */

// the environment contract (Gymnasium's API)
export { type Env, type UnwrappedEnv, type Space, type BoxSpace, type DiscreteSpace, type Action, type ResetOptions, type ResetResult, type StepResult } from "./env.js";
export { boxSpace, discreteSpace, spaceContains, spaceSize, sampleSpace, checkAction } from "./spaces.js";
export { makeEnv, ENV_IDS, type MakeEnvOptions } from "./envs/registry.js";
export { TimeLimit, type TimeLimitCondition } from "./envs/timeLimit.js";
export { CartPoleEnv, type CartPoleOptions } from "./envs/cartPole.js";
export { AcrobotEnv } from "./envs/acrobot.js";
export { MountainCarEnv, type MountainCarOptions } from "./envs/mountainCar.js";
export { MountainCarContinuousEnv, type MountainCarContinuousOptions } from "./envs/mountainCarContinuous.js";
export { PendulumEnv, type PendulumOptions } from "./envs/pendulum.js";
export { SyncVectorEnv, makeVectorEnv, type AutoresetMode, type VectorEnvOptions, type VectorStepResult, type VectorResetResult } from "./vectorEnv.js";

// policies: the Parameterization contract, networks, heads
export { type Parameterization, forEachRowChunk, checkWeights } from "./policy/parameterization.js";
export { mlp, linear, type MlpOptions, type LinearOptions, type Activation, type InitScheme } from "./policy/mlp.js";
export { orthogonalMatrix } from "./policy/init.js";
export { categoricalHead, normalHead, clipAction, type Head, type NormalHeadOptions } from "./policy/heads.js";
export { makePolicy, type Policy, type ActResult } from "./policy/policy.js";
export { mlpPolicy, valueNetwork, type MlpPolicyOptions } from "./policy/mlpPolicy.js";

// experience and returns
export {
  startRollout,
  collectRollout,
  type Rollout,
  type RolloutState,
  type EnvSet,
  type EpisodeRecord,
} from "./rollout.js";
export { collectEpisodes, type CollectEpisodesOptions } from "./collectEpisodes.js";
export { rewardToGo, trajectoryReturns, discountPowers, gae, type StepArrays, type GaeResult } from "./returns.js";
export { segments, segmentGradientRows, type Segments, type SegmentRowsOptions } from "./segments.js";
export { actionDistribution } from "./policy/actionDistribution.js";
export { policyFisherVectorProduct, type PolicyFisherOptions } from "./policy/fisher.js";

// estimators and algorithms
export {
  reinforce,
  reinforceWeights,
  optimalBaselineRows,
  timeAlignedLeaveOneOutMean,
  type ReinforceOptions,
  type ReinforceBaseline,
  type ReturnForm,
  type PolicyGradientEstimate,
} from "./reinforce.js";
export {
  a2cGradients,
  a2cUpdate,
  criticValues,
  valueLoss,
  type A2cOptions,
  type A2cGradients,
  type A2cState,
  type A2cLearner,
} from "./a2c.js";
export {
  importanceWeightedGradient,
  perDecisionWeights,
  type OffPolicyOptions,
  type OffPolicyEstimate,
  type PerDecisionWeights,
} from "./offPolicy.js";
export {
  gradientDiagnostics,
  GRADIENT_VARIANTS,
  type GradientVariant,
  type GradientDiagnostics,
  type GradientDiagnosticsOptions,
  type VariantDiagnostics,
} from "./diagnostics.js";

// PPO, natural policy gradient and the shared training loop (train.ts)
export { ppoLoss, ppoUpdate, ppoInit, type PpoBatch, type PpoStats, type PpoOptState, type ActorCritic } from "./ppo.js";
export { ppoConfig, PPO_DEFAULTS, type PpoOptions, type PpoConfig } from "./ppoOptions.js";
export { npgStep, npgAlgorithm, npgHyper, type NpgHyper, type NpgConfig } from "./npg.js";
export { entropyGradient } from "./policyTerms.js";
export { ppoAlgorithm, ppoHyper, explainedVariance, type PpoHyper, type PpoHyperConfig } from "./ppoAlgorithm.js";
export { reinforceAlgorithm, a2cAlgorithm, type ReinforceHyper, type A2cHyper } from "./pgAlgorithms.js";
export { ALGORITHMS, type AlgorithmName as PolicyAlgorithmName, type RlAlgorithm, type CollectPlan, type UpdateContext, type UpdateResult } from "./algorithm.js";
export { evaluatePolicy, type Evaluation, type EvaluateOptions } from "./evaluate.js";
export { ResumableEnv, type EnvSnapshot } from "./resumableEnv.js";
export { ENV_DEFAULTS, envDefaults, type EnvDefaults, type AlgorithmDefaults, type NetworkOptions, type Hyper } from "./trainConfig.js";
export { train, type TrainOptions, type TrainResult } from "./train.js";
export { trainAsync, TrainAborted, type TrainAsyncOptions } from "./trainAsync.js";
export { type EvaluationPoint, type DiagnosticsPoint } from "./trainState.js";
