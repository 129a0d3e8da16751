/**
 * The pathwise estimator without rows: the moments of the rows (∂g(ε_i; θ)/∂θ)ᵀ ∇f(x_i), accumulated chunk by chunk
 * (src/estimators/runningMoments.ts), memory O(P) plus one chunk. Same noise as `dist.sampleNoise(key, n)`.
 *
 * Fused path, the diagonal Normal (x = μ + σε): the noise and the samples are drawn together one cache-sized chunk at
 * a time (f and ∇f get a reused view of the chunk), and the rows ∇f (for μ) and ∇f·ε (for log σ, multiplied by σ once at the
 * end) are accumulated column by column, never stored (gaussianChunks.ts' workspace: SIMD kernels or their TypeScript
 * reference, same bits). Generic path, every other reparameterizable
 * family: the noise comes a chunk at a time from its noiseStream (src/estimators/sampleChunks.ts), and is
 * transformed, differentiated and merged chunk by chunk.
 * References: Kingma & Welling (2014); Rezende et al. (2014); Mohamed et al. (JMLR 2020) §5.
 */
import { isDiagonalGaussian, type Reparameterizable } from "../distributions/distribution.js";
import { dense, eachGaussianChunk } from "./gaussianChunks.js";
import type { Key } from "../random/key.js";
import { show } from "../util/validate.js";
import { checkRowsFinite, RunningMoments } from "./runningMoments.js";
import { noiseChunks } from "./sampleChunks.js";
import type { SampleGradient } from "./pathwise.js";
import { checkedValue, type SampleFunction } from "./result.js";

/**
 * Copies ∇f(x) = g (length d) into out[o … o + d), checking it: throws, naming `fn`, the sample i and x, if g is
 * not d numbers or an entry is not finite. With `checked` false a Float64Array g is copied without the finiteness
 * scan (the caller then finds a non-finite entry with {@link checkGradients}).
 */
export function copyGradient(fn: string, g: ArrayLike<number>, d: number, out: Float64Array, o: number, i: number, x: Float64Array, checked = true): void {
  if (g instanceof Float64Array && g.length === d) {
    out.set(g, o);
    if (!checked) return;
    let bad = false;
    for (let j = 0; j < d; j++) bad ||= !Number.isFinite(g[j]);
    if (!bad) return;
  } else if (g === null || typeof g !== "object" || typeof g.length !== "number" || g.length !== d) {
    const len = g !== null && typeof g === "object" && typeof g.length === "number" ? `length ${g.length}` : show(g);
    throw new Error(`${fn}: options.grad must return ${d} finite numbers (∇f at x), got ${len} at sample ${i} (x = ${show(x)})`);
  }
  for (let j = 0; j < d; j++) {
    const v = g[j];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${fn}: options.grad returned ${show(v)} at component ${j} of sample ${i} (x = ${show(x)}); ∇f must be finite`);
    }
    out[o + j] = v;
  }
}

/** The running moments of the pathwise rows over the n draws of `dist.sampleNoise(key, n)`; arguments checked by the caller. */
export function pathwiseMoments(fn: string, f: SampleFunction, grad: SampleGradient, dist: Reparameterizable, key: Key, n: number, chunkSize: number): RunningMoments {
  const C = Math.min(chunkSize, n);
  const d = dist.dim;
  const P = dist.paramSize;
  if (isDiagonalGaussian(dist)) {
    return eachGaussianChunk(dist, key, n, C, (ws, start, m) => {
      for (let i = 0; i < m; i++) {
        const x = ws.views[i];
        checkedValue(fn, f, x, start + i);
        copyGradient(fn, grad(x), d, ws.g, i * ws.stride, start + i, x, false);
      }
      if (!ws.merge("pathwise", m)) locateNormal(fn, dense(ws.eps, m, d, ws.stride), dense(ws.g, m, d, ws.stride), dist.loc, dist.scale, m, d, start);
    }, (ws) => {
      const moments = ws.moments();
      // The log σ columns were summed as ∇f·ε: ∂x/∂log σ_j = σ_j ε_j, so multiply them by σ_j once.
      for (let j = 0; j < d; j++) moments.scaleColumn(d + j, dist.scale[j]);
      return moments;
    });
  }
  const acc = new RunningMoments(P);
  const G = new Float64Array(C * d);
  const next = noiseChunks(dist, key, n, C);
  for (let start = 0; start < n; start += C) {
    const m = Math.min(C, n - start);
    const e = next(m);
    const x = dist.transform(e);
    for (let i = 0; i < m; i++) {
      const xi = x.subarray(i * d, (i + 1) * d);
      checkedValue(fn, f, xi, start + i);
      copyGradient(fn, grad(xi), d, G, i * d, start + i, xi);
    }
    acc.addRows(fn, dist.transformVjp(e, m === C ? G : G.subarray(0, m * d)), m, start);
  }
  return acc;
}

/**
 * After a non-finite chunk sum: throws at a non-finite ∇f entry (as copyGradient would have), else at a non-finite
 * row (g, g·σ·ε); returns if every row is finite.
 */
function locateNormal(fn: string, eps: Float64Array, G: Float64Array, loc: Float64Array, scale: Float64Array, m: number, d: number, first: number): void {
  const x = new Float64Array(d);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) x[j] = loc[j] + scale[j] * eps[i * d + j];
    copyGradient(fn, G.subarray(i * d, (i + 1) * d), d, x, 0, first + i, x.slice());
  }
  const rows = new Float64Array(m * 2 * d);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) {
      rows[i * 2 * d + j] = G[i * d + j];
      rows[i * 2 * d + d + j] = G[i * d + j] * scale[j] * eps[i * d + j];
    }
  }
  checkRowsFinite(fn, rows, m, 2 * d, first);
}
