/**
 * Adam as an optax-style transform.
 */
import { checkParamsObject, show } from "../util/validate.js";
import { checkCount, checkGrads, checkParamsLength, checkStateVector, checkUpdates, type GradientTransformation } from "./transform.js";
import { checkLearningRate, learningRateAt, type LearningRate } from "./schedule.js";

/** Options of {@link adam}. */
export interface AdamOptions {
  /** Step size (finite, > 0) or a schedule step ↦ rate. */
  learningRate: LearningRate;
  /** Decay of the first-moment average, in [0, 1). Default 0.9. */
  b1?: number;
  /** Decay of the second-moment average, in [0, 1). Default 0.999. */
  b2?: number;
  /** Added to √v̂ in the denominator; finite and > 0 (so a zero gradient gives a zero update, never 0/0). Default 1e-8. */
  eps?: number;
}

/** State of {@link adam}: step count and the two moment averages (plain arrays: JSON-safe). */
export interface AdamState {
  readonly count: number;
  readonly mu: readonly number[];
  readonly nu: readonly number[];
}

/**
 * Adam (Kingma & Ba, ICLR 2015): m ← b1 m + (1−b1) g, v ← b2 v + (1−b2) g², t ← t + 1,
 * update = −lr · m̂ / (√v̂ + eps) with m̂ = m/(1−b1ᵗ), v̂ = v/(1−b2ᵗ). Matches optax.adam (eps outside the root).
 * @example
 * const opt = adam({ learningRate: 1e-2 });
 * let state = opt.init(theta);
 * ({ updates, state } = opt.update(grad, state)); theta = applyUpdates(theta, updates);
 */
export function adam(options: AdamOptions): GradientTransformation<AdamState> {
  const { learningRate, b1 = 0.9, b2 = 0.999, eps = 1e-8 } = checkParamsObject<AdamOptions>("adam", options, "{ learningRate: 1e-3 }");
  const lr = checkLearningRate("adam", learningRate);
  if (typeof b1 !== "number" || !(b1 >= 0 && b1 < 1)) throw new Error(`adam: b1 must be a number in [0, 1), got ${show(b1)}`);
  if (typeof b2 !== "number" || !(b2 >= 0 && b2 < 1)) throw new Error(`adam: b2 must be a number in [0, 1), got ${show(b2)}`);
  if (typeof eps !== "number" || !Number.isFinite(eps) || eps <= 0) throw new Error(`adam: eps must be a finite number > 0, got ${show(eps)}`);
  return {
    init(params) {
      const P = checkParamsLength("adam.init", params);
      return { count: 0, mu: new Array<number>(P).fill(0), nu: new Array<number>(P).fill(0) };
    },
    update(grads, state) {
      const fn = "adam.update";
      const count = checkCount(fn, state?.count);
      const P = checkStateVector(fn, "mu", state.mu);
      if (checkStateVector(fn, "nu", state.nu) !== P) {
        throw new Error(`${fn}: state.mu and state.nu must have the same length, got ${P} and ${state.nu.length}`);
      }
      const g = checkGrads(fn, grads, P);
      const rate = learningRateAt(fn, lr, count);
      const t = count + 1;
      const c1 = 1 - Math.pow(b1, t);
      const c2 = 1 - Math.pow(b2, t);
      const mu = new Array<number>(P);
      const nu = new Array<number>(P);
      const updates = new Float64Array(P);
      for (let i = 0; i < P; i++) {
        const m = b1 * state.mu[i] + (1 - b1) * g[i];
        const v = b2 * state.nu[i] + (1 - b2) * g[i] * g[i];
        if (!Number.isFinite(v)) {
          throw new Error(`${fn}: grads[${i}] = ${g[i]} overflows the second-moment average; clip the gradients first (clipByGlobalNorm)`);
        }
        mu[i] = m;
        nu[i] = v;
        updates[i] = (-rate * (m / c1)) / (Math.sqrt(v / c2) + eps);
      }
      return { updates: checkUpdates(fn, updates), state: { count: t, mu, nu } };
    },
  };
}
