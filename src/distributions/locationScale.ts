/**
 * Shared pieces of the diagonal location–scale families (Normal, Laplace): x = μ + σ ε coordinate-wise, with
 * θ = [loc (d), log scale (d)]. Plain functions, not a base class (STYLE.md: one level of base class at most).
 */
import { toFiniteVector, toPositiveVector } from "../util/validate.js";
import { broadcastPair, checkNoise, checkNoiseAndGrad, checkParamRange, checkTheta, expParams, finiteResult } from "./distribution.js";

/** The scales σ a location–scale family supports: 1/σ² and σ² both finite, with room for sums of d terms. */
export const SCALE_MIN = 1e-150;
export const SCALE_MAX = 1e150;

const SCALE_WHY = "the Fisher information 1/σ² and the variance σ² must stay finite";

/** Validated, broadcast loc and scale (length d each) and θ = [loc, log scale] (length 2d). */
export interface LocationScale {
  loc: Float64Array;
  scale: Float64Array;
  theta: Float64Array;
}

/** Checks and broadcasts `{ loc, scale }` for the constructor named `fn`, and builds θ. */
export function locationScale(fn: string, loc: unknown, scale: unknown): LocationScale {
  const [l, sc] = broadcastPair(fn, ["loc", "scale"], toFiniteVector(fn, "loc", loc), toPositiveVector(fn, "scale", scale));
  checkParamRange(fn, "scale", sc, SCALE_MIN, SCALE_MAX, SCALE_WHY);
  const d = l.length;
  const theta = new Float64Array(2 * d);
  for (let j = 0; j < d; j++) {
    theta[j] = l[j];
    theta[d + j] = Math.log(sc[j]);
  }
  return { loc: l, scale: sc, theta };
}

/**
 * The result of {@link locationScaleFromTheta}: already what {@link locationScale} would make of it, so the family's
 * constructor takes it as it is instead of checking and copying again (a fit makes a new guide every step).
 */
export class CheckedLocationScale implements LocationScale {
  constructor(
    readonly loc: Float64Array,
    readonly scale: Float64Array,
    readonly theta: Float64Array,
  ) {}
}

/**
 * `{ loc, scale }` and θ from θ = [loc, log scale] for `withParams` (checked: length 2d, finite, exp(log scale) > 0,
 * then the constructor `family`'s range check), with the fields the constructor would compute from them — θ is
 * [loc, log(exp(log scale))], as `new family({ loc, scale })` makes it — so the family's constructor uses them as they are.
 */
export function locationScaleFromTheta(fn: string, theta: ArrayLike<number>, d: number, family: string): CheckedLocationScale {
  // One pass for a Float64Array θ whose every check passes (a fit asks every step); else the checked path below, which
  // gives the same arrays or the error that names the first bad entry.
  if (theta instanceof Float64Array && theta.length === 2 * d) {
    const loc = theta.slice(0, d);
    const scale = new Float64Array(d);
    const th = new Float64Array(2 * d);
    let ok = true;
    for (let j = 0; j < d; j++) {
      const s = Math.exp(theta[d + j]);
      // x − x is 0 for a finite loc and NaN otherwise; exp(log scale) within the range also rules out NaN and ±∞.
      ok = ok && loc[j] - loc[j] === 0 && s >= SCALE_MIN && s <= SCALE_MAX;
      scale[j] = s;
      th[j] = loc[j];
      th[d + j] = Math.log(s);
    }
    if (ok) return new CheckedLocationScale(loc, scale, th);
  }
  const t = checkTheta(fn, theta, 2 * d);
  const scale = expParams(fn, t, d, d, "log scale");
  checkParamRange(family, "scale", scale, SCALE_MIN, SCALE_MAX, SCALE_WHY);
  const loc = t.slice(0, d);
  const th = new Float64Array(2 * d);
  for (let j = 0; j < d; j++) {
    th[j] = loc[j];
    th[d + j] = Math.log(scale[j]);
  }
  return new CheckedLocationScale(loc, scale, th);
}

/** x = μ + σ ε for each row of ε (n×d); `fn` names the caller in errors (bad noise, x beyond float64's range). */
export function affineTransform(fn: string, loc: Float64Array, scale: Float64Array, noiseIn: unknown): Float64Array {
  const d = loc.length;
  const { noise } = checkNoise(fn, noiseIn, d);
  return finiteResult(fn, "x = μ + σ ε", affineInto(loc, scale, noise, new Float64Array(noise.length)), d);
}

/** x = μ + σ ε row by row (rows of width d = loc.length; x.length = noise.length, unchecked), into x; returns x. */
export function affineInto(loc: Float64Array, scale: Float64Array, noise: Float64Array, x: Float64Array): Float64Array {
  const d = loc.length;
  for (let i = 0; i < noise.length; i += d) {
    for (let j = 0; j < d; j++) x[i + j] = loc[j] + scale[j] * noise[i + j];
  }
  return x;
}

/** Row i: [gradX_i, gradX_i · σ ε_i] (∂x/∂μ = 1, ∂x/∂log σ = σ ε), row-major n×2d. */
export function affineTransformVjp(fn: string, scale: Float64Array, noiseIn: unknown, gradXIn: unknown): Float64Array {
  const d = scale.length;
  const { noise, gradX, n } = checkNoiseAndGrad(fn, noiseIn, gradXIn, d, d);
  const P = 2 * d;
  const rows = new Float64Array(n * P);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const g = gradX[i * d + j];
      rows[i * P + j] = g;
      rows[i * P + d + j] = g * (scale[j] * noise[i * d + j]);
    }
  }
  return finiteResult(fn, "the vector–Jacobian product", rows, P);
}

/**
 * diag(1/σ_j², …, c, …): the Fisher of a location–scale family whose standardized noise has location information 1
 * (in units of 1/σ²) and log-scale information c (Normal: 2, Laplace: 1).
 */
export function locationScaleFisher(scale: Float64Array, logScaleInfo: number): Float64Array {
  const d = scale.length;
  const P = 2 * d;
  const F = new Float64Array(P * P);
  for (let j = 0; j < d; j++) {
    F[j * P + j] = 1 / (scale[j] * scale[j]);
    F[(d + j) * P + d + j] = logScaleInfo;
  }
  return F;
}
