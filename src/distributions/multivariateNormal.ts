/**
 * Multivariate Normal N(μ, Σ = L Lᵀ) with a lower-triangular Cholesky factor L (positive diagonal), dim d.
 * θ = [μ (d), then the lower triangle of L row by row (row i: columns 0…i) with each diagonal entry as its log];
 * P = d + d(d+1)/2. The entry L_ij (j ≤ i) sits at θ[d + i(i+1)/2 + j].
 *
 * log p(x) = −½ ‖z‖² − Σ_i log L_ii − (d/2) log 2π,   z = L⁻¹(x − μ);  let u = L⁻ᵀ z = Σ⁻¹(x − μ).
 * score:   ∂/∂μ = u;   ∂/∂L_ij = u_i z_j (i > j);   ∂/∂log L_ii = L_ii u_i z_i − 1.
 * Fisher:  loc block Σ⁻¹, no loc–scale cross term, and for (i,j), (k,l) in the triangle (before the log-diagonal
 *          chain rule) E[s_ij s_kl] = (Σ⁻¹)_ik [j = l] + [i = j = k = l] / L_ii². Derivation: with x = μ + Lε,
 *          s_ij = (L⁻ᵀε)_i ε_j − [i = j]/L_ii; Isserlis' theorem gives E[s_ij s_kl] = (Σ⁻¹)_ik δ_jl + (L⁻¹)_li (L⁻¹)_jk,
 *          and the last product vanishes on the triangle unless all four indices are equal. Log-diagonal rows and
 *          columns are then multiplied by L_ii.
 * Reparameterization: x = μ + L ε, ε ~ N(0, I).
 */
import type { Key } from "../random/key.js";
import { HALF_LOG_2PI } from "../util/constants.js";
import { Stream } from "../random/stream.js";
import { cholesky, solveLower } from "../util/linalg.js";
import { show, toFiniteVector, checkParamsObject,} from "../util/validate.js";
import { DistributionBase, checkTheta, type Reparameterizable, type ParamInfo, checkSampleArgs, checkNoise, checkNoiseAndGrad, finiteResult } from "./distribution.js";
import { SCALE_MAX, SCALE_MIN } from "./locationScale.js";


/** A d×d matrix given flat (row-major, length d²) or as d rows of length d. */
export type MatrixInput = ArrayLike<number> | ArrayLike<ArrayLike<number>>;

/** Parameters of {@link MultivariateNormal}. */
export interface MultivariateNormalParams {
  /** μ, length d. */
  loc: number | ArrayLike<number>;
  /** L, d×d lower triangular with a positive diagonal (row-major flat or nested rows). Σ = L Lᵀ. */
  scaleTril: MatrixInput;
}

/** Flattens a d×d matrix given flat or as rows, checking every entry is finite. */
function toMatrix(fn: string, arg: string, value: unknown, d: number): Float64Array {
  if (Array.isArray(value) && value.length > 0 && typeof value[0] === "object" && value[0] !== null) {
    if (value.length !== d) throw new Error(`${fn}: ${arg} must have ${d} rows, got ${value.length}`);
    const flat = new Array<unknown>(d * d);
    for (let i = 0; i < d; i++) {
      const row = value[i] as ArrayLike<unknown>;
      if (row === null || typeof row !== "object" || row.length !== d) {
        throw new Error(`${fn}: ${arg} row ${i} must have length ${d}, got ${show(row)}`);
      }
      for (let j = 0; j < d; j++) flat[i * d + j] = row[j];
    }
    value = flat;
  }
  if (typeof value === "number") value = [value];
  const src = value as ArrayLike<unknown> | null;
  if (src !== null && typeof src === "object" && typeof src.length === "number" && src.length !== d * d) {
    throw new Error(`${fn}: ${arg} must be a d×d matrix with d = ${d} (length ${d * d}, row-major), got length ${src.length}`);
  }
  return toFiniteVector(fn, arg, value, d * d);
}

/**
 * Full-covariance Normal parameterized by its Cholesky factor; see the module comment for θ, score and Fisher.
 * @example new MultivariateNormal({ loc: [0, 1], scaleTril: [2, 0, 0.5, 1] }).sample(key(0), 10)
 */
export class MultivariateNormal extends DistributionBase implements Reparameterizable {
  readonly name = "MultivariateNormal";
  readonly reparameterizable = true as const;
  readonly dim: number;
  readonly paramSize: number;
  readonly noiseDim: number;
  /** μ, length d. */
  readonly loc: Float64Array;
  /** L, d×d row-major lower triangular (zeros above the diagonal). */
  readonly scaleTril: Float64Array;
  private readonly theta: Float64Array;
  /** Σ_i log L_ii. */
  private readonly logDet: number;

  /** @example new MultivariateNormal({ loc: [0, 0], scaleTril: [[1, 0], [0.5, 2]] }) */
  constructor(params: MultivariateNormalParams) {
    super();
    const { loc, scaleTril } = checkParamsObject<MultivariateNormalParams>("MultivariateNormal", params, "{ loc: [0, 0], scaleTril: [[1, 0], [0.5, 1]] }");
    const fn = "MultivariateNormal";
    const mu = toFiniteVector(fn, "loc", loc);
    const d = mu.length;
    const L = toMatrix(fn, "scaleTril", scaleTril, d);
    for (let i = 0; i < d; i++) {
      const v = L[i * d + i];
      if (!(v > 0)) throw new Error(`${fn}: scaleTril[${i * d + i}] (row ${i}, column ${i}, diagonal) must be > 0, got ${show(v)}`);
      if (!(v >= SCALE_MIN)) {
        throw new Error(`${fn}: scaleTril[${i * d + i}] (row ${i}, column ${i}, diagonal) = ${show(v)} is below the supported ${SCALE_MIN} (whitening x divides by it, the Fisher by its square)`);
      }
      for (let j = 0; j <= i; j++) {
        const w = L[i * d + j];
        if (!(Math.abs(w) <= SCALE_MAX)) {
          throw new Error(`${fn}: scaleTril[${i * d + j}] (row ${i}, column ${j}) = ${show(w)} is outside the supported range |L_ij| ≤ ${SCALE_MAX} (the covariance L Lᵀ must stay finite)`);
        }
      }
      for (let j = i + 1; j < d; j++) {
        const w = L[i * d + j];
        if (w !== 0) throw new Error(`${fn}: scaleTril[${i * d + j}] (row ${i}, column ${j}, above the diagonal) must be 0 (lower triangular), got ${show(w)}`);
      }
    }
    this.loc = mu;
    this.scaleTril = L;
    this.dim = d;
    this.noiseDim = d;
    this.paramSize = d + (d * (d + 1)) / 2;
    this.theta = new Float64Array(this.paramSize);
    this.theta.set(mu);
    let logDet = 0;
    for (let i = 0, t = d; i < d; i++) {
      for (let j = 0; j <= i; j++, t++) this.theta[t] = i === j ? Math.log(L[i * d + i]) : L[i * d + j];
      logDet += Math.log(L[i * d + i]);
    }
    this.logDet = logDet;
  }

  /**
   * N(loc, cov) from a symmetric positive-definite covariance, through its Cholesky factor (src/util/linalg.ts).
   * @example MultivariateNormal.fromCovariance([0, 0], [[4, 2], [2, 3]]).scaleTril // [2, 0, 1, √2]
   */
  static fromCovariance(loc: number | ArrayLike<number>, cov: MatrixInput): MultivariateNormal {
    const fn = "MultivariateNormal.fromCovariance";
    const mu = toFiniteVector(fn, "loc", loc);
    const d = mu.length;
    const C = toMatrix(fn, "cov", cov, d);
    let L: Float64Array;
    try {
      L = cholesky(C, d);
    } catch (e) {
      throw new Error(`${fn}: cov must be symmetric positive definite (${(e as Error).message}), got ${show(C)}`);
    }
    return new MultivariateNormal({ loc: mu, scaleTril: L });
  }

  get params(): Float64Array {
    return this.theta.slice();
  }

  /** θ = [loc (location), then row by row the Cholesky entries: log L_ii (logScale), L_ij below it (other)]. */
  paramInfo(): readonly ParamInfo[] {
    const d = this.dim;
    const info: ParamInfo[] = Array.from({ length: d }, () => ({ role: "location", coordinate: null }));
    for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) info.push({ role: i === j ? "logScale" : "other", coordinate: null });
    return info;
  }

  /** H = Σ_i log L_ii + const: 1 on the log-diagonal entries of θ, 0 on the locations and off-diagonal entries. */
  override entropyGradient(): Float64Array {
    return Float64Array.from(this.paramInfo(), (q) => (q.role === "logScale" ? 1 : 0));
  }

  withParams(theta: ArrayLike<number>): MultivariateNormal {
    const fn = "MultivariateNormal.withParams";
    const t = checkTheta(fn, theta, this.paramSize);
    const d = this.dim;
    const L = new Float64Array(d * d);
    for (let i = 0, k = d; i < d; i++) {
      for (let j = 0; j <= i; j++, k++) {
        if (i !== j) {
          L[i * d + j] = t[k];
          continue;
        }
        const v = Math.exp(t[k]);
        if (!(v > 0) || !Number.isFinite(v)) {
          throw new Error(`${fn}: theta[${k}] = ${t[k]} (log scaleTril[${i}][${i}]) gives ${v}, which is not a finite positive number`);
        }
        L[i * d + i] = v;
      }
    }
    return new MultivariateNormal({ loc: t.subarray(0, d), scaleTril: L });
  }

  /** Σ = L Lᵀ, d×d row-major. */
  covariance(): Float64Array {
    const d = this.dim;
    const L = this.scaleTril;
    const S = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let k = 0; k <= i; k++) {
        let s = 0;
        for (let j = 0; j <= k; j++) s += L[i * d + j] * L[k * d + j];
        S[i * d + k] = s;
        S[k * d + i] = s;
      }
    }
    return S;
  }

  sampleNoise(key: Key, n: number): Float64Array {
    checkSampleArgs("MultivariateNormal.sampleNoise", key, n, this.dim);
    const eps = new Float64Array(n * this.dim);
    new Stream(key).fillNormal(eps);
    return eps;
  }

  /** The noise of {@link sampleNoise} as a stream: successive calls fill successive rows of sampleNoise(key, n). */
  noiseStream(key: Key): (eps: Float64Array) => void {
    const s = new Stream(key);
    return (eps) => s.fillNormal(eps);
  }

  transform(noiseIn: Float64Array): Float64Array {
    const fn = "MultivariateNormal.transform";
    const d = this.dim;
    const { noise } = checkNoise(fn, noiseIn, d);
    const L = this.scaleTril;
    const x = new Float64Array(noise.length);
    for (let o = 0; o < noise.length; o += d) {
      for (let i = 0; i < d; i++) {
        let s = this.loc[i];
        for (let j = 0; j <= i; j++) s += L[i * d + j] * noise[o + j];
        x[o + i] = s;
      }
    }
    return finiteResult(fn, "x = μ + L ε", x, d);
  }

  transformVjp(noiseIn: Float64Array, gradXIn: Float64Array): Float64Array {
    const fn = "MultivariateNormal.transformVjp";
    const d = this.dim;
    const P = this.paramSize;
    const L = this.scaleTril;
    const { noise, gradX, n } = checkNoiseAndGrad(fn, noiseIn, gradXIn, d, d);
    const rows = new Float64Array(n * P);
    for (let r = 0; r < n; r++) {
      const o = r * d;
      const ro = r * P;
      for (let i = 0, t = d; i < d; i++) {
        const g = gradX[o + i];
        rows[ro + i] = g;
        for (let j = 0; j < i; j++, t++) rows[ro + t] = g * noise[o + j];
        rows[ro + t++] = g * (noise[o + i] * L[i * d + i]);
      }
    }
    return finiteResult(fn, "the vector–Jacobian product", rows, P);
  }

  sample(key: Key, n: number): Float64Array {
    checkSampleArgs("MultivariateNormal.sample", key, n, this.dim);
    return this.transform(this.sampleNoise(key, n));
  }

  override sampleAndLogProb(key: Key, n: number): { x: Float64Array; logProb: Float64Array } {
    const eps = this.sampleNoise(key, n);
    const d = this.dim;
    const c = -this.logDet - d * HALF_LOG_2PI;
    const lp = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = c;
      for (let j = 0; j < d; j++) s -= 0.5 * eps[i * d + j] * eps[i * d + j];
      lp[i] = s;
    }
    return { x: this.transform(eps), logProb: lp };
  }

  /** z = L⁻¹(x_row − μ) by forward substitution (inlined: this runs once per sample). */
  private whiten(x: Float64Array, o: number, z: Float64Array): void {
    const d = this.dim;
    const L = this.scaleTril;
    for (let i = 0; i < d; i++) {
      let s = x[o + i] - this.loc[i];
      for (let k = 0; k < i; k++) s -= L[i * d + k] * z[k];
      z[i] = s / L[i * d + i];
    }
  }

  protected logProbImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    const c = -this.logDet - d * HALF_LOG_2PI;
    const z = new Float64Array(d);
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      this.whiten(x, r * d, z);
      let s = c;
      for (let i = 0; i < d; i++) s -= 0.5 * z[i] * z[i];
      out[r] = s;
    }
    return out;
  }

  protected scoreImpl(x: Float64Array, n: number): Float64Array {
    const d = this.dim;
    const P = this.paramSize;
    const L = this.scaleTril;
    const z = new Float64Array(d);
    const u = new Float64Array(d);
    const out = new Float64Array(n * P);
    for (let r = 0; r < n; r++) {
      this.whiten(x, r * d, z);
      // u = L⁻ᵀ z by back substitution on the columns of L.
      for (let i = d - 1; i >= 0; i--) {
        let s = z[i];
        for (let k = i + 1; k < d; k++) s -= L[k * d + i] * u[k];
        u[i] = s / L[i * d + i];
      }
      const ro = r * P;
      for (let i = 0, t = d; i < d; i++) {
        out[ro + i] = u[i];
        for (let j = 0; j < i; j++, t++) out[ro + t] = u[i] * z[j];
        out[ro + t++] = L[i * d + i] * u[i] * z[i] - 1;
      }
    }
    return out;
  }

  fisher(): Float64Array {
    const d = this.dim;
    const P = this.paramSize;
    const L = this.scaleTril;
    // Columns of L⁻¹, then Σ⁻¹ = L⁻ᵀ L⁻¹: (Σ⁻¹)_ik = Σ_m (L⁻¹)_mi (L⁻¹)_mk.
    const Linv = new Float64Array(d * d);
    const e = new Float64Array(d);
    for (let c = 0; c < d; c++) {
      e.fill(0);
      e[c] = 1;
      const col = solveLower(L, e, d);
      for (let m = 0; m < d; m++) Linv[m * d + c] = col[m];
    }
    const Sinv = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let k = 0; k <= i; k++) {
        let s = 0;
        for (let m = i; m < d; m++) s += Linv[m * d + i] * Linv[m * d + k];
        Sinv[i * d + k] = s;
        Sinv[k * d + i] = s;
      }
    }
    const F = new Float64Array(P * P);
    for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) F[i * P + k] = Sinv[i * d + k];
    // Scale block: (i, j) at a = d + i(i+1)/2 + j, (k, l) at b; nonzero only when j = l.
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        const a = d + (i * (i + 1)) / 2 + j;
        const ca = i === j ? L[i * d + i] : 1;
        for (let k = j; k < d; k++) {
          const b = d + (k * (k + 1)) / 2 + j;
          const cb = k === j ? L[k * d + k] : 1;
          let v = Sinv[i * d + k];
          if (i === j && k === j) v += 1 / (L[i * d + i] * L[i * d + i]);
          F[a * P + b] = ca * cb * v;
          F[b * P + a] = ca * cb * v;
        }
      }
    }
    return F;
  }

  /** ½ d log(2πe) + Σ_i log L_ii. */
  entropy(): number {
    return this.dim * (0.5 + HALF_LOG_2PI) + this.logDet;
  }

  mean(): Float64Array {
    return this.loc.slice();
  }

  /** diag(Σ): Σ_ii = Σ_{j ≤ i} L_ij². */
  variance(): Float64Array {
    const d = this.dim;
    const v = new Float64Array(d);
    for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) v[i] += this.scaleTril[i * d + j] ** 2;
    return v;
  }
}
