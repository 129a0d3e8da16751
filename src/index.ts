/**
 * mcgrad — Monte Carlo gradients of expectations.
 * Explicit named re-exports only; each section is owned by one layer.
 */

// random
export { key, split, foldIn, type Key } from "./random/key.js";
export { uniform, standardNormal, standardExponential } from "./random/samplers.js";
export { standardGamma } from "./random/gamma.js";

// distributions
export { type Distribution, type Reparameterizable, isReparameterizable } from "./distributions/distribution.js";
export { Normal, type NormalParams } from "./distributions/normal.js";
export { Categorical, type CategoricalParams } from "./distributions/categorical.js";
export { Bernoulli, type BernoulliParams } from "./distributions/bernoulli.js";
export { Poisson, type PoissonParams, poissonEntropy } from "./distributions/poisson.js";
export { Exponential, type ExponentialParams } from "./distributions/exponential.js";
export { Laplace, type LaplaceParams } from "./distributions/laplace.js";
export { MultivariateNormal, type MultivariateNormalParams, type MatrixInput } from "./distributions/multivariateNormal.js";
export { Gamma, type GammaParams } from "./distributions/gamma.js";
export { Beta, type BetaParams } from "./distributions/beta.js";
export { Dirichlet, type DirichletParams } from "./distributions/dirichlet.js";

// estimators
export { type GradientEstimate, type SampleFunction, estimateFromRows } from "./estimators/result.js";
export { scoreFunction, scoreFunctionWithBaseline, type ScoreFunctionOptions, type ScoreBaseline } from "./estimators/scoreFunction.js";
export { leaveOneOutMean, leaveOneOutOptimal, type Baseline, type BaselineWithState } from "./estimators/baselines.js";
export { pathwise, type PathwiseOptions, type SampleGradient } from "./estimators/pathwise.js";
export { measureValued, type MeasureValuedOptions, type MeasureValuedDistribution } from "./estimators/measureValued.js";
export {
  importanceSampling,
  type ImportanceSamplingOptions,
  type ImportanceSamplingEstimate,
} from "./estimators/importanceSampling.js";
export {
  multipleImportanceSampling,
  type MultipleImportanceSamplingOptions,
  type MultipleImportanceSamplingEstimate,
  type MisHeuristic,
} from "./estimators/multipleImportanceSampling.js";
export { effectiveSampleSize, logSumExp } from "./estimators/importanceWeights.js";

// diagnostics
export { checkScore, formatScoreCheck, type CheckScoreOptions, type ScoreCheckReport, type WorstCheck } from "./diagnostics/checkScore.js";
export { checkGradient, formatGradientCheck, type CheckGradientOptions, type GradientCheckReport } from "./diagnostics/checkGradient.js";
export {
  varianceCurves,
  VARIANCE_CURVE_ESTIMATORS,
  type ScalarCost,
  type VarianceCurveEstimator,
  type VarianceCurvesOptions,
  type VarianceCurve,
  type VarianceCurvesTable,
} from "./diagnostics/varianceCurves.js";

// variance
export {
  scoreBatch,
  scoreFunctionWithTransform,
  withRows,
  type ScoreBatch,
  type VarianceTransform,
  type TransformResult,
} from "./variance/transform.js";
export { chainVariance, type VarianceChainState } from "./variance/chain.js";
export { baselineTransform, type StatelessBaseline } from "./variance/baselineTransform.js";
export { emaBaseline, emaOptimalBaseline, type EmaBaselineState, type EmaOptimalBaselineState } from "./variance/emaBaseline.js";
export {
  controlVariateTransform,
  scoreControlVariate,
  functionControlVariate,
  leaveOneOutCoefficient,
  type ControlVariate,
  type ControlVariateOptions,
} from "./variance/controlVariate.js";
export { deltaMethodControlVariate, type PointDerivative } from "./variance/deltaMethod.js";
export { checkControlVariate, type CheckControlVariateOptions, type ControlVariateCheck } from "./variance/checkControlVariate.js";
export { downstreamScoreFunction, type CostTerm, type DownstreamOptions } from "./variance/downstream.js";
export { enumeratedScoreFunction, type EnumerateOptions } from "./variance/enumerate.js";

export {
  cholesky,
  solveLower,
  solveUpper,
  solveLowerTransposed,
  choleskySolve,
  matVec,
  matMul,
  transpose,
  identity,
  dot,
  norm2,
  symmetricEigen,
  expmSymmetric,
  conjugateGradient,
  type SymmetricEigen,
  type ConjugateGradientOptions,
  type ConjugateGradientResult,
} from "./util/linalg.js";

// fisher
export { empiricalFisher, fisherVectorProduct, type FisherVectorProductOptions } from "./fisher/empiricalFisher.js";
export {
  naturalGradient,
  AUTO_CHOLESKY_MAX_P,
  type NaturalGradientOptions,
  type NaturalGradientMethod,
} from "./fisher/naturalGradient.js";

// optim
export { type GradientTransformation, type TransformUpdate, type EmptyState, type StateOf } from "./optim/transform.js";
export { type LearningRate, type Schedule } from "./optim/schedule.js";
export { sgd, type SgdOptions, type SgdState } from "./optim/sgd.js";
export { adam, type AdamOptions, type AdamState } from "./optim/adam.js";
export { scale } from "./optim/scale.js";
export { clipByGlobalNorm, clipPerCoordinate } from "./optim/clip.js";
export { chain, type ChainState } from "./optim/chain.js";
export { applyUpdates } from "./optim/applyUpdates.js";
export { standardize, type StandardizeOptions } from "./optim/standardize.js";
export { centeredRanks } from "./optim/centeredRanks.js";

// es (black-box optimizers; the Node-only worker pool lives in src/es/parallel.ts, deliberately not exported here)
export { type Population, type EsStateBase, type Strategy, evaluatePopulation } from "./es/strategy.js";
export { xnes, type XnesOptions, type XnesState, type XnesPopulation } from "./es/xnes.js";
export { snes, type SnesOptions, type SnesState } from "./es/snes.js";
export { openEs, type OpenEsOptions, type OpenEsState } from "./es/openEs.js";
export { pgpe, type PgpeOptions, type PgpeState } from "./es/pgpe.js";
export { nesUtilities, centeredRankUtilities, zScoreUtilities, type FitnessShaping, type ShapingName } from "./es/shaping.js";
export { naturalSearch, searchDistributionOf, type NaturalSearchOptions, type NaturalSearchState } from "./es/naturalSearch.js";
export { oneMax, leadingOnes, knapsack12, maxSat14, type BinaryProblem } from "./es/discreteProblems.js";
export { CategoricalProduct, type CategoricalProductParams } from "./es/categoricalProduct.js";
export { serializeState, deserializeState } from "./es/serialize.js";
export {
  minimize,
  minimizeAsync,
  MinimizeAborted,
  CheckpointMismatchError,
  strategies,
  type AlgorithmName,
  type MinimizeOptions,
  type MinimizeResult,
  type GenerationInfo,
  type PopulationEvaluator,
  type RestartRecord,
} from "./es/minimize.js";
export { sphere, ellipsoid, rosenbrock, rastrigin, ackley, testFunctions, testFunction, type TestFunction } from "./es/testFunctions.js";
