/**
 * mcgrad — Monte Carlo gradients of expectations.
 * Explicit named re-exports only; each section is owned by one layer.
 */

// random
export { key, split, foldIn, type Key } from "./random/key.js";
export { uniform, standardNormal, standardExponential } from "./random/samplers.js";

// distributions
export { type Distribution, type Reparameterizable, isReparameterizable } from "./distributions/distribution.js";
export { Normal, type NormalParams } from "./distributions/normal.js";

// estimators
export { type GradientEstimate, type SampleFunction, estimateFromRows } from "./estimators/result.js";
export { scoreFunction, type ScoreFunctionOptions, type ScoreBaseline } from "./estimators/scoreFunction.js";
