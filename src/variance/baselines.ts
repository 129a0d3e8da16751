/**
 * Baselines for the score-function estimator: the one home of the `Baseline` interface, its state and the
 * leave-one-out helpers.
 *
 *   ∇θ E[f(x)] = E[(f(x) − b) ∇θ log pθ(x)]   for any b independent of x, because E[∇θ log pθ(x)] = 0.
 *
 * A baseline computed from the same batch stays unbiased when the value used for sample i leaves sample i out
 * (it is then independent of x_i): the leave-one-out batch mean and the leave-one-out optimal per-coordinate
 * baseline below. A baseline that carries state across calls implements {@link Baseline} (an exponential moving
 * average lives in emaBaseline.ts) and is used through `scoreFunctionWithBaseline` or `baselineTransform`, which
 * both return the next state — there is no option that takes a state and drops the new one.
 * The sums are computed by the scaled prefix/suffix core in src/util/leaveOneOut.ts, so finite inputs never
 * overflow into NaN.
 * References: Williams (1992); Greensmith, Bartlett & Baxter (JMLR 2004); Mohamed et al. (JMLR 2020) §7.4;
 * Kool, van Hoof & Welling (2019) "Buy 4 REINFORCE samples, get a baseline for free!".
 */
import { leaveOneOutRatio } from "../util/leaveOneOut.js";
import { checkPositiveInt, show, toFiniteVector } from "../util/validate.js";

/**
 * A baseline with explicit, typed state carried from call to call (Optax style: `init` makes the state, `update`
 * returns a new one; nothing is mutated or hidden).
 *
 * Unbiasedness is by construction: `value` sees only the state, which was built from earlier batches, so it is
 * independent of the current samples.
 */
export interface Baseline<S> {
  /** A short name for messages, e.g. "ema(0.9)". */
  readonly name: string;
  /** The state before the first batch. */
  init(): S;
  /** The baseline b_j for each of the P gradient coordinates (length P), from the state alone. */
  value(state: S, paramSize: number): Float64Array;
  /** The state after seeing one batch: f values (n) and score rows (n×P). Must not mutate `state`. */
  update(state: S, fx: Float64Array, scores: Float64Array, paramSize: number): S;
}

/**
 * Leave-one-out batch mean b_i = (Σ_{k≠i} f_k)/(n − 1), length n. Independent of x_i, so (f_i − b_i) s_i is an
 * unbiased gradient term. Needs n ≥ 2 finite values; exact for values up to ±Number.MAX_VALUE (scaled sums).
 * @example leaveOneOutMean(new Float64Array([1, 2, 3])); // [2.5, 2, 1.5]
 */
export function leaveOneOutMean(fx: Float64Array | readonly number[]): Float64Array {
  const fn = "leaveOneOutMean";
  const f = toFiniteVector(fn, "fx", fx);
  if (f.length < 2) throw new Error(`${fn}: fx must hold at least 2 values, got ${show(fx)}`);
  return leaveOneOutRatio(f, null, null, f.length, 1);
}

/**
 * Leave-one-out estimate of the variance-optimal per-coordinate baseline
 *
 *   b*_j = E[f s_j²] / E[s_j²]      (minimizes Var[(f − b_j) s_j] over constants b_j)
 *
 * as b_{i,j} = Σ_{k≠i} f_k s_{k,j}² / Σ_{k≠i} s_{k,j}², row-major n×P. Row i uses every row but its own, so the
 * estimate Σ_i (f_i − b_{i,j}) s_{i,j} / n stays exactly unbiased. Where Σ_{k≠i} s_{k,j}² = 0 the ratio is
 * undefined and the leave-one-out mean of f is used (still independent of x_i). Needs n ≥ 2; f and the scores must
 * be finite (any finite size: a score of 1e154, whose square overflows, gives the right ratio).
 * Reference: Greensmith, Bartlett & Baxter (JMLR 2004) §5; Weaver & Tao (UAI 2001).
 * @example const b = leaveOneOutOptimal(fx, scores, n, P); // rows_ij = (fx[i] − b[i·P + j]) · scores[i·P + j]
 */
export function leaveOneOutOptimal(
  fx: Float64Array | readonly number[],
  scores: Float64Array | readonly number[],
  n: number,
  P: number,
): Float64Array {
  const fn = "leaveOneOutOptimal";
  checkPositiveInt(fn, "n", n);
  checkPositiveInt(fn, "P", P);
  if (n < 2) throw new Error(`${fn}: n must be at least 2 (leave-one-out), got ${n}`);
  const f = toFiniteVector(fn, "fx", fx, n);
  const s = toFiniteVector(fn, "scores", scores, n * P);
  return leaveOneOutRatio(f, s, s, n, P, () => leaveOneOutRatio(f, null, null, n, 1));
}

/** Checks a stateful baseline's value: length P, all finite. Shared by the routes that accept a {@link Baseline}. */
export function checkBaselineValue(fn: string, name: string, b: unknown, P: number): Float64Array {
  if (!(b instanceof Float64Array) || b.length !== P) {
    throw new Error(`${fn}: baseline ${name} must return a Float64Array of length ${P} from value(), got ${show(b)}`);
  }
  for (let j = 0; j < P; j++) {
    if (!Number.isFinite(b[j])) throw new Error(`${fn}: baseline ${name} returned value[${j}] = ${show(b[j])}; it must be finite`);
  }
  return b;
}

/** Checks that `baseline` is a {@link Baseline} object (init, value, update), naming `fn` otherwise. */
export function checkBaseline<S>(fn: string, baseline: Baseline<S>): Baseline<S> {
  if (
    typeof baseline !== "object" ||
    baseline === null ||
    typeof baseline.init !== "function" ||
    typeof baseline.value !== "function" ||
    typeof baseline.update !== "function"
  ) {
    throw new Error(`${fn}: baseline must be a Baseline object with init/value/update, got ${show(baseline)}`);
  }
  return baseline;
}
