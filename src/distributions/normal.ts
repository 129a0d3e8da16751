/**
 * Diagonal Normal N(loc, diag(scale²)) with θ = [loc (d), log scale (d)].
 *
 * log p(x) = Σ_j −½ z_j² − log σ_j − ½ log 2π,  z_j = (x_j − μ_j)/σ_j
 * score:   ∂/∂μ_j = z_j/σ_j,   ∂/∂log σ_j = z_j² − 1
 * Fisher:  diag(1/σ_j², …, 2, …)
 * Reparameterization: x = μ + σ ε, ε ~ N(0, I).
 */
import type { Key } from "../random/key.js";
import { HALF_LOG_2PI } from "../util/constants.js";
import { Stream } from "../random/stream.js";
import { DistributionBase, type DiagonalGaussian, blockParamInfo, type ParamInfo, checkSampleArgs, checkCoordinate } from "./distribution.js";
import { checkParamsObject } from "../util/validate.js";
import {
  normalWeakDerivative, checkWeakDerivativeArgs, checkWeakDerivativeStreamArgs, drawWeakDerivative, type WeakDerivativeDraws, type WeakDerivativeStream,
} from "./weakDerivative.js";
import { affineInto, affineTransform, affineTransformVjp, CheckedLocationScale, locationScale, locationScaleFisher, locationScaleFromTheta, type LocationScale } from "./locationScale.js";


/** Parameters of {@link Normal}: numbers broadcast against arrays. */
export interface NormalParams {
  loc: number | ArrayLike<number>;
  scale: number | ArrayLike<number>;
}


/** Diagonal multivariate Normal; see the module comment for θ, score and Fisher. */
export class Normal extends DistributionBase implements DiagonalGaussian {
  readonly name = "Normal";
  readonly reparameterizable = true as const;
  /** The score is read off the noise: ε/σ and ε² − 1 (a family fact; see {@link DiagonalGaussian}). */
  readonly noiseScore = "diagonalGaussian" as const;
  readonly dim: number;
  readonly paramSize: number;
  readonly noiseDim: number;
  /** μ, length d. */
  readonly loc: Float64Array;
  /** σ, length d. */
  readonly scale: Float64Array;
  private readonly theta: Float64Array;

  /** @example new Normal({ loc: [0, 1], scale: 2 }) */
  constructor(params: NormalParams) {
    super();
    // From withParams the fields come checked (locationScaleFromTheta); from a user, they are checked here.
    const p = params instanceof CheckedLocationScale ? params : checkedParams(params);
    this.loc = p.loc;
    this.scale = p.scale;
    this.theta = p.theta;
    this.dim = p.loc.length;
    this.noiseDim = this.dim;
    this.paramSize = 2 * this.dim;
  }

  get params(): Float64Array {
    return this.theta.slice();
  }

  /** θ's roles and coordinates (a family fact; see {@link ParamInfo}). */
  paramInfo(): readonly ParamInfo[] {
    return blockParamInfo(this.dim, ["location", "logScale"]);
  }

  /** The weak derivative of each θ coordinate as draws for the measure-valued estimator (see weakDerivative.ts). */
  weakDerivative(key: Key, n: number, coupling: boolean): WeakDerivativeDraws {
    checkWeakDerivativeArgs("Normal.weakDerivative", key, n, coupling);
    return drawWeakDerivative(this.weakDerivativeStream(key, coupling), n, this.dim, this.paramSize);
  }

  /** The draws of {@link weakDerivative} as a stream: successive fills give successive rows (see WeakDerivativeStream). */
  weakDerivativeStream(key: Key, coupling: boolean): WeakDerivativeStream {
    checkWeakDerivativeStreamArgs("Normal.weakDerivativeStream", key, coupling);
    return normalWeakDerivative(this.loc, this.scale, key, coupling);
  }

  /** The one-dimensional Normal of coordinate j (its θ entries are [j, d + j] of this θ; see paramInfo). */
  marginal(j: number): Normal {
    checkCoordinate("Normal.marginal", j, this.dim);
    return new Normal({ loc: this.loc[j], scale: this.scale[j] });
  }

  withParams(theta: ArrayLike<number>): Normal {
    return new Normal(locationScaleFromTheta("Normal.withParams", theta, this.dim, "Normal"));
  }

  sampleNoise(key: Key, n: number): Float64Array {
    checkSampleArgs("Normal.sampleNoise", key, n, this.dim);
    const eps = new Float64Array(n * this.dim);
    new Stream(key).fillNormal(eps);
    return eps;
  }

  /**
   * The noise of {@link sampleNoise} as a stream: successive calls fill successive rows of the same draws
   * (`fill(a); fill(b)` gives the rows of sampleNoise(key, a.length/d + b.length/d)); given `x` (same length), the
   * same call also writes the samples x = μ + σε. For the estimators that never hold all n draws.
   */
  noiseStream(key: Key): (eps: Float64Array, x?: Float64Array) => void {
    const s = new Stream(key);
    return (eps, x) => {
      s.fillNormal(eps);
      if (x !== undefined) affineInto(this.loc, this.scale, eps, x);
    };
  }

  transform(noise: Float64Array): Float64Array {
    return affineTransform("Normal.transform", this.loc, this.scale, noise);
  }

  transformVjp(noise: Float64Array, gradX: Float64Array): Float64Array {
    return affineTransformVjp("Normal.transformVjp", this.scale, noise, gradX);
  }

  sample(key: Key, n: number): Float64Array {
    checkSampleArgs("Normal.sample", key, n, this.dim);
    return this.transform(this.sampleNoise(key, n));
  }

  override sampleAndLogProb(key: Key, n: number): { x: Float64Array; logProb: Float64Array } {
    const eps = this.sampleNoise(key, n);
    const d = this.dim;
    let c = 0;
    for (let j = 0; j < d; j++) c -= this.theta[d + j] + HALF_LOG_2PI;
    const lp = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = c;
      for (let j = 0; j < d; j++) s -= 0.5 * eps[i * d + j] * eps[i * d + j];
      lp[i] = s;
    }
    return { x: this.transform(eps), logProb: lp };
  }

  protected logProbImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    let c = 0;
    for (let j = 0; j < d; j++) c -= this.theta[d + j] + HALF_LOG_2PI;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = c;
      for (let j = 0; j < d; j++) {
        const z = (x[i * d + j] - this.loc[j]) / this.scale[j];
        s -= 0.5 * z * z;
      }
      out[i] = s;
    }
    return out;
  }

  protected scoreImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    const P = 2 * d;
    const out = new Float64Array(n * P);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const z = (x[i * d + j] - this.loc[j]) / this.scale[j];
        out[i * P + j] = z / this.scale[j];
        out[i * P + d + j] = z * z - 1;
      }
    }
    return out;
  }

  fisher(): Float64Array {
    return locationScaleFisher(this.scale, 2);
  }

  entropy(): number {
    let h = 0;
    for (let j = 0; j < this.dim; j++) h += 0.5 + HALF_LOG_2PI + this.theta[this.dim + j];
    return h;
  }

  mean(): Float64Array {
    return this.loc.slice();
  }

  variance(): Float64Array {
    return this.scale.map((s) => s * s);
  }
}

/** A user's { loc, scale } checked and broadcast, θ built (the constructor's own checks). */
function checkedParams(params: NormalParams): LocationScale {
  const { loc, scale } = checkParamsObject<NormalParams>("Normal", params, "{ loc: 0, scale: 1 }");
  return locationScale("Normal", loc, scale);
}
