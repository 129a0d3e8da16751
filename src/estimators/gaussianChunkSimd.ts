/**
 * The per-chunk arithmetic of the fused diagonal-Gaussian estimators (scoreMoments.ts, pathwiseMoments.ts) as
 * WebAssembly SIMD (f64x2) kernels (gaussianChunkKernels.ts), two columns per vector, and the workspace they run in:
 *
 *   affine:   x[i, j] = μ_j + σ_j·ε[i, j]                                   (the samples from the noise)
 *   score:    rows r1 = w_i·ε_ij, r2 = w_i·ε_ij·ε_ij − w_i                  (unscaled Normal score rows)
 *   pathwise: rows r1 = g_ij,     r2 = g_ij·ε_ij                            (∇f and ∇f·ε)
 *
 * and, for both row kinds, each column's shifted sums Σ(r − K), Σ(r − K)² about K (the running mean, or the chunk's
 * first row before any) merged into the running mean and population variance by Chan, Golub & LeVeque's update,
 * exactly as RunningMoments.mergeColumn does it. Every lane performs the TypeScript code's operations on its column
 * in the same order (WebAssembly's base SIMD set has no fused multiply-add), so the results are the same bits as the
 * TypeScript path, which stays the reference and the fallback where WebAssembly SIMD is missing
 * (test/estimators/gaussianChunkSimd.test.ts compares them). What the kernels buy is two columns per instruction,
 * no bounds checks, and the merge done beside the sums instead of one JavaScript call per column.
 *
 * Layout in the module's memory (offsets in doubles), rows padded to an even width D2 = d rounded up to 2 (the pad
 * column of μ, σ, ε and x holds zeros, of ∇f whatever was there; the pad's moments are never read back): μ, σ (D2 each), ε, x, ∇f (C × D2 each), w (C), the running means and
 * variances of the two column blocks [r1 | r2] (2·D2 each), and one double for the finiteness check.
 */
import { RunningMoments } from "./runningMoments.js";
import type { GaussianChunkWork, GaussianRows } from "./gaussianChunks.js";
import { GAUSSIAN_CHUNK_FUNCTIONS as FUNCTIONS } from "./gaussianChunkKernels.js";
import { simdInstance, type SimdInstance } from "../util/wasmSimd.js";

/** The largest workspace (doubles of instance memory) kept for reuse: 1 MB. */
const KEEP_DOUBLES = 1 << 17;
/** Workspaces not in use (an f may itself call an estimator, so each call takes its own). */
const idle: GaussianSimdChunks[] = [];
let available: boolean | undefined;

/**
 * One estimator call's chunk workspace in a module instance: the noise, samples, ∇f and weights of a chunk of at
 * most C rows of width d (padded to D2), the running moments, and the kernels over them. {@link release} when done.
 */
export class GaussianSimdChunks implements GaussianChunkWork {
  readonly d: number;
  readonly D2: number;
  /** Row stride of the arrays: d rounded up to even. */
  get stride(): number {
    return this.D2;
  }
  readonly eps: Float64Array;
  readonly x: Float64Array;
  /** ∇f rows (pathwise), stride D2. */
  readonly g: Float64Array;
  /** f − b per row (score). */
  readonly w: Float64Array;
  /** views[i]: sample i of the chunk (length d). */
  readonly views: Float64Array[];
  /** Running means and population variances of the columns [r1 (D2) | r2 (D2)]. */
  readonly mean: Float64Array;
  readonly pvar: Float64Array;
  count = 0;
  private readonly loc: Float64Array;
  private readonly scale: Float64Array;
  private readonly check: Float64Array;
  private readonly off: { loc: number; scale: number; eps: number; x: number; g: number; w: number; mean: number; pvar: number; check: number };

  private constructor(
    private readonly instance: SimdInstance,
    d: number,
    readonly C: number,
  ) {
    this.d = d;
    const D2 = (this.D2 = d + (d & 1));
    const sizes = { loc: D2, scale: D2, eps: C * D2, x: C * D2, g: C * D2, w: C, mean: 2 * D2, pvar: 2 * D2, check: 1 };
    let total = 0;
    const off = {} as Record<keyof typeof sizes, number>;
    for (const [name, size] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
      off[name] = total;
      total += size;
    }
    this.off = off;
    instance.ensure(total);
    const mem = instance.f64;
    mem.fill(0, 0, total);
    const view = (name: keyof typeof sizes) => mem.subarray(off[name], off[name] + sizes[name]);
    this.loc = view("loc");
    this.scale = view("scale");
    this.eps = view("eps");
    this.x = view("x");
    this.g = view("g");
    this.w = view("w");
    this.mean = view("mean");
    this.pvar = view("pvar");
    this.check = view("check");
    this.views = Array.from({ length: C }, (_, i) => this.x.subarray(i * D2, i * D2 + d));
  }

  /**
   * A workspace for chunks of at most C rows of the Normal (loc, scale), or null where WebAssembly SIMD is missing.
   * An idle workspace of the same shape is reused as it is (its views too); otherwise an idle instance gets a new layout.
   */
  static acquire(loc: Float64Array, scale: Float64Array, C: number): GaussianSimdChunks | null {
    if (available === false) return null;
    const d = loc.length;
    const same = idle.findIndex((w) => w.d === d && w.C === C);
    let ws: GaussianSimdChunks;
    if (same >= 0) {
      ws = idle.splice(same, 1)[0];
      ws.count = 0; // the first merge then takes its shift from the chunk and ignores the old moments (the fresh mask)
    } else {
      const instance = idle.pop()?.instance ?? simdInstance(FUNCTIONS);
      available = instance !== null;
      if (instance === null) return null;
      ws = new GaussianSimdChunks(instance, d, C);
    }
    ws.loc.set(loc);
    ws.scale.set(scale);
    return ws;
  }

  /** Gives the workspace back (its views must not be used afterwards). A large one is left to the garbage collector. */
  release(): void {
    if (idle.length < 4 && this.instance.f64.length <= KEEP_DOUBLES) idle.push(this);
  }

  /** Fills the next m rows of noise from `fill` (the family's noiseStream) and the samples x = μ + σε. */
  next(fill: (eps: Float64Array) => void, m: number): void {
    const d = this.d;
    const o = this.off;
    if (d === this.D2) fill(this.eps.subarray(0, m * d));
    else {
      // An odd width: the draws are made dense in the ∇f rows (written only after this) and spread to padded rows.
      fill(this.g.subarray(0, m * d));
      this.instance.exports.spread(o.g, o.eps, m, d, this.D2);
    }
    this.instance.exports.affine(o.eps, o.x, o.loc, o.scale, m, this.D2);
  }

  /** The running moments over P = 2d columns [r1 | r2] (the pad column dropped). */
  moments(): RunningMoments {
    const d = this.d;
    const acc = new RunningMoments(2 * d);
    acc.count = this.count;
    for (let b = 0; b < 2; b++) {
      acc.mean.set(this.mean.subarray(b * this.D2, b * this.D2 + d), b * d);
      acc.pvar.set(this.pvar.subarray(b * this.D2, b * this.D2 + d), b * d);
    }
    return acc;
  }

  /** Merges the chunk's m rows (score: weights in w; pathwise: ∇f in g); false if a row is not finite. */
  merge(kind: GaussianRows, m: number): boolean {
    const o = this.off;
    const n = this.count + m;
    this.check[0] = 0;
    this.instance.exports[kind](o.eps, kind === "score" ? o.w : o.g, o.mean, o.pvar, o.check, m, this.D2, this.count === 0 ? 1 : 0, 1 / m, this.count / n, m / n);
    this.count = n;
    return this.check[0] - this.check[0] === 0;
  }
}

/** Test switch: false makes the fused estimators take their TypeScript path (the reference the kernels must equal). */
export const gaussianSimd = { enabled: true };
