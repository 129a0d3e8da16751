/**
 * The empirical Fisher information from per-sample score rows, and its matrix-free product.
 */
import { checkOptionsObject, checkPositiveInt, checkSize, show, toFiniteArray } from "../util/validate.js";

/** The largest |entry| of each of the P columns of an n×P matrix (1 for an all-zero column, so it can divide). */
function columnScales(S: ArrayLike<number>, n: number, P: number): Float64Array {
  const c = new Float64Array(P);
  for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) c[j] = Math.max(c[j], Math.abs(S[i * P + j]));
  return c.map((v) => (v === 0 ? 1 : v));
}

function overflow(fn: string, what: string): Error {
  return new Error(`${fn}: ${what} is beyond float64's range for these score rows; rescale them (the Fisher scales with the square of the scores)`);
}

/** Checks rows is an n×P row-major matrix of finite numbers. */
function checkRows(fn: string, rows: unknown, n: number, P: number): ArrayLike<number> {
  checkPositiveInt(fn, "n", n);
  checkSize(fn, "P", P, P);
  if (!(rows instanceof Float64Array) && !Array.isArray(rows)) throw new Error(`${fn}: rows must be a Float64Array of n×P score rows, got ${show(rows)}`);
  const r = rows as ArrayLike<number>;
  if (r.length !== n * P) throw new Error(`${fn}: rows must have length n·P = ${n}·${P} = ${n * P}, got length ${r.length}`);
  for (let i = 0; i < r.length; i++) {
    if (typeof r[i] !== "number" || !Number.isFinite(r[i])) {
      throw new Error(`${fn}: rows[${i}] (sample ${Math.floor(i / P)}, coordinate ${i % P}) must be a finite number, got ${show(r[i])}`);
    }
  }
  return r;
}

/**
 * Empirical Fisher F̂ = (1/n) Σᵢ sᵢ sᵢᵀ from per-sample scores sᵢ = ∇θ log pθ(xᵢ) (rows of `dist.score(x)` with
 * x ~ pθ). Unbiased for the Fisher information F = E[s sᵀ] when the xᵢ are drawn from pθ itself; it is not centered
 * (E[s] = 0 already). Rows of a GradientEstimate are f-weighted, so they give the "empirical Fisher" of
 * Kunstner et al. (2019), which is not the Fisher — pass scores when you mean the Fisher.
 * Returns a symmetric P×P row-major matrix. Cost O(n P²).
 * Reference: Amari, Natural gradient works efficiently in learning, Neural Computation 1998.
 * @example const F = empiricalFisher(dist.score(dist.sample(k, 10000)), 10000, dist.paramSize)
 */
export function empiricalFisher(rows: Float64Array | number[], n: number, P: number): Float64Array {
  const S = checkRows("empiricalFisher", rows, n, P);
  const F = new Float64Array(P * P);
  for (let i = 0; i < n; i++) {
    const o = i * P;
    for (let j = 0; j < P; j++) {
      const sj = S[o + j];
      if (sj === 0) continue;
      const fo = j * P;
      for (let k = j; k < P; k++) F[fo + k] += sj * S[o + k];
    }
  }
  let finite = true;
  for (let j = 0; j < P; j++) {
    for (let k = j; k < P; k++) {
      const v = F[j * P + k] / n;
      F[j * P + k] = v;
      F[k * P + j] = v;
      if (!Number.isFinite(v)) finite = false;
    }
  }
  return finite ? F : scaledOuterMean(S, n, P);
}

/** (1/n) Σ sᵢ sᵢᵀ on columns divided by their largest entry c (so no product overflows), scaled back by c_j c_k. */
function scaledOuterMean(S: ArrayLike<number>, n: number, P: number): Float64Array {
  const c = columnScales(S, n, P);
  const F = new Float64Array(P * P);
  for (let j = 0; j < P; j++) {
    for (let k = j; k < P; k++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (S[i * P + j] / c[j]) * (S[i * P + k] / c[k]);
      const v = (sum / n) * c[j] * c[k];
      if (!Number.isFinite(v)) throw overflow("empiricalFisher", `entry [${j}][${k}] of the Fisher estimate`);
      F[j * P + k] = v;
      F[k * P + j] = v;
    }
  }
  return F;
}

/** Options of {@link fisherVectorProduct}. */
export interface FisherVectorProductOptions {
  /** λ ≥ 0 added as λ v (Tikhonov damping). Default 0 — leave it 0 when passing the product to naturalGradient, which adds its own damping. */
  damping?: number;
}

/**
 * The map v ↦ (1/n) Sᵀ(S v) + λ v = (F̂ + λI) v for the n×P score matrix S, computed in O(n P) without forming F̂
 * (Pearlmutter-style matrix-free products, as in Hessian-free optimization and TRPO's conjugate-gradient step).
 * Use it with `naturalGradient(fvp, g, { method: "cg" })` or `conjugateGradient` when P is large.
 * The rows are captured by reference: do not modify them while the product is in use.
 * References: Martens, Deep learning via Hessian-free optimization, ICML 2010; Schulman et al., TRPO, ICML 2015.
 * @example const fvp = fisherVectorProduct(scores, n, P); const Fv = fvp(v);
 */
export function fisherVectorProduct(
  rows: Float64Array | number[],
  n: number,
  P: number,
  options: FisherVectorProductOptions = {},
): (v: Float64Array) => Float64Array {
  const { damping = 0 } = checkOptionsObject<NonNullable<typeof options>>("fisherVectorProduct", options);
  const S = checkRows("fisherVectorProduct", rows, n, P);
  if (typeof damping !== "number" || !Number.isFinite(damping) || damping < 0) {
    throw new Error(`fisherVectorProduct: damping must be a finite number ≥ 0, got ${show(damping)}`);
  }
  return (vIn: Float64Array): Float64Array => {
    const v = toFiniteArray("fisherVectorProduct", "v", vIn);
    if (v.length !== P) throw new Error(`fisherVectorProduct: v must have length P = ${P}, got length ${v.length}`);
    const out = new Float64Array(P);
    for (let i = 0; i < n; i++) {
      const o = i * P;
      let u = 0;
      for (let j = 0; j < P; j++) u += S[o + j] * v[j];
      if (u === 0) continue;
      u /= n;
      for (let j = 0; j < P; j++) out[j] += u * S[o + j];
    }
    if (damping > 0) for (let j = 0; j < P; j++) out[j] += damping * v[j];
    for (let j = 0; j < P; j++) if (!Number.isFinite(out[j])) return scaledProduct(S, n, P, v, damping);
    return out;
  };
}

/**
 * (F̂ + λI) v with every factor rescaled: S by its largest entry a, v by its largest entry b, so each partial sum is
 * bounded by n·P; the result is scaled back by a²b and throws only if it is beyond float64's range.
 */
function scaledProduct(S: ArrayLike<number>, n: number, P: number, v: Float64Array, damping: number): Float64Array {
  let a = 0;
  for (let i = 0; i < n * P; i++) a = Math.max(a, Math.abs(S[i]));
  let b = 0;
  for (let j = 0; j < P; j++) b = Math.max(b, Math.abs(v[j]));
  const out = new Float64Array(P);
  if (a === 0 || b === 0) return out;
  for (let i = 0; i < n; i++) {
    let u = 0;
    for (let j = 0; j < P; j++) u += (S[i * P + j] / a) * (v[j] / b);
    for (let j = 0; j < P; j++) out[j] += (u / n) * (S[i * P + j] / a);
  }
  for (let j = 0; j < P; j++) {
    out[j] = out[j] * a * a * b + damping * v[j];
    if (!Number.isFinite(out[j])) throw overflow("fisherVectorProduct", `entry ${j} of (F̂ + λI) v`);
  }
  return out;
}
