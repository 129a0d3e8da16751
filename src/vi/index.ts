/**
 * mcgrad/vi — black-box variational inference on the mcgrad core: models as log joints (optionally factorized into
 * terms), guides as mcgrad distributions, ELBO gradients by the score-function (plain, Rao-Blackwellized, with
 * control variates, enumerated), pathwise, sticking-the-landing, IWAE and VIMCO estimators, and `fit`.
 * Explicit named re-exports only.
 */
export { type Model, type ModelTerm, checkModel, logJointRows, gradLogJointRows } from "./model.js";
export { checkDependencies, type CheckDependenciesOptions, type DependencyReport, type UndeclaredRead } from "./checkDependencies.js";
export { ProductGuide, independentCategorical, type GuideBlock } from "./productGuide.js";
export { guideFactors, logProbGradZ, hasLogProbGradZ, entropyGradient, finiteSupport, type GuideFactor } from "./guide.js";
export {
  ELBO_ESTIMATORS,
  type ElboEstimator,
  type ElboGradient,
  type ElboGradientOptions,
  type EntropyMode,
} from "./elboCommon.js";
export { elboGradient, defaultEstimator, estimateElbo, type EstimateElboOptions } from "./elbo.js";
export { elboScore, elboScoreRb, elboScoreRbCv, elboEnumerate } from "./elboScore.js";
export { elboPathwise, elboStl } from "./elboPathwise.js";
export { elboIwae, elboVimco, normalizedWeights } from "./elboMultiSample.js";
export { fit, type FitOptions, type FitResult, type GradientDiagnostic } from "./fit.js";
export { naturalDirection } from "./naturalGradient.js";
export { type OptimizerSpec } from "./optimizerSpec.js";
