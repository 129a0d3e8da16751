/**
 * d independent categorical variables with K categories each — the search space of categorical black-box problems
 * (assignments, colourings, discrete hyper-parameters) for {@link naturalSearch}. Built from the core's
 * `Categorical`, one per variable: θ is the d blocks of K logits (length dK), a sample is the d chosen indices.
 *
 * log p(x) = Σ_j log softmax(θ_j)[x_j];  score block j = onehot(x_j) − softmax(θ_j);
 * Fisher = block-diag(diag(p_j) − p_j p_jᵀ) (each block singular along (1, …, 1), so search with damping > 0).
 */
import { Categorical } from "../distributions/categorical.js";
import { checkParamsObject, checkSamples, show, toFiniteVector } from "../util/validate.js";
import { foldIn, type Key } from "../random/key.js";
import { MAX_ENUMERATED_OUTCOMES, checkSampleArgs, type Distribution, type ParamInfo } from "../distributions/distribution.js";

/** Parameters of {@link CategoricalProduct}: the d·K logits (variable-major) and K. */
export interface CategoricalProductParams {
  logits: ArrayLike<number>;
  categories: number;
}

/** Independent categorical variables; see the module comment for θ, score and Fisher. */
export class CategoricalProduct implements Distribution {
  readonly name = "CategoricalProduct";
  readonly discrete = true;
  readonly dim: number;
  readonly paramSize: number;
  /** K, the categories of every variable. */
  readonly categories: number;
  /** One Categorical per variable. */
  readonly parts: readonly Categorical[];
  private readonly theta: Float64Array;

  /** @example new CategoricalProduct({ logits: new Float64Array(8 * 4), categories: 4 }) // 8 variables, 4 values each */
  constructor(params: CategoricalProductParams) {
    const fn = "CategoricalProduct";
    const { logits, categories } = checkParamsObject<CategoricalProductParams>(fn, params, "{ logits: new Float64Array(8), categories: 4 }");
    if (!Number.isInteger(categories) || categories < 2) throw new Error(`${fn}: categories must be an integer ≥ 2, got ${show(categories)}`);
    this.theta = toFiniteVector(fn, "logits", logits);
    if (this.theta.length % categories !== 0) throw new Error(`${fn}: logits must hold d·${categories} numbers (d variables × categories), got ${this.theta.length}`);
    this.categories = categories;
    this.dim = this.theta.length / categories;
    this.paramSize = this.theta.length;
    this.parts = Array.from({ length: this.dim }, (_, j) => new Categorical({ logits: this.theta.subarray(j * categories, (j + 1) * categories) }));
  }

  get params(): Float64Array {
    return this.theta.slice();
  }

  withParams(theta: ArrayLike<number>): CategoricalProduct {
    if (theta === null || typeof theta !== "object" || theta.length !== this.paramSize) {
      throw new Error(`CategoricalProduct.withParams: theta must have length ${this.paramSize}, got ${show(theta)}`);
    }
    return new CategoricalProduct({ logits: theta, categories: this.categories });
  }

  /** n samples (n×d): variable j is drawn with the key foldIn(key, j). */
  sample(key: Key, n: number): Float64Array {
    checkSampleArgs("CategoricalProduct.sample", key, n, this.dim);
    const out = new Float64Array(n * this.dim);
    this.parts.forEach((c, j) => {
      const col = c.sample(foldIn(key, j), n);
      for (let i = 0; i < n; i++) out[i * this.dim + j] = col[i];
    });
    return out;
  }

  private column(fn: string, x: Float64Array | number[]): { xs: Float64Array; n: number; col: (j: number) => Float64Array } {
    const { x: xs, n } = checkSamples(fn, x, this.dim);
    return { xs, n, col: (j) => Float64Array.from({ length: n }, (_, i) => xs[i * this.dim + j]) };
  }

  logProb(x: Float64Array | number[]): Float64Array {
    const { n, col } = this.column("CategoricalProduct.logProb", x);
    const out = new Float64Array(n);
    this.parts.forEach((c, j) => c.logProb(col(j)).forEach((v, i) => (out[i] += v)));
    return out;
  }

  score(x: Float64Array | number[]): Float64Array {
    const { n, col } = this.column("CategoricalProduct.score", x);
    const K = this.categories;
    const P = this.paramSize;
    const out = new Float64Array(n * P);
    this.parts.forEach((c, j) => {
      const s = c.score(col(j));
      for (let i = 0; i < n; i++) out.set(s.subarray(i * K, (i + 1) * K), i * P + j * K);
    });
    return out;
  }

  sampleAndLogProb(key: Key, n: number): { x: Float64Array; logProb: Float64Array } {
    const x = this.sample(key, n);
    return { x, logProb: this.logProb(x) };
  }

  fisher(): Float64Array {
    const K = this.categories;
    const P = this.paramSize;
    const F = new Float64Array(P * P);
    this.parts.forEach((c, j) => {
      const block = c.fisher();
      for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) F[(j * K + a) * P + j * K + b] = block[a * K + b];
    });
    return F;
  }

  entropy(): number {
    return this.parts.reduce((h, c) => h + c.entropy(), 0);
  }

  /** θ_j·K+k is the logit of category k of variable j. */
  paramInfo(): readonly ParamInfo[] {
    return Array.from({ length: this.paramSize }, (_, p) => ({ role: "logit" as const, coordinate: Math.floor(p / this.categories) }));
  }

  /** Every variable takes the values 0 … K − 1. */
  finiteSupport(): readonly number[] {
    return Array.from({ length: this.categories }, (_, k) => k);
  }

  /** The K^d outcomes, row-major (the first variable varies fastest); throws above MAX_ENUMERATED_OUTCOMES. */
  enumerateSupport(): Float64Array {
    const fn = "CategoricalProduct.enumerateSupport";
    const m = this.categories ** this.dim;
    if (!(m <= MAX_ENUMERATED_OUTCOMES)) throw new Error(`${fn}: ${this.categories}^${this.dim} outcomes is above MAX_ENUMERATED_OUTCOMES = ${MAX_ENUMERATED_OUTCOMES}`);
    const out = new Float64Array(m * this.dim);
    for (let r = 0; r < m; r++) {
      let rest = r;
      for (let j = 0; j < this.dim; j++) {
        out[r * this.dim + j] = rest % this.categories;
        rest = Math.floor(rest / this.categories);
      }
    }
    return out;
  }

  /** ∇θ H: the variables' Categorical entropy gradients, concatenated. */
  entropyGradient(): Float64Array {
    const g = new Float64Array(this.paramSize);
    this.parts.forEach((c, j) => g.set(c.entropyGradient(), j * this.categories));
    return g;
  }

  mean(): Float64Array {
    return Float64Array.from(this.parts, (c) => c.mean()[0]);
  }

  variance(): Float64Array {
    return Float64Array.from(this.parts, (c) => c.variance()[0]);
  }
}
