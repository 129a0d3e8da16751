/**
 * The pathwise (reparameterization) estimator streamed in chunks, without per-sample rows: memory O(P) plus one
 * chunk, mean and variance merged with Chan et al.'s update. Same noise as `pathwise` for the same key (a family
 * that streams its noise, the diagonal Normal, never holds all n draws), so the same estimate up to rounding.
 * References: Kingma & Welling (2014); Rezende et al. (2014); Mohamed et al. (JMLR 2020) §5.
 */
import { isReparameterizable, type Reparameterizable } from "../distributions/distribution.js";
import { assertKey, type Key } from "../random/key.js";
import { checkPositiveInt, checkSize, show } from "../util/validate.js";
import { summaryFromMoments, type GradientSummary } from "./moments.js";
import type { SampleGradient } from "./pathwise.js";
import type { SampleFunction } from "./result.js";
import { Accumulator, evaluateChunk, isFused } from "./streaming.js";

/** Options of {@link pathwiseStreaming}. */
export interface StreamingPathwiseOptions {
  /** Number of samples n (default 1000). */
  numSamples?: number;
  /** Samples per chunk (default 256). */
  chunkSize?: number;
  /** ∇f(x), length dim. Required: mcgrad does no automatic differentiation. */
  grad: SampleGradient;
}

/**
 * Pathwise gradient of E_{x~dist}[f(x)] w.r.t. θ without per-sample rows (mean, variance, stderr). f is evaluated
 * only to check it is finite at every sample, as in `pathwise`; the rows are (∂g/∂θ)ᵀ ∇f(g(ε; θ)).
 * @example
 *   const g = pathwiseStreaming((x) => x[0] ** 2, new Normal({ loc: 1, scale: 2 }), key(0), { numSamples: 1e6, grad: (x) => [2 * x[0]] });
 *   g.mean; // ≈ [2, 8]
 */
export function pathwiseStreaming(f: SampleFunction, dist: Reparameterizable, key: Key, options: StreamingPathwiseOptions): GradientSummary {
  const fn = "pathwiseStreaming";
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  if (dist === null || typeof dist !== "object" || !isReparameterizable(dist)) {
    throw new Error(`${fn}: dist must be a reparameterizable distribution (with sampleNoise/transform/transformVjp), got ${show((dist as { name?: unknown } | null)?.name ?? dist)}; use scoreFunctionStreaming for other families`);
  }
  assertKey(fn, key);
  const { numSamples = 1000, chunkSize = 256, grad } = options ?? ({} as StreamingPathwiseOptions);
  if (typeof grad !== "function") throw new Error(`${fn}: options.grad must be a function returning ∇f(x), got ${show(grad)}`);
  const n = checkSize(fn, "numSamples", numSamples, Math.max(1, dist.noiseDim));
  const C = Math.min(checkPositiveInt(fn, "chunkSize", chunkSize), n);
  const d = dist.dim;
  const k = dist.noiseDim;
  const acc = new Accumulator(dist.paramSize);
  const fill = isFused(dist) ? dist.noiseStream(key) : undefined;
  const all = fill === undefined ? dist.sampleNoise(key, n) : undefined;
  const buffer = new Float64Array(C * k);
  const gradX = new Float64Array(C * d);
  for (let start = 0; start < n; start += C) {
    const m = Math.min(C, n - start);
    let eps: Float64Array;
    if (all !== undefined) eps = all.subarray(start * k, (start + m) * k);
    else {
      eps = m === C ? buffer : buffer.subarray(0, m * k);
      fill!(eps);
    }
    const x = dist.transform(eps);
    evaluateChunk(fn, f, x, m, d, start);
    for (let i = 0; i < m; i++) {
      const xi = x.subarray(i * d, (i + 1) * d);
      const g = grad(xi);
      if (g === null || typeof g !== "object" || g.length !== d) {
        throw new Error(`${fn}: options.grad must return ${d} finite numbers (∇f at x), got ${show(g)} at sample ${start + i}`);
      }
      for (let j = 0; j < d; j++) {
        const v = g[j];
        if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${fn}: options.grad returned ${show(v)} at component ${j} of sample ${start + i}; ∇f must be finite`);
        gradX[i * d + j] = v;
      }
    }
    acc.add(fn, dist.transformVjp(eps, m === C ? gradX : gradX.subarray(0, m * d)), m, start);
  }
  return summaryFromMoments({ count: acc.count, mean: acc.mean, m2: acc.m2 }, fn);
}
