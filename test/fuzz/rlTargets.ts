/**
 * Fuzz targets for the "mcgrad/rl" exports that test/fuzz/subpathTargets.ts does not cover: envs and wrappers,
 * rollouts, returns' consumers, the policy-gradient estimators, PPO/NPG/A2C pieces, the algorithms and the training
 * loop. Each is built around one valid call on CartPole-v1 with a 4-unit policy (test/fuzz/aroundValid.ts), so every
 * argument's check is reached with the others well formed. Stateful envs are made inside the call (a case and its
 * twin must start from the same state).
 */
import * as rl from "../../src/rl/index.js";
import { Categorical, adam, key } from "../../src/index.js";
import { WILD_CALLER_NAME, validTarget } from "./aroundValid.js";
import type { FuzzTarget } from "./targets.js";

const ID = "CartPole-v1";
const env = rl.makeEnv(ID);
const policy = rl.mlpPolicy(env.observationSpace as rl.BoxSpace, env.actionSpace, { hidden: [4] });
const critic = rl.valueNetwork(4, { hidden: [4] });
const theta = policy.init(key(1));
const criticTheta = critic.init(key(2));
const envs = (n = 2): rl.Env[] => Array.from({ length: n }, () => rl.makeEnv(ID));
const fresh = (): rl.Rollout => {
  const e = envs();
  return rl.collectRollout(key(3), e, policy, theta, rl.startRollout(e, 0), 6).rollout;
};
const rollout = fresh();
const episodes = rl.collectEpisodes(key(4), envs(), policy, theta, { episodesPerEnv: 2, seed: 5 }).rollout;
const n = rollout.logProbs.length;
const obs = rollout.observations;
const batch = (): rl.PpoBatch => ({ observations: obs.slice(), actions: rollout.actions.slice(), logProbs: rollout.logProbs.slice(), advantages: Float64Array.from({ length: n }, (_, i) => Math.sin(i)), returns: Float64Array.from({ length: n }, (_, i) => i / n), values: new Float64Array(n) });
const ac = { policy, critic };
const both = (): Float64Array => Float64Array.of(...theta, ...criticTheta);
const small = { hidden: [4] };
/**
 * Options of a short run: the generated options with a small budget; null/undefined (all defaults: a full 10⁵-step
 * run by design) become the small budget alone, and a non-object is passed on to be refused.
 */
const trainOptions = (o: unknown): unknown => {
  const small = { steps: 64, evalEvery: 64, evalEpisodes: 2, network: { hidden: [4], valueHidden: [4] } };
  if (o === null || o === undefined) return small;
  return typeof o === "object" && !Array.isArray(o) ? { ...o, ...small } : o;
};
/** trainAsync's options: a signal added to an object, a non-object passed on unchanged (to be refused). */
const withSignal = (o: unknown, abort: boolean): unknown => (typeof o === "object" && o !== null && !Array.isArray(o) ? { ...o, signal: abort ? AbortSignal.abort() : undefined } : o);

/**
 * rl's errors name the instance or the env id ("CartPole-v1.step:", "mlp(2→4→1, tanh).forward:", "Policy.act:"), or
 * the algorithm whose hyper-parameters they check ("ppo:", "npg:", "a2c:", "reinforce:").
 */
export const RL_ERROR = /^(?:[A-Z][A-Za-z]*-v\d+|(?:mlp|linear)\([^)]*\)|Policy|TimeLimit|SyncVectorEnv\([^)]*\)|ppo|npg|a2c|reinforce)(?:\.\w+)*: \S/;

const t = (name: string, valid: () => unknown[], call: (...a: unknown[]) => unknown, extra: Parameters<typeof validTarget>[4] = {}): FuzzTarget =>
  validTarget(`rl.${name}`, "rl", valid, call, { namedErrorPrefix: RL_ERROR, ...extra });

/** An env class: construct with options, reset with a seed, step with two actions. */
function envClass(name: "CartPoleEnv" | "AcrobotEnv" | "MountainCarEnv" | "MountainCarContinuousEnv" | "PendulumEnv", options: object, action: unknown): FuzzTarget {
  const Ctor = rl[name] as unknown as new (o: unknown) => rl.UnwrappedEnv;
  return t(name, () => [options, { seed: 3 }, action, action], (o, r, a, b) => {
    const e = new Ctor(o);
    return [e.reset(r as never), e.step(a as never), e.step(b as never)];
  });
}

export const RL_TARGETS: readonly FuzzTarget[] = [
  t("checkAction", () => ["CartPole-v1.step", env.actionSpace, 1], (w, s, a) => rl.checkAction(w as never, s as never, a as never), { namedErrorPrefix: new RegExp(`${RL_ERROR.source}|${WILD_CALLER_NAME.source}`) }),
  envClass("CartPoleEnv", { suttonBartoReward: false }, 1),
  envClass("AcrobotEnv", {}, 2),
  envClass("MountainCarEnv", { goalVelocity: 0 }, 0),
  envClass("MountainCarContinuousEnv", { goalVelocity: 0 }, Float64Array.of(0.5)),
  envClass("PendulumEnv", { g: 9.8 }, Float64Array.of(-1)),
  t("TimeLimit", () => ["new CartPoleEnv", 2, { seed: 1 }, 0], (u, m, r, a) => {
    const e = new rl.TimeLimit((u === "new CartPoleEnv" ? new rl.CartPoleEnv() : u) as never, m as never);
    return [e.reset(r as never), e.step(a as never), e.step(a as never), e.step(a as never)];
  }),
  t("SyncVectorEnv", () => [2, "next-step", { seed: 2 }, [0, 1]], (m, mode, r, a) => {
    const v = new rl.SyncVectorEnv((m === 2 ? envs(2) : m) as never, mode as never);
    return [v.reset(r as never), v.step(a as never)];
  }),
  t("makeVectorEnv", () => [ID, 2, { autoresetMode: "same-step" }, [1, 0]], (id, m, o, a) => {
    const v = rl.makeVectorEnv(id as never, m as never, o as never);
    return [v.reset({ seed: 0 }), v.step(a as never)];
  }),
  t("ResumableEnv", () => [ID, { maxEpisodeSteps: 3 }, { seed: 4 }, 1], (id, o, r, a) => {
    const e = new rl.ResumableEnv(id as never, o as never);
    const first = e.reset(r as never);
    e.step(a as never);
    const s = e.snapshot();
    const again = new rl.ResumableEnv(id as never, o as never);
    again.restore(s);
    return [first, again.step(a as never)];
  }),
  t("envDefaults", () => [ID], (id) => rl.envDefaults(id as never).steps),
  t("forEachRowChunk", () => [critic, criticTheta, obs, new Float64Array(n).fill(1), 3], (net, th, x, c, size) => {
    const sums: number[] = [];
    rl.forEachRowChunk(net as never, th as never, x as never, c as never, size as never, (rows) => sums.push(rows.reduce((s, v) => s + v, 0)));
    return sums;
  }),
  t("checkWeights", () => ["ppoLoss", Float64Array.of(1, 2), 2, "weights"], (fn, w, m, arg) => rl.checkWeights(fn as never, w, m as never, arg as never), { namedErrorPrefix: WILD_CALLER_NAME }),
  t("makePolicy", () => [rl.mlp(4, 2, small), rl.categoricalHead(2), key(5), obs.subarray(0, 8)], (net, head, k, o) => {
    const p = rl.makePolicy(net as never, head as never);
    return p.act(k as never, p.init(key(0)), o as never);
  }),
  t("valueNetwork", () => [4, small, obs.subarray(0, 8)], (d, o, x) => {
    const v = rl.valueNetwork(d as never, o as never);
    return v.forward(v.init(key(0)), x as never);
  }),
  t("startRollout", () => [2, 7], (m, seed) => rl.startRollout(typeof m === "number" && m >= 1 && m <= 4 ? envs(m) : (m as never), seed as never)),
  t("collectRollout", () => [key(6), theta, 5], (k, th, steps) => {
    const e = envs();
    return rl.collectRollout(k as never, e, policy, th as never, rl.startRollout(e, 0), steps as never);
  }),
  t("collectEpisodes", () => [key(7), theta, { episodesPerEnv: 1, seed: 3 }], (k, th, o) => rl.collectEpisodes(k as never, envs(), policy, th as never, o as never)),
  t("segments", () => [rollout], (r) => rl.segments(r as never)),
  t("segmentGradientRows", () => [policy, theta, episodes, [Float64Array.from({ length: episodes.logProbs.length }, (_, i) => i % 3)], { chunkSize: 4 }],
    (p, th, r, w, o) => rl.segmentGradientRows(p as never, th as never, r as never, w as never, o as never)),
  t("actionDistribution", () => [policy, theta, obs.subarray(0, 4), key(8)], (p, th, o, k) => rl.actionDistribution(p as never, th as never, o as never).sample(k as never, 2)),
  t("policyFisherVectorProduct", () => [policy, theta, obs, { damping: 0.1, kind: "exact" }, new Float64Array(policy.paramSize).fill(0.5)],
    (p, th, o, opt, v) => rl.policyFisherVectorProduct(p as never, th as never, o as never, opt as never)(v as never)),
  t("reinforce", () => [policy, theta, episodes, { baseline: "mean", gamma: 0.9 }], (p, th, r, o) => rl.reinforce(p as never, th as never, r as never, o as never)),
  t("reinforceWeights", () => [episodes, { returns: "trajectory", standardize: true }], (r, o) => rl.reinforceWeights(r as never, o as never)),
  t("optimalBaselineRows", () => [Float64Array.of(1, 2, 4), Float64Array.of(1, 0, 0, 1, 1, 1), 3, 2], (R, S, E, P) => rl.optimalBaselineRows(R as never, S as never, E as never, P as never)),
  t("timeAlignedLeaveOneOutMean", () => [Float64Array.from({ length: episodes.logProbs.length }, (_, i) => i), rl.segments(episodes)], (v, s) => rl.timeAlignedLeaveOneOutMean(v as never, s as never)),
  t("a2cGradients", () => [policy, theta, critic, criticTheta, rollout, { lambda: 0.9 }], (p, th, c, ct, r, o) => rl.a2cGradients(p as never, th as never, c as never, ct as never, r as never, o as never)),
  t("a2cUpdate", () => {
    const opt = adam({ learningRate: 1e-3 });
    return [{ policy, critic, policyOptimizer: opt, valueOptimizer: opt }, { theta, criticTheta, policyOptState: opt.init(theta), valueOptState: opt.init(criticTheta) }, rollout, { gamma: 0.9 }];
  }, (l, s, r, o) => rl.a2cUpdate(l as never, s as never, r as never, o as never).state),
  t("criticValues", () => [critic, criticTheta, rollout], (c, ct, r) => rl.criticValues(c as never, ct as never, r as never)),
  t("valueLoss", () => [critic, criticTheta, obs, new Float64Array(n).fill(1)], (c, ct, x, y) => rl.valueLoss(c as never, ct as never, x as never, y as never)),
  t("importanceWeightedGradient", () => [policy, theta, episodes, { weighting: "weighted" }], (p, th, r, o) => rl.importanceWeightedGradient(p as never, th as never, r as never, o as never)),
  t("perDecisionWeights", () => [episodes, episodes.logProbs.map((v) => v + 0.01), { clipRatio: 5 }], (r, lp, o) => rl.perDecisionWeights(r as never, lp as never, o as never)),
  t("gradientDiagnostics", () => [policy, theta, episodes, { gamma: 0.9, chunkSize: 8 }], (p, th, r, o) => rl.gradientDiagnostics(p as never, th as never, r as never, o as never)),
  t("ppoLoss", () => [ac, both(), batch(), { clipCoef: 0.2 }], (a, th, b, o) => rl.ppoLoss(a as never, th as never, b as never, o as never)),
  t("ppoUpdate", () => [key(9), ac, both(), rl.ppoInit(both()), batch(), { epochs: 1, minibatches: 2 }], (k, a, th, s, b, o) => rl.ppoUpdate(k as never, a as never, th as never, s as never, b as never, o as never).theta),
  t("ppoInit", () => [both(), { adamEps: 1e-8 }], (th, o) => rl.ppoInit(th as never, o as never)),
  t("ppoConfig", () => [{ clipCoef: 0.1, targetKl: 0.02 }], (o) => rl.ppoConfig(o as never)),
  t("ppoHyper", () => [{ numEnvs: 2, annealLr: false }], (o) => rl.ppoHyper(o as never)),
  t("npgHyper", () => [{ maxKl: 0.02, cgIters: 3 }], (o) => rl.npgHyper(o as never)),
  t("npgStep", () => [policy, theta, obs, rollout.actions, rollout.logProbs, Float64Array.from({ length: n }, (_, i) => Math.cos(i)), rl.npgHyper({ cgIters: 3 })],
    (p, th, o, a, lp, adv, c) => rl.npgStep(p as never, th as never, o as never, a as never, lp as never, adv as never, c as never)),
  t("entropyGradient", () => [new Categorical({ logits: [0, 1, -1] })], (d) => rl.entropyGradient(d as never)),
  t("explainedVariance", () => [Float64Array.of(1, 2, 3), Float64Array.of(1, 2.5, 2)], (v, r) => rl.explainedVariance(v as never, r as never)),
  ...(["ppoAlgorithm", "npgAlgorithm", "reinforceAlgorithm", "a2cAlgorithm"] as const).map((name) =>
    t(name, () => [policy, critic, { numEnvs: 2 }, key(10)], (p, c, h, k) => {
      const alg = rl[name](p as never, c as never, h as never);
      return { name: alg.name, collect: alg.collect, init: alg.init(k as never).theta };
    })),
  t("evaluatePolicy", () => [key(11), () => rl.makeEnv(ID, { maxEpisodeSteps: 20 }), policy, theta, { episodes: 3, seed: 2 }], (k, make, p, th, o) => rl.evaluatePolicy(k as never, make as never, p as never, th as never, o as never)),
  t("train", () => [{ env: ID, algorithm: "a2c", seed: 1, hyper: { numEnvs: 2 } }], (o) => rl.train(trainOptions(o) as never).evaluations),
  t("trainAsync", () => [{ env: ID, algorithm: "reinforce", seed: 2 }, false], async (o, abort) => (await rl.trainAsync(withSignal(trainOptions(o), abort === true) as never)).evaluations),
  t("TrainAborted", () => [{ env: ID, algorithm: "ppo", seed: 3, hyper: { numEnvs: 2, numSteps: 8 } }], async (o) => {
    try {
      return await rl.trainAsync(withSignal(trainOptions(o), true) as never);
    } catch (e) {
      if (e instanceof rl.TrainAborted) return { updates: e.updates, saved: e.saved };
      throw e;
    }
  }),
  t("normalHead", () => [2, { initLogStd: -0.5 }, Float64Array.of(0.1, 0.2, -0.5, -0.5), Float64Array.of(0, 1)], (d, o, params, a) => rl.normalHead(d as never, o as never).distribution(params as never).logProb(a as never)),
  t("categoricalHead", () => [3, Float64Array.of(0.1, 0.2, -0.5), Float64Array.of(2)], (m, params, a) => rl.categoricalHead(m as never).distribution(params as never).logProb(a as never)),
];

/** Constants of mcgrad/rl (data, not callables). */
export const RL_CONSTANTS = ["ENV_IDS", "ALGORITHMS", "GRADIENT_VARIANTS", "PPO_DEFAULTS", "ENV_DEFAULTS"];

/** Exports covered by targets of subpathTargets.ts under another name. */
export const RL_COVERED_ELSEWHERE = { "rl.spaces": ["boxSpace", "discreteSpace", "spaceContains", "spaceSize", "sampleSpace"], "rl.heads": [] as string[] };
