/**
 * The batch functions of the logistic-regression model (logisticRegression.ts): log p(y, w_s) and ∇w log p(y, w_s)
 * for n weight samples at once, on a data set (or minibatch) of N rows — the hot loop of a fit.
 *
 * For each chunk of at most CHUNK samples: η = W Xᵀ (one tiled product, src/util/matMulInto.ts), then one
 * exponential u = e^{−|η|} per (sample, row) (expNonPositive: inline arithmetic, within 2 ulp of Math.exp) giving
 * σ(η) = 1/(1+u) (η ≥ 0) or u/(1+u) and the stable softplus(η) = max(η, 0) + log(1+u), whose logs are summed as the
 * log of a product of at most PRODUCT_RUN factors in (1, 2] (no overflow, one log per run instead of one per row),
 * then ∇ = G X − w·(1/τ²) with G_si = c (y_i − σ(η_si)) (a second tiled product). The same quantities as the
 * one-sample functions, summed in another order: equal to rounding, not to the bit.
 *
 * Scratch (η, G, a gathered minibatch and its transpose) lives in a {@link LogisticScratch} shared by the full
 * model and all its minibatches: allocated once, grown when needed, never returned, so a fit step allocates nothing
 * here.
 *
 * Where the engine has WebAssembly SIMD, unless the model was built with `simd: false`, all of this runs in the
 * kernels of logisticSimd.ts (the two products, S·N·d multiply-adds each, and the per-entry terms): the same
 * operations in the same order, so the same bits as the TypeScript path (test/vi/modelBatch.test.ts checks it), at
 * several times the speed (bench/vi.bench.ts times both).
 */
import { expNonPositive } from "../../util/expNonPositive.js";
import { matMulTransposedInto } from "../../util/matMulInto.js";
import type { SimdInstance } from "../../util/wasmSimd.js";
import type { ModelTerm } from "../model.js";
import { CHUNK, logisticBatchSimd, logisticWorkspace, PRODUCT_RUN } from "./logisticSimd.js";

/** The hyperparameters and scaling of one model: dim d, prior variance τ², log prior constant per weight, c = N/B. */
export interface LogisticConstants {
  readonly d: number;
  readonly t2: number;
  readonly priorConst: number;
  readonly weight: number;
}

/** Reusable buffers of the batch functions; one per data set, shared by its minibatch models. */
export class LogisticScratch {
  eta = new Float64Array(0);
  g = new Float64Array(0);
  xb = new Float64Array(0);
  yb = new Float64Array(0);
  xTb = new Float64Array(0);
  /** Xᵀ of the full data, built on first use. */
  xTFull: Float64Array | undefined;
  /** The terms every model of the data set shares (its prior terms, the list of all latents), built on first use. */
  terms: { readonly all: readonly number[]; readonly prior: readonly ModelTerm[] } | undefined;
  /** The SIMD kernel's workspace: made on first use; null when disabled or unavailable. */
  private simd: SimdInstance | null | undefined;

  /** `useSimd`: run the products in the WebAssembly SIMD kernel where the engine has it (same bits either way). */
  constructor(private readonly useSimd = true) {}

  /** The SIMD workspace, or null for the TypeScript products. */
  workspace(): SimdInstance | null {
    if (this.simd === undefined) this.simd = this.useSimd ? logisticWorkspace() : null;
    return this.simd;
  }

  /** From now on the TypeScript products (the workspace could not grow; its memory is released). */
  disableSimd(): void {
    this.simd = null;
  }

  /** Room for `rows` gathered rows of d columns and CHUNK × rows values of η and G. */
  ensure(rows: number, d: number): void {
    if (this.xb.length < rows * d) {
      this.xb = new Float64Array(rows * d);
      this.xTb = new Float64Array(rows * d);
      this.yb = new Float64Array(rows);
    }
    if (this.eta.length < CHUNK * rows) {
      this.eta = new Float64Array(CHUNK * rows);
      this.g = new Float64Array(CHUNK * rows);
    }
  }
}

/** Xᵀ (d × N) of a row-major N × d matrix X, into `out`. */
export function transposeInto(x: Float64Array, N: number, d: number, out: Float64Array): Float64Array {
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) out[j * N + i] = x[i * d + j];
  return out;
}

/** The data of one model: all rows x (N×d) and labels y, and the minibatch's row indices (null: all rows). */
export interface LogisticData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly rows: Int32Array | null;
}

/** Copies the rows `rows` of (xAll, yAll) into x (rows.length × d, row-major) and y. */
export function gatherRows(xAll: Float64Array, yAll: Float64Array, rows: Int32Array, d: number, x: Float64Array, y: Float64Array): void {
  for (let b = 0; b < rows.length; b++) {
    const o = rows[b] * d;
    for (let j = 0; j < d; j++) x[b * d + j] = xAll[o + j];
    y[b] = yAll[rows[b]];
  }
}

/**
 * Writes log p(y, w_s) into valueOut[s] and (unless gradOut is null) ∇w log p(y, w_s) into row s of gradOut, for
 * the n = valueOut.length rows w_s of z (n×d), on the rows of `data` (a minibatch is gathered into the scratch or
 * the SIMD workspace). See the module comment.
 */
export function logisticBatch(c: LogisticConstants, data: LogisticData, z: Float64Array, gradOut: Float64Array | null, valueOut: Float64Array, scratch: LogisticScratch): void {
  const { d, t2, priorConst, weight } = c;
  const { rows } = data;
  const N = rows === null ? data.y.length : rows.length;
  const ws = scratch.workspace();
  if (ws !== null) {
    // The module's memory holds the data set twice more (resident, X and Xᵀ); past WebAssembly's 4 GB the memory
    // cannot grow, and the TypeScript path (which needs none of it) takes over for good.
    try {
      return logisticBatchSimd(c, data, N, z, gradOut, valueOut, ws);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      scratch.disableSimd();
    }
  }
  scratch.ensure(N, d);
  let { x, y } = data;
  let xT: Float64Array;
  if (rows === null) xT = scratch.xTFull ??= transposeInto(x, N, d, new Float64Array(N * d));
  else {
    gatherRows(data.x, data.y, rows, d, scratch.xb, scratch.yb);
    x = scratch.xb;
    y = scratch.yb;
    xT = transposeInto(x, N, d, scratch.xTb);
  }
  const ns = valueOut.length;
  const eta = scratch.eta;
  const g = scratch.g;
  const inv = 1 / t2;
  for (let s0 = 0; s0 < ns; s0 += CHUNK) {
    const m = Math.min(CHUNK, ns - s0);
    const o = s0 * d;
    matMulTransposedInto(z, x, eta, m, N, d, o);
    for (let s = 0; s < m; s++) {
      const zo = o + s * d;
      let prior = 0;
      for (let j = 0; j < d; j++) prior += z[zo + j] * z[zo + j];
      valueOut[s0 + s] = d * priorConst - (0.5 * prior) / t2 + weight * rowTerms(eta, g, s * N, y, N, weight);
    }
    if (gradOut === null) continue;
    matMulTransposedInto(g, xT, gradOut, m, d, N, 0, o);
    for (let k = o; k < o + m * d; k++) gradOut[k] -= z[k] * inv;
  }
}

/**
 * Σ_i [y_i η_i − softplus(η_i)] over the N rows of one sample (η at eta[eo…]), writing g_i = c (y_i − σ(η_i)) at
 * g[eo…] (g may be eta itself: each η_i is read before g_i is written): one exponential per row, one log per
 * PRODUCT_RUN rows.
 */
function rowTerms(eta: Float64Array, g: Float64Array, eo: number, y: Float64Array, N: number, weight: number): number {
  let lik = 0;
  let logs = 0;
  for (let i0 = 0; i0 < N; i0 += PRODUCT_RUN) {
    const end = Math.min(N, i0 + PRODUCT_RUN);
    let prod = 1;
    for (let i = i0; i < end; i++) {
      const e = eta[eo + i];
      const u = expNonPositive(-Math.abs(e));
      const onePlus = 1 + u;
      const r = 1 / onePlus;
      g[eo + i] = weight * (y[i] - (e >= 0 ? r : u * r));
      lik += y[i] * e - (e > 0 ? e : 0);
      prod *= onePlus;
    }
    logs += Math.log(prod);
  }
  return lik - logs;
}
