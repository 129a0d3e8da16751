/**
 * Exact expectations over a small finite support: the truth against which Monte Carlo gradients of discrete
 * problems are checked. With every outcome x listed by `dist.enumerateSupport()` (a family fact),
 *
 *   E[f] = Σ_x p(x) f(x),   ∇θ E[f] = Σ_x p(x) f(x) ∇θ log p(x),
 *   Var[f(x) s_j(x)] = Σ_x p(x) (f(x) s_j(x))² − (∇θ E[f])_j²   (the plain score-function row variance)
 *
 * computed in float64 with no sampling at all.
 */
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { evaluateRows, type SampleFunction } from "../estimators/result.js";
import { show } from "../util/validate.js";

/** What {@link exactExpectation} computes. */
export interface ExactExpectation {
  /** E[f(x)]. */
  readonly value: number;
  /** ∇θ E[f(x)], length P. */
  readonly gradient: Float64Array;
  /** Per-coordinate variance of one plain score-function row f(x) ∇θ log p(x), length P. */
  readonly scoreFunctionVariance: Float64Array;
  /** The number of outcomes summed over (f was evaluated once at each). */
  readonly outcomes: number;
}

/**
 * E[f], its exact gradient and the exact per-sample variance of the score-function estimator, by summing over every
 * outcome of a family with a finite support (Bernoulli, Categorical; at most 2²⁰ outcomes). Throws, naming the
 * family, for an infinite support.
 * @example
 *   const e = exactExpectation((x) => 5 + 3 * x[0] - 2 * x[1], new Bernoulli({ logits: [0.5, -1] }));
 *   e.gradient; // [3 σ(0.5)(1 − σ(0.5)), −2 σ(−1)(1 − σ(−1))]
 */
export function exactExpectation(f: SampleFunction, dist: Distribution): ExactExpectation {
  const fn = "exactExpectation";
  checkDistribution(fn, dist);
  if (typeof dist.enumerateSupport !== "function") throw new Error(`${fn}: dist must declare enumerateSupport() (a finite support), got ${show(dist.name)}`);
  let outcomesX: Float64Array;
  try {
    outcomesX = dist.enumerateSupport();
  } catch (e) {
    throw new Error(`${fn}: ${(e as Error).message}`);
  }
  const d = dist.dim;
  const P = dist.paramSize;
  const m = outcomesX.length / d;
  const lp = dist.logProb(outcomesX);
  const s = dist.score(outcomesX);
  const fx = evaluateRows(fn, f, outcomesX, m, d);
  let value = 0;
  const gradient = new Float64Array(P);
  const second = new Float64Array(P);
  for (let i = 0; i < m; i++) {
    const p = Math.exp(lp[i]);
    value += p * fx[i];
    for (let j = 0; j < P; j++) {
      const r = fx[i] * s[i * P + j];
      gradient[j] += p * r;
      second[j] += p * r * r;
    }
  }
  const scoreFunctionVariance = second.map((v, j) => Math.max(v - gradient[j] * gradient[j], 0));
  if (![value, ...gradient, ...second].every(Number.isFinite)) {
    throw new Error(`${fn}: E[f], its gradient or the score-function variance is not finite in float64 (f's values are too large; rescale f)`);
  }
  return { value, gradient, scoreFunctionVariance, outcomes: m };
}
