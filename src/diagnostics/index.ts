/**
 * mcgrad/diagnostics — Checks and comparisons on the user's own problem: checkScore, checkGradient, compareEstimators, variance curves, exact truths.
 * Explicit named re-exports only (no `export *`); everything here is public API.
 *
 * @module mcgrad/diagnostics
 */
export { checkScore, formatScoreCheck, type CheckScoreOptions, type ScoreCheckReport, type WorstCheck } from "./checkScore.js";
export { checkGradient, formatGradientCheck, type CheckGradientOptions, type GradientCheckReport } from "./checkGradient.js";
export {
  varianceCurves,
  VARIANCE_CURVE_ESTIMATORS,
  type ScalarCost,
  type VarianceCurveEstimator,
  type VarianceCurvesOptions,
  type VarianceCurve,
  type VarianceCurvesTable,
} from "./varianceCurves.js";
export {
  compareEstimators,
  applicableEstimators,
  type CandidateEstimator,
  type CompareEstimatorsOptions,
  type EstimatorCost,
  type EstimatorComparison,
} from "./compareEstimators.js";
export { exactExpectation, type ExactExpectation } from "./exactExpectation.js";
export { toPositiveParameters, positiveParameterFactors } from "./toPositiveParameters.js";
export { gaussianCosts, gaussianCost, quadraticCost, expCost, cosCost, type GaussianCost } from "./gaussianCosts.js";
