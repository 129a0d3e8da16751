/**
 * The delta-method control variate for a location–scale family with independent coordinates (a diagonal Normal,
 * Laplace): the second-order Taylor expansion of f around the mean,
 *
 *   h(x) = f(μ) + ∇f(μ)ᵀ (x − μ) + ½ (x − μ)ᵀ ∇²f(μ) (x − μ),
 *
 * whose expectation is known in closed form. With θ = [μ, log σ] and the expansion point held fixed,
 *
 *   E[h s_{μ_j}] = ∂E[h]/∂μ_j = ∇f(μ)_j,        E[h s_{log σ_j}] = ∂E[h]/∂log σ_j = ∇²f(μ)_{jj} Var[x_j]
 *
 * (Var[x_j] ∝ σ_j², so ∂ Var/∂log σ_j = 2 Var; off-diagonal Hessian terms have zero mean under independent
 * coordinates and drop out of both). The family is recognized by its facts: θ = [location (d), log scale (d)], one
 * per independent coordinate, and the mean equal to the location. Used as H = h·s, it
 * removes the part of f that a quadratic explains; for a quadratic f the corrected rows are nearly constant.
 * References: Paisley, Blei & Jordan (ICML 2012) "Variational Bayesian inference with stochastic search";
 * Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §7.4.
 */
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import type { SampleFunction } from "../estimators/result.js";
import { show } from "../util/validate.js";
import { checkValueArguments, type ControlVariate } from "./controlVariate.js";

/** ∇f at a point (length d) or ∇²f at a point: its diagonal (length d) or the full d×d matrix, row-major. */
export type PointDerivative = (x: Float64Array) => ArrayLike<number>;

interface Expansion {
  readonly mu: Float64Array;
  /** Var[x_j], length d. */
  readonly variance: Float64Array;
  readonly f0: number;
  readonly g: Float64Array;
  /** Full Hessian d×d (a diagonal input is expanded). */
  readonly H: Float64Array;
}

/**
 * The delta-method control variate (stateless) for `Normal`; needs f, ∇f and ∇²f (or its diagonal) at the mean.
 * @example
 *   // f(x) = x³: ∇f = 3x², ∇²f = 6x
 *   const cv = deltaMethodControlVariate((x) => x[0] ** 3, (x) => [3 * x[0] ** 2], (x) => [6 * x[0]]);
 *   const t = controlVariateTransform(cv);
 */
export function deltaMethodControlVariate(f: SampleFunction, grad: PointDerivative, hessian: PointDerivative): ControlVariate<null> {
  const fn = "deltaMethodControlVariate";
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  if (typeof grad !== "function") throw new Error(`${fn}: grad must be a function returning ∇f(x), got ${show(grad)}`);
  if (typeof hessian !== "function") throw new Error(`${fn}: hessian must be a function returning ∇²f(x) (diagonal or full), got ${show(hessian)}`);

  const expand = (dist: Distribution): Expansion => {
    if (!isDiagonalLocationScale(dist)) {
      throw new Error(`${fn}: needs a location–scale family with independent coordinates (θ = [location, log scale], e.g. a diagonal Normal), got ${show(dist?.name ?? dist)}`);
    }
    const d = dist.dim;
    const mu = dist.mean();
    const f0 = f(mu.slice());
    if (typeof f0 !== "number" || !Number.isFinite(f0)) throw new Error(`${fn}: f(mean) must be a finite number, got ${show(f0)}`);
    const g = finite(fn, "grad(mean)", grad(mu.slice()), [d]);
    const raw = finite(fn, "hessian(mean)", hessian(mu.slice()), [d, d * d]);
    let H = raw;
    if (raw.length === d && d > 1) {
      H = new Float64Array(d * d);
      for (let j = 0; j < d; j++) H[j * d + j] = raw[j];
    }
    return { mu, variance: dist.variance(), f0, g, H };
  };

  return {
    name: "deltaMethod",
    init: () => null,
    value(dist, x, scores) {
      const n = checkValueArguments(`${fn}.value`, dist, x, scores);
      const e = expand(dist);
      const d = dist.dim;
      const P = dist.paramSize;
      const out = new Float64Array(n * P);
      const r = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        for (let a = 0; a < d; a++) r[a] = x[i * d + a] - e.mu[a];
        let h = e.f0;
        for (let a = 0; a < d; a++) {
          let Hr = 0;
          for (let b = 0; b < d; b++) Hr += e.H[a * d + b] * r[b];
          h += e.g[a] * r[a] + 0.5 * r[a] * Hr;
        }
        for (let j = 0; j < P; j++) out[i * P + j] = h * scores[i * P + j];
      }
      return out;
    },
    expectation(dist) {
      checkDistribution(`${fn}.expectation`, dist);
      const e = expand(dist);
      const d = dist.dim;
      const m = new Float64Array(2 * d);
      for (let j = 0; j < d; j++) {
        m[j] = e.g[j];
        m[d + j] = e.H[j * d + j] * e.variance[j];
      }
      return m;
    },
    update: () => null,
  };
}

/**
 * True when the delta-method control variate applies to `dist`: θ = [location (d), log scale (d)] over d independent
 * coordinates, by the family's own facts (a diagonal Normal, a Laplace).
 * @example isDiagonalLocationScale(new Laplace({ loc: [0, 1], scale: 2 })); // true
 */
export function isDiagonalLocationScale(dist: Distribution): boolean {
  if (typeof dist !== "object" || dist === null || typeof dist.paramInfo !== "function") return false;
  const d = dist.dim;
  const info = dist.paramInfo();
  return (
    info.length === 2 * d &&
    info.every((q, p) => q.role === (p < d ? "location" : "logScale") && q.coordinate === p % d)
  );
}

function finite(fn: string, what: string, v: unknown, lengths: number[]): Float64Array {
  const a = v as ArrayLike<number>;
  if (typeof v !== "object" || v === null || !lengths.includes(a.length)) {
    throw new Error(`${fn}: ${what} must have length ${lengths.join(" or ")}, got ${show(v)}`);
  }
  const out = Float64Array.from(a);
  for (let k = 0; k < out.length; k++) {
    if (!Number.isFinite(out[k])) throw new Error(`${fn}: ${what}[${k}] must be a finite number, got ${show(a[k])}`);
  }
  return out;
}
