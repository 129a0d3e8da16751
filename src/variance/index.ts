/**
 * mcgrad/variance — Variance reduction: the Baseline interface and leave-one-out helpers, variance transforms, control variates, Rao-Blackwellization.
 * Explicit named re-exports only (no `export *`); everything here is public API.
 */
export {
  scoreBatch,
  scoreFunctionWithTransform,
  withRows,
  type ScoreBatch,
  type VarianceTransform,
  type TransformResult,
} from "./transform.js";
export { chainVariance, type VarianceChainState } from "./chain.js";
export { leaveOneOutMean, leaveOneOutOptimal, type Baseline } from "./baselines.js";
export { scoreFunctionWithBaseline } from "./scoreFunctionWithBaseline.js";
export { baselineTransform, type StatelessBaseline } from "./baselineTransform.js";
export { emaBaseline, emaOptimalBaseline, type EmaBaselineState, type EmaOptimalBaselineState } from "./emaBaseline.js";
export {
  controlVariateTransform,
  scoreControlVariate,
  functionControlVariate,
  leaveOneOutCoefficient,
  type ControlVariate,
  type ControlVariateOptions,
} from "./controlVariate.js";
export { deltaMethodControlVariate, isDiagonalLocationScale, type PointDerivative } from "./deltaMethod.js";
export { checkControlVariate, type CheckControlVariateOptions, type ControlVariateCheck } from "./checkControlVariate.js";
export { downstreamScoreFunction, type CostTerm, type DownstreamOptions } from "./downstream.js";
export { enumeratedScoreFunction, type EnumerateOptions } from "./enumerate.js";
export { transformEstimator } from "./transformEstimator.js";
