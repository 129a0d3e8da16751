/**
 * Beta(α, β), d independent coordinates on (0, 1), θ = [log α (d), log β (d)].
 *
 * log p(x) = Σ_j (α_j − 1) log x_j + (β_j − 1) log(1 − x_j) − log B(α_j, β_j)
 * score:   ∂/∂log α = α (log x − ψ(α) + ψ(α + β)),   ∂/∂log β = β (log(1 − x) − ψ(β) + ψ(α + β))
 * Fisher:  in (α, β): [[ψ′(α) − ψ′(α+β), −ψ′(α+β)], [−ψ′(α+β), ψ′(β) − ψ′(α+β)]]; in θ each entry is multiplied by
 *          the two parameters it involves (α², αβ, β²).
 * Sampling: x = G_α / (G_α + G_β) computed as the logistic of log G_α − log G_β (src/random/gamma.ts), so small
 * parameters do not produce 0/0 or a spurious 0. Float64 cannot hold every point of (0, 1): a draw closer to 1 than
 * 2⁻⁵³ (Beta(0.05, 0.05) puts ≈ 8% of its mass there) is returned as 1 − 2⁻⁵³, and one below 2.2·10⁻³⁰⁸ as that
 * smallest normal double; samples are therefore always inside the support. Consequence: log(1 − x) is truncated at
 * −36.7 for that mass, so with β ≲ 0.1 Monte Carlo averages of the log-β score are biased (Beta(0.05, 0.05):
 * E[score] z ≈ 59 at n = 2·10⁵). Dirichlet([α, β]) keeps both coordinates and has no such bias.
 */
import betaln from "@stdlib/math-base-special-betaln";
import trigamma from "@stdlib/math-base-special-trigamma";
import digamma from "@stdlib/math-base-special-digamma";
import log1p from "@stdlib/math-base-special-log1p";
import type { Key } from "../random/key.js";
import { Stream } from "../random/stream.js";
import { TINY, gammaDraw, logGammaDraw } from "../random/gamma.js";
import { toPositiveVector, checkParamsObject,} from "../util/validate.js";
import { DistributionBase, broadcastPair, checkTheta, expParams, blockParamInfo, type ParamInfo, sampleFromStream } from "./distribution.js";
import { alphaSquaredTrigammaDiff, checkShapeRange, productTrigamma } from "./shapeParams.js";

/** The largest double below 1. */
const ONE_MINUS = 1 - 2 ** -53;

/** Parameters of {@link Beta}: numbers broadcast against arrays. */
export interface BetaParams {
  /** α > 0 (pulls mass towards 1). */
  alpha: number | ArrayLike<number>;
  /** β > 0 (pulls mass towards 0). */
  beta: number | ArrayLike<number>;
}


/**
 * Independent Beta(alpha, beta) coordinates; see the module comment for θ, score and Fisher.
 * @example new Beta({ alpha: 2, beta: [0.5, 5] }).mean() // [0.8, 0.2857…]
 */
export class Beta extends DistributionBase {
  readonly name = "Beta";
  readonly dim: number;
  readonly paramSize: number;
  /** α, length d. */
  readonly alpha: Float64Array;
  /** β, length d. */
  readonly beta: Float64Array;
  private readonly theta: Float64Array;

  /** @example new Beta({ alpha: 2, beta: 3 }) */
  constructor(params: BetaParams) {
    super();
    const { alpha, beta } = checkParamsObject<BetaParams>("Beta", params, "{ alpha: 2, beta: 3 }");
    const [a, b] = broadcastPair("Beta", ["alpha", "beta"], toPositiveVector("Beta", "alpha", alpha), toPositiveVector("Beta", "beta", beta));
    checkShapeRange("Beta", "alpha", a);
    checkShapeRange("Beta", "beta", b);
    this.alpha = a;
    this.beta = b;
    const d = a.length;
    this.dim = d;
    this.paramSize = 2 * d;
    this.theta = new Float64Array(2 * d);
    for (let j = 0; j < d; j++) {
      this.theta[j] = Math.log(a[j]);
      this.theta[d + j] = Math.log(b[j]);
    }
  }

  get params(): Float64Array {
    return this.theta.slice();
  }

  /** θ's roles and coordinates (a family fact; see {@link ParamInfo}). */
  paramInfo(): readonly ParamInfo[] {
    return blockParamInfo(this.dim, ["logPositive", "logPositive"]);
  }

  /**
   * H_j = log B(α, β) − (α − 1)ψ(α) − (β − 1)ψ(β) + (α + β − 2)ψ(α + β):
   * ∂/∂log α = α((α + β − 2)ψ′(α + β) − (α − 1)ψ′(α)), and the same with α and β exchanged.
   */
  override entropyGradient(): Float64Array {
    const d = this.dim;
    const g = new Float64Array(2 * d);
    for (let j = 0; j < d; j++) {
      const a = this.alpha[j];
      const b = this.beta[j];
      const t = (a + b - 2) * trigamma(a + b);
      g[j] = a * (t - (a - 1) * trigamma(a));
      g[d + j] = b * (t - (b - 1) * trigamma(b));
    }
    return g;
  }

  /** The Beta with θ = [log α (d), log β (d)]. Throws, naming the method, if θ has the wrong length, is not finite, or some exp(θ_j) is not a finite positive number (the constructor's range checks then apply). */
  withParams(theta: ArrayLike<number>): Beta {
    const fn = "Beta.withParams";
    const t = checkTheta(fn, theta, this.paramSize);
    const d = this.dim;
    return new Beta({ alpha: expParams(fn, t, 0, d, "log alpha"), beta: expParams(fn, t, d, d, "log beta") });
  }

  /** n rows of d draws in (0, 1) (n×d): the logistic of log G_α − log G_β with Gamma draws G, clamped inside the support (see the module comment). The same key gives the same draws. */
  sample(key: Key, n: number): Float64Array {
    return sampleFromStream("Beta.sample", key, n, this.dim, (k) => this.sampleStream(k));
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
        const a = this.alpha[j];
        const b = this.beta[j];
        let v: number;
        if (a >= 1 && b >= 1) {
          const ga = gammaDraw(s, a);
          v = ga / (ga + gammaDraw(s, b));
        } else {
          const t = logGammaDraw(s, a) - logGammaDraw(s, b);
          if (t >= 0) v = 1 / (1 + Math.exp(-t));
          else {
            const e = Math.exp(t);
            v = e / (1 + e);
          }
        }
        x[i * d + j] = v < TINY ? TINY : v > ONE_MINUS ? ONE_MINUS : v;
      }
    }
  }

  protected override checkSupport(fn: string, x: Float64Array): void {
    for (let i = 0; i < x.length; i++) if (!(x[i] > 0 && x[i] < 1)) this.supportError(fn, i, x[i], "0 < x < 1");
  }

  protected logProbImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    const c = new Float64Array(d);
    for (let j = 0; j < d; j++) c[j] = -betaln(this.alpha[j], this.beta[j]);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = x[i * d + j];
        s += c[j] + (this.alpha[j] - 1) * Math.log(v) + (this.beta[j] - 1) * log1p(-v);
      }
      out[i] = s;
    }
    return out;
  }

  protected scoreImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    const P = 2 * d;
    const ca = new Float64Array(d);
    const cb = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const psiSum = digamma(this.alpha[j] + this.beta[j]);
      ca[j] = psiSum - digamma(this.alpha[j]);
      cb[j] = psiSum - digamma(this.beta[j]);
    }
    const out = new Float64Array(n * P);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = x[i * d + j];
        out[i * P + j] = this.alpha[j] * (Math.log(v) + ca[j]);
        out[i * P + d + j] = this.beta[j] * (log1p(-v) + cb[j]);
      }
    }
    return out;
  }

  /** Exact Fisher information with respect to θ = [log α, log β], 2d×2d: per coordinate j, at rows/columns (j, d + j), [[α²(ψ′(α) − ψ′(α+β)), −αβ ψ′(α+β)], [−αβ ψ′(α+β), β²(ψ′(β) − ψ′(α+β))]]. */
  fisher(): Float64Array {
    const d = this.dim;
    const P = 2 * d;
    const F = new Float64Array(P * P);
    for (let j = 0; j < d; j++) {
      const a = this.alpha[j];
      const b = this.beta[j];
      const cross = -productTrigamma(a, b, a + b);
      F[j * P + j] = alphaSquaredTrigammaDiff(a, a + b);
      F[j * P + d + j] = cross;
      F[(d + j) * P + j] = cross;
      F[(d + j) * P + d + j] = alphaSquaredTrigammaDiff(b, a + b);
    }
    return F;
  }

  /** Σ_j log B(α, β) − (α − 1) ψ(α) − (β − 1) ψ(β) + (α + β − 2) ψ(α + β). */
  entropy(): number {
    let h = 0;
    for (let j = 0; j < this.dim; j++) {
      const a = this.alpha[j];
      const b = this.beta[j];
      h += betaln(a, b) - (a - 1) * digamma(a) - (b - 1) * digamma(b) + (a + b - 2) * digamma(a + b);
    }
    return h;
  }

  /** α/(α + β). */
  mean(): Float64Array {
    return this.alpha.map((a, j) => a / (a + this.beta[j]));
  }

  /** αβ / ((α + β)² (α + β + 1)). */
  variance(): Float64Array {
    return this.alpha.map((a, j) => {
      const b = this.beta[j];
      const s = a + b;
      return ((a / s) * (b / s)) / (s + 1); // as ratios: αβ and (α + β)² underflow together at tiny shapes
    });
  }
}
