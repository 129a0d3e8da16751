/**
 * d independent Bernoulli variables with θ = logits (d); values 0/1.
 *
 * log p(x_j) = −softplus(−l_j) if x_j = 1,  −softplus(l_j) if x_j = 0     (softplus(z) = log(1 + eᶻ), computed as
 *              max(z, 0) + log1p(e^{−|z|}), so |l| = 1e4 gives finite, exact answers)
 * score:   ∂/∂l_j = x_j − σ(l_j)
 * Fisher:  diag(p_j (1 − p_j)),  p_j = σ(l_j)
 */
import log1p from "@stdlib/math-base-special-log1p";
import type { Key } from "../random/key.js";
import { Stream } from "../random/stream.js";
import { fillBernoulli } from "../random/discrete.js";
import { toFiniteVector, checkParamsObject,} from "../util/validate.js";
import { DistributionBase, checkTheta, blockParamInfo, type ParamInfo, checkCoordinate, sampleFromStream } from "./distribution.js";
import {
  bernoulliWeakDerivative, checkWeakDerivativeArgs, checkWeakDerivativeStreamArgs, drawWeakDerivative, type WeakDerivativeDraws, type WeakDerivativeStream,
} from "./weakDerivative.js";

/** Parameters of {@link Bernoulli}: log-odds log(p / (1 − p)), any finite reals. */
export interface BernoulliParams {
  logits: number | ArrayLike<number>;
}

/** softplus(z) = log(1 + eᶻ) without overflow or loss of precision. */
export function softplus(z: number): number {
  return Math.max(z, 0) + log1p(Math.exp(-Math.abs(z)));
}

/** The logistic function σ(z) = 1/(1 + e^{−z}), without overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Independent Bernoulli variables; see the module comment for θ, score and Fisher. */
export class Bernoulli extends DistributionBase {
  readonly name = "Bernoulli";
  override readonly discrete = true;
  readonly dim: number;
  readonly paramSize: number;
  /** P(x_j = 1) = σ(l_j), length d. */
  readonly probs: Float64Array;
  /** P(x_j = 0) = σ(−l_j), computed directly so it keeps its precision when p_j is near 1. */
  private readonly probs0: Float64Array;
  private readonly theta: Float64Array;
  /** log p(1) = −softplus(−l) and log p(0) = −softplus(l), precomputed. */
  private readonly logP1: Float64Array;
  private readonly logP0: Float64Array;

  /** @example new Bernoulli({ logits: [0, 2, -1] }) */
  constructor(params: BernoulliParams) {
    super();
    const { logits } = checkParamsObject<BernoulliParams>("Bernoulli", params, "{ logits: [0.5] }");
    this.theta = toFiniteVector("Bernoulli", "logits", logits);
    this.dim = this.theta.length;
    this.paramSize = this.theta.length;
    this.probs = this.theta.map(sigmoid);
    this.probs0 = this.theta.map((l) => sigmoid(-l));
    this.logP1 = this.theta.map((l) => -softplus(-l));
    this.logP0 = this.theta.map((l) => -softplus(l));
  }

  get params(): Float64Array {
    return this.theta.slice();
  }

  /** θ's roles and coordinates (a family fact; see {@link ParamInfo}). */
  paramInfo(): readonly ParamInfo[] {
    return blockParamInfo(this.dim, ["logit"]);
  }

  /** ∂H/∂logit_j = −logit_j · p_j(1 − p_j) (H_j = −p log p − (1 − p) log(1 − p), dH/dp = −logit). */
  override entropyGradient(): Float64Array {
    return this.theta.map((l, j) => -l * this.probs[j] * this.probs0[j]);
  }

  /** The weak derivative of each θ coordinate as draws for the measure-valued estimator (see weakDerivative.ts). */
  weakDerivative(key: Key, n: number, coupling: boolean): WeakDerivativeDraws {
    checkWeakDerivativeArgs("Bernoulli.weakDerivative", key, n, coupling);
    return drawWeakDerivative(this.weakDerivativeStream(key, coupling), n, this.dim, this.paramSize);
  }

  /** The draws of {@link weakDerivative} as a stream: successive fills give successive rows (see WeakDerivativeStream). */
  weakDerivativeStream(key: Key, coupling: boolean): WeakDerivativeStream {
    checkWeakDerivativeStreamArgs("Bernoulli.weakDerivativeStream", key, coupling);
    return bernoulliWeakDerivative(this, this.probs.map((p, j) => p * this.probs0[j]), key, coupling);
  }

  /** The values of one coordinate. */
  override finiteSupport(): readonly number[] {
    return [0, 1];
  }

  /** The logits θ (a copy). */
  get logits(): Float64Array {
    return this.theta.slice();
  }

  /** The one-dimensional Bernoulli of coordinate j (its θ entry is θ[j]). */
  marginal(j: number): Bernoulli {
    checkCoordinate("Bernoulli.marginal", j, this.dim);
    return new Bernoulli({ logits: [this.params[j]] });
  }

  /** The Bernoulli variables with logits θ (length d). Throws, naming the method, if θ has the wrong length or is not finite. */
  withParams(theta: ArrayLike<number>): Bernoulli {
    return new Bernoulli({ logits: checkTheta("Bernoulli.withParams", theta, this.paramSize) });
  }

  /** n rows of d values in {0, 1} (n×d), x_j = 1 with probability p_j = σ(l_j). The same key gives the same draws. */
  sample(key: Key, n: number): Float64Array {
    return sampleFromStream("Bernoulli.sample", key, n, this.dim, (k) => this.sampleStream(k));
  }

  /** The draws of {@link sample} as a stream: successive calls fill successive rows of sample(key, n) (see Distribution.sampleStream). */
  sampleStream(key: Key): (out: Float64Array) => void {
    const s = new Stream(key);
    const d = this.dim;
    return (out) => {
      if (d === 1) fillBernoulli(s, this.probs[0], out);
      else for (let i = 0; i < out.length; i++) out[i] = s.uniform() < this.probs[i % d] ? 1 : 0;
    };
  }

  protected override checkSupport(fn: string, x: Float64Array): void {
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== 0 && x[i] !== 1) this.supportError(fn, i, x[i], "0 or 1");
    }
  }

  protected logProbImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[i * d + j] === 1 ? this.logP1[j] : this.logP0[j];
      out[i] = s;
    }
    return out;
  }

  protected scoreImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    const out = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) out[i] = x[i] - this.probs[i % d];
    return out;
  }

  /** Exact Fisher information diag(p_j (1 − p_j)), d×d, with p_j = σ(l_j). */
  fisher(): Float64Array {
    const d = this.dim;
    const F = new Float64Array(d * d);
    for (let j = 0; j < d; j++) F[j * d + j] = this.probs[j] * this.probs0[j];
    return F;
  }

  /** Σ_j p_j softplus(−l_j) + (1 − p_j) softplus(l_j) = Σ_j −p log p − (1 − p) log(1 − p). */
  entropy(): number {
    let h = 0;
    for (let j = 0; j < this.dim; j++) h -= this.probs[j] * this.logP1[j] + this.probs0[j] * this.logP0[j];
    return h;
  }

  /** E[x_j] = p_j = σ(l_j), length d. */
  mean(): Float64Array {
    return this.probs.slice();
  }

  /** Var[x_j] = p_j (1 − p_j), length d. */
  variance(): Float64Array {
    return this.probs.map((p, j) => p * this.probs0[j]);
  }
}
