/**
 * REINFORCE is unbiased: on a bandit and a two-step chain MDP with a softmax-linear policy, the mean of many
 * independent small-batch estimates (4 episodes each, so the leave-one-out baselines' coupling is inside one estimate)
 * equals the exact gradient computed by enumeration in toyMdps.ts, within z·SE (Bonferroni over all checks).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { reinforce, type ReinforceOptions } from "../../src/rl/reinforce.js";
import { collectEpisodes } from "../../src/rl/collectEpisodes.js";
import { makePolicy } from "../../src/rl/policy/policy.js";
import { categoricalHead } from "../../src/rl/policy/heads.js";
import { linear } from "../../src/rl/policy/mlp.js";
import { key } from "../../src/random/key.js";
import { assertClose, assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";
import { BanditEnv, BANDIT_REWARDS, ChainEnv, batchEstimates, chainGradient, chainObjective, softmaxLinear, softmaxLinearScore } from "./toyMdps.js";
import type { Rollout } from "../../src/rl/rollout.js";

const CHAIN_THETA = Float64Array.from([0.4, -0.3, 0.8, -0.6, 0.5, 0.2, 0.3, -0.1]);
const chainPolicy = makePolicy(linear(3, 2), categoricalHead(2));

describe("exact truth by enumeration (the test's own check)", () => {
  it("chain: E[R Σ∇log π] equals central finite differences of the exact J", () => {
    for (const gamma of [1, 0.9]) {
      const fd = Array.from(CHAIN_THETA, (_, j) => {
        const a = CHAIN_THETA.slice();
        const b = CHAIN_THETA.slice();
        a[j] += 1e-6;
        b[j] -= 1e-6;
        return (chainObjective(a, gamma) - chainObjective(b, gamma)) / 2e-6;
      });
      assertClose(`γ = ${gamma}`, chainGradient(CHAIN_THETA, gamma), fd, 1e-8);
    }
  });
});

describe("REINFORCE: unbiased for the exact gradient (chain MDP, softmax-linear policy)", () => {
  it("trajectory and reward-to-go forms, every baseline, γ = 1 and γ = 0.9", () => {
    const value = (r: Rollout) => Float64Array.from({ length: r.numSteps }, (_, i) => 0.7 * r.observations[3 * i] - r.observations[3 * i + 2] + 0.5);
    const cases: { name: string; gamma: number; opts: ReinforceOptions }[] = [
      { name: "trajectory γ=0.9", gamma: 0.9, opts: { returns: "trajectory" } },
      { name: "reward-to-go γ=0.9, γ^k weighting", gamma: 0.9, opts: { returns: "rewardToGo", discountWeighting: true } },
      { name: "reward-to-go γ=1", gamma: 1, opts: { returns: "rewardToGo" } },
      { name: "trajectory − leave-one-out mean γ=0.9", gamma: 0.9, opts: { returns: "trajectory", baseline: "mean" } },
      { name: "reward-to-go − time-aligned leave-one-out mean γ=1", gamma: 1, opts: { returns: "rewardToGo", baseline: "mean" } },
      { name: "trajectory − optimal per-coordinate baseline γ=0.9", gamma: 0.9, opts: { returns: "trajectory", baseline: "optimal" } },
      { name: "reward-to-go − V(s) γ=0.9, γ^k weighting", gamma: 0.9, opts: { returns: "rewardToGo", baseline: "value", discountWeighting: true } },
    ];
    const K = 2000;
    const P = chainPolicy.paramSize;
    const est = batchEstimates(() => new ChainEnv(), chainPolicy, CHAIN_THETA, K, 4, testSeed(700), cases.map((c) => (r: Rollout) =>
      reinforce(chainPolicy, CHAIN_THETA, r, { ...c.opts, gamma: c.gamma, values: c.opts.baseline === "value" ? value(r) : undefined }).gradient,
    ));
    const z = zFor(cases.length * P);
    cases.forEach((c, j) => {
      const { mean, se } = columnStats(est[j], K, P);
      assertWithinZ(c.name, mean, chainGradient(CHAIN_THETA, c.gamma), se, z);
    });
  });

  it("without γ^k weighting, reward-to-go at γ < 1 is biased for ∇J_γ (the test can tell the difference)", () => {
    const K = 1000;
    const P = chainPolicy.paramSize;
    const [est] = batchEstimates(() => new ChainEnv(), chainPolicy, CHAIN_THETA, K, 4, testSeed(710), [
      (r) => reinforce(chainPolicy, CHAIN_THETA, r, { gamma: 0.5 }).gradient,
    ]);
    const { mean, se } = columnStats(est, K, P);
    const truth = chainGradient(CHAIN_THETA, 0.5);
    const worst = Math.max(...truth.map((t, j) => Math.abs(mean[j] - t) / se[j]));
    assert.ok(worst > zFor(P), `largest |z| = ${worst.toFixed(2)}: the biased estimator was not detected`);
  });
});

describe("REINFORCE on a 3-armed bandit", () => {
  const policy = makePolicy(linear(2, 3), categoricalHead(3));
  const theta = Float64Array.from([0.2, -0.5, 0.1, 0.4, -0.3, 0.3, 0.6, -0.2, 0]);
  const x = [1, -0.5];
  it("plain, leave-one-out mean and optimal baselines are unbiased for Σ_a p_a r_a ∇log p_a", () => {
    const p = softmaxLinear(theta, x, 3);
    const truth = new Array<number>(9).fill(0);
    for (let a = 0; a < 3; a++) softmaxLinearScore(theta, x, 3, a).forEach((s, j) => (truth[j] += p[a] * BANDIT_REWARDS[a] * s));
    const baselines = ["none", "mean", "optimal"] as const;
    const K = 2000;
    const est = batchEstimates(() => new BanditEnv(), policy, theta, K, 4, testSeed(720), baselines.map((baseline) => (r: Rollout) =>
      reinforce(policy, theta, r, { returns: "trajectory", baseline, gamma: 1 }).gradient,
    ));
    baselines.forEach((b, j) => {
      const { mean, se } = columnStats(est[j], K, 9);
      assertWithinZ(`bandit ${b}`, mean, truth, se, zFor(baselines.length * 9));
    });
  });
});

describe("REINFORCE: bad input", () => {
  it("names the function, the argument and the value", () => {
    const env = new ChainEnv();
    env.reset({ seed: 1 });
    const { rollout } = collectEpisodes(key(0), [env, new ChainEnv()], chainPolicy, CHAIN_THETA, { seed: 3 });
    assert.throws(() => reinforce(chainPolicy, CHAIN_THETA, rollout, { baseline: "optimal" }), /baseline "optimal" .* needs returns: "trajectory"/);
    assert.throws(() => reinforce(chainPolicy, CHAIN_THETA, rollout, { baseline: "value" }), /baseline "value" needs values/);
    assert.throws(() => reinforce(chainPolicy, CHAIN_THETA, rollout, { baseline: "median" as "mean" }), /reinforce: baseline must be/);
    const cut = { ...rollout, terminated: rollout.terminated.map(() => 0), truncated: rollout.truncated.map(() => 0) };
    assert.throws(() => reinforce(chainPolicy, CHAIN_THETA, cut), /cut by the end of the batch .* collectEpisodes/);
  });
});
