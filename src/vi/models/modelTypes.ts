/**
 * TEMPORARY: the shape of a model as the built-in models provide it, until src/vi/model.ts (the core's Model type)
 * lands; then this file re-exports it.
 */
import type { Key } from "../../random/key.js";

/** One additive term of the log joint and the latent coordinates it reads. */
export interface ModelTerm {
  readonly latents: readonly number[];
  logDensity(z: Float64Array): number;
}

/** A model for variational inference: the log joint of the data and latents z (length dim). */
export interface VariationalModel {
  readonly name: string;
  readonly dim: number;
  logJoint(z: Float64Array): number;
  gradLogJoint?(z: Float64Array, out: Float64Array): Float64Array;
  readonly terms?: readonly ModelTerm[];
  /** An unbiased minibatch version of the model for one step (likelihood terms scaled by N/B). */
  subsample?(k: Key): VariationalModel;
}
