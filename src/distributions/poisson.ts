/**
 * d independent Poisson counts with θ = log rate (d).
 *
 * log p(k) = Σ_j k_j log λ_j − λ_j − log Γ(k_j + 1)
 * score:   ∂/∂log λ_j = k_j − λ_j
 * Fisher:  diag(λ)
 * Entropy has no closed form: see {@link poissonEntropy}.
 * Sampling: inversion for λ < 10, Hörmann's PTRS for λ ≥ 10 (src/random/poisson.ts), one stream per coordinate.
 */
import gammaln from "@stdlib/math-base-special-gammaln";
import { assertKey, foldIn, type Key } from "../random/key.js";
import { Stream } from "../random/stream.js";
import { fillPoisson } from "../random/poisson.js";
import { LOG_2PI } from "../util/constants.js";
import { toPositiveVector, checkParamsObject, fail } from "../util/validate.js";
import { DistributionBase, checkTheta, blockParamInfo, type ParamInfo, checkParamRange, sampleFromStream } from "./distribution.js";
import {
  poissonWeakDerivative, checkWeakDerivativeArgs, checkWeakDerivativeStreamArgs, drawWeakDerivative, type WeakDerivativeDraws, type WeakDerivativeStream,
} from "./weakDerivative.js";

/** The largest rate supported: its draws (λ ± 40√λ) stay below 2⁵³, where every count is an exact double. */
export const POISSON_RATE_MAX = 1e15;

/** Parameters of {@link Poisson}: rates λ > 0 (a number broadcasts to one coordinate). */
export interface PoissonParams {
  rate: number | ArrayLike<number>;
}

/** From this λ on, the asymptotic expansion is used: its first omitted term, O(λ⁻⁴), is below 1e-16. */
const ASYMPTOTIC_ENTROPY_FROM = 1e4;
/** The series stops once a bound on the rest of the tail is below this fraction of the sum. */
const SERIES_REL_TOL = 1e-17;

/**
 * Shannon entropy of Poisson(λ) in nats, H = Σ_k p_k (λ − k log λ + log k!).
 *
 * For λ < 1e4: the series summed outward from the mode ⌊λ⌋ in both directions, each side stopped once the geometric
 * bound term/(1 − r) on its remaining tail (r = the pmf ratio of consecutive terms, < 1 away from the mode) falls below
 * 1e-17 of the running sum and p_k < 0.3 (so the terms p log(1/p) are decreasing). The cost is O(√λ) terms.
 * For λ ≥ 1e4: the asymptotic expansion ½ log(2πeλ) − 1/(12λ) − 1/(24λ²) − 19/(360λ³) + O(λ⁻⁴), which is
 * more accurate there than the series (whose terms cancel λ against k log λ).
 * Requires λ a finite number > 0 (anything else — 0, a negative, NaN, a string — throws naming λ).
 * @example poissonEntropy(1); // ≈ 1.3048
 */
export function poissonEntropy(lambda: number): number {
  if (typeof lambda !== "number" || !Number.isFinite(lambda) || !(lambda > 0)) fail("poissonEntropy", "lambda", "a finite number > 0", lambda);
  if (lambda >= ASYMPTOTIC_ENTROPY_FROM) {
    const l = lambda;
    return 0.5 * (LOG_2PI + 1 + Math.log(l)) - 1 / (12 * l) - 1 / (24 * l * l) - 19 / (360 * l * l * l);
  }
  const logL = Math.log(lambda);
  const mode = Math.floor(lambda);
  const term = (k: number): { t: number; p: number } => {
    const nlp = lambda - k * logL + gammaln(k + 1);
    const p = Math.exp(-nlp);
    return { t: p * nlp, p };
  };
  let h = 0;
  for (let k = mode + 1; ; k++) {
    const { t, p } = term(k);
    h += t;
    const r = lambda / (k + 1);
    if (p < 0.3 && t <= SERIES_REL_TOL * h * (1 - r)) break;
  }
  for (let k = mode; k >= 0; k--) {
    const { t, p } = term(k);
    h += t;
    const r = k / lambda;
    if (p < 0.3 && r < 1 && t <= SERIES_REL_TOL * h * (1 - r)) break;
  }
  return h;
}

/** Loader's Stirling-series error log k! − (k log k − k + ½ log 2πk), for k > 15 (accurate to about 1e-17). */
function stirlingError(k: number): number {
  const kk = k * k;
  if (k > 500) return (1 / 12 - 1 / 360 / kk) / k;
  if (k > 80) return (1 / 12 - (1 / 360 - 1 / 1260 / kk) / kk) / k;
  if (k > 35) return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / 1680 / kk) / kk) / kk) / k;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / kk) / kk) / kk) / kk) / k;
}

/**
 * Loader's deviance term k log(k/λ) + λ − k ≥ 0, without the cancellation of its three large terms: by the series
 * 2k Σ v^{2j+1}/(2j+1) − (k − λ)v (v = (k − λ)/(k + λ)) when k is near λ.
 */
function deviance(k: number, lambda: number): number {
  if (Math.abs(k - lambda) < 0.1 * (k + lambda)) {
    let v = (k - lambda) / (k + lambda);
    const v2 = v * v;
    let sum = (k - lambda) * v;
    let ej = 2 * k * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v2;
      const next = sum + ej / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    v = sum;
    return v;
  }
  return k * Math.log(k / lambda) + lambda - k;
}

/**
 * log p(k) = k log λ − λ − log k!. For k > 15 in Loader's saddle-point form −½ log(2πk) − stirlingError(k) −
 * deviance(k, λ), which keeps full relative accuracy when k and λ are large (the direct form cancels terms of size
 * k log λ: at λ = 1e15 it is off by about 2). Reference: Loader (2000), "Fast and accurate computation of binomial
 * probabilities".
 */
function poissonLogPmf(k: number, lambda: number, logLambda: number): number {
  if (k === 0) return -lambda;
  if (k <= 15) return k * logLambda - lambda - gammaln(k + 1);
  return -0.5 * (LOG_2PI + Math.log(k)) - stirlingError(k) - deviance(k, lambda);
}

/** Independent Poisson counts; see the module comment for θ, score and Fisher. */
export class Poisson extends DistributionBase {
  readonly name = "Poisson";
  override readonly discrete = true;
  readonly dim: number;
  readonly paramSize: number;
  /** λ, length d. */
  readonly rate: Float64Array;
  private readonly theta: Float64Array;

  /** @example new Poisson({ rate: [0.5, 12] }) */
  constructor(params: PoissonParams) {
    super();
    const { rate } = checkParamsObject<PoissonParams>("Poisson", params, "{ rate: 3 }");
    this.rate = toPositiveVector("Poisson", "rate", rate);
    checkParamRange("Poisson", "rate", this.rate, Number.MIN_VALUE, POISSON_RATE_MAX, "counts must stay exact integers (below 2⁵³) for log p and the score of a sample to be accurate");
    this.dim = this.rate.length;
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

  /** H has no closed form (an infinite series), so neither has its gradient: named error rather than an approximation. */
  override entropyGradient(): Float64Array {
    throw new Error("Poisson.entropyGradient: the Poisson entropy has no closed form; estimate ∇H by Monte Carlo (−log p as f)");
  }

  /** The weak derivative of each θ coordinate as draws for the measure-valued estimator (see weakDerivative.ts). */
  weakDerivative(key: Key, n: number, coupling: boolean): WeakDerivativeDraws {
    checkWeakDerivativeArgs("Poisson.weakDerivative", key, n, coupling);
    return drawWeakDerivative(this.weakDerivativeStream(key, coupling), n, this.dim, this.paramSize);
  }

  /** The draws of {@link weakDerivative} as a stream: successive fills give successive rows (see WeakDerivativeStream). */
  weakDerivativeStream(key: Key, coupling: boolean): WeakDerivativeStream {
    checkWeakDerivativeStreamArgs("Poisson.weakDerivativeStream", key, coupling);
    return poissonWeakDerivative(this, this.rate, key, coupling);
  }

  /** The Poisson with log rates θ (length d). Throws, naming the method and the coordinate, if θ has the wrong length, is not finite, or exp(θ_j) is not a finite positive rate (the constructor's range checks then apply). */
  withParams(theta: ArrayLike<number>): Poisson {
    const t = checkTheta("Poisson.withParams", theta, this.paramSize);
    const rate = t.map(Math.exp);
    for (let j = 0; j < rate.length; j++) {
      if (!(rate[j] > 0) || !Number.isFinite(rate[j])) {
        throw new Error(`Poisson.withParams: theta[${j}] = ${t[j]} (log rate) gives rate ${rate[j]}, which is not a finite positive number`);
      }
    }
    return new Poisson({ rate });
  }

  /**
   * n rows of d counts (n×d): inversion for λ < 10, Hörmann's PTRS for λ ≥ 10. Coordinate j's counts come from its
   * own stream (the key's when d = 1, foldIn(key, j) when d > 1), so the draws do not depend on n (see
   * {@link sampleStream}). The same key gives the same draws.
   */
  sample(key: Key, n: number): Float64Array {
    return sampleFromStream("Poisson.sample", key, n, this.dim, (k) => this.sampleStream(k));
  }

  /**
   * The draws of {@link sample} as a stream: successive calls fill successive rows of sample(key, n) (see
   * Distribution.sampleStream). One sub-stream per coordinate, each filling its column of the chunk, so the sampler's
   * inner loop stays on one rate (and the inversion/PTRS choice is the rate's, whatever the chunk).
   */
  sampleStream(key: Key): (out: Float64Array) => void {
    assertKey("Poisson.sampleStream", key);
    const d = this.dim;
    const streams: Stream[] = [];
    for (let j = 0; j < d; j++) streams.push(new Stream(d === 1 ? key : foldIn(key, j)));
    return (out) => {
      const m = out.length / d;
      for (let j = 0; j < d; j++) fillPoisson(streams[j], this.rate[j], out, j, m, d);
    };
  }

  protected override checkSupport(fn: string, x: Float64Array): void {
    for (let i = 0; i < x.length; i++) {
      if (!Number.isInteger(x[i]) || x[i] < 0) this.supportError(fn, i, x[i], "integers 0, 1, 2, …");
    }
  }

  protected logProbImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += poissonLogPmf(x[i * d + j], this.rate[j], this.theta[j]);
      out[i] = s;
    }
    return out;
  }

  protected scoreImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    const out = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) out[i] = x[i] - this.rate[i % d];
    return out;
  }

  /** Exact Fisher information diag(λ) with respect to θ = log λ, d×d. */
  fisher(): Float64Array {
    const d = this.dim;
    const F = new Float64Array(d * d);
    for (let j = 0; j < d; j++) F[j * d + j] = this.rate[j];
    return F;
  }

  /** Σ_j H(Poisson(λ_j)), each by {@link poissonEntropy}. */
  entropy(): number {
    let h = 0;
    for (let j = 0; j < this.dim; j++) h += poissonEntropy(this.rate[j]);
    return h;
  }

  /** E[k_j] = λ_j, length d. */
  mean(): Float64Array {
    return this.rate.slice();
  }

  /** Var[k_j] = λ_j, length d. */
  variance(): Float64Array {
    return this.rate.slice();
  }
}
