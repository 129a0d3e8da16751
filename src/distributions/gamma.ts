/**
 * Gamma(α, β) with shape (concentration) α and rate β, d independent coordinates, θ = [log α (d), log β (d)].
 *
 * log p(x) = Σ_j α_j log β_j − log Γ(α_j) + (α_j − 1) log x_j − β_j x_j,   x_j > 0
 * score:   ∂/∂log α_j = α_j (log β_j + log x_j − ψ(α_j)),   ∂/∂log β_j = α_j − β_j x_j
 * Fisher:  per coordinate [[α² ψ′(α), −α], [−α, α]]  (Var log x = ψ′(α), Cov(log x, βx) = 1, Var βx = α)
 * Sampling: Marsaglia & Tsang (2000), with the log-space boost for α < 1 (src/random/gamma.ts). A draw that
 * underflows (possible only for tiny α: α = 0.01 puts ≈ 8·10⁻⁴ of its mass below 2.2·10⁻³⁰⁸) is clamped to the
 * smallest normal double, so samples are always inside the support. Consequence: for α ≲ 0.005 a large share of the
 * mass is clamped (α = 10⁻³: about half of it), so Monte Carlo averages of the log-α score are biased there
 * (checkScore fails); work with log x directly (src/random/gamma.ts `logGammaDraw`) if such α matter.
 */
import gammaln from "@stdlib/math-base-special-gammaln";
import trigamma from "@stdlib/math-base-special-trigamma";
import digamma from "@stdlib/math-base-special-digamma";
import { Stream } from "../random/stream.js";
import { TINY, gammaDraw, logGammaDraw } from "../random/gamma.js";
import { toPositiveVector, checkParamsObject,} from "../util/validate.js";
import { DistributionBase, broadcastPair, checkTheta, expParams, blockParamInfo, type ParamInfo, sampleFromStream } from "./distribution.js";
import {  type Key } from "../random/key.js";
import { alphaSquaredTrigamma, checkShapeRange } from "./shapeParams.js";

/** The largest mean α/β and variance α/β² supported: samples, mean and variance stay finite with room to spare. */
const MOMENT_MAX = 1e300;

/** Throws unless mean α/β and variance α/β² are at most MOMENT_MAX (compared in log space, so nothing overflows). */
function checkMoments(alpha: Float64Array, beta: Float64Array): void {
  const logMax = Math.log(MOMENT_MAX);
  for (let j = 0; j < alpha.length; j++) {
    const la = Math.log(alpha[j]);
    const lb = Math.log(beta[j]);
    if (la - lb > logMax || la - 2 * lb > logMax) {
      throw new Error(`Gamma: concentration${alpha.length > 1 ? `[${j}]` : ""} = ${alpha[j]} with rate = ${beta[j]} gives mean α/β = ${Math.exp(la - lb)} and variance α/β² = ${Math.exp(la - 2 * lb)}; the supported range is mean and variance ≤ ${MOMENT_MAX} (raise the rate)`);
    }
  }
}

/** Parameters of {@link Gamma}: numbers broadcast against arrays. */
export interface GammaParams {
  /** Shape α > 0. */
  concentration: number | ArrayLike<number>;
  /** Rate β > 0 (mean α/β). */
  rate: number | ArrayLike<number>;
}


/**
 * Independent Gamma(concentration, rate) coordinates; see the module comment for θ, score and Fisher.
 * @example new Gamma({ concentration: [0.5, 3], rate: 2 }).sample(key(0), 100)
 */
export class Gamma extends DistributionBase {
  readonly name = "Gamma";
  readonly dim: number;
  readonly paramSize: number;
  /** α, length d. */
  readonly concentration: Float64Array;
  /** β, length d. */
  readonly rate: Float64Array;
  private readonly theta: Float64Array;
  /** α log β − log Γ(α) per coordinate. */
  private readonly logNorm: Float64Array;

  /** @example new Gamma({ concentration: 2, rate: 0.5 }) */
  constructor(params: GammaParams) {
    super();
    const { concentration, rate } = checkParamsObject<GammaParams>("Gamma", params, "{ concentration: 2, rate: 1 }");
    const [alpha, beta] = broadcastPair("Gamma", ["concentration", "rate"], toPositiveVector("Gamma", "concentration", concentration), toPositiveVector("Gamma", "rate", rate));
    checkShapeRange("Gamma", "concentration", alpha);
    checkMoments(alpha, beta);
    this.concentration = alpha;
    this.rate = beta;
    const d = alpha.length;
    this.dim = d;
    this.paramSize = 2 * d;
    this.theta = new Float64Array(2 * d);
    this.logNorm = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      this.theta[j] = Math.log(alpha[j]);
      this.theta[d + j] = Math.log(beta[j]);
      this.logNorm[j] = alpha[j] * this.theta[d + j] - gammaln(alpha[j]);
    }
  }

  get params(): Float64Array {
    return this.theta.slice();
  }

  /** θ's roles and coordinates (a family fact; see {@link ParamInfo}). */
  paramInfo(): readonly ParamInfo[] {
    return blockParamInfo(this.dim, ["logPositive", "logPositive"]);
  }

  /** H_j = α − log β + log Γ(α) + (1 − α)ψ(α): ∂/∂log α = α(1 + (1 − α)ψ′(α)), ∂/∂log β = −1. */
  override entropyGradient(): Float64Array {
    const d = this.dim;
    const g = new Float64Array(2 * d);
    for (let j = 0; j < d; j++) {
      const a = this.concentration[j];
      g[j] = a * (1 + (1 - a) * trigamma(a));
      g[d + j] = -1;
    }
    return g;
  }

  /** The Gamma with θ = [log α (d), log β (d)]. Throws, naming the method, if θ has the wrong length, is not finite, or some exp(θ_j) is not a finite positive number (the constructor's range checks then apply). */
  withParams(theta: ArrayLike<number>): Gamma {
    const fn = "Gamma.withParams";
    const t = checkTheta(fn, theta, this.paramSize);
    const d = this.dim;
    return new Gamma({ concentration: expParams(fn, t, 0, d, "log concentration"), rate: expParams(fn, t, d, d, "log rate") });
  }

  /** n rows of d positive draws (n×d), by Marsaglia & Tsang (2000) with the log-space boost for α < 1; an underflow is clamped to the smallest normal double. The same key gives the same draws. */
  sample(key: Key, n: number): Float64Array {
    return sampleFromStream("Gamma.sample", key, n, this.dim, (k) => this.sampleStream(k));
  }

  /** The draws of {@link sample} as a stream: successive calls fill successive rows of sample(key, n) (see Distribution.sampleStream). */
  sampleStream(key: Key): (out: Float64Array) => void {
    const s = new Stream(key);
    return (x) => this.drawRows(s, x);
  }

  private drawRows(s: Stream, x: Float64Array): void {
    const d = this.dim;
    const n = x.length / d;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const a = this.concentration[j];
        // α < 1: stay in log space until the rate is applied, so only a genuinely sub-TINY value is clamped.
        const v = a >= 1 ? gammaDraw(s, a) / this.rate[j] : Math.exp(logGammaDraw(s, a) - this.theta[d + j]);
        x[i * d + j] = v > TINY ? v : TINY;
      }
    }
  }

  protected override checkSupport(fn: string, x: Float64Array): void {
    for (let i = 0; i < x.length; i++) if (!(x[i] > 0)) this.supportError(fn, i, x[i], "x > 0");
  }

  protected logProbImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = x[i * d + j];
        s += this.logNorm[j] + (this.concentration[j] - 1) * Math.log(v) - this.rate[j] * v;
      }
      out[i] = s;
    }
    return out;
  }

  protected scoreImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    const P = 2 * d;
    const c = new Float64Array(d);
    for (let j = 0; j < d; j++) c[j] = this.theta[d + j] - digamma(this.concentration[j]);
    const out = new Float64Array(n * P);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = x[i * d + j];
        const a = this.concentration[j];
        out[i * P + j] = a * (c[j] + Math.log(v));
        out[i * P + d + j] = a - this.rate[j] * v;
      }
    }
    return out;
  }

  /** Exact Fisher information with respect to θ = [log α, log β], 2d×2d: per coordinate j the block [[α² ψ′(α), −α], [−α, α]] at rows/columns (j, d + j). */
  fisher(): Float64Array {
    const d = this.dim;
    const P = 2 * d;
    const F = new Float64Array(P * P);
    for (let j = 0; j < d; j++) {
      const a = this.concentration[j];
      F[j * P + j] = alphaSquaredTrigamma(a);
      F[j * P + d + j] = -a;
      F[(d + j) * P + j] = -a;
      F[(d + j) * P + d + j] = a;
    }
    return F;
  }

  /** Σ_j α − log β + log Γ(α) + (1 − α) ψ(α). */
  entropy(): number {
    let h = 0;
    for (let j = 0; j < this.dim; j++) {
      const a = this.concentration[j];
      h += a - this.theta[this.dim + j] + gammaln(a) + (1 - a) * digamma(a);
    }
    return h;
  }

  /** α/β. */
  mean(): Float64Array {
    return this.concentration.map((a, j) => a / this.rate[j]);
  }

  /** α/β². */
  variance(): Float64Array {
    return this.concentration.map((a, j) => a / (this.rate[j] * this.rate[j]));
  }
}
