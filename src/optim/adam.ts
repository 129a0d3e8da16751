/**
 * Adam as an optax-style transform.
 */
import { checkParamsObject, show } from "../util/validate.js";
import { checkCount, checkGrads, checkParamsLength, checkStateVector, checkUpdates, type GradientTransformation, type InPlaceStep } from "./transform.js";
import { applyUpdates } from "./applyUpdates.js";
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
  const hyper: AdamHyper = { b1, b2, eps };
  const transform: GradientTransformation<AdamState> = {
    init(params) {
      const P = checkParamsLength("adam.init", params);
      return { count: 0, mu: new Array<number>(P).fill(0), nu: new Array<number>(P).fill(0) };
    },
    update(grads, state) {
      const fn = "adam.update";
      const { count, P } = checkAdamState(fn, state);
      const g = checkGrads(fn, grads, P);
      const rate = learningRateAt(fn, lr, count);
      const c1 = 1 - Math.pow(b1, count + 1);
      const c2 = 1 - Math.pow(b2, count + 1);
      const mu = new Array<number>(P);
      const nu = new Array<number>(P);
      const updates = new Float64Array(P);
      for (let i = 0; i < P; i++) {
        if (!Number.isFinite(adamCoordinate(hyper, rate, c1, c2, g[i], state.mu[i], state.nu[i], mu, nu, updates, i))) {
          throw new Error(`${fn}: grads[${i}] = ${g[i]} overflows the second-moment average; clip the gradients first (clipByGlobalNorm)`);
        }
      }
      return { updates: checkUpdates(fn, updates), state: { count: count + 1, mu, nu } };
    },
    inPlace(state) {
      return new AdamInPlace(transform, { lr, ...hyper }, state);
    },
  };
  return transform;
}

/** Checks an Adam state as update reads it (count a non-negative integer, mu and nu finite and of one length). */
function checkAdamState(fn: string, state: AdamState): { count: number; P: number } {
  const count = checkCount(fn, state?.count);
  const P = checkStateVector(fn, "mu", state.mu);
  if (checkStateVector(fn, "nu", state.nu) !== P) throw new Error(`${fn}: state.mu and state.nu must have the same length, got ${P} and ${state.nu.length}`);
  return { count, P };
}

/** b1, b2, eps of an adam transform. */
interface AdamHyper {
  readonly b1: number;
  readonly b2: number;
  readonly eps: number;
}

/**
 * One coordinate of Adam's step t: writes m, v and the update at index i and returns v (the callers check it is
 * finite). The one place of Adam's arithmetic, so the transform and the in-place runner (inPlace) give the same bits.
 */
function adamCoordinate(h: AdamHyper, rate: number, c1: number, c2: number, g: number, m0: number, v0: number, mu: { [i: number]: number }, nu: { [i: number]: number }, updates: Float64Array, i: number): number {
  const m = h.b1 * m0 + (1 - h.b1) * g;
  const v = h.b2 * v0 + (1 - h.b2) * g * g;
  mu[i] = m;
  nu[i] = v;
  updates[i] = (-rate * (m / c1)) / (Math.sqrt(v / c2) + h.eps);
  return v;
}

/**
 * `adam(…).inPlace(state)`: the transform run in place for a long loop (vi fit): the moments live in Float64Arrays and
 * θ is updated where it is, with no per-step allocation. Each step is `transform.update` followed by applyUpdates to
 * the bit; a step those would reject (non-finite gradient, moment, update or θ) is redone through them, so the error
 * is theirs, word for word. `state()` is the transform's state (plain arrays, for checkpoints).
 */
class AdamInPlace implements InPlaceStep<AdamState> {
  private count: number;
  private mu: Float64Array;
  private nu: Float64Array;
  /** The next moments are written here, then swapped in: a rejected step leaves mu and nu as they were. */
  private muNext: Float64Array;
  private nuNext: Float64Array;
  private readonly updates: Float64Array;
  private readonly hyper: AdamHyper & { readonly lr: LearningRate };

  /** The in-place runner of `transform` (made by adam with `hyper`) from `state`, checked as update checks it. */
  constructor(
    private readonly transform: GradientTransformation<AdamState>,
    hyper: AdamHyper & { readonly lr: LearningRate },
    state: AdamState,
  ) {
    this.count = checkAdamState("adam.update", state).count;
    this.hyper = hyper;
    this.mu = Float64Array.from(state.mu);
    this.nu = Float64Array.from(state.nu);
    this.muNext = new Float64Array(this.mu.length);
    this.nuNext = new Float64Array(this.mu.length);
    this.updates = new Float64Array(this.mu.length);
  }

  /** Applies Adam's update for `grads` to `params` in place (params ← applyUpdates(params, update(grads).updates)). */
  step(grads: Float64Array, params: Float64Array): void {
    const P = this.mu.length;
    if (grads.length !== P || params.length !== P) {
      this.slowStep(grads, params);
      return;
    }
    // x − x is 0 for a finite x and NaN otherwise: one sum tests every gradient, moment and new θ entry.
    let test = 0;
    for (let i = 0; i < P; i++) test += grads[i] - grads[i];
    if (test !== 0) {
      this.slowStep(grads, params);
      return;
    }
    const rate = learningRateAt("adam.update", this.hyper.lr, this.count);
    const t = this.count + 1;
    const c1 = 1 - Math.pow(this.hyper.b1, t);
    const c2 = 1 - Math.pow(this.hyper.b2, t);
    const { mu, nu, muNext, nuNext, updates } = this;
    for (let i = 0; i < P; i++) {
      const v = adamCoordinate(this.hyper, rate, c1, c2, grads[i], mu[i], nu[i], muNext, nuNext, updates, i);
      const x = params[i] + updates[i];
      test += v - v + (x - x);
    }
    if (test !== 0) {
      this.slowStep(grads, params);
      return;
    }
    for (let i = 0; i < P; i++) params[i] += updates[i];
    this.mu = muNext;
    this.nu = nuNext;
    this.muNext = mu;
    this.nuNext = nu;
    this.count = t;
  }

  /** The transform's state now: { count, mu, nu } as plain arrays. */
  state(): AdamState {
    return { count: this.count, mu: Array.from(this.mu), nu: Array.from(this.nu) };
  }

  /** The step through transform.update and applyUpdates (which throw the errors a bad step deserves). */
  private slowStep(grads: Float64Array, params: Float64Array): void {
    const out = this.transform.update(grads, this.state(), params);
    params.set(applyUpdates(params, out.updates));
    this.count = out.state.count;
    this.mu.set(out.state.mu);
    this.nu.set(out.state.nu);
  }
}
