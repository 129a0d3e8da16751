/**
 * mcgrad/random — Explicit random keys (key, split, foldIn) and samplers that fill Float64Arrays.
 * Explicit named re-exports only (no `export *`); everything here is public API.
 *
 * @module mcgrad/random
 */
export { key, split, foldIn, type Key } from "./key.js";
export { uniform, standardNormal, standardExponential } from "./samplers.js";
export { type Stream } from "./stream.js";
export { standardGamma } from "./gamma.js";
