/**
 * Categorical over {0, …, K − 1} with θ = logits (K). One sample is one index (dim 1), stored as a number.
 *
 * log p(k) = θ_k − logsumexp(θ)            (max-shifted, so logits of ±1e4 stay finite and exact)
 * score:   ∂ log p(k)/∂θ = onehot(k) − softmax(θ)
 * Fisher:  diag(p) − p pᵀ                   (singular along (1, …, 1): adding a constant to every logit changes nothing)
 * Sampling: inversion on the CDF, or the alias method for K ≥ 32 categories (src/random/discrete.ts), chosen by K alone.
 */
import log1p from "@stdlib/math-base-special-log1p";
import type { Key } from "../random/key.js";
import { Stream } from "../random/stream.js";
import { categoricalSampler, type CategoricalDraw } from "../random/discrete.js";
import { toFiniteVector, checkParamsObject, show } from "../util/validate.js";
import { DistributionBase, checkTheta, type ParamInfo, sampleFromStream } from "./distribution.js";
import {
  categoricalWeakDerivative, checkWeakDerivativeArgs, checkWeakDerivativeStreamArgs, drawWeakDerivative, type WeakDerivativeDraws, type WeakDerivativeStream,
} from "./weakDerivative.js";

/** Parameters of {@link Categorical}: unnormalized log-probabilities (any finite reals). */
export interface CategoricalParams {
  logits: number | ArrayLike<number>;
}

/** Stable log-softmax: (θ − max) − log Σ exp(θ − max), with the argmax's 1 split off into log1p. */
function logSoftmax(theta: Float64Array): Float64Array {
  const K = theta.length;
  let argmax = 0;
  for (let k = 1; k < K; k++) if (theta[k] > theta[argmax]) argmax = k;
  const max = theta[argmax];
  let rest = 0;
  for (let k = 0; k < K; k++) if (k !== argmax) rest += Math.exp(theta[k] - max);
  // (θ_k − max) − log1p(rest), not θ_k − (max + log1p(rest)): the latter rounds log1p(rest) at the scale of max.
  const tail = log1p(rest);
  return theta.map((t) => t - max - tail);
}

/**
 * Throws unless max(θ) − min(θ) is finite: then every log-probability θ_k − logsumexp(θ) is finite (a category may
 * still have probability 0 in float64, but its log-probability is exact), and the entropy is a finite sum.
 */
function checkLogitSpread(theta: Float64Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of theta) {
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  if (!Number.isFinite(hi - lo)) {
    throw new Error(`Categorical: logits must differ by at most ${Number.MAX_VALUE} (max − min = ${hi} − ${lo} overflows float64), got ${show(theta)}; shift or scale them`);
  }
}

/** A distribution over K categories; see the module comment for θ, score and Fisher. */
export class Categorical extends DistributionBase {
  readonly name = "Categorical";
  override readonly discrete = true;
  readonly dim = 1;
  readonly paramSize: number;
  /** Number of categories K. */
  readonly numCategories: number;
  /** softmax(θ), length K (sums to 1 up to rounding). */
  readonly probs: Float64Array;
  /** log softmax(θ), length K (finite for finite logits). */
  readonly logProbs: Float64Array;
  private readonly theta: Float64Array;
  /** The sampler of softmax(θ) (its CDF or alias table), built with the distribution (which stays immutable). */
  private readonly draw: CategoricalDraw;

  /** @example new Categorical({ logits: [0, 1, -2] }) */
  constructor(params: CategoricalParams) {
    super();
    const { logits } = checkParamsObject<CategoricalParams>("Categorical", params, "{ logits: [0, 1, -1] }");
    this.theta = toFiniteVector("Categorical", "logits", logits);
    checkLogitSpread(this.theta);
    this.numCategories = this.theta.length;
    this.paramSize = this.theta.length;
    this.logProbs = logSoftmax(this.theta);
    this.probs = this.logProbs.map(Math.exp);
    this.draw = categoricalSampler(this.probs);
  }

  get params(): Float64Array {
    return this.theta.slice();
  }

  /** θ's roles and coordinates (a family fact; see {@link ParamInfo}). */
  paramInfo(): readonly ParamInfo[] {
    return Array.from({ length: this.paramSize }, () => ({ role: "logit" as const, coordinate: 0 }));
  }

  /** The weak derivative of each θ coordinate as draws for the measure-valued estimator (see weakDerivative.ts). */
  weakDerivative(key: Key, n: number, coupling: boolean): WeakDerivativeDraws {
    checkWeakDerivativeArgs("Categorical.weakDerivative", key, n, coupling);
    return drawWeakDerivative(this.weakDerivativeStream(key, coupling), n, this.dim, this.paramSize);
  }

  /** The draws of {@link weakDerivative} as a stream: successive fills give successive rows (see WeakDerivativeStream). */
  weakDerivativeStream(key: Key, coupling: boolean): WeakDerivativeStream {
    checkWeakDerivativeStreamArgs("Categorical.weakDerivativeStream", key, coupling);
    return categoricalWeakDerivative(this.probs, key);
  }

  /** The values of one coordinate. */
  override finiteSupport(): readonly number[] {
    return Array.from({ length: this.paramSize }, (_, k) => k);
  }

  /** The logits θ (a copy). */
  get logits(): Float64Array {
    return this.theta.slice();
  }

  /** The categorical with logits θ (length K). Throws, naming the method, if θ has the wrong length or is not finite. */
  withParams(theta: ArrayLike<number>): Categorical {
    return new Categorical({ logits: checkTheta("Categorical.withParams", theta, this.paramSize) });
  }

  /**
   * n indices in {0, …, K − 1} (n×1), by inversion on the CDF (K < 32) or the alias method (K ≥ 32), the choice by K
   * alone, so the draws do not depend on n (see {@link sampleStream}). The same key gives the same draws.
   */
  sample(key: Key, n: number): Float64Array {
    return sampleFromStream("Categorical.sample", key, n, this.dim, (k) => this.sampleStream(k));
  }

  /**
   * The draws of {@link sample} as a stream: successive calls fill successive rows of sample(key, n) (see
   * Distribution.sampleStream). The sampler's table (CDF or alias) is built once per distribution.
   */
  sampleStream(key: Key): (out: Float64Array) => void {
    const s = new Stream(key);
    const draw = this.draw;
    return (out) => draw(s, out, 0, out.length, 1);
  }

  protected override checkSupport(fn: string, x: Float64Array): void {
    const K = this.numCategories;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (!Number.isInteger(v) || v < 0 || v >= K) this.supportError(fn, i, v, `integers 0 … ${K - 1}`);
    }
  }

  protected logProbImpl(x: Float64Array, n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.logProbs[x[i]];
    return out;
  }

  protected scoreImpl(x: Float64Array, n: number): Float64Array {
    const K = this.numCategories;
    const out = new Float64Array(n * K);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < K; k++) out[i * K + k] = -this.probs[k];
      out[i * K + x[i]] += 1;
    }
    return out;
  }

  /** Exact Fisher information diag(p) − p pᵀ with p = softmax(θ), K×K; singular along (1, …, 1). */
  fisher(): Float64Array {
    const K = this.numCategories;
    const p = this.probs;
    const F = new Float64Array(K * K);
    for (let a = 0; a < K; a++) {
      for (let b = 0; b < K; b++) F[a * K + b] = (a === b ? p[a] : 0) - p[a] * p[b];
    }
    return F;
  }

  /** −Σ p_k log p_k; a category whose probability underflows to 0 contributes 0 (its log p is finite). */
  entropy(): number {
    let h = 0;
    for (let k = 0; k < this.numCategories; k++) if (this.probs[k] > 0) h -= this.probs[k] * this.logProbs[k];
    return h;
  }

  /** E[index] = Σ k p_k. */
  mean(): Float64Array {
    let m = 0;
    for (let k = 0; k < this.numCategories; k++) m += k * this.probs[k];
    return new Float64Array([m]);
  }

  /** Var[index] = Σ (k − E[index])² p_k. */
  variance(): Float64Array {
    const m = this.mean()[0];
    let v = 0;
    for (let k = 0; k < this.numCategories; k++) v += (k - m) * (k - m) * this.probs[k];
    return new Float64Array([v]);
  }
}
