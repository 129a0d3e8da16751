/**
 * The fast path of the pathwise and sticking-the-landing ELBO gradients (elboPathwise.ts) for a diagonal
 * location–scale guide (Normal, Laplace: x = μ + σ ε coordinate-wise, θ = [μ, log σ]; recognized by its facts, see
 * diagonalLocationScale) and a model with gradLogJointBatch: few passes over the n samples, buffers reused across a
 * fit's steps, and the per-sample rows written only when asked for (a fit step needs the mean; the rows and their
 * variance only on its diagnostic steps). Internal to src/vi.
 */
import type { Reparameterizable } from "../distributions/distribution.js";
import { estimateFromRows, type GradientEstimateWithRows } from "../estimators/result.js";
import type { Key } from "../random/key.js";
import { columnEstimate, meanAndStderr } from "./elboCommon.js";
import { checkGradRows, checkGuideLogProbs, type Model } from "./model.js";

/**
 * Buffers of the fast path (ε, z, ∇z log p, log p, rows) that a caller taking many steps (fit) hands to it, so a
 * step allocates only its small results.
 */
export class PathwiseBuffers {
  eps = new Float64Array(0);
  z = new Float64Array(0);
  gradP = new Float64Array(0);
  logp = new Float64Array(0);
  rows = new Float64Array(0);

  /** Exactly n×d ε, z and ∇z log p, n log p and n×2d rows (reallocated only when n or d change). */
  ensure(n: number, d: number): void {
    if (this.z.length === n * d && this.logp.length === n) return;
    this.eps = new Float64Array(n * d);
    this.z = new Float64Array(n * d);
    this.gradP = new Float64Array(n * d);
    this.logp = new Float64Array(n);
    this.rows = new Float64Array(n * 2 * d);
  }
}

/**
 * What the path estimators compute: the mean gradient and the ELBO ± SE, and — when rows were asked for — the
 * core's {@link GradientEstimateWithRows} of the per-sample rows (whose mean is `mean`).
 */
export interface PathEstimate {
  readonly gradient: GradientEstimateWithRows | null;
  readonly mean: Float64Array;
  readonly elbo: number;
  readonly elboStderr: number;
}

/**
 * The guide's noise for n samples: into buffers.eps through the family's noise stream when it has one (the same
 * draws as sampleNoise, see Normal.noiseStream), else sampleNoise's own array.
 */
function drawNoise(q: Reparameterizable, key: Key, n: number, buffers: PathwiseBuffers | null): Float64Array {
  const stream = (q as { noiseStream?: (k: Key) => (out: Float64Array) => void }).noiseStream;
  if (buffers === null || typeof stream !== "function") return q.sampleNoise(key, n);
  stream.call(q, key)(buffers.eps);
  return buffers.eps;
}

/**
 * The pathwise estimator with analytic entropy ("pathwise", `entropyGrad` = ∇θ H) or sticking the landing ("stl",
 * `entropyGrad` null): z = μ + σ ε in one loop, the model's batch gradient, then in one loop the column sums of the
 * rows — [g, g σ ε] + ∇θ H for "pathwise", [g − ∇z log q, (g − ∇z log q) σ ε] for "stl" — writing the rows too when
 * `withRows` (then columnEstimate gives their mean and variance). The same values as the general path
 * (transform, transformVjp) to rounding; the mean is the same to the bit with or without rows. Nothing is checked on
 * the way: when the sums or the ELBO values come out non-finite, the checks run afterwards in the general path's
 * order (z, the model's values and gradients, the guide's log q, then the rows), so the same errors are thrown.
 */
export function locationScalePath(
  fn: string,
  estimator: "pathwise" | "stl",
  model: Model,
  q: Reparameterizable,
  { loc, scale }: { loc: Float64Array; scale: Float64Array },
  key: Key,
  n: number,
  entropyGrad: Float64Array | null,
  buffers: PathwiseBuffers | null,
  withRows: boolean,
): PathEstimate {
  const d = q.dim;
  const P = 2 * d;
  buffers?.ensure(n, d);
  const eps = drawNoise(q, key, n, buffers);
  const z = buffers === null ? new Float64Array(n * d) : buffers.z;
  // Column by column (μ_j and σ_j in registers): V8 reloads a typed array's bounds for every access, so fewer
  // accesses per entry is most of the speed of these loops.
  for (let j = 0; j < d; j++) {
    const mu = loc[j];
    const sigma = scale[j];
    for (let k = j; k < n * d; k += d) z[k] = mu + sigma * eps[k];
  }
  const gradP = buffers === null ? new Float64Array(n * d) : buffers.gradP;
  const values = buffers === null ? new Float64Array(n) : buffers.logp;
  (model.gradLogJointBatch as NonNullable<Model["gradLogJointBatch"]>)(z, gradP, values);
  // "stl": ∇z log q = −(the location score) for a location family; "pathwise": ∇θ H enters each row.
  const scores = estimator === "stl" ? q.score(z) : null;
  const logq = estimator === "stl" ? q.logProb(z) : null;
  const rows = !withRows ? null : buffers === null ? new Float64Array(n * P) : buffers.rows;
  const eg = entropyGrad ?? new Float64Array(P);
  const sums = rows === null ? new Float64Array(P) : null;
  if (sums !== null && scores === null) {
    // A fit step of "pathwise": the column sums alone, σ_j, ∇θ H and the sums in registers, each in row order from
    // 0; two columns at a time, so four independent chains of additions overlap.
    let j = 0;
    for (; j + 1 < d; j += 2) {
      const s0 = scale[j];
      const s1 = scale[j + 1];
      const ha0 = eg[j];
      const ha1 = eg[j + 1];
      const hb0 = eg[d + j];
      const hb1 = eg[d + j + 1];
      let a0 = 0;
      let a1 = 0;
      let b0 = 0;
      let b1 = 0;
      for (let k = j; k < n * d; k += d) {
        const g0 = gradP[k];
        const g1 = gradP[k + 1];
        a0 += g0 + ha0;
        a1 += g1 + ha1;
        b0 += g0 * (s0 * eps[k]) + hb0;
        b1 += g1 * (s1 * eps[k + 1]) + hb1;
      }
      sums[j] = a0;
      sums[j + 1] = a1;
      sums[d + j] = b0;
      sums[d + j + 1] = b1;
    }
    for (; j < d; j++) {
      let a = 0;
      let b = 0;
      for (let k = j; k < n * d; k += d) {
        const g = gradP[k];
        a += g + eg[j];
        b += g * (scale[j] * eps[k]) + eg[d + j];
      }
      sums[j] = a;
      sums[d + j] = b;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const o = i * d;
      const r = i * P;
      for (let j = 0; j < d; j++) {
        const g = scores === null ? gradP[o + j] : gradP[o + j] + scores[r + j];
        const a = g + eg[j];
        const b = g * (scale[j] * eps[o + j]) + eg[d + j];
        if (rows !== null) {
          rows[r + j] = a;
          rows[r + d + j] = b;
        } else if (sums !== null) {
          sums[j] += a;
          sums[d + j] += b;
        }
      }
    }
  }
  const h = logq === null ? q.entropy() : 0;
  let check = 0;
  for (let i = 0; i < n; i++) {
    values[i] = logq === null ? values[i] + h : values[i] - logq[i];
    check += values[i];
  }
  if (sums !== null) for (let p = 0; p < P; p++) check += sums[p];
  const estimate = rows === null ? null : columnEstimate(rows, n, P);
  if (!Number.isFinite(check) || (rows !== null && estimate === null)) {
    q.transform(eps); // throws the family's message if a z is not finite
    checkGradRows(fn, "model.gradLogJointBatch", z, gradP, values, d);
    if (logq !== null) checkGuideLogProbs(fn, logq, z, d);
    // Only the rows are left to blame: the core's estimateFromRows rescales or throws naming the entry.
    if (rows === null) return locationScalePath(fn, estimator, model, q, { loc, scale }, key, n, entropyGrad, buffers, true);
  }
  const { mean: elbo, stderr } = meanAndStderr(values);
  if (sums !== null) {
    for (let p = 0; p < P; p++) sums[p] /= n;
    return { gradient: null, mean: sums, elbo, elboStderr: stderr };
  }
  const gradient = estimate ?? estimateFromRows(rows as Float64Array, n, P, fn);
  return { gradient, mean: gradient.mean, elbo, elboStderr: stderr };
}
