/**
 * PPO-clip (Schulman, Wolski, Dhariwal, Radford & Klimov 2017, "Proximal policy optimization algorithms"): several
 * epochs of minibatch Adam steps on
 *
 *   L(θ) = E_t[ max(−A_t r_t, −A_t clip(r_t, 1 − ε, 1 + ε)) ] − c_H E_t[H(π(·|s_t))] + c_V · ½ E_t[(V(s_t) − R_t)²],
 *
 * r_t = π_θ(a_t|s_t)/π_old(a_t|s_t), from one batch of on-policy steps. ∂L/∂ log π_t = −A_t r_t where the clip is
 * inactive (else 0), so the surrogate's gradient is Σ_t w_t ∇θ log π(a_t|s_t) — the distribution's score pulled back
 * in one VJP with per-step weights w_t — plus the entropy term's cotangent. The value loss is optionally clipped as in
 * the OpenAI baselines / CleanRL implementation; the policy θ and the critic θ_V share one Adam with global-norm
 * clipping of their joint gradient (CleanRL's ppo.py). Logged per update: the approximate KL E[(r − 1) − log r]
 * (Schulman's k3 estimator) and the fraction of steps with |r − 1| > ε.
 */
import { assertKey, foldIn, type Key } from "../random/key.js";
import { permutation } from "../random/permutation.js";
import { adam, type AdamState } from "../optim/adam.js";
import { applyUpdates } from "../optim/applyUpdates.js";
import { chain } from "../optim/chain.js";
import { clipByGlobalNorm } from "../optim/clip.js";
import { standardize } from "../optim/standardize.js";
import type { EmptyState } from "../optim/transform.js";
import { checkBatch, checkParamVector, checkParameterization, checkPolicy, checkWeights, type Parameterization } from "./policy/parameterization.js";
import { fail } from "../util/validate.js";
import type { Policy } from "./policy/policy.js";
import { entropyGradient } from "./policyTerms.js";
import { ppoConfig, type PpoConfig, type PpoOptions } from "./ppoOptions.js";

/** A batch of on-policy steps (n rows) with the quantities PPO holds fixed during its epochs. */
export interface PpoBatch {
  readonly observations: Float64Array;
  readonly actions: Float64Array;
  /** log π_old(a_t|s_t). */
  readonly logProbs: Float64Array;
  readonly advantages: Float64Array;
  /** Targets R_t of the value function (advantages + old values for GAE). */
  readonly returns: Float64Array;
  /** V_old(s_t). */
  readonly values: Float64Array;
}

/** The policy and its critic; θ = [θ_π, θ_V] in one vector. */
export interface ActorCritic {
  readonly policy: Policy;
  readonly critic: Parameterization;
}

/** Diagnostics of one loss evaluation or one update (means over minibatches for an update). */
export interface PpoStats {
  readonly policyLoss: number;
  readonly valueLoss: number;
  readonly entropy: number;
  readonly approxKl: number;
  readonly clipFraction: number;
}

/** The optimizer state of PPO: chain(clipByGlobalNorm, adam). JSON-safe. */
export type PpoOptState = readonly [EmptyState, AdamState];

const optimizer = (c: PpoConfig, learningRate: number) => chain(clipByGlobalNorm(c.maxGradNorm), adam({ learningRate, eps: c.adamEps }));

/**
 * The initial optimizer state for θ = [θ_π, θ_V].
 * @example let optState = ppoInit(theta); // then ({ theta, optState } = ppoUpdate(k, ac, theta, optState, batch))
 */
export function ppoInit(theta: Float64Array, options: PpoOptions = {}): PpoOptState {
  const c = ppoConfig(options);
  return optimizer(c, c.learningRate).init(theta) as unknown as PpoOptState;
}

/**
 * Checks the arguments {@link ppoLoss} and {@link ppoUpdate} share: the actor–critic, θ = [θ_π, θ_V] and a batch of n
 * states (observations n × obsDim, actions n × actionDim, and n finite logProbs, advantages, returns and values).
 */
function checkPpoArguments(fn: string, ac: ActorCritic, theta: unknown, mb: PpoBatch): void {
  if (ac === null || typeof ac !== "object") fail(fn, "ac", "an actor–critic { policy, critic }", ac);
  const policy = checkPolicy<Policy>(fn, ac.policy, "ac.policy");
  const critic = checkParameterization(fn, ac.critic, "ac.critic");
  checkParamVector(fn, theta, policy.paramSize + critic.paramSize);
  if (mb === null || typeof mb !== "object") fail(fn, "batch", "a PpoBatch { observations, actions, logProbs, advantages, returns, values }", mb);
  const n = checkBatch(fn, "batch.observations", mb.observations, policy.observationDim);
  checkBatch(fn, "batch.actions", mb.actions, policy.actionDim, n);
  for (const k of ["logProbs", "advantages", "returns", "values"] as const) checkWeights(fn, mb[k], n, `batch.${k}`);
}

/**
 * L(θ) on one minibatch (advantages used as given) and its exact gradient ∇θ L, length P_π + P_V.
 * @example const { loss, gradient } = ppoLoss(ac, theta, minibatch, { clipCoef: 0.2 });
 */
export function ppoLoss(ac: ActorCritic, theta: Float64Array, mb: PpoBatch, options: PpoOptions = {}): { loss: number; gradient: Float64Array; stats: PpoStats } {
  const c = ppoConfig(options);
  checkPpoArguments("ppoLoss", ac, theta, mb);
  const { policy, critic } = ac;
  const { network, head } = policy;
  const Ppi = policy.paramSize;
  const Pn = network.paramSize;
  const thetaPi = theta.subarray(0, Ppi);
  const shared = thetaPi.subarray(Pn);
  const D = head.distParamSize;
  const K = head.networkOutputs;
  const A = head.actionDim;
  const n = mb.logProbs.length;
  const eps = c.clipCoef;
  const gradient = new Float64Array(theta.length);
  const row = new Float64Array(D);
  let policyLoss = 0;
  let entropy = 0;
  let approxKl = 0;
  let clipped = 0;
  // One forward and one backward pass of the policy network: the cotangent on the distribution parameters of state i
  // is w_i·score_i (w_i = −A_i r_i/n where the clip is inactive) − (c_H/n)·∇H_i; its shared-block part is summed here.
  network.forwardVjp(
    thetaPi.subarray(0, Pn),
    mb.observations,
    (out) => {
      const cot = new Float64Array(n * K);
      const c_i = new Float64Array(D);
      for (let i = 0; i < n; i++) {
        row.set(out.subarray(i * K, (i + 1) * K));
        row.set(shared, K);
        const dist = head.distribution(row);
        const a = mb.actions.subarray(i * A, (i + 1) * A);
        const logRatio = dist.logProb(a)[0] - mb.logProbs[i];
        const r = Math.exp(logRatio);
        const adv = mb.advantages[i];
        const inRange = r >= 1 - eps && r <= 1 + eps;
        const pg1 = -adv * r;
        const pg2 = -adv * Math.min(1 + eps, Math.max(1 - eps, r));
        policyLoss += Math.max(pg1, pg2);
        c_i.fill(0);
        if (pg1 >= pg2 || inRange) {
          const w = (-adv * r) / n;
          const s = dist.score(a);
          for (let j = 0; j < D; j++) c_i[j] = w * s[j];
        }
        if (c.entropyCoef !== 0) {
          entropy += dist.entropy();
          const g = entropyGradient(dist);
          for (let j = 0; j < D; j++) c_i[j] -= (c.entropyCoef / n) * g[j];
        }
        for (let j = 0; j < K; j++) cot[i * K + j] = c_i[j];
        for (let j = K; j < D; j++) gradient[Pn + j - K] += c_i[j];
        approxKl += r - 1 - logRatio;
        if (!inRange) clipped++;
      }
      return cot;
    },
    gradient.subarray(0, Pn),
  );
  let valueLoss = 0;
  critic.forwardVjp(
    theta.subarray(Ppi),
    mb.observations,
    (v) => {
      const vCot = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const d = v[i] - mb.returns[i];
        let li = d * d;
        let slope = d;
        if (c.clipValueLoss) {
          const vc = mb.values[i] + Math.min(eps, Math.max(-eps, v[i] - mb.values[i]));
          const dc = vc - mb.returns[i];
          if (dc * dc > li) {
            li = dc * dc;
            slope = Math.abs(v[i] - mb.values[i]) <= eps ? dc : 0;
          }
        }
        valueLoss += 0.5 * li;
        vCot[i] = (c.valueCoef * slope) / n;
      }
      return vCot;
    },
    gradient.subarray(Ppi),
  );
  const stats = { policyLoss: policyLoss / n, valueLoss: valueLoss / n, entropy: entropy / n, approxKl: approxKl / n, clipFraction: clipped / n };
  return { loss: stats.policyLoss - c.entropyCoef * stats.entropy + c.valueCoef * stats.valueLoss, gradient, stats };
}

function gather(src: Float64Array, width: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * width);
  for (let i = 0; i < idx.length; i++) out.set(src.subarray(idx[i] * width, (idx[i] + 1) * width), i * width);
  return out;
}

/**
 * One PPO update: `epochs` passes over the batch in `minibatches` shuffled minibatches (keys foldIn(k, epoch)), each an
 * Adam step on {@link ppoLoss} after global-norm clipping. `learningRate` overrides the configured rate (linear
 * annealing passes lr₀ · (1 − update/updates)). Returns the new θ = [θ_π, θ_V], optimizer state and mean statistics.
 * @example ({ theta, optState } = ppoUpdate(foldIn(k, update), ac, theta, optState, batch, options));
 */
export function ppoUpdate(
  k: Key,
  ac: ActorCritic,
  theta: Float64Array,
  optState: PpoOptState,
  batch: PpoBatch,
  options: PpoOptions = {},
  learningRate?: number,
): { theta: Float64Array; optState: PpoOptState; stats: PpoStats & { epochs: number } } {
  const c = ppoConfig(options);
  assertKey("ppoUpdate", k);
  checkPpoArguments("ppoUpdate", ac, theta, batch);
  if (learningRate !== undefined && !(typeof learningRate === "number" && Number.isFinite(learningRate) && learningRate > 0)) fail("ppoUpdate", "learningRate", "a finite number > 0 (or omitted)", learningRate);
  const opt = optimizer(c, learningRate ?? c.learningRate);
  const n = batch.logProbs.length;
  const obsDim = ac.policy.observationDim;
  const A = ac.policy.actionDim;
  const size = Math.max(1, Math.floor(n / c.minibatches));
  let state = optState as unknown as ReturnType<typeof opt.init>;
  const sums = { policyLoss: 0, valueLoss: 0, entropy: 0, approxKl: 0, clipFraction: 0 };
  let steps = 0;
  let epochs = 0;
  for (let epoch = 0; epoch < c.epochs; epoch++) {
    const perm = permutation(foldIn(k, epoch), n);
    let epochKl = 0;
    let epochSteps = 0;
    for (let start = 0; start < n; start += size) {
      const idx = perm.subarray(start, Math.min(n, start + size));
      const adv = gather(batch.advantages, 1, idx);
      const mb: PpoBatch = {
        observations: gather(batch.observations, obsDim, idx),
        actions: gather(batch.actions, A, idx),
        logProbs: gather(batch.logProbs, 1, idx),
        advantages: c.normalizeAdvantages ? standardize(adv) : adv,
        returns: gather(batch.returns, 1, idx),
        values: gather(batch.values, 1, idx),
      };
      const { gradient, stats } = ppoLoss(ac, theta, mb, c);
      const r = opt.update(gradient, state, theta);
      theta = applyUpdates(theta, r.updates);
      state = r.state;
      for (const key of Object.keys(sums) as (keyof PpoStats)[]) sums[key] += stats[key];
      steps++;
      epochKl += stats.approxKl;
      epochSteps++;
    }
    epochs++;
    if (c.targetKl !== null && epochKl / epochSteps > c.targetKl) break;
  }
  const stats = {
    policyLoss: sums.policyLoss / steps,
    valueLoss: sums.valueLoss / steps,
    entropy: sums.entropy / steps,
    approxKl: sums.approxKl / steps,
    clipFraction: sums.clipFraction / steps,
    epochs,
  };
  return { theta, optState: state as unknown as PpoOptState, stats };
}
