/**
 * mcgrad/optim — Gradient transformations (sgd, adam, scale, clipping, chain) and applyUpdates.
 * Explicit named re-exports only (no `export *`); everything here is public API.
 *
 * @module mcgrad/optim
 */
export { type GradientTransformation, type TransformUpdate, type EmptyState, type StateOf, type InPlaceStep } from "./transform.js";
export { type LearningRate, type Schedule } from "./schedule.js";
export { sgd, type SgdOptions, type SgdState } from "./sgd.js";
export { adam, type AdamOptions, type AdamState } from "./adam.js";
export { scale } from "./scale.js";
export { clipByGlobalNorm, clipPerCoordinate } from "./clip.js";
export { chain, type ChainState } from "./chain.js";
export { applyUpdates } from "./applyUpdates.js";
export { standardize, type StandardizeOptions } from "./standardize.js";
export { centeredRanks } from "./centeredRanks.js";
