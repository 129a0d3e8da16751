/**
 * TEMPORARY mirror of the Model contract of src/vi/model.ts (branch h6-vi-core) until it is merged; then the
 * models import it from there and this file goes.
 */
import type { Key } from "../../random/key.js";

/** One additive term of the log joint and the latent coordinates it reads. */
export interface ModelTerm {
  readonly latents: readonly number[];
  logDensity(z: Float64Array): number;
  readonly name?: string;
}

/** A model for variational inference: the log joint of the data and latents z (length dim). */
export interface Model {
  readonly name: string;
  readonly dim: number;
  logJoint(z: Float64Array): number;
  gradLogJoint?(z: Float64Array, out: Float64Array): number;
  readonly terms?: readonly ModelTerm[];
  subsample?(key: Key): Model;
  readonly identity?: Readonly<Record<string, unknown>>;
}
