/**
 * Control variates for the score-function estimator.
 *
 *   g̃_{i,j} = g_{i,j} − c_j (H_{i,j} − E[H_j])        E[g̃] = E[g] for any c_j independent of sample i
 *
 * A control variate is `{ value, expectation, update }` (the triple of mc_gradients): `value` gives H (n×P, one
 * column per gradient coordinate) at the samples, `expectation` its known mean E[H_j] under the distribution — the
 * claim that unbiasedness rests on, auditable with `checkControlVariate` — and `update` the state for the next
 * batch. Typical forms: H_{i,j} = h(x_i) s_{i,j} with E[H_j] = ∂E[h]/∂θ_j (a function h whose expectation is known
 * as a function of θ), and H = s itself with E[s] = 0.
 *
 * The coefficient. The variance-optimal c_j = Cov(g_j, H_j)/Var(H_j) is unknown and estimated here from the same
 * batch, leave-one-out: c_{i,j} = Σ_{k≠i} g_{k,j} u_{k,j} / Σ_{k≠i} u_{k,j}², u = H − E[H] (the known mean makes
 * Σ g u an unbiased Cov numerator). Why leave-one-out rather than the plain batch estimate or a separate batch:
 * the plain batch estimate uses x_i inside c and is biased by O(1/n); a separate pilot batch is unbiased but costs
 * extra evaluations of f; leave-one-out is exactly unbiased, reuses all n samples and loses only O(1/n) of the
 * optimal reduction. The price is that rows become coupled (the row-based standard error slightly understates the
 * spread of the mean) and that the input rows must be independent across samples (see transform.ts).
 * References: Mohamed et al. (JMLR 2020) §7.4; Ross, Simulation (2013) ch. 9; Paisley, Blei & Jordan (ICML 2012).
 */
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { leaveOneOutRatio } from "../util/leaveOneOut.js";
import { checkOptionsObject, checkPositiveInt, show, toFiniteVector } from "../util/validate.js";
import { checkScoreBatch, type ScoreBatch, type VarianceTransform } from "./transform.js";

/** A control variate with state S (`null` for stateless ones). */
export interface ControlVariate<S> {
  readonly name: string;
  /** The control variate's initial state (`null` for stateless ones). */
  init(): S;
  /** H at the samples: row-major n×P, from x (n×dim) and the scores (n×P) under `dist`. */
  value(dist: Distribution, x: Float64Array, scores: Float64Array, state: S): Float64Array;
  /** E[H_j] under `dist`, length P — known in closed form. */
  expectation(dist: Distribution, state: S): Float64Array;
  /** The state for the next batch. Must not mutate `state`. */
  update(batch: ScoreBatch, state: S): S;
}

/**
 * Checks the arguments of a control variate's `value(dist, x, scores)`: a distribution, x of n ≥ 1 rows of dim and
 * scores of n·P (O(1)); returns n. The error names `fn` and the argument.
 */
export function checkValueArguments(fn: string, dist: unknown, x: unknown, scores: unknown): number {
  const d = checkDistribution(fn, dist);
  if (!(x instanceof Float64Array) || x.length === 0 || x.length % d.dim !== 0) throw new Error(`${fn}: x must be a Float64Array of n×dim = n×${d.dim} samples, got ${show(x)}`);
  const n = x.length / d.dim;
  if (!(scores instanceof Float64Array) || scores.length !== n * d.paramSize) throw new Error(`${fn}: scores must be a Float64Array of n×P = ${n}×${d.paramSize} numbers, got ${show(scores)}`);
  return n;
}

/**
 * The score itself as a control variate: H = s, E[s] = 0. With the leave-one-out coefficient applied to the raw
 * rows f·s this is exactly the leave-one-out optimal baseline b_j = E[f s_j²]/E[s_j²].
 * @example const t = controlVariateTransform(scoreControlVariate());
 */
export function scoreControlVariate(): ControlVariate<null> {
  return {
    name: "score",
    init: () => null,
    value: (dist, x, scores) => {
      checkValueArguments("scoreControlVariate.value", dist, x, scores);
      return scores.slice();
    },
    expectation: (dist) => new Float64Array(checkDistribution("scoreControlVariate.expectation", dist).paramSize),
    update: () => null,
  };
}

/**
 * A function h with a known expectation as a function of θ: H_{i,j} = h(x_i) s_{i,j} and, because
 * ∂E[h]/∂θ_j = E[h s_j], E[H_j] = `gradExpectation(dist)[j]`.
 * @example
 *   // h(x) = x under N(μ, σ²) with θ = [μ, log σ]: E[h] = μ, so ∂E[h]/∂θ = [1, 0].
 *   const cv = functionControlVariate((x) => x[0], () => [1, 0]);
 * Reference: Mohamed et al. (JMLR 2020) §7.4; mc_gradients `control_variates.py`.
 */
export function functionControlVariate(
  h: (x: Float64Array) => number,
  gradExpectation: (dist: Distribution) => ArrayLike<number>,
  name = "function",
): ControlVariate<null> {
  const fn = "functionControlVariate";
  if (typeof h !== "function") throw new Error(`${fn}: h must be a function of one sample, got ${show(h)}`);
  if (typeof gradExpectation !== "function") throw new Error(`${fn}: gradExpectation must be a function of the distribution, got ${show(gradExpectation)}`);
  return {
    name,
    init: () => null,
    value(dist, x, scores) {
      const n = checkValueArguments(`${fn}.value`, dist, x, scores);
      const d = dist.dim;
      const P = dist.paramSize;
      const H = new Float64Array(n * P);
      for (let i = 0; i < n; i++) {
        const xi = x.subarray(i * d, (i + 1) * d);
        const v = h(xi);
        if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${fn}: h returned ${show(v)} at sample ${i} (x = ${show(xi)}); it must be finite`);
        for (let j = 0; j < P; j++) H[i * P + j] = v * scores[i * P + j];
      }
      return H;
    },
    expectation(dist) {
      checkDistribution(`${fn}.expectation`, dist);
      return toLengthP(fn, "gradExpectation(dist)", gradExpectation(dist), dist.paramSize);
    },
    update: () => null,
  };
}

/** Options of {@link controlVariateTransform}. */
export interface ControlVariateOptions {
  /** "leaveOneOut" (default): per-coordinate optimal c estimated leave-one-out. A number: that fixed c for all. */
  coefficient?: "leaveOneOut" | number;
}

/**
 * A control variate as a {@link VarianceTransform}: rows_{i,j} ← rows_{i,j} − c_{i,j} (H_{i,j} − E[H_j]), with
 * the coefficient of {@link ControlVariateOptions}. The state is the control variate's state.
 * With the leave-one-out coefficient the transform needs independent input rows, so in `chainVariance` it must
 * come before any leave-one-out baseline (the chain throws otherwise).
 * @example
 *   const t = controlVariateTransform(deltaMethodControlVariate(f, grad, hessian));
 *   const { estimate } = scoreFunctionWithTransform(f, dist, key(0), t, t.init(), { numSamples: 100 });
 */
export function controlVariateTransform<S>(cv: ControlVariate<S>, options: ControlVariateOptions = {}): VarianceTransform<S> {
  const { coefficient = "leaveOneOut" } = checkOptionsObject<NonNullable<typeof options>>("controlVariateTransform", options);
  const fn = "controlVariateTransform";
  if (typeof cv !== "object" || cv === null || typeof cv.value !== "function" || typeof cv.expectation !== "function" || typeof cv.update !== "function") {
    throw new Error(`${fn}: cv must be a control variate { init, value, expectation, update }, got ${show(cv)}`);
  }
  const loo = coefficient === "leaveOneOut";
  if (!loo && (typeof coefficient !== "number" || !Number.isFinite(coefficient))) {
    throw new Error(`${fn}: coefficient must be "leaveOneOut" or a finite number, got ${show(coefficient)}`);
  }
  return {
    name: `controlVariate(${cv.name})`,
    couplesRows: loo,
    needsIndependentRows: loo,
    init: () => cv.init(),
    apply(batch, state) {
      const { n, paramSize: P } = checkScoreBatch(`${fn}.apply`, batch);
      if (loo && n < 2) throw new Error(`${fn}: the leave-one-out coefficient needs n ≥ 2 samples, got ${n}`);
      const H = toLengthP(fn, "cv.value(…)", cv.value(batch.dist, batch.x, batch.scores, state), n * P);
      const m = toLengthP(fn, "cv.expectation(dist)", cv.expectation(batch.dist, state), P);
      const u = new Float64Array(n * P);
      for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) u[i * P + j] = H[i * P + j] - m[j];
      const c = loo ? leaveOneOutCoefficient(batch.rows, u, n, P) : null;
      const rows = new Float64Array(batch.rows);
      for (let k = 0; k < n * P; k++) rows[k] -= (c ? c[k] : (coefficient as number)) * u[k];
      return { rows, state: cv.update(batch, state) };
    },
  };
}

/**
 * The leave-one-out control-variate coefficient c_{i,j} = Σ_{k≠i} g_{k,j} u_{k,j} / Σ_{k≠i} u_{k,j}² (0 where the
 * denominator is 0), row-major n×P, from gradient rows g and centred control-variate rows u (both n×P, finite).
 * Computed with scaled prefix/suffix sums, so finite rows never overflow into NaN. Needs n ≥ 2.
 * @example const c = leaveOneOutCoefficient(rows, u, n, P); // rows_ij − c_ij · u_ij keeps the mean
 */
export function leaveOneOutCoefficient(g: Float64Array, u: Float64Array, n: number, P: number): Float64Array {
  const fn = "leaveOneOutCoefficient";
  checkPositiveInt(fn, "n", n);
  checkPositiveInt(fn, "P", P);
  if (n < 2) throw new Error(`${fn}: n must be at least 2 (leave-one-out), got ${n}`);
  const c = leaveOneOutRatio(toFiniteVector(fn, "g", g, n * P), null, toFiniteVector(fn, "u", u, n * P), n, P);
  for (let k = 0; k < c.length; k++) {
    if (!Number.isFinite(c[k])) {
      throw new Error(
        `${fn}: the coefficient of row ${Math.floor(k / P)}, coordinate ${k % P} is beyond float64's range (the other rows' u are too small for their g: Σgu/Σu² overflows); rescale u`,
      );
    }
  }
  return c;
}

/** Copies an array-like of the expected length into a Float64Array, refusing non-finite entries. */
export function toLengthP(fn: string, what: string, v: unknown, length: number): Float64Array {
  const a = v as ArrayLike<number>;
  if (typeof v !== "object" || v === null || typeof a.length !== "number" || a.length !== length) {
    throw new Error(`${fn}: ${what} must be ${length} finite numbers, got ${show(v)}`);
  }
  const out = new Float64Array(length);
  for (let k = 0; k < length; k++) {
    if (typeof a[k] !== "number" || !Number.isFinite(a[k])) throw new Error(`${fn}: ${what}[${k}] must be a finite number, got ${show(a[k])}`);
    out[k] = a[k];
  }
  return out;
}
