/**
 * The pathwise (reparameterization) estimator.
 *
 *   ∇θ E_{x~pθ}[f(x)] = ∇θ E_{ε~q}[f(g(ε; θ))] = E_{ε~q}[∇f(x)ᵀ ∂g(ε; θ)/∂θ],  x = g(ε; θ)
 *
 * which needs a family whose samples are a differentiable transform g of parameter-free noise ε, and an f that is
 * differentiable (almost everywhere, with ∇f integrable) — the caller supplies ∇f as `grad`.
 * References: Kingma & Welling (ICLR 2014); Rezende, Mohamed & Wierstra (ICML 2014);
 * Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §5.
 * By default the rows are streamed into their moments (src/estimators/pathwiseMoments.ts: memory O(P) plus one
 * chunk, fused for the diagonal Normal); `keepRows: true` materializes them (n×P) as well.
 */
import { isReparameterizable, type Reparameterizable } from "../distributions/distribution.js";
import { assertKey, type Key } from "../random/key.js";
import { checkOptionsObject, checkPositiveInt, checkSize, show } from "../util/validate.js";
import { estimateFromRows, evaluateRows, type GradientEstimate, type GradientEstimateWithRows, type SampleFunction, perSampleWidth } from "./result.js";
import { copyGradient, pathwiseMoments } from "./pathwiseMoments.js";
import { defaultChunkSize } from "./scoreMoments.js";
import { checkStreamedCount } from "./sampleChunks.js";

/** ∇f at one sample x (a length-dim view valid only during the call); returns dim finite numbers (an array it may reuse). */
export type SampleGradient = (x: Float64Array) => ArrayLike<number>;

/** Options of {@link pathwise}. */
export interface PathwiseOptions {
  /** Number of samples n (default 1000). */
  numSamples?: number;
  /** ∇f(x), length dim. Required: mcgrad does no automatic differentiation. */
  grad: SampleGradient;
  /** Keep the n×P per-sample rows in the result (default false: streamed into mean and variance, memory O(P)). */
  keepRows?: boolean;
  /** Samples per chunk when the rows are not kept (default about 4096/dim, between 16 and 256): memory, not the result. */
  chunkSize?: number;
}

/**
 * Pathwise (reparameterization) gradient of E_{x~dist}[f(x)] with respect to dist.params (θ).
 *
 * Row i is (∂g(ε_i; θ)/∂θ)ᵀ ∇f(g(ε_i; θ)), computed by `dist.transformVjp`. Only reparameterizable families are
 * accepted (the parameter type refuses others; a runtime check catches JavaScript callers). `f` is evaluated at
 * every sample only to check that it is finite there (where f is ±∞ or NaN the expectation, and so its gradient,
 * is undefined); the rows use `grad` alone. Without `keepRows` the same noise gives the same mean and variance up to
 * rounding, in memory O(P) plus one chunk (the diagonal Normal; other families hold the n noise draws).
 * @example
 *   const g = pathwise((x) => x[0] ** 2, new Normal({ loc: 1, scale: 2 }), key(0),
 *     { numSamples: 10_000, grad: (x) => [2 * x[0]] });
 *   g.mean; // ≈ [2·μ, 2σ²] = [2, 8]
 */
export function pathwise(f: SampleFunction, dist: Reparameterizable, key: Key, options: PathwiseOptions & { keepRows: true }): GradientEstimateWithRows;
export function pathwise(f: SampleFunction, dist: Reparameterizable, key: Key, options: PathwiseOptions): GradientEstimate;
export function pathwise(
  f: SampleFunction,
  dist: Reparameterizable,
  key: Key,
  options: PathwiseOptions,
): GradientEstimate {
  const fn = "pathwise";
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  const candidate = dist as unknown;
  if (candidate === null || typeof candidate !== "object" || !isReparameterizable(candidate as Reparameterizable)) {
    const named = candidate as { name?: unknown } | null;
    const name = named !== null && typeof named === "object" && typeof named.name === "string" ? named.name : show(dist);
    throw new Error(
      `${fn}: dist must be a reparameterizable distribution (reparameterizable: true, with sampleNoise/transform/transformVjp), got ${name}; use scoreFunction for other families`,
    );
  }
  assertKey(fn, key);
  const { numSamples = 1000, grad, keepRows = false, chunkSize } = checkOptionsObject<PathwiseOptions>(fn, options, "options", ["numSamples", "grad", "keepRows", "chunkSize"]);
  if (typeof grad !== "function") throw new Error(`${fn}: options.grad must be a function returning ∇f(x), got ${show(grad)}`);
  if (typeof keepRows !== "boolean") throw new Error(`${fn}: options.keepRows must be a boolean, got ${show(keepRows)}`);
  if (!keepRows) {
    const n = typeof dist.noiseStream === "function" ? checkStreamedCount(fn, "numSamples", numSamples) : checkSize(fn, "numSamples", numSamples, dist.noiseDim);
    const C = chunkSize === undefined ? defaultChunkSize(dist.dim) : checkPositiveInt(fn, "chunkSize", chunkSize);
    return pathwiseMoments(fn, f, grad, dist, key, n, C).toEstimate(fn);
  }
  checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  if (chunkSize !== undefined) checkPositiveInt(fn, "chunkSize", chunkSize);
  const n = numSamples;
  const d = dist.dim;
  const eps = dist.sampleNoise(key, n);
  const x = dist.transform(eps);
  evaluateRows(fn, f, x, n, d);
  const gradX = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const xi = x.subarray(i * d, (i + 1) * d);
    copyGradient(fn, grad(xi), d, gradX, i * d, i, xi);
  }
  const rows = dist.transformVjp(eps, gradX);
  return estimateFromRows(rows, n, dist.paramSize, fn);
}
