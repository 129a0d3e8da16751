/**
 * Small MDPs for the rl tests, written against the Env contract (src/rl/env.ts), with their exact objective J(θ) and
 * gradient ∇J(θ) by enumeration for a softmax-linear policy — computed here from the definitions (softmax, its
 * closed-form score (e_a − p) ⊗ [x, 1]), independently of src/rl.
 *
 * Chain: start s0; action a gives reward R0[a] and moves to s1, s2 or ends (TRANS[a]); from s1 or s2 any action gives
 * reward R1[s][a] and ends. Episodes have length 1 or 2. Bandit: one state, K arms with fixed rewards.
 */
import type { Env, StepResult, BoxSpace, DiscreteSpace, UnwrappedEnv } from "../../src/rl/env.js";
import { foldIn, key } from "../../src/random/key.js";
import type { Policy } from "../../src/rl/policy/policy.js";
import type { Rollout } from "../../src/rl/rollout.js";
import { collectEpisodes } from "../../src/rl/collectEpisodes.js";
import { Stream } from "../../src/random/stream.js";

export const CHAIN_OBS = [
  [1, 0, 0.5],
  [0, 1, -0.3],
  [0.4, -1, 1],
];
/** From s0 under action a: probabilities of [s1, s2, end]. */
export const CHAIN_TRANS = [
  [0.8, 0.2, 0],
  [0, 0.6, 0.4],
];
export const CHAIN_R0 = [1, 0];
/** Rewards from s1 and s2 (index 1, 2) per action. */
export const CHAIN_R1: Record<number, number[]> = { 1: [2, -1], 2: [-0.5, 3] };

/** A minimal Env over a finite state set; `state` holds [state index, steps]. */
abstract class ToyEnv implements Env {
  abstract readonly id: string;
  abstract readonly observationSpace: BoxSpace;
  readonly actionSpace: DiscreteSpace = { kind: "discrete", n: 2 };
  protected s = 0;
  protected done = true;
  protected stream = new Stream(key(0));
  state = new Float64Array(1);
  get unwrapped(): UnwrappedEnv {
    return this as unknown as UnwrappedEnv;
  }
  reset(options?: { seed?: number }) {
    if (options?.seed !== undefined) this.stream = new Stream(key(options.seed));
    this.s = 0;
    this.done = false;
    return { observation: this.obs(), info: {} };
  }
  abstract obs(): Float64Array;
  abstract step(action: number | readonly number[] | Float64Array): StepResult;
  protected checkAction(action: unknown): number {
    if (this.done) throw new Error(`${this.id}.step: called after the episode ended; call reset()`);
    if (typeof action !== "number" || !Number.isInteger(action) || action < 0 || action >= this.actionSpace.n) {
      throw new Error(`${this.id}.step: action must be an integer in [0, ${this.actionSpace.n}), got ${String(action)}`);
    }
    return action;
  }
}

export class ChainEnv extends ToyEnv {
  readonly id = "Chain";
  readonly observationSpace: BoxSpace = { kind: "box", low: new Float64Array(3).fill(-Infinity), high: new Float64Array(3).fill(Infinity), shape: [3] };
  obs(): Float64Array {
    return Float64Array.from(CHAIN_OBS[this.s]);
  }
  step(action: number | readonly number[] | Float64Array): StepResult {
    const a = this.checkAction(action);
    if (this.s === 0) {
      const u = this.stream.uniform();
      const [p1, p2] = CHAIN_TRANS[a];
      const next = u < p1 ? 1 : u < p1 + p2 ? 2 : -1;
      if (next === -1) {
        this.done = true;
        return { observation: this.obs(), reward: CHAIN_R0[a], terminated: true, truncated: false, info: {} };
      }
      this.s = next;
      return { observation: this.obs(), reward: CHAIN_R0[a], terminated: false, truncated: false, info: {} };
    }
    this.done = true;
    return { observation: this.obs(), reward: CHAIN_R1[this.s][a], terminated: true, truncated: false, info: {} };
  }
}

export const BANDIT_REWARDS = [1, -0.5, 2];

/** A 3-armed bandit with one observation [1, −0.5] and deterministic rewards; episodes of length 1. */
export class BanditEnv extends ToyEnv {
  readonly id = "Bandit";
  override readonly actionSpace: DiscreteSpace = { kind: "discrete", n: 3 };
  readonly observationSpace: BoxSpace = { kind: "box", low: new Float64Array(2).fill(-Infinity), high: new Float64Array(2).fill(Infinity), shape: [2] };
  obs(): Float64Array {
    return new Float64Array([1, -0.5]);
  }
  step(action: number | readonly number[] | Float64Array): StepResult {
    const a = this.checkAction(action);
    this.done = true;
    return { observation: this.obs(), reward: BANDIT_REWARDS[a], terminated: true, truncated: false, info: {} };
  }
}

/** softmax(W x + b) for θ = [W (K × d row-major), b (K)] (the layout of linear(d, K)). */
export function softmaxLinear(theta: ArrayLike<number>, x: readonly number[], K: number): number[] {
  const d = x.length;
  const z = Array.from({ length: K }, (_, k) => {
    let s = theta[K * d + k];
    for (let j = 0; j < d; j++) s += theta[k * d + j] * x[j];
    return s;
  });
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const tot = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / tot);
}

/** ∇θ log softmax(W x + b)_a = [(e_a − p) ⊗ x, e_a − p]. */
export function softmaxLinearScore(theta: ArrayLike<number>, x: readonly number[], K: number, a: number): number[] {
  const p = softmaxLinear(theta, x, K);
  const d = x.length;
  const g = new Array<number>(K * d + K).fill(0);
  for (let k = 0; k < K; k++) {
    const c = (k === a ? 1 : 0) - p[k];
    for (let j = 0; j < d; j++) g[k * d + j] = c * x[j];
    g[K * d + k] = c;
  }
  return g;
}

/** One trajectory of the chain: probability, its steps (state, action, reward) and its score sums. */
export interface ChainPath {
  readonly prob: number;
  readonly steps: readonly { s: number; a: number; r: number }[];
}

/** All trajectories of the chain under θ with their probabilities. */
export function chainPaths(theta: ArrayLike<number>): ChainPath[] {
  const out: ChainPath[] = [];
  const p0 = softmaxLinear(theta, CHAIN_OBS[0], 2);
  for (let a0 = 0; a0 < 2; a0++) {
    const first = { s: 0, a: a0, r: CHAIN_R0[a0] };
    const endP = CHAIN_TRANS[a0][2];
    if (endP > 0) out.push({ prob: p0[a0] * endP, steps: [first] });
    for (const s1 of [1, 2]) {
      const tp = CHAIN_TRANS[a0][s1 - 1];
      if (tp === 0) continue;
      const p1 = softmaxLinear(theta, CHAIN_OBS[s1], 2);
      for (let a1 = 0; a1 < 2; a1++) out.push({ prob: p0[a0] * tp * p1[a1], steps: [first, { s: s1, a: a1, r: CHAIN_R1[s1][a1] }] });
    }
  }
  return out;
}

/** Exact J_γ(θ) = E[Σ_t γ^t r_t] of the chain. */
export function chainObjective(theta: ArrayLike<number>, gamma: number): number {
  return chainPaths(theta).reduce((s, p) => s + p.prob * p.steps.reduce((r, st, t) => r + gamma ** t * st.r, 0), 0);
}

/**
 * Exact moments over trajectories of a per-trajectory row function: E[row] and E[row²] (per coordinate), by
 * enumeration of the chain.
 */
export function chainMoments(theta: ArrayLike<number>, row: (path: ChainPath, scores: number[][]) => number[]): { mean: number[]; meanSq: number[] } {
  const paths = chainPaths(theta);
  let mean: number[] = [];
  let meanSq: number[] = [];
  for (const path of paths) {
    const scores = path.steps.map((st) => softmaxLinearScore(theta, CHAIN_OBS[st.s], 2, st.a));
    const r = row(path, scores);
    if (mean.length === 0) {
      mean = new Array(r.length).fill(0);
      meanSq = new Array(r.length).fill(0);
    }
    r.forEach((v, j) => {
      mean[j] += path.prob * v;
      meanSq[j] += path.prob * v * v;
    });
  }
  return { mean, meanSq };
}

/** Exact ∇θ J_γ of the chain: E[R_γ(τ) Σ_t ∇ log π(a_t|s_t)]. */
export function chainGradient(theta: ArrayLike<number>, gamma: number): number[] {
  return chainMoments(theta, (path, scores) => {
    const R = path.steps.reduce((r, st, t) => r + gamma ** t * st.r, 0);
    return scores[0].map((_, j) => R * scores.reduce((s, sc) => s + sc[j], 0));
  }).mean;
}

/** K independent batches of E episodes each (one env per episode), each turned into one estimate per variant. */
export function batchEstimates(
  makeEnv: () => Env,
  policy: Policy,
  theta: Float64Array,
  K: number,
  E: number,
  seed: number,
  variants: readonly ((r: Rollout) => Float64Array)[],
): Float64Array[] {
  const P = policy.paramSize;
  const out = variants.map(() => new Float64Array(K * P));
  const envs = Array.from({ length: E }, makeEnv);
  const root = key(seed);
  envs.forEach((env, e) => env.reset({ seed: seed * 1000 + e }));
  for (let b = 0; b < K; b++) {
    const { rollout } = collectEpisodes(foldIn(root, b), envs, policy, theta);
    variants.forEach((v, j) => out[j].set(v(rollout), b * P));
  }
  return out;
}

