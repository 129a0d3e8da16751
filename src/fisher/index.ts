/**
 * mcgrad/fisher — Fisher information and natural-gradient solves.
 * Explicit named re-exports only (no `export *`); everything here is public API.
 *
 * @module mcgrad/fisher
 */
export { empiricalFisher, fisherVectorProduct, type FisherVectorProductOptions } from "./empiricalFisher.js";
export {
  naturalGradient,
  AUTO_CHOLESKY_MAX_P,
  type NaturalGradientOptions,
  type NaturalGradientMethod,
} from "./naturalGradient.js";
export { naturalGradientEstimate } from "./naturalGradientEstimate.js";
