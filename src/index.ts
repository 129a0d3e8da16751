/**
 * mcgrad — Monte Carlo gradients of expectations: the public API, grouped by layer (lowest first).
 * Each group re-exports, by name, what its layer's index file (src/<layer>/index.ts) makes public; the same groups
 * are importable alone as subpaths ("mcgrad/distributions", "mcgrad/estimators", …; see package.json "exports").
 * Internal helpers (argument checks, numerical cores) are exported by their modules for the library's own use and
 * by no index file. test/meta/exports.test.ts checks all of this.
 *
 * @module mcgrad
 */

// util (mcgrad/util)
export {
  cholesky, solveLower, solveUpper, solveLowerTransposed, choleskySolve, matVec, matMul, transpose, identity, dot,
  norm2, symmetricEigen, expmSymmetric, conjugateGradient, type SymmetricEigen, type ConjugateGradientOptions,
  type ConjugateGradientResult, MAX_ARRAY_BYTES,
} from "./util/index.js";

// random (mcgrad/random)
export {
  key, split, foldIn, type Key, uniform, standardNormal, standardExponential, type Stream, standardGamma,
} from "./random/index.js";

// distributions (mcgrad/distributions)
export {
  type Distribution, type Reparameterizable, type DiagonalGaussian, type ParamInfo, type ParamRole, isReparameterizable,
  MAX_ENUMERATED_OUTCOMES, Normal, type NormalParams, Categorical, type CategoricalParams, Bernoulli,
  type BernoulliParams, Poisson, type PoissonParams, poissonEntropy, Exponential, type ExponentialParams, Laplace,
  type LaplaceParams, MultivariateNormal, type MultivariateNormalParams, type MatrixInput, Gamma, type GammaParams,
  Beta, type BetaParams, Dirichlet, type DirichletParams, Product, type ProductBlock, independentCategorical, CategoricalProduct,
  type CategoricalProductParams, type WeakDerivativeDraws, type WeakDerivativeStream, distributionSpec,
  rebuildDistribution, type DistributionSpec,
} from "./distributions/index.js";

// estimators (mcgrad/estimators)
export {
  type GradientEstimate, type GradientEstimateWithRows, type SampleFunction, estimateFromRows, scoreFunction,
  type ScoreFunctionOptions, type ScoreBaseline, scoreFunctionChunked, type ChunkedScoreOptions, columnMoments,
  mergeMoments, estimateFromMoments, type ColumnMoments, pathwise, type PathwiseOptions, type SampleGradient, measureValued, hasWeakDerivative,
  type MeasureValuedOptions, type MeasureValuedDistribution, importanceSampling, type ImportanceSamplingOptions,
  type ImportanceSamplingEstimate, multipleImportanceSampling, type MultipleImportanceSamplingOptions,
  type MultipleImportanceSamplingEstimate, type MisHeuristic, effectiveSampleSize, logSumExp,
} from "./estimators/index.js";

// diagnostics (mcgrad/diagnostics)
export {
  checkScore, formatScoreCheck, type CheckScoreOptions, type ScoreCheckReport, type WorstCheck, checkGradient,
  formatGradientCheck, type CheckGradientOptions, type GradientCheckReport, varianceCurves,
  VARIANCE_CURVE_ESTIMATORS, type ScalarCost, type VarianceCurveEstimator, type VarianceCurvesOptions,
  type VarianceCurve, type VarianceCurvesTable, compareEstimators, applicableEstimators, type CandidateEstimator,
  type CompareEstimatorsOptions, type EstimatorCost, type EstimatorComparison, exactExpectation,
  type ExactExpectation, toPositiveParameters, positiveParameterFactors, gaussianCosts, gaussianCost, quadraticCost,
  expCost, cosCost, type GaussianCost,
} from "./diagnostics/index.js";

// variance (mcgrad/variance)
export {
  scoreBatch, scoreFunctionWithTransform, withRows, type ScoreBatch, type VarianceTransform, type TransformResult,
  chainVariance, type VarianceChainState, leaveOneOutMean, leaveOneOutOptimal, type Baseline,
  scoreFunctionWithBaseline, baselineTransform, type StatelessBaseline, emaBaseline, emaOptimalBaseline,
  type EmaBaselineState, type EmaOptimalBaselineState, controlVariateTransform, scoreControlVariate,
  functionControlVariate, leaveOneOutCoefficient, type ControlVariate, type ControlVariateOptions,
  deltaMethodControlVariate, isDiagonalLocationScale, type PointDerivative, checkControlVariate,
  type CheckControlVariateOptions, type ControlVariateCheck, downstreamScoreFunction, type CostTerm,
  type DownstreamOptions, enumeratedScoreFunction, type EnumerateOptions, transformEstimator,
} from "./variance/index.js";

// fisher (mcgrad/fisher)
export {
  empiricalFisher, fisherVectorProduct, type FisherVectorProductOptions, naturalGradient, AUTO_CHOLESKY_MAX_P,
  type NaturalGradientOptions, type NaturalGradientMethod, naturalGradientEstimate,
} from "./fisher/index.js";

// optim (mcgrad/optim)
export {
  type GradientTransformation, type TransformUpdate, type EmptyState, type StateOf, type InPlaceStep, type LearningRate, type Schedule,
  sgd, type SgdOptions, type SgdState, adam, type AdamOptions, type AdamState, scale, clipByGlobalNorm,
  clipPerCoordinate, chain, type ChainState, applyUpdates, standardize, type StandardizeOptions, centeredRanks,
} from "./optim/index.js";

// run (mcgrad/run)
export {
  type ProgressEvent, type ProgressListener, type PayloadReader, type NumberRule, type CheckpointSpec, type RunAborted, type SteppedOptions,
} from "./run/index.js";

// es (mcgrad/es)
export {
  type Population, type EsStateBase, type Strategy, evaluatePopulation, xnes, type XnesOptions, type XnesState,
  type XnesPopulation, snes, type SnesOptions, type SnesState, type CumulationParameters, openEs, type OpenEsOptions,
  type OpenEsState, pgpe,
  type PgpeOptions, type PgpeState, nesUtilities, centeredRankUtilities, zScoreUtilities, type FitnessShaping,
  type ShapingName, serializeState, deserializeState, minimize, minimizeAsync, strategies, type AlgorithmName,
  type MinimizeOptions, type MinimizeResult, type GenerationInfo, type PopulationEvaluator, type PopulationOrigin, sphere, ellipsoid,
  rosenbrock, rastrigin, ackley, testFunctions, testFunction, type TestFunction, naturalSearch, searchDistributionOf,
  type NaturalSearchOptions, type NaturalSearchState, oneMax, leadingOnes, knapsack12, maxSat14, type BinaryProblem,
  MinimizeAborted, CheckpointMismatchError, type RestartRecord,
} from "./es/index.js";
