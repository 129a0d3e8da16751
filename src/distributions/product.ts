/**
 * A product of independent blocks of mcgrad distributions, each filling a set of the coordinates of x (in VI: the
 * model's latents, hence the field name):
 *
 *   p(x) = Π_b p_b(x[latents_b]),   θ = [θ_1, …, θ_B]
 *
 * so log p is the sum of the blocks' log-densities, the score is the concatenation of the blocks' scores, the exact
 * Fisher is block-diagonal (the blocks' own Fishers) and the entropy is the sum of the blocks' entropies — every
 * piece comes from the core family, nothing is re-derived here. It is reparameterizable when every block is
 * (noise concatenated, transform and its vector–Jacobian product applied block by block).
 *
 * Typical uses: a VI guide with a Normal block for continuous latents beside Categorical blocks for discrete ones;
 * {@link independentCategorical}, one Categorical per data point (the core Categorical has dim 1 and no batch);
 * CategoricalProduct, d K-way choices, the search space of naturalSearch.
 */
import {
  MAX_ENUMERATED_OUTCOMES, checkDistribution, checkTheta, drawStream, isReparameterizable, sampleFromStream, streamsDraws,
  type Distribution, type ParamInfo, type Reparameterizable,
} from "./distribution.js";
import { Categorical } from "./categorical.js";
import { assertKey, split, type Key } from "../random/key.js";
import { checkPositiveInt, checkSamples, checkSize, show } from "../util/validate.js";

/** One block of a {@link Product}: a distribution and the latents (indices of z) its coordinates fill, in order. */
export interface ProductBlock {
  readonly dist: Distribution;
  readonly latents: readonly number[];
}

/** A product of independent blocks; see the module comment. */
export class Product implements Distribution {
  readonly name: string = "Product";
  readonly dim: number;
  readonly paramSize: number;
  readonly discrete: boolean;
  /** True when every block is reparameterizable; then sampleNoise/transform/transformVjp are available. */
  readonly reparameterizable: boolean;
  readonly noiseDim: number;
  readonly blocks: readonly ProductBlock[];
  /** θ offset of each block (length B + 1; block b owns θ[offsets[b] … offsets[b+1])). */
  readonly paramOffsets: readonly number[];
  private readonly noiseOffsets: readonly number[];
  /**
   * The draws of {@link sample} as a stream (see Distribution.sampleStream), present when every block streams its
   * own (a `sampleStream`, or a `noiseStream` and its `transform`): block b's stream from split(key, B)[b], each
   * chunk scattered onto its latents, so the estimators hold one chunk, not n × dim.
   */
  readonly sampleStream?: (key: Key) => (out: Float64Array) => void;
  /**
   * The noise of {@link sampleNoise} as a stream (see Reparameterizable.noiseStream), present when every block is
   * reparameterizable with a `noiseStream`: block b's from split(key, B)[b], written into its noise columns, so the
   * pathwise estimator holds one chunk of noise.
   */
  readonly noiseStream?: (key: Key) => (eps: Float64Array) => void;

  /**
   * @param blocks the blocks; their latents must partition 0 … dim − 1 (every latent covered exactly once).
   * @example new Product([{ dist: new Normal({ loc: [0, 0], scale: 1 }), latents: [0, 1] },
   *                            { dist: new Categorical({ logits: [0, 0, 0] }), latents: [2] }])
   */
  constructor(blocks: readonly ProductBlock[]) {
    const fn = "Product";
    if (!Array.isArray(blocks) || blocks.length === 0) throw new Error(`${fn}: blocks must be a non-empty array of { dist, latents }, got ${show(blocks)}`);
    let dim = 0;
    for (const b of blocks) dim += (b as ProductBlock | null)?.dist?.dim ?? 0;
    const seen = new Int32Array(dim).fill(-1);
    const offsets = [0];
    const noise = [0];
    blocks.forEach((b, k) => {
      checkDistribution(fn, b?.dist, `blocks[${k}].dist`);
      if (!Array.isArray(b.latents) || b.latents.length !== b.dist.dim) {
        throw new Error(`${fn}: blocks[${k}].latents must list ${b.dist.dim} latent indices (one per coordinate of its ${b.dist.name}), got ${show(b.latents)}`);
      }
      for (const j of b.latents) {
        if (!Number.isInteger(j) || j < 0 || j >= dim) throw new Error(`${fn}: blocks[${k}].latents contains ${show(j)}; latents are integers in [0, ${dim})`);
        if (seen[j] >= 0) throw new Error(`${fn}: latent ${j} is claimed by blocks[${seen[j]}] and blocks[${k}]; blocks must not overlap`);
        seen[j] = k;
      }
      offsets.push(offsets[k] + b.dist.paramSize);
      noise.push(noise[k] + (isReparameterizable(b.dist) ? b.dist.noiseDim : 0));
    });
    this.blocks = blocks.map((b) => ({ dist: b.dist, latents: b.latents.slice() }));
    this.dim = dim;
    this.paramSize = offsets[blocks.length];
    this.paramOffsets = offsets;
    this.noiseOffsets = noise;
    this.noiseDim = noise[blocks.length];
    this.discrete = blocks.every((b) => b.dist.discrete);
    this.reparameterizable = blocks.every((b) => isReparameterizable(b.dist));
    if (this.blocks.every((b) => streamsDraws(b.dist))) this.sampleStream = (key) => this.streamBlocks(key);
    if (this.blocks.every((b) => isReparameterizable(b.dist) && typeof b.dist.noiseStream === "function")) this.noiseStream = (key) => this.streamNoise(key);
  }

  get params(): Float64Array {
    const t = new Float64Array(this.paramSize);
    this.blocks.forEach((b, k) => t.set(b.dist.params, this.paramOffsets[k]));
    return t;
  }

  withParams(theta: ArrayLike<number>): Product {
    const t = checkTheta(`${this.name}.withParams`, theta, this.paramSize);
    return new Product(this.blocks.map((b, k) => ({ dist: b.dist.withParams(t.subarray(this.paramOffsets[k], this.paramOffsets[k + 1])), latents: b.latents })));
  }

  /** n draws (n×dim): block b samples with split(key, B)[b], its columns scattered onto its latents. */
  sample(key: Key, n: number): Float64Array {
    const fn = `${this.name}.sample`;
    if (this.sampleStream) return sampleFromStream(fn, key, n, this.dim, this.sampleStream);
    assertKey(fn, key);
    checkSize(fn, "n", n, this.dim);
    const keys = split(key, this.blocks.length);
    const z = new Float64Array(n * this.dim);
    this.blocks.forEach((b, k) => this.scatter(b, b.dist.sample(keys[k], n), z, n));
    return z;
  }

  private streamBlocks(key: Key): (out: Float64Array) => void {
    assertKey(`${this.name}.sampleStream`, key);
    const keys = split(key, this.blocks.length);
    const fills = this.blocks.map((b, k) => drawStream(b.dist, keys[k]) as (out: Float64Array) => void);
    // Block b's chunk, reused while the chunk size stays the same.
    const buffers: (Float64Array | undefined)[] = new Array(this.blocks.length);
    return (out) => {
      const m = out.length / this.dim;
      this.blocks.forEach((b, k) => {
        const size = m * b.dist.dim;
        const xb = buffers[k]?.length === size ? buffers[k] : (buffers[k] = new Float64Array(size));
        fills[k](xb);
        this.scatter(b, xb, out, m);
      });
    };
  }

  sampleAndLogProb(key: Key, n: number): { x: Float64Array; logProb: Float64Array } {
    assertKey(`${this.name}.sampleAndLogProb`, key);
    checkSize(`${this.name}.sampleAndLogProb`, "n", n, this.dim);
    const keys = split(key, this.blocks.length);
    const x = new Float64Array(n * this.dim);
    const logProb = new Float64Array(n);
    this.blocks.forEach((b, k) => {
      const r = b.dist.sampleAndLogProb(keys[k], n);
      this.scatter(b, r.x, x, n);
      for (let i = 0; i < n; i++) logProb[i] += r.logProb[i];
    });
    return { x, logProb };
  }

  logProb(x: Float64Array | number[]): Float64Array {
    const { x: xs, n } = checkSamples(`${this.name}.logProb`, x, this.dim);
    const out = new Float64Array(n);
    for (const b of this.blocks) {
      const lp = b.dist.logProb(this.gather(b, xs, n));
      for (let i = 0; i < n; i++) out[i] += lp[i];
    }
    return out;
  }

  score(x: Float64Array | number[]): Float64Array {
    const { x: xs, n } = checkSamples(`${this.name}.score`, x, this.dim);
    const P = this.paramSize;
    const out = new Float64Array(n * P);
    this.blocks.forEach((b, k) => {
      const s = b.dist.score(this.gather(b, xs, n));
      const Pb = b.dist.paramSize;
      const o = this.paramOffsets[k];
      for (let i = 0; i < n; i++) out.set(s.subarray(i * Pb, (i + 1) * Pb), i * P + o);
    });
    return out;
  }

  /** The blocks' exact Fishers (P_b×P_b each): the diagonal blocks of {@link fisher}. */
  fisherBlocks(): Float64Array[] {
    return this.blocks.map((b) => b.dist.fisher());
  }

  /** The blocks' parameter facts, each coordinate mapped to the latent it fills. */
  paramInfo(): readonly ParamInfo[] {
    return this.blocks.flatMap((b) => b.dist.paramInfo().map((p) => ({ role: p.role, coordinate: p.coordinate === null ? null : b.latents[p.coordinate] })));
  }

  /** The common finite support of every coordinate when all blocks share one; null otherwise. */
  finiteSupport(): readonly number[] | null {
    const first = this.blocks[0].dist.finiteSupport();
    if (first === null) return null;
    for (const b of this.blocks) {
      const s = b.dist.finiteSupport();
      if (s === null || s.length !== first.length || s.some((v, i) => v !== first[i])) return null;
    }
    return first;
  }

  /** Every outcome of one sample (m×dim): the product of the blocks' enumerations, scattered onto the latents. */
  enumerateSupport(): Float64Array {
    const fn = `${this.name}.enumerateSupport`;
    const parts = this.blocks.map((b) => b.dist.enumerateSupport());
    const counts = parts.map((e, k) => e.length / this.blocks[k].dist.dim);
    const m = counts.reduce((a, c) => a * c, 1);
    if (!(m <= MAX_ENUMERATED_OUTCOMES)) throw new Error(`${fn}: the product has ${m} outcomes, above MAX_ENUMERATED_OUTCOMES = ${MAX_ENUMERATED_OUTCOMES}`);
    const out = new Float64Array(m * this.dim);
    for (let r = 0; r < m; r++) {
      let rest = r;
      this.blocks.forEach((b, k) => {
        const idx = rest % counts[k];
        rest = Math.floor(rest / counts[k]);
        const db = b.dist.dim;
        for (let c = 0; c < db; c++) out[r * this.dim + b.latents[c]] = parts[k][idx * db + c];
      });
    }
    return out;
  }

  /** ∇θ of the entropy: the blocks' exact entropy gradients, concatenated (the entropy is their sum). */
  entropyGradient(): Float64Array {
    const g = new Float64Array(this.paramSize);
    this.blocks.forEach((b, k) => g.set(b.dist.entropyGradient(), this.paramOffsets[k]));
    return g;
  }

  /** Block-diagonal exact Fisher, P×P. */
  fisher(): Float64Array {
    const P = this.paramSize;
    const F = new Float64Array(P * P);
    this.fisherBlocks().forEach((Fb, k) => {
      const o = this.paramOffsets[k];
      const Pb = this.paramOffsets[k + 1] - o;
      for (let a = 0; a < Pb; a++) F.set(Fb.subarray(a * Pb, (a + 1) * Pb), (o + a) * P + o);
    });
    return F;
  }

  entropy(): number {
    let h = 0;
    for (const b of this.blocks) h += b.dist.entropy();
    return h;
  }

  mean(): Float64Array {
    const m = new Float64Array(this.dim);
    for (const b of this.blocks) this.scatter(b, b.dist.mean(), m, 1);
    return m;
  }

  variance(): Float64Array {
    const v = new Float64Array(this.dim);
    for (const b of this.blocks) this.scatter(b, b.dist.variance(), v, 1);
    return v;
  }

  /** n draws of the blocks' base noise ε, row-major n×noiseDim. Throws if some block is not reparameterizable. */
  sampleNoise(key: Key, n: number): Float64Array {
    const blocks = this.reparameterizedBlocks(`${this.name}.sampleNoise`);
    assertKey(`${this.name}.sampleNoise`, key);
    checkSize(`${this.name}.sampleNoise`, "n", n, this.noiseDim);
    const keys = split(key, blocks.length);
    const E = this.noiseDim;
    const eps = new Float64Array(n * E);
    blocks.forEach((d, k) => {
      const e = d.sampleNoise(keys[k], n);
      const Eb = d.noiseDim;
      for (let i = 0; i < n; i++) eps.set(e.subarray(i * Eb, (i + 1) * Eb), i * E + this.noiseOffsets[k]);
    });
    return eps;
  }

  private streamNoise(key: Key): (eps: Float64Array) => void {
    assertKey(`${this.name}.noiseStream`, key);
    const blocks = this.blocks.map((b) => b.dist as Reparameterizable);
    const keys = split(key, blocks.length);
    const fills = blocks.map((d, k) => (d.noiseStream as (key: Key) => (eps: Float64Array) => void)(keys[k]));
    const buffers: (Float64Array | undefined)[] = new Array(blocks.length);
    return (eps) => {
      const E = this.noiseDim;
      const m = eps.length / E;
      blocks.forEach((d, k) => {
        const Eb = d.noiseDim;
        const o = this.noiseOffsets[k];
        const e = buffers[k]?.length === m * Eb ? buffers[k] : (buffers[k] = new Float64Array(m * Eb));
        fills[k](e);
        for (let i = 0; i < m; i++) eps.set(e.subarray(i * Eb, (i + 1) * Eb), i * E + o);
      });
    };
  }

  /** z = g(ε; θ), block by block, row-major n×dim. Throws if some block is not reparameterizable. */
  transform(noise: Float64Array): Float64Array {
    const blocks = this.reparameterizedBlocks(`${this.name}.transform`);
    const n = noise.length / this.noiseDim;
    const z = new Float64Array(n * this.dim);
    blocks.forEach((d, k) => this.scatter(this.blocks[k], d.transform(this.noiseOf(k, d, noise, n)), z, n));
    return z;
  }

  /** (∂g(ε_i; θ)/∂θ)ᵀ · gradX_i per row, n×P: the pathwise estimator's rows, block by block. Throws if some block is not reparameterizable. */
  transformVjp(noise: Float64Array, gradX: Float64Array): Float64Array {
    const blocks = this.reparameterizedBlocks(`${this.name}.transformVjp`);
    const n = noise.length / this.noiseDim;
    const P = this.paramSize;
    const rows = new Float64Array(n * P);
    blocks.forEach((d, k) => {
      const r = d.transformVjp(this.noiseOf(k, d, noise, n), this.gather(this.blocks[k], gradX, n));
      const Pb = d.paramSize;
      for (let i = 0; i < n; i++) rows.set(r.subarray(i * Pb, (i + 1) * Pb), i * P + this.paramOffsets[k]);
    });
    return rows;
  }

  /** The columns of x (n×dim) that block b fills, as n×dim_b. */
  gather(b: ProductBlock, x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    if (!this.blocks.includes(b)) throw new Error(`Product.gather: b must be one of this product's blocks, got ${show(b)}`);
    checkPositiveInt("Product.gather", "n", n);
    if (!(x instanceof Float64Array) || x.length < n * d) throw new Error(`Product.gather: x must be a Float64Array of n×dim = ${n}×${d} values, got ${show(x)}`);
    const L = b.latents;
    const db = L.length;
    const out = new Float64Array(n * db);
    for (let i = 0; i < n; i++) for (let j = 0; j < db; j++) out[i * db + j] = x[i * d + L[j]];
    return out;
  }

  private scatter(b: ProductBlock, xb: Float64Array, z: Float64Array, n: number): void {
    const d = this.dim;
    const L = b.latents;
    const db = L.length;
    for (let i = 0; i < n; i++) for (let j = 0; j < db; j++) z[i * d + L[j]] = xb[i * db + j];
  }

  private noiseOf(k: number, d: Reparameterizable, noise: Float64Array, n: number): Float64Array {
    const E = this.noiseDim;
    const Eb = d.noiseDim;
    const o = this.noiseOffsets[k];
    const e = new Float64Array(n * Eb);
    for (let i = 0; i < n; i++) e.set(noise.subarray(i * E + o, i * E + o + Eb), i * Eb);
    return e;
  }

  private reparameterizedBlocks(fn: string): Reparameterizable[] {
    if (!this.reparameterizable) {
      const bad = this.blocks.find((b) => !isReparameterizable(b.dist));
      throw new Error(`${fn}: every block must be reparameterizable, but one is a ${bad?.dist.name}; use a score-function estimator`);
    }
    return this.blocks.map((b) => b.dist as Reparameterizable);
  }
}

/**
 * N independent Categoricals over K categories — one per data point, say — as a {@link Product} of N core
 * Categorical blocks, latent i being block i. `logits` is N×K (row-major flat with `numCategories`, or N rows);
 * θ is the logits row by row. To use it beside other latents, make it one block of an outer Product.
 * @example independentCategorical([[0, 0, 0], [1, 0, -1]]) // two points, three categories
 */
export function independentCategorical(logits: ArrayLike<number> | ArrayLike<ArrayLike<number>>, numCategories?: number): Product {
  const fn = "independentCategorical";
  let rows: ArrayLike<number>[];
  if (Array.isArray(logits) && logits.length > 0 && typeof logits[0] === "object" && logits[0] !== null) {
    rows = logits as ArrayLike<number>[];
  } else {
    // An array or typed array only: a fake array-like's length could be 2⁴⁰.
    if (!Array.isArray(logits) && !(ArrayBuffer.isView(logits) && !(logits instanceof DataView))) {
      throw new Error(`${fn}: logits must be N×K (rows, or flat with numCategories), got ${show(logits)}`);
    }
    const flat = logits as ArrayLike<number>;
    const K = checkPositiveInt(fn, "numCategories", numCategories);
    if (flat.length === 0 || flat.length % K !== 0) throw new Error(`${fn}: flat logits of length ${flat.length} are not a multiple of numCategories = ${K}`);
    rows = Array.from({ length: flat.length / K }, (_, i) => Array.prototype.slice.call(flat, i * K, (i + 1) * K) as number[]);
  }
  if (rows.length === 0) throw new Error(`${fn}: logits must have at least one row, got none`);
  return new Product(rows.map((r, i) => ({ dist: new Categorical({ logits: r }), latents: [i] })));
}
