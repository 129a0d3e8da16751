/**
 * d independent Laplace variables with θ = [loc (d), log scale (d)].
 *
 * log p(x) = Σ_j −log(2 b_j) − |x_j − μ_j| / b_j
 * score:   ∂/∂μ_j = sign(x_j − μ_j) / b_j,   ∂/∂log b_j = |x_j − μ_j| / b_j − 1
 * Fisher:  diag(1/b², 1)
 * Reparameterization: x = μ + b ε with ε standard Laplace.
 *
 * log p is not differentiable in μ at x = μ; the score there is taken as 0 (sign(0)), an event of probability 0
 * under sampling, so E[score] = 0 and the Fisher are unaffected.
 */
import type { Key } from "../random/key.js";
import { Stream } from "../random/stream.js";
import { DistributionBase, type Reparameterizable, blockParamInfo, type ParamInfo, checkSampleArgs, checkCoordinate } from "./distribution.js";
import { checkParamsObject,} from "../util/validate.js";
import { affineTransform, affineTransformVjp, CheckedLocationScale, locationScale, locationScaleFisher, locationScaleFromTheta, type LocationScale } from "./locationScale.js";

/** Parameters of {@link Laplace}: numbers broadcast against arrays. */
export interface LaplaceParams {
  loc: number | ArrayLike<number>;
  scale: number | ArrayLike<number>;
}


/** Independent Laplace variables; see the module comment for θ, score, Fisher and the reparameterization. */
export class Laplace extends DistributionBase implements Reparameterizable {
  readonly name = "Laplace";
  readonly reparameterizable = true as const;
  readonly dim: number;
  readonly paramSize: number;
  readonly noiseDim: number;
  /** μ, length d. */
  readonly loc: Float64Array;
  /** b, length d. */
  readonly scale: Float64Array;
  private readonly theta: Float64Array;

  /** @example new Laplace({ loc: [0, 1], scale: 2 }) */
  constructor(params: LaplaceParams) {
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

  /** The one-dimensional Laplace of coordinate j (its θ entries are [j, d + j] of this θ; see paramInfo). */
  marginal(j: number): Laplace {
    checkCoordinate("Laplace.marginal", j, this.dim);
    return new Laplace({ loc: this.loc[j], scale: this.scale[j] });
  }

  withParams(theta: ArrayLike<number>): Laplace {
    return new Laplace(locationScaleFromTheta("Laplace.withParams", theta, this.dim, "Laplace"));
  }

  /** n×d standard Laplace draws by inversion: ε = log(2u) for u < ½, −log(2(1 − u)) otherwise. */
  sampleNoise(key: Key, n: number): Float64Array {
    checkSampleArgs("Laplace.sampleNoise", key, n, this.dim);
    const eps = new Float64Array(n * this.dim);
    this.noiseStream(key)(eps);
    return eps;
  }

  /** The noise of {@link sampleNoise} as a stream: successive calls fill successive rows of sampleNoise(key, n). */
  noiseStream(key: Key): (eps: Float64Array) => void {
    const s = new Stream(key);
    return (eps) => {
      for (let i = 0; i < eps.length; i++) {
        const u = s.uniformOpen();
        eps[i] = u < 0.5 ? Math.log(2 * u) : -Math.log(2 * (1 - u));
      }
    };
  }

  /** x = μ + b ε. */
  transform(noise: Float64Array): Float64Array {
    return affineTransform("Laplace.transform", this.loc, this.scale, noise);
  }

  /** Row i: [gradX_i, gradX_i · b ε_i] (∂x/∂μ = 1, ∂x/∂log b = b ε). */
  transformVjp(noise: Float64Array, gradX: Float64Array): Float64Array {
    return affineTransformVjp("Laplace.transformVjp", this.scale, noise, gradX);
  }

  sample(key: Key, n: number): Float64Array {
    checkSampleArgs("Laplace.sample", key, n, this.dim);
    return this.transform(this.sampleNoise(key, n));
  }

  /** log p(x) = Σ −log 2 − log b − |ε|, read off the noise. */
  override sampleAndLogProb(key: Key, n: number): { x: Float64Array; logProb: Float64Array } {
    const eps = this.sampleNoise(key, n);
    const d = this.dim;
    let c = 0;
    for (let j = 0; j < d; j++) c -= Math.LN2 + this.theta[d + j];
    const lp = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = c;
      for (let j = 0; j < d; j++) s -= Math.abs(eps[i * d + j]);
      lp[i] = s;
    }
    return { x: this.transform(eps), logProb: lp };
  }

  protected logProbImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    let c = 0;
    for (let j = 0; j < d; j++) c -= Math.LN2 + this.theta[d + j];
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = c;
      for (let j = 0; j < d; j++) s -= Math.abs(x[i * d + j] - this.loc[j]) / this.scale[j];
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
        const r = x[i * d + j] - this.loc[j];
        out[i * P + j] = Math.sign(r) / this.scale[j];
        out[i * P + d + j] = Math.abs(r) / this.scale[j] - 1;
      }
    }
    return out;
  }

  fisher(): Float64Array {
    return locationScaleFisher(this.scale, 1);
  }

  /** Σ_j 1 + log(2 b_j). */
  entropy(): number {
    let h = 0;
    for (let j = 0; j < this.dim; j++) h += 1 + Math.LN2 + this.theta[this.dim + j];
    return h;
  }

  mean(): Float64Array {
    return this.loc.slice();
  }

  variance(): Float64Array {
    return this.scale.map((b) => 2 * b * b);
  }
}

/** A user's { loc, scale } checked and broadcast, θ built (the constructor's own checks). */
function checkedParams(params: LaplaceParams): LocationScale {
  const { loc, scale } = checkParamsObject<LaplaceParams>("Laplace", params, "{ loc: 0, scale: 1 }");
  return locationScale("Laplace", loc, scale);
}
