/**
 * The model contract of variational inference: a black-box log joint log p(x, z) over a latent vector z (length
 * `dim`), with the data x baked in.
 *
 * - `logJoint(z)` is all that the score-function estimators need (Ranganath, Gerrish & Blei 2014).
 * - `gradLogJoint(z, out)` (optional) writes ∇z log p(x, z) into `out` and returns log p(x, z); the pathwise,
 *   sticking-the-landing and IWAE estimators need it.
 * - `terms` (optional) factorize the log joint, log p(x, z) = Σ_t logDensity_t(z), each term declaring the latents
 *   it reads. Rao-Blackwellization multiplies each guide block's score only by the terms that read that block
 *   (Schulman et al. 2015; Pyro's TraceGraph_ELBO); `checkDependencies` audits the declarations.
 * - `logJointBatch(z, out)` and `gradLogJointBatch(z, gradOut, valueOut)` (optional) are the same functions on n
 *   samples at once (z row-major n×dim; n = out.length = valueOut.length): a speed-up, never a different model. The
 *   one-sample functions stay the contract's base (terms, checkDependencies and users call them); the estimators use
 *   the batch forms when present, through {@link logJointRows} and {@link gradLogJointRows}. A batch form must give
 *   what the one-sample form gives row by row (to rounding; the built-in models give it to the bit), must not keep
 *   or modify z, and must write every entry of its outputs.
 * - `subsample(key)` (optional) is the data-subsampling hook of stochastic VI (Hoffman et al. 2013): it returns a
 *   model over the same z whose log joint is an unbiased estimate of the full one (say the prior plus N/B times a
 *   minibatch of B likelihood terms). `fit` calls it once per step (all samples of a step share one minibatch);
 *   `elboGradient` uses whatever model it is given, so evaluating the full ELBO is just passing the full model.
 *
 * A model is plain data plus functions: a user writes one as an object literal.
 */
import type { Key } from "../random/key.js";
import { checkCallerName, checkPositiveInt, fail, show } from "../util/validate.js";

/** One additive term of the log joint and the latents (indices of z) it reads. */
export interface ModelTerm {
  /** Indices into z that logDensity reads; every other coordinate must not change its value. */
  readonly latents: readonly number[];
  /** This term's contribution to log p(x, z) (finite, or −∞ outside the support). */
  logDensity(z: Float64Array): number;
  /** A label for messages (e.g. "prior", "x[17]"); the term's index is used when absent. */
  readonly name?: string;
}

/** A model for variational inference; see the module comment. */
export interface Model {
  /** A stable name that identifies the model (and its data) in checkpoints, e.g. "linreg". */
  readonly name: string;
  /** Length of the latent vector z. */
  readonly dim: number;
  /** log p(x, z); z is a view valid only during the call and must not be modified. */
  logJoint(z: Float64Array): number;
  /** Writes ∇z log p(x, z) (length dim) into `out` and returns log p(x, z). */
  gradLogJoint?(z: Float64Array, out: Float64Array): number;
  /**
   * Writes log p(x, z_i) into out[i] for each row z_i of z (n×dim, n = out.length): logJoint on n samples at once.
   * z is valid only during the call and must not be modified.
   */
  logJointBatch?(z: Float64Array, out: Float64Array): void;
  /**
   * For each row z_i of z (n×dim, n = valueOut.length) writes ∇z log p(x, z_i) into row i of gradOut (n×dim) and
   * log p(x, z_i) into valueOut[i]: gradLogJoint on n samples at once. Present only together with gradLogJoint.
   */
  gradLogJointBatch?(z: Float64Array, gradOut: Float64Array, valueOut: Float64Array): void;
  /** Additive terms whose sum is logJoint, each with its declared latents. */
  readonly terms?: readonly ModelTerm[];
  /** A model over the same z whose logJoint is an unbiased estimate of this one's (data subsampling). */
  subsample?(key: Key): Model;
  /** Plain data that, with `name`, determines the model (sizes, a data digest); recorded in checkpoints. */
  readonly identity?: Readonly<Record<string, unknown>>;
}

/**
 * Checks at a public boundary that `model` looks like a {@link Model} of the given latent size (when given) and
 * returns it; `terms` are checked where they are used (a model may build them lazily).
 * @example checkModel("myFit", model, guide.dim);
 */
export function checkModel(fn: string, model: unknown, dim?: number): Model {
  checkCallerName("checkModel", fn);
  if (dim !== undefined) checkPositiveInt("checkModel", "dim", dim);
  const m = model as Partial<Model> | null;
  if (m === null || typeof m !== "object" || typeof m.logJoint !== "function") {
    throw new Error(`${fn}: model must be an object with logJoint(z), dim and name, got ${show(model)}`);
  }
  if (typeof m.name !== "string" || m.name.length === 0) throw new Error(`${fn}: model.name must be a non-empty string, got ${show(m.name)}`);
  if (typeof m.dim !== "number" || !Number.isInteger(m.dim) || m.dim < 1) throw new Error(`${fn}: model.dim must be a positive integer, got ${show(m.dim)}`);
  if (dim !== undefined && m.dim !== dim) {
    throw new Error(`${fn}: the guide has dim ${dim} but model "${m.name}" has dim ${m.dim}; a guide must cover every latent of the model`);
  }
  if (m.gradLogJoint !== undefined && typeof m.gradLogJoint !== "function") {
    throw new Error(`${fn}: model.gradLogJoint must be a function (z, out) => logJoint, got ${show(m.gradLogJoint)}`);
  }
  for (const k of ["logJointBatch", "gradLogJointBatch"] as const) {
    if (m[k] !== undefined && typeof m[k] !== "function") throw new Error(`${fn}: model.${k} must be a function, got ${show(m[k])}`);
  }
  if (m.gradLogJointBatch !== undefined && typeof m.gradLogJoint !== "function") {
    throw new Error(`${fn}: model.gradLogJointBatch needs model.gradLogJoint(z, out) too (the one-sample form is the contract's base)`);
  }
  if (m.subsample !== undefined && typeof m.subsample !== "function") {
    throw new Error(`${fn}: model.subsample must be a function (key) => Model, got ${show(m.subsample)}`);
  }
  // Terms are checked where they are used (Rao-Blackwellization, checkDependencies): a model may build them lazily.
  return m as Model;
}

/** Checks a term list: an array of { latents, logDensity } with latents integers in [0, dim). */
export function checkTerms(fn: string, terms: unknown, dim: number): readonly ModelTerm[] {
  if (!Array.isArray(terms) || terms.length === 0) throw new Error(`${fn}: model.terms must be a non-empty array of { latents, logDensity }, got ${show(terms)}`);
  terms.forEach((t: Partial<ModelTerm> | null, k) => {
    if (t === null || typeof t !== "object" || typeof t.logDensity !== "function") {
      throw new Error(`${fn}: model.terms[${k}].logDensity must be a function of z, got ${show(t?.logDensity)}`);
    }
    if (!Array.isArray(t.latents)) throw new Error(`${fn}: model.terms[${k}].latents must be an array of latent indices, got ${show(t.latents)}`);
    for (const j of t.latents) {
      if (!Number.isInteger(j) || j < 0 || j >= dim) throw new Error(`${fn}: model.terms[${k}].latents contains ${show(j)}; latents are integers in [0, ${dim})`);
    }
  });
  return terms as readonly ModelTerm[];
}

/** The model's terms, or a clear error naming the estimator that needs them. */
export function requireTerms(fn: string, model: Model, why: string): readonly ModelTerm[] {
  if (model.terms === undefined) {
    throw new Error(`${fn}: model "${model.name}" has no terms; ${why} needs the log joint factorized as terms { latents, logDensity }`);
  }
  return checkTerms(fn, model.terms, model.dim);
}

/** A term's label for messages. */
export function termLabel(terms: readonly ModelTerm[], k: number): string {
  const name = terms[k].name;
  return name === undefined ? `terms[${k}]` : `terms[${k}] ("${name}")`;
}

/** The arguments of {@link logJointRows} and {@link gradLogJointRows} (O(1): the values are checked as they come). */
function checkRowsArguments(own: string, fn: unknown, model: unknown, z: unknown, n: unknown): void {
  checkCallerName(own, fn);
  const m = checkModel(fn as string, model);
  checkPositiveInt(own, "n", n);
  if (!(z instanceof Float64Array) || z.length < (n as number) * m.dim) fail(own, "z", `a Float64Array of n×dim = ${n as number}×${m.dim} latents`, z);
}

/**
 * log p(x, z_i) for each of the n rows of z (n×dim). Throws, naming `fn`, the sample and the latent value, if the
 * model returns anything but a finite number: a non-finite ELBO must stop a run, never flow into it as NaN.
 * @example logJointRows("mine", model, guide.sample(key(0), 100), 100); // 100 values of log p(x, z)
 */
export function logJointRows(fn: string, model: Model, z: Float64Array, n: number): Float64Array {
  checkRowsArguments("logJointRows", fn, model, z, n);
  const d = model.dim;
  const out = new Float64Array(n);
  if (typeof model.logJointBatch === "function") {
    model.logJointBatch(z.subarray(0, n * d), out);
    for (let i = 0; i < n; i++) if (!Number.isFinite(out[i])) checkLogValue(fn, "model.logJointBatch", out[i], i, z.subarray(i * d, (i + 1) * d));
    return out;
  }
  for (let i = 0; i < n; i++) {
    const zi = z.subarray(i * d, (i + 1) * d);
    out[i] = checkLogValue(fn, "model.logJoint", model.logJoint(zi), i, zi);
  }
  return out;
}

/**
 * log p(x, z_i) and ∇z log p(x, z_i) for each row (n and n×dim), through `model.gradLogJoint`. Throws like
 * {@link logJointRows} on a non-finite value or gradient entry, and when the model has no gradLogJoint.
 * @example const { logJoint, grad } = gradLogJointRows("mine", model, z, n);
 */
export function gradLogJointRows(fn: string, model: Model, z: Float64Array, n: number): { logJoint: Float64Array; grad: Float64Array } {
  checkRowsArguments("gradLogJointRows", fn, model, z, n);
  const d = model.dim;
  if (typeof model.gradLogJoint !== "function") {
    throw new Error(`${fn}: model "${model.name}" has no gradLogJoint(z, out); the pathwise estimators need ∇z log p(x, z) — use a score-function estimator`);
  }
  const logJoint = new Float64Array(n);
  const grad = new Float64Array(n * d);
  if (typeof model.gradLogJointBatch === "function") {
    model.gradLogJointBatch(z.subarray(0, n * d), grad, logJoint);
    checkGradRows(fn, "model.gradLogJointBatch", z, grad, logJoint, d);
    return { logJoint, grad };
  }
  for (let i = 0; i < n; i++) {
    const zi = z.subarray(i * d, (i + 1) * d);
    const gi = grad.subarray(i * d, (i + 1) * d);
    logJoint[i] = checkLogValue(fn, "model.gradLogJoint", model.gradLogJoint(zi, gi), i, zi);
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(gi[j])) {
        throw new Error(`${fn}: model.gradLogJoint wrote ${show(gi[j])} at component ${j} for sample ${i} (z = ${show(zi)}); ∇z log p(x, z) must be finite`);
      }
    }
  }
  return { logJoint, grad };
}

/**
 * Checks values and gradient rows a batch function wrote (n = values.length): throws, like {@link gradLogJointRows},
 * on the first non-finite one. One pass that only tests; the message is built on failure.
 */
export function checkGradRows(fn: string, source: string, z: Float64Array, grad: Float64Array, values: Float64Array, d: number): void {
  let ok = true;
  for (let k = 0; k < values.length && ok; k++) ok = Number.isFinite(values[k]);
  // x − x is 0 for a finite x and NaN otherwise, so one sum tests every entry.
  let t = 0;
  for (let k = 0; k < values.length * d; k++) t += grad[k] - grad[k];
  if (ok && t === 0) return;
  for (let i = 0; i < values.length; i++) {
    const zi = z.subarray(i * d, (i + 1) * d);
    checkLogValue(fn, source, values[i], i, zi);
    for (let j = 0; j < d; j++) {
      const v = grad[i * d + j];
      if (!Number.isFinite(v)) throw new Error(`${fn}: ${source} wrote ${show(v)} at component ${j} for sample ${i} (z = ${show(zi)}); ∇z log p(x, z) must be finite`);
    }
  }
}

/**
 * The latent vector z a model's own logJoint/gradLogJoint is called with: a Float64Array of d finite numbers (`what`
 * says what they are in the message, e.g. "the weights"). For the built-in models, whose users may call them directly.
 */
export function checkLatents(fn: string, z: unknown, d: number, what = "the latents"): Float64Array {
  if (!(z instanceof Float64Array) || z.length !== d) throw new Error(`${fn}: z must be a Float64Array of length ${d} (${what}), got ${show(z)}`);
  for (let j = 0; j < d; j++) if (!Number.isFinite(z[j])) throw new Error(`${fn}: z[${j}] must be finite, got ${show(z[j])}`);
  return z;
}

/** A built-in model's log joint that left float64 (huge weights or residuals) is refused, never returned as −∞ or NaN. */
export function checkLogJoint(fn: string, value: number, z: Float64Array): number {
  if (!Number.isFinite(value)) throw new Error(`${fn}: the log joint overflows float64 at z = ${show(z)}; use smaller weights or rescale the data`);
  return value;
}

/** A log-density value that must be finite: throws naming the source, the sample and the latent vector otherwise. */
export function checkLogValue(fn: string, source: string, v: unknown, sample: number, z: Float64Array): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new Error(`${fn}: ${source} returned ${show(v)} at sample ${sample} (z = ${show(z)}); the ELBO is not finite there — check the model's support and the guide's`);
  }
  return v;
}

/** Checks that every log q(z_i) of a guide is finite (the error names the sample and z; built only on failure). */
export function checkGuideLogProbs(fn: string, logq: Float64Array, z: Float64Array, d: number): void {
  for (let i = 0; i < logq.length; i++) {
    if (!Number.isFinite(logq[i])) checkLogValue(fn, "guide.logProb", logq[i], i, z.subarray(i * d, (i + 1) * d));
  }
}
