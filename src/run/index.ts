/**
 * mcgrad/run — The conventions long runs share (es/ minimize, rl/ train, vi/ fit): progress events and the reader a
 * resumed run validates its checkpoint payload with. Types only: a run produces and checks checkpoint strings itself.
 * Explicit named re-exports only (no `export *`); everything here is public API.
 *
 * @module mcgrad/run
 */
export { type ProgressEvent, type ProgressListener } from "./progress.js";
export { type PayloadReader, type NumberRule, type CheckpointSpec } from "./checkpoint.js";
export { type RunAborted, type SteppedOptions } from "./stepped.js";
