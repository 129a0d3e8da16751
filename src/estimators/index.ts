/**
 * mcgrad/estimators — Gradient estimators — score function, pathwise, measure-valued, importance sampling — with one result type (per-sample rows on request).
 * Explicit named re-exports only (no `export *`); everything here is public API.
 *
 * @module mcgrad/estimators
 */
export { type GradientEstimate, type GradientEstimateWithRows, type SampleFunction, estimateFromRows } from "./result.js";
export { scoreFunction, type ScoreFunctionOptions, type ScoreBaseline } from "./scoreFunction.js";
export { scoreFunctionChunked, type ChunkedScoreOptions } from "./chunked.js";
export { columnMoments, mergeMoments, estimateFromMoments, type ColumnMoments } from "./moments.js";
export { pathwise, type PathwiseOptions, type SampleGradient } from "./pathwise.js";
export { measureValued, hasWeakDerivative, type MeasureValuedOptions, type MeasureValuedDistribution } from "./measureValued.js";
export {
  importanceSampling,
  type ImportanceSamplingOptions,
  type ImportanceSamplingEstimate,
} from "./importanceSampling.js";
export {
  multipleImportanceSampling,
  type MultipleImportanceSamplingOptions,
  type MultipleImportanceSamplingEstimate,
  type MisHeuristic,
} from "./multipleImportanceSampling.js";
export { effectiveSampleSize, logSumExp } from "./importanceWeights.js";
