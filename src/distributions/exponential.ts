/**
 * d independent Exponential variables with θ = log rate (d); support x ≥ 0.
 *
 * log p(x) = Σ_j log λ_j − λ_j x_j
 * score:   ∂/∂log λ_j = 1 − λ_j x_j
 * Fisher:  identity (λx ~ Exp(1) has variance 1, whatever λ)
 * Reparameterization: x = ε/λ, ε ~ Exp(1), so ∂x/∂log λ = −x.
 */
import type { Key } from "../random/key.js";
import { Stream } from "../random/stream.js";
import { toPositiveVector, checkParamsObject } from "../util/validate.js";
import { DistributionBase, checkTheta, type Reparameterizable, blockParamInfo, type ParamInfo, checkSampleArgs, checkNoise, checkNoiseAndGrad, checkParamRange, finiteResult } from "./distribution.js";
import { SCALE_MAX, SCALE_MIN } from "./locationScale.js";
import {
  exponentialWeakDerivative, checkWeakDerivativeArgs, checkWeakDerivativeStreamArgs, drawWeakDerivative, type WeakDerivativeDraws, type WeakDerivativeStream,
} from "./weakDerivative.js";

/** Parameters of {@link Exponential}: rates λ > 0 (mean 1/λ; a number broadcasts to one coordinate). */
export interface ExponentialParams {
  rate: number | ArrayLike<number>;
}

/** Independent Exponential variables; see the module comment for θ, score, Fisher and the reparameterization. */
export class Exponential extends DistributionBase implements Reparameterizable {
  readonly name = "Exponential";
  readonly reparameterizable = true as const;
  readonly dim: number;
  readonly paramSize: number;
  readonly noiseDim: number;
  /** λ, length d. */
  readonly rate: Float64Array;
  private readonly theta: Float64Array;

  /** @example new Exponential({ rate: [2, 0.5] }) */
  constructor(params: ExponentialParams) {
    super();
    const { rate } = checkParamsObject<ExponentialParams>("Exponential", params, "{ rate: 1 }");
    this.rate = toPositiveVector("Exponential", "rate", rate);
    checkParamRange("Exponential", "rate", this.rate, SCALE_MIN, SCALE_MAX, "the mean 1/λ, the variance 1/λ² and every sample ε/λ must stay finite");
    this.dim = this.rate.length;
    this.noiseDim = this.rate.length;
    this.paramSize = this.rate.length;
    this.theta = this.rate.map(Math.log);
  }

  get params(): Float64Array {
    return this.theta.slice();
  }

  /** θ's roles and coordinates (a family fact; see {@link ParamInfo}). */
  paramInfo(): readonly ParamInfo[] {
    return blockParamInfo(this.dim, ["logPositive"]);
  }

  /** H = Σ_j (1 − log λ_j): ∂H/∂log λ_j = −1. */
  override entropyGradient(): Float64Array {
    return new Float64Array(this.paramSize).fill(-1);
  }

  /** The weak derivative of each θ coordinate as draws for the measure-valued estimator (see weakDerivative.ts). */
  weakDerivative(key: Key, n: number, coupling: boolean): WeakDerivativeDraws {
    checkWeakDerivativeArgs("Exponential.weakDerivative", key, n, coupling);
    return drawWeakDerivative(this.weakDerivativeStream(key, coupling), n, this.dim, this.paramSize);
  }

  /** The draws of {@link weakDerivative} as a stream: successive fills give successive rows (see WeakDerivativeStream). */
  weakDerivativeStream(key: Key, coupling: boolean): WeakDerivativeStream {
    checkWeakDerivativeStreamArgs("Exponential.weakDerivativeStream", key, coupling);
    return exponentialWeakDerivative(this, this.rate, key, coupling);
  }

  withParams(theta: ArrayLike<number>): Exponential {
    const t = checkTheta("Exponential.withParams", theta, this.paramSize);
    const rate = t.map(Math.exp);
    for (let j = 0; j < rate.length; j++) {
      if (!(rate[j] > 0) || !Number.isFinite(rate[j])) {
        throw new Error(`Exponential.withParams: theta[${j}] = ${t[j]} (log rate) gives rate ${rate[j]}, which is not a finite positive number`);
      }
    }
    return new Exponential({ rate });
  }

  /** n×d standard exponentials ε = −log U. */
  sampleNoise(key: Key, n: number): Float64Array {
    checkSampleArgs("Exponential.sampleNoise", key, n, this.dim);
    const eps = new Float64Array(n * this.dim);
    this.noiseStream(key)(eps);
    return eps;
  }

  /** The noise of {@link sampleNoise} as a stream: successive calls fill successive rows of sampleNoise(key, n). */
  noiseStream(key: Key): (eps: Float64Array) => void {
    const s = new Stream(key);
    return (eps) => {
      for (let i = 0; i < eps.length; i++) eps[i] = s.exponential();
    };
  }

  /** x = ε/λ. */
  transform(noiseIn: Float64Array): Float64Array {
    const fn = "Exponential.transform";
    const d = this.dim;
    const { noise } = checkNoise(fn, noiseIn, d);
    const x = new Float64Array(noise.length);
    for (let i = 0; i < noise.length; i++) x[i] = noise[i] / this.rate[i % d];
    return finiteResult(fn, "x = ε/λ", x, d);
  }

  /** Row i: gradX_i · ∂x/∂log λ = −gradX_i · x_i. */
  transformVjp(noiseIn: Float64Array, gradXIn: Float64Array): Float64Array {
    const fn = "Exponential.transformVjp";
    const d = this.dim;
    const { noise, gradX } = checkNoiseAndGrad(fn, noiseIn, gradXIn, d, d);
    const rows = new Float64Array(noise.length);
    for (let i = 0; i < noise.length; i++) rows[i] = -gradX[i] * (noise[i] / this.rate[i % d]);
    return finiteResult(fn, "the vector–Jacobian product", rows, d);
  }

  sample(key: Key, n: number): Float64Array {
    checkSampleArgs("Exponential.sample", key, n, this.dim);
    return this.transform(this.sampleNoise(key, n));
  }

  /** log p(x) = Σ log λ − ε, read off the noise. */
  override sampleAndLogProb(key: Key, n: number): { x: Float64Array; logProb: Float64Array } {
    const eps = this.sampleNoise(key, n);
    const d = this.dim;
    let c = 0;
    for (let j = 0; j < d; j++) c += this.theta[j];
    const lp = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = c;
      for (let j = 0; j < d; j++) s -= eps[i * d + j];
      lp[i] = s;
    }
    return { x: this.transform(eps), logProb: lp };
  }

  protected override checkSupport(fn: string, x: Float64Array): void {
    for (let i = 0; i < x.length; i++) if (!(x[i] >= 0)) this.supportError(fn, i, x[i], "x ≥ 0");
  }

  protected logProbImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    let c = 0;
    for (let j = 0; j < d; j++) c += this.theta[j];
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = c;
      for (let j = 0; j < d; j++) s -= this.rate[j] * x[i * d + j];
      out[i] = s;
    }
    return out;
  }

  protected scoreImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    const out = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) out[i] = 1 - this.rate[i % d] * x[i];
    return out;
  }

  fisher(): Float64Array {
    const d = this.dim;
    const F = new Float64Array(d * d);
    for (let j = 0; j < d; j++) F[j * d + j] = 1;
    return F;
  }

  /** Σ_j 1 − log λ_j. */
  entropy(): number {
    let h = 0;
    for (let j = 0; j < this.dim; j++) h += 1 - this.theta[j];
    return h;
  }

  mean(): Float64Array {
    return this.rate.map((r) => 1 / r);
  }

  variance(): Float64Array {
    return this.rate.map((r) => 1 / (r * r));
  }
}
