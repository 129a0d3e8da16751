/**
 * Dirichlet(α) on the open (k − 1)-simplex, event size k ≥ 2, θ = log α (k).
 *
 * log p(x) = log Γ(α₀) − Σ_i log Γ(α_i) + Σ_i (α_i − 1) log x_i,   α₀ = Σ_i α_i, x_i > 0, Σ_i x_i = 1
 * score:   ∂/∂log α_i = α_i (ψ(α₀) − ψ(α_i) + log x_i)
 * Fisher:  diag(α) (diag(ψ′(α)) − ψ′(α₀) 11ᵀ) diag(α)
 * Sampling: x_i = G_i / Σ G with G_i ~ Gamma(α_i, 1), normalized in log space (log-sum-exp) when some α_i < 1 so
 * that small concentrations neither give 0/0 nor spurious zeros. A coordinate below the smallest normal double
 * (≈ 2.2·10⁻³⁰⁸; for α = 0.05 that has probability ≈ 10⁻¹⁵) is clamped to it, so samples stay in the support; a
 * coordinate within 2⁻⁵³ of 1 rounds to exactly 1 while the others stay positive, which logProb accepts.
 *
 * Support check in logProb/score: every entry > 0 and each row sums to 1 within 1e-9.
 */
import gammaln from "@stdlib/math-base-special-gammaln";
import trigamma from "@stdlib/math-base-special-trigamma";
import digamma from "@stdlib/math-base-special-digamma";
import { Stream } from "../random/stream.js";
import { TINY, gammaDraw, logGammaDraw } from "../random/gamma.js";
import { show, toPositiveVector, checkParamsObject,} from "../util/validate.js";
import { DistributionBase, checkTheta, expParams, type ParamInfo, sampleFromStream } from "./distribution.js";
import {  type Key } from "../random/key.js";
import { alphaSquaredTrigammaDiff, checkShapeRange, productTrigamma } from "./shapeParams.js";

/** Tolerance on |Σ x_i − 1| accepted by logProb and score. */
const SUM_TOL = 1e-9;

/** Parameters of {@link Dirichlet}. */
export interface DirichletParams {
  /** α, k ≥ 2 entries, each > 0. */
  concentration: ArrayLike<number>;
}

/**
 * The Dirichlet distribution; see the module comment for θ, score and Fisher.
 * @example new Dirichlet({ concentration: [1, 2, 3] }).mean() // [1/6, 1/3, 1/2]
 */
export class Dirichlet extends DistributionBase {
  readonly name = "Dirichlet";
  readonly dim: number;
  readonly paramSize: number;
  /** α, length k. */
  readonly concentration: Float64Array;
  private readonly theta: Float64Array;
  private readonly total: number;
  private readonly allAtLeastOne: boolean;

  /** @example new Dirichlet({ concentration: [0.5, 0.5, 2] }) */
  constructor(params: DirichletParams) {
    super();
    const { concentration } = checkParamsObject<DirichletParams>("Dirichlet", params, "{ concentration: [1, 2, 3] }");
    const a = toPositiveVector("Dirichlet", "concentration", concentration);
    if (a.length < 2) throw new Error(`Dirichlet: concentration must have at least 2 entries, got ${show(a)}`);
    checkShapeRange("Dirichlet", "concentration", a);
    this.concentration = a;
    this.dim = a.length;
    this.paramSize = a.length;
    this.theta = a.map(Math.log);
    this.total = a.reduce((s, v) => s + v, 0);
    this.allAtLeastOne = a.every((v) => v >= 1);
  }

  get params(): Float64Array {
    return this.theta.slice();
  }

  /** θ's roles and coordinates (a family fact; see {@link ParamInfo}). */
  paramInfo(): readonly ParamInfo[] {
    return Array.from({ length: this.paramSize }, () => ({ role: "logPositive" as const, coordinate: null }));
  }

  /** H = log B(α) + (α₀ − k)ψ(α₀) − Σ (α_j − 1)ψ(α_j): ∂/∂log α_j = α_j((α₀ − k)ψ′(α₀) − (α_j − 1)ψ′(α_j)). */
  override entropyGradient(): Float64Array {
    const t = (this.total - this.dim) * trigamma(this.total);
    return this.concentration.map((a) => a * (t - (a - 1) * trigamma(a)));
  }

  /** The Dirichlet with θ = log α (length k). Throws, naming the method, if θ has the wrong length, is not finite, or some exp(θ_j) is not a finite positive number (the constructor's range checks then apply). */
  withParams(theta: ArrayLike<number>): Dirichlet {
    const fn = "Dirichlet.withParams";
    const t = checkTheta(fn, theta, this.paramSize);
    return new Dirichlet({ concentration: expParams(fn, t, 0, this.paramSize, "log concentration") });
  }

  /** n points of the simplex (n×k): x_i = G_i / Σ G with G_i ~ Gamma(α_i, 1), normalized in log space when some α_i < 1. The same key gives the same draws. */
  sample(key: Key, n: number): Float64Array {
    return sampleFromStream("Dirichlet.sample", key, n, this.dim, (k) => this.sampleStream(k));
  }

  /** The draws of {@link sample} as a stream: successive calls fill successive rows of sample(key, n) (see Distribution.sampleStream). */
  sampleStream(key: Key): (out: Float64Array) => void {
    const s = new Stream(key);
    return (x) => this.drawRows(s, x);
  }

  private drawRows(s: Stream, x: Float64Array): void {
    const k = this.dim;
    const a = this.concentration;
    const n = x.length / k;
    for (let i = 0; i < n; i++) {
      const o = i * k;
      if (this.allAtLeastOne) {
        let sum = 0;
        for (let j = 0; j < k; j++) sum += x[o + j] = gammaDraw(s, a[j]);
        for (let j = 0; j < k; j++) x[o + j] /= sum;
        continue;
      }
      let m = -Infinity;
      for (let j = 0; j < k; j++) {
        const lg = logGammaDraw(s, a[j]);
        x[o + j] = lg;
        if (lg > m) m = lg;
      }
      let sum = 0;
      for (let j = 0; j < k; j++) sum += x[o + j] = Math.exp(x[o + j] - m);
      for (let j = 0; j < k; j++) {
        const v = x[o + j] / sum;
        x[o + j] = v > TINY ? v : TINY;
      }
    }
  }

  protected override checkSupport(fn: string, x: Float64Array): void {
    const k = this.dim;
    for (let o = 0; o < x.length; o += k) {
      let sum = 0;
      for (let j = 0; j < k; j++) {
        if (!(x[o + j] > 0)) this.supportError(fn, o + j, x[o + j], "the open simplex: x_i > 0, Σ x_i = 1");
        sum += x[o + j];
      }
      if (!(Math.abs(sum - 1) <= SUM_TOL)) {
        throw new Error(`${fn}: row ${o / k} of x (x[${o}…${o + k - 1}]) sums to ${show(sum)}, outside the support (Σ x_i = 1 within ${SUM_TOL})`);
      }
    }
  }

  protected logProbImpl(x: Float64Array, n: number): Float64Array {
    const k = this.dim;
    const a = this.concentration;
    let c = gammaln(this.total);
    for (let j = 0; j < k; j++) c -= gammaln(a[j]);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = c;
      for (let j = 0; j < k; j++) s += (a[j] - 1) * Math.log(x[i * k + j]);
      out[i] = s;
    }
    return out;
  }

  protected scoreImpl(x: Float64Array, n: number): Float64Array {
    const k = this.dim;
    const a = this.concentration;
    const psiTotal = digamma(this.total);
    const c = a.map((v) => psiTotal - digamma(v));
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) out[i * k + j] = a[j] * (c[j] + Math.log(x[i * k + j]));
    }
    return out;
  }

  /** Exact Fisher information diag(α) (diag(ψ′(α)) − ψ′(α₀) 11ᵀ) diag(α) with respect to θ = log α, k×k (α₀ = Σ α_i). */
  fisher(): Float64Array {
    const k = this.dim;
    const a = this.concentration;
    const F = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) F[i * k + j] = i === j ? alphaSquaredTrigammaDiff(a[i], this.total) : -productTrigamma(a[i], a[j], this.total);
    }
    return F;
  }

  /** log B(α) + (α₀ − k) ψ(α₀) − Σ_i (α_i − 1) ψ(α_i), with log B(α) = Σ log Γ(α_i) − log Γ(α₀). */
  entropy(): number {
    const k = this.dim;
    let h = -gammaln(this.total) + (this.total - k) * digamma(this.total);
    for (const v of this.concentration) h += gammaln(v) - (v - 1) * digamma(v);
    return h;
  }

  /** α_i / α₀. */
  mean(): Float64Array {
    return this.concentration.map((v) => v / this.total);
  }

  /** α_i (α₀ − α_i) / (α₀² (α₀ + 1)). */
  variance(): Float64Array {
    const t = this.total;
    return this.concentration.map((v) => ((v / t) * ((t - v) / t)) / (t + 1)); // as ratios: no 0/0 at tiny α
  }
}
