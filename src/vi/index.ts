/**
 * mcgrad/vi — black-box variational inference on the mcgrad core: models as log joints (optionally factorized into
 * terms), guides as mcgrad distributions, ELBO gradients by the score-function (plain, Rao-Blackwellized, with
 * control variates, enumerated), pathwise, sticking-the-landing, IWAE and VIMCO estimators, and `fit`.
 * Explicit named re-exports only.
 *
 * @module mcgrad/vi
 */
export { type Model, type ModelTerm, checkModel, logJointRows, gradLogJointRows } from "./model.js";
export { checkDependencies, type CheckDependenciesOptions, type DependencyReport, type UndeclaredRead } from "./checkDependencies.js";
export { guideFactors, logProbGradZ, hasLogProbGradZ, guideEntropyGradient, finiteSupport, type GuideFactor } from "./guide.js";
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
export { fitAsync, FitAborted, type FitAsyncOptions } from "./fitAsync.js";
export { naturalDirection } from "./naturalGradient.js";
export { type OptimizerSpec } from "./optimizerSpec.js";
// Built-in models (src/vi/models/): each a plain Model with its closed forms, the shipped data sets' parsers.
export { linearRegression, syntheticLinearRegression, meanFieldOptimum, gaussianElbo, type LinearRegressionData, type LinearRegressionModel, type GaussianPosterior, type SyntheticRegressionOptions } from "./models/linearRegression.js";
export { logisticRegression, logisticPredictive, type LogisticRegressionData, type LogisticRegressionModel, type PredictiveScore } from "./models/logisticRegression.js";
export { breastCancerRegression, type BreastCancerOptions, type BreastCancerRegression } from "./models/breastCancer.js";
export { gaussianMixture, mixtureLogLikelihoods, type GaussianMixtureModel, type MixtureParams } from "./models/gaussianMixture.js";
export { fitMixtureEm, type MixtureEmOptions, type MixtureEmResult } from "./models/mixtureEm.js";
export { irisMixture, type IrisMixture } from "./models/irisMixture.js";
export { parseCsv, breastCancer, iris, type CsvTable, type Dataset } from "./models/datasets.js";
export { trainTestSplit, selectRows, fitStandardizer, standardizeColumns, type Split, type Standardizer } from "./models/preprocess.js";
export { builtInModel, BUILT_IN_MODELS, type BuiltInModel, type BuiltInModelName, type BuiltInData, type GuideKind, type LatentSummary, type HeldOut } from "./models/builtIn.js";
