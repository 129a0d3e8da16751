/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum, as an optax-style transform.
 */
import { checkParamsObject, show } from "../util/validate.js";
import { checkCount, checkGrads, checkParamsLength, checkStateVector, checkUpdates, type GradientTransformation } from "./transform.js";
import { checkLearningRate, learningRateAt, type LearningRate } from "./schedule.js";

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** Step size (finite, > 0) or a schedule step ↦ rate. */
  learningRate: LearningRate;
  /** Momentum coefficient μ in [0, 1); 0 (default) is plain SGD. */
  momentum?: number;
  /** Use Nesterov's look-ahead form of momentum. Default false. */
  nesterov?: boolean;
}

/** State of {@link sgd}: the number of updates so far and the momentum trace (plain arrays: JSON-safe). */
export interface SgdState {
  readonly count: number;
  readonly trace: readonly number[];
}

/**
 * SGD: with trace t ← g + μ t, the update is −lr·t (heavy ball, Polyak 1964) or −lr·(g + μ t) (Nesterov 1983, in the
 * form of Sutskever et al. 2013); with μ = 0 it is −lr·g. Matches optax.sgd.
 * @example
 * const opt = sgd({ learningRate: 0.1, momentum: 0.9 });
 * let state = opt.init(theta);
 * const { updates, state: next } = opt.update(grad, state); theta = applyUpdates(theta, updates); state = next;
 */
export function sgd(options: SgdOptions): GradientTransformation<SgdState> {
  const { learningRate, momentum = 0, nesterov = false } = checkParamsObject<SgdOptions>("sgd", options, "{ learningRate: 0.1 }");
  const lr = checkLearningRate("sgd", learningRate);
  if (typeof momentum !== "number" || !(momentum >= 0 && momentum < 1)) {
    throw new Error(`sgd: momentum must be a number in [0, 1), got ${show(momentum)}`);
  }
  if (typeof nesterov !== "boolean") throw new Error(`sgd: nesterov must be a boolean, got ${show(nesterov)}`);
  return {
    init(params) {
      const P = checkParamsLength("sgd.init", params);
      return { count: 0, trace: new Array<number>(P).fill(0) };
    },
    update(grads, state) {
      const fn = "sgd.update";
      const count = checkCount(fn, state?.count);
      const P = checkStateVector(fn, "trace", state.trace);
      const g = checkGrads(fn, grads, P);
      const rate = learningRateAt(fn, lr, count);
      const trace = new Array<number>(P);
      const updates = new Float64Array(P);
      for (let i = 0; i < P; i++) {
        const t = g[i] + momentum * state.trace[i];
        trace[i] = t;
        updates[i] = -rate * (nesterov ? g[i] + momentum * t : t);
      }
      return { updates: checkUpdates(fn, updates), state: { count: count + 1, trace } };
    },
  };
}
