/**
 * The distribution contract shared by every family.
 *
 * A distribution is an immutable holder of parameters. Its parameters are exposed as one unconstrained vector θ
 * (`params`, length `paramSize`): positive quantities enter as their logarithm, probabilities as logits. Every
 * derivative the library returns — `score`, `fisher`, estimator rows — is with respect to this θ.
 *
 * Shapes: a batch of n samples is a row-major Float64Array of n×dim numbers (discrete values are stored as numbers).
 */
import { assertKey, type Key } from "../random/key.js";
import { checkSamples, checkSize, show } from "../util/validate.js";
import { enumerateProduct, type ParamInfo } from "./familyFacts.js";

export { blockParamInfo, MAX_ENUMERATED_OUTCOMES, type ParamInfo, type ParamRole } from "./familyFacts.js";

/** A probability distribution with closed-form log-density, score and Fisher information. */
export interface Distribution {
  /** Family name, e.g. "Normal". */
  readonly name: string;
  /** Event size: the length of one sample. */
  readonly dim: number;
  /** P, the length of θ. */
  readonly paramSize: number;
  /** θ, the unconstrained parameter vector (a fresh copy on each access is not guaranteed: do not mutate). */
  readonly params: Float64Array;
  /** True when samples are integers (counts, indices, 0/1). */
  readonly discrete: boolean;
  /** The same family at another θ. Throws if θ has the wrong length or is not finite. */
  withParams(theta: ArrayLike<number>): Distribution;
  /** n samples, row-major n×dim. The same key gives the same draws. */
  sample(key: Key, n: number): Float64Array;
  /**
   * Optional: the draws of `sample` as a stream. Successive calls of the returned function fill successive rows of
   * sample(key, n) (out.length a multiple of dim), so an estimator holds one chunk of samples at a time. The
   * reparameterizable families stream their noise instead (`noiseStream`, followed by `transform`); a family without
   * either (a Product with such a block, a user's family) is drawn all n at once by the estimators.
   */
  sampleStream?(key: Key): (out: Float64Array) => void;
  /** log p(x) for each of the n rows of x (n×dim). Throws if a row is outside the support. */
  logProb(x: Float64Array | number[]): Float64Array;
  /** Per-sample score ∂ log p(x_i) / ∂θ, row-major n×P, in closed form. */
  score(x: Float64Array | number[]): Float64Array;
  /** Samples and their log-densities; cheaper than the composition where a family overrides it. */
  sampleAndLogProb(key: Key, n: number): { x: Float64Array; logProb: Float64Array };
  /** Exact Fisher information E[score scoreᵀ] with respect to θ, row-major P×P. */
  fisher(): Float64Array;
  /** Differential (continuous) or Shannon (discrete) entropy, in nats. */
  entropy(): number;
  /** The role of each coordinate of θ and the sample coordinate it acts on (length P): a family fact. */
  paramInfo(): readonly ParamInfo[];
  /**
   * The values one sample coordinate can take, when that set is finite (Bernoulli: [0, 1]; Categorical with K
   * categories: [0, …, K − 1]); null for an infinite support (continuous families, Poisson).
   */
  finiteSupport(): readonly number[] | null;
  /**
   * Every outcome of one sample, row-major m×dim (the product of the coordinates' finite supports), for exact sums
   * over a small discrete family. Throws for an infinite support or more than {@link "mcgrad/distributions"!MAX_ENUMERATED_OUTCOMES} outcomes.
   */
  enumerateSupport(): Float64Array;
  /**
   * For a family with independent coordinates (every `paramInfo()` coordinate non-null), the one-dimensional
   * distribution of coordinate j, whose θ is the entries of this θ that `paramInfo()` assigns to j, in order.
   * Present on the diagonal Normal, Laplace and Bernoulli.
   */
  marginal?(j: number): Distribution;
  /**
   * ∇θ H(p), the exact gradient of `entropy()` with respect to θ (length P), as entropy-regularized objectives need.
   * Throws, naming the family, where mcgrad has no exact form (Poisson).
   */
  entropyGradient(): Float64Array;
  /** E[x], length dim. */
  mean(): Float64Array;
  /** Var[x] per coordinate, length dim. */
  variance(): Float64Array;
}

/**
 * A family whose samples can be written x = g(ε; θ) with ε from a fixed noise distribution (the reparameterization
 * of Kingma & Welling 2014; Rezende et al. 2014). The pathwise estimator accepts only these.
 */
export interface Reparameterizable extends Distribution {
  readonly reparameterizable: true;
  /** Length of one noise draw ε. */
  readonly noiseDim: number;
  /** n draws of the base noise ε, row-major n×noiseDim. */
  sampleNoise(key: Key, n: number): Float64Array;
  /** Optional: the noise of sampleNoise as a stream (successive calls fill successive rows of sampleNoise(key, n)). */
  noiseStream?(key: Key): (eps: Float64Array) => void;
  /** x = g(ε; θ) for each row of ε, row-major n×dim. */
  transform(noise: Float64Array): Float64Array;
  /**
   * Vector–Jacobian product of the transform: for each row i, (∂g(ε_i; θ)/∂θ)ᵀ · gradX_i, where gradX is ∇f at
   * x_i = g(ε_i; θ). Returns row-major n×P; these are the pathwise estimator's per-sample rows.
   */
  transformVjp(noise: Float64Array, gradX: Float64Array): Float64Array;
}

/**
 * A diagonal Gaussian family whose score can be read off its noise (the fact the fused estimator paths use): θ =
 * [μ (d), log σ (d)], x = μ + σε with ε ~ N(0, I), so ∂ log p/∂μ = ε/σ, ∂ log p/∂log σ = ε² − 1 and the
 * pathwise rows are (∇f, ∇f·σε). `noiseStream(key)(eps, x)` fills the noise and, given x, the samples too.
 */
export interface DiagonalGaussian extends Reparameterizable {
  readonly noiseScore: "diagonalGaussian";
  readonly loc: Float64Array;
  readonly scale: Float64Array;
  noiseStream(key: Key): (eps: Float64Array, x?: Float64Array) => void;
}

/** Type guard for {@link DiagonalGaussian} (the family declares the fact; the shapes are checked). */
export function isDiagonalGaussian(d: Distribution): d is DiagonalGaussian {
  const g = d as Partial<DiagonalGaussian>;
  return (
    g.noiseScore === "diagonalGaussian" && g.reparameterizable === true && typeof g.noiseStream === "function" &&
    g.loc instanceof Float64Array && g.scale instanceof Float64Array && g.loc.length === d.dim && g.scale.length === d.dim && d.paramSize === 2 * d.dim
  );
}

/**
 * Type guard for {@link Reparameterizable}; false for anything that is not an object (null, undefined, a number …).
 * @example isReparameterizable(new Normal({ loc: 0, scale: 1 })) // true; false for a Bernoulli, so pathwise refuses it
 */
export function isReparameterizable(d: Distribution): d is Reparameterizable {
  return typeof d === "object" && d !== null && (d as Partial<Reparameterizable>).reparameterizable === true;
}

/**
 * Base class with the shared plumbing: argument checks and the default `sampleAndLogProb`.
 * Subclasses implement the `*Impl` methods on already-validated input.
 */
export abstract class DistributionBase implements Distribution {
  abstract readonly name: string;
  abstract readonly dim: number;
  abstract readonly paramSize: number;
  abstract readonly params: Float64Array;
  readonly discrete: boolean = false;

  abstract withParams(theta: ArrayLike<number>): Distribution;
  abstract sample(key: Key, n: number): Float64Array;
  abstract fisher(): Float64Array;
  abstract entropy(): number;
  abstract mean(): Float64Array;
  abstract variance(): Float64Array;

  abstract paramInfo(): readonly ParamInfo[];

  /** Default: an infinite support (the finite discrete families override it). */
  finiteSupport(): readonly number[] | null {
    return null;
  }

  enumerateSupport(): Float64Array {
    return enumerateProduct(`${this.name}.enumerateSupport`, this.finiteSupport(), this.dim);
  }

  /**
   * Default, from the family facts: a finite support sums −Σ_x p(x) log p(x) ∇θ log p(x) exactly (∇p = p ∇log p and
   * Σ_x ∇p(x) = 0); a location–scale family (every θ entry a location or a log scale) has H = Σ log scale + const,
   * so ∇H is 1 on the log scales and 0 on the locations. Other families override it or throw.
   */
  entropyGradient(): Float64Array {
    if (this.finiteSupport() !== null) {
      const x = this.enumerateSupport();
      const lp = this.logProb(x);
      const s = this.score(x);
      const P = this.paramSize;
      const g = new Float64Array(P);
      for (let i = 0; i < lp.length; i++) {
        const w = -Math.exp(lp[i]) * lp[i];
        if (w !== 0) for (let j = 0; j < P; j++) g[j] += w * s[i * P + j];
      }
      return g;
    }
    const info = this.paramInfo();
    if (info.every((q) => q.role === "location" || q.role === "logScale")) return Float64Array.from(info, (q) => (q.role === "logScale" ? 1 : 0));
    throw new Error(`${this.name}.entropyGradient: mcgrad has no exact entropy gradient for this family`);
  }

  /** log p on validated samples (every row inside the support, finite). */
  protected abstract logProbImpl(x: Float64Array, n: number): Float64Array;
  /** Score on validated samples. */
  protected abstract scoreImpl(x: Float64Array, n: number): Float64Array;
  /** Throws a support error for the first bad entry of x; default: everything finite is in the support. */
  protected checkSupport(_fn: string, _x: Float64Array): void {}

  logProb(x: Float64Array | number[]): Float64Array {
    const fn = `${this.name}.logProb`;
    const { x: xs, n } = checkSamples(fn, x, this.dim);
    this.checkSupport(fn, xs);
    return finiteResult(fn, "log p(x)", this.logProbImpl(xs, n), this.dim);
  }

  score(x: Float64Array | number[]): Float64Array {
    const fn = `${this.name}.score`;
    const { x: xs, n } = checkSamples(fn, x, this.dim);
    this.checkSupport(fn, xs);
    return finiteResult(fn, "the score", this.scoreImpl(xs, n), this.paramSize);
  }

  sampleAndLogProb(key: Key, n: number): { x: Float64Array; logProb: Float64Array } {
    const x = this.sample(key, n);
    return { x, logProb: finiteResult(`${this.name}.sampleAndLogProb`, "log p(x)", this.logProbImpl(x, n), 1) };
  }

  /** Helper for subclasses' `checkSupport`: throws the standard support error. */
  protected supportError(fn: string, index: number, value: number, support: string): never {
    throw new Error(`${fn}: x[${index}] = ${show(value)} is outside the support (${support})`);
  }
}

/**
 * Returns `out` after checking every entry is finite; otherwise throws, naming the function, the row and what
 * overflowed. The backstop that keeps a NaN or ±∞ from leaving a distribution's method when a caller-given x (or
 * noise) is so far out that the exact value is beyond float64's range.
 */
export function finiteResult(fn: string, what: string, out: Float64Array, rowLength: number): Float64Array {
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      const row = Math.floor(i / Math.max(rowLength, 1));
      throw new Error(`${fn}: ${what} is ${show(out[i])} at row ${row} (entry ${i}): the exact value is beyond float64's range for this input; rescale x`);
    }
  }
  return out;
}

/**
 * Checks that positive parameters lie in the range a family supports, [lo, hi]: outside it some of the family's
 * quantities (mean, variance, Fisher, entropy, log-density of its own samples) would overflow float64 or lose all
 * accuracy. The error names the argument, the entry, the range and why.
 */
export function checkParamRange(fn: string, arg: string, values: Float64Array, lo: number, hi: number, why: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) {
      throw new Error(`${fn}: ${arg}${values.length > 1 ? `[${i}]` : ""} = ${show(v)} is outside the supported range [${lo}, ${hi}] (${why})`);
    }
  }
}

/** Checks `noise` for `transform`: a real n×noiseDim array of finite numbers. */
export function checkNoise(fn: string, noise: unknown, noiseDim: number): { noise: Float64Array; n: number } {
  const { x, n } = checkSamples(fn, noise, noiseDim, "noise");
  return { noise: x, n };
}

/** Checks `noise` and `gradX` for `transformVjp`: real arrays of finite numbers, n×noiseDim and n×dim. */
export function checkNoiseAndGrad(fn: string, noise: unknown, gradX: unknown, noiseDim: number, dim: number): { noise: Float64Array; gradX: Float64Array; n: number } {
  const { x, n } = checkSamples(fn, noise, noiseDim, "noise");
  const g = checkSamples(fn, gradX, dim, "gradX");
  if (g.n !== n) throw new Error(`${fn}: gradX must have one row per noise row (${n} rows of ${dim}), got ${g.n} rows`);
  return { noise: x, gradX: g.x, n };
}

/** Checks at a public boundary that `dist` is a {@link Distribution} (has sample, score and paramSize). */
export function checkDistribution(fn: string, dist: unknown, arg = "dist"): Distribution {
  const d = dist as Partial<Distribution> | null;
  if (d === null || typeof d !== "object" || typeof d.sample !== "function" || typeof d.score !== "function" || typeof d.paramSize !== "number") {
    throw new Error(`${fn}: ${arg} must be a Distribution (e.g. new Normal({ loc, scale })), got ${show(dist)}`);
  }
  return d as Distribution;
}

/** Checks θ for `withParams`: right length, all finite. */
export function checkTheta(fn: string, theta: ArrayLike<number>, paramSize: number): Float64Array {
  if (theta === null || typeof theta !== "object" || typeof (theta as ArrayLike<number>).length !== "number") {
    throw new Error(`${fn}: theta must be an array of ${paramSize} finite numbers, got ${show(theta)}`);
  }
  if (theta.length !== paramSize) {
    throw new Error(`${fn}: theta must have length ${paramSize}, got length ${theta.length}`);
  }
  const out = new Float64Array(paramSize);
  for (let i = 0; i < paramSize; i++) {
    const v = theta[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${fn}: theta[${i}] must be a finite number, got ${show(v)}`);
    out[i] = v;
  }
  return out;
}

/**
 * Broadcasts two per-coordinate parameter vectors against each other (a length-1 vector is repeated), as in
 * `new Normal({ loc: [0, 1], scale: 2 })`. Throws naming both arguments when the lengths are incompatible.
 */
export function broadcastPair(
  fn: string,
  names: readonly [string, string],
  a: Float64Array,
  b: Float64Array,
): [Float64Array, Float64Array] {
  if (a.length === b.length) return [a, b];
  if (a.length === 1) return [new Float64Array(b.length).fill(a[0]), b];
  if (b.length === 1) return [a, new Float64Array(a.length).fill(b[0])];
  throw new Error(`${fn}: ${names[0]} and ${names[1]} must have the same length (or one of length 1), got ${a.length} and ${b.length}`);
}

/**
 * exp(θ[offset … offset + count)) for log-parameterized positive quantities, throwing (naming the θ index and what it
 * parameterizes) if a value overflows to ∞ or underflows to 0.
 */
export function expParams(fn: string, theta: Float64Array, offset: number, count: number, what: string): Float64Array {
  const out = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const t = theta[offset + j];
    out[j] = Math.exp(t);
    if (!(out[j] > 0) || !Number.isFinite(out[j])) {
      throw new Error(`${fn}: theta[${offset + j}] = ${t} (${what}) gives ${out[j]}, which is not a finite positive number`);
    }
  }
  return out;
}

/** The checks every `sample` / `sampleNoise` starts with: a valid key and a positive integer n. */
export function checkSampleArgs(fn: string, key: Key, n: number, perSample = 1): void {
  assertKey(fn, key);
  checkSize(fn, "n", n, perSample);
}

/**
 * `sample(key, n)` of a family whose draws come from its `sampleStream`: checks the arguments (naming `fn`), then fills
 * n rows from a fresh stream, so sample and sampleStream give the same draws by construction.
 */
export function sampleFromStream(fn: string, key: Key, n: number, dim: number, stream: (key: Key) => (out: Float64Array) => void): Float64Array {
  checkSampleArgs(fn, key, n, dim);
  const x = new Float64Array(n * dim);
  stream(key)(x);
  return x;
}

/** True when {@link drawStream} gives dist's draws as a stream (a `sampleStream`, or a `noiseStream` and its `transform`). */
export function streamsDraws(dist: Distribution): boolean {
  return typeof dist.sampleStream === "function" || (isReparameterizable(dist) && typeof dist.noiseStream === "function");
}

/**
 * The rows of `dist.sample(key, n)` as a stream (successive calls fill successive rows, out.length a multiple of dim):
 * the family's `sampleStream`, or its `noiseStream` followed by the row-wise `transform` (a reparameterizable family
 * samples transform(sampleNoise)); null for a family that draws all n at once.
 */
export function drawStream(dist: Distribution, key: Key): ((out: Float64Array) => void) | null {
  if (typeof dist.sampleStream === "function") return dist.sampleStream(key);
  if (!isReparameterizable(dist) || typeof dist.noiseStream !== "function") return null;
  const noise = dist.noiseStream(key);
  let eps = new Float64Array(0);
  return (out) => {
    const m = out.length / dist.dim;
    if (eps.length !== m * dist.noiseDim) eps = new Float64Array(m * dist.noiseDim);
    noise(eps);
    out.set(dist.transform(eps));
  };
}

/** Checks a coordinate index for `marginal(j)`: an integer in [0, dim). */
export function checkCoordinate(fn: string, j: unknown, dim: number): number {
  if (typeof j !== "number" || !Number.isInteger(j) || j < 0 || j >= dim) throw new Error(`${fn}: j must be an integer coordinate in [0, ${dim}), got ${show(j)}`);
  return j;
}
