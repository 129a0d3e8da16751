/**
 * Off-policy reuse: episodes from a behaviour policy μ = π_{θ_b}, reweighted per decision, estimate the on-policy
 * gradient at θ exactly (ordinary weights) or consistently (self-normalized weights); the batch's ESS matches its
 * exact limit 1/E_μ[w²] computed by enumeration.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { importanceWeightedGradient, perDecisionWeights } from "../../src/rl/offPolicy.js";
import { reinforce } from "../../src/rl/reinforce.js";
import { collectEpisodes } from "../../src/rl/collectEpisodes.js";
import { makePolicy } from "../../src/rl/policy/policy.js";
import { categoricalHead } from "../../src/rl/policy/heads.js";
import { linear } from "../../src/rl/policy/mlp.js";
import { key } from "../../src/random/key.js";
import { assertClose, assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";
import { ChainEnv, batchEstimates, chainGradient, chainPaths } from "./toyMdps.js";

const policy = makePolicy(linear(3, 2), categoricalHead(2));
const P = policy.paramSize;
const THETA = Float64Array.from([0.4, -0.3, 0.8, -0.6, 0.5, 0.2, 0.3, -0.1]);
const BEHAVIOUR = Float64Array.from([0.1, 0.2, 0.3, -0.2, 0.1, 0.6, -0.3, 0.2]);

describe("per-decision importance sampling (Precup et al. 2000)", () => {
  it("ordinary weights are unbiased for the on-policy gradient at θ (γ = 1 and γ = 0.9 with γ^t)", () => {
    const K = 2000;
    const est = batchEstimates(() => new ChainEnv(), policy, BEHAVIOUR, K, 4, testSeed(800), [
      (r) => importanceWeightedGradient(policy, THETA, r, { gamma: 1 }).gradient,
      (r) => importanceWeightedGradient(policy, THETA, r, { gamma: 0.9, discountWeighting: true }).gradient,
    ]);
    const z = zFor(2 * P);
    [1, 0.9].forEach((gamma, j) => {
      const { mean, se } = columnStats(est[j], K, P);
      assertWithinZ(`IS γ=${gamma}`, mean, chainGradient(THETA, gamma), se, z);
    });
  });

  it("self-normalized (weighted) per-decision weights are consistent: batches of 1000 episodes", () => {
    const K = 30;
    const [est] = batchEstimates(() => new ChainEnv(), policy, BEHAVIOUR, K, 1000, testSeed(810), [
      (r) => importanceWeightedGradient(policy, THETA, r, { gamma: 1, weighting: "weighted" }).gradient,
    ]);
    const { mean, se } = columnStats(est, K, P);
    assertWithinZ("weighted IS", mean, chainGradient(THETA, 1), se, zFor(P));
  });

  it("ESS / n of the whole-episode weights → 1 / E_μ[w²] (exact by enumeration)", () => {
    const envs = Array.from({ length: 20_000 }, () => new ChainEnv());
    const { rollout } = collectEpisodes(key(testSeed(820)), envs, policy, BEHAVIOUR, { seed: testSeed(821) });
    const w = perDecisionWeights(rollout, policy.logProb(THETA, rollout.observations, rollout.actions), { gamma: 1 });
    // Exact: E_μ[w²] = Σ_τ p_θ(τ)² / p_μ(τ) (the transition probabilities cancel in w but not in p).
    const pt = chainPaths(THETA);
    const pb = chainPaths(BEHAVIOUR);
    const m2 = pt.reduce((s, p, i) => s + (p.prob * p.prob) / pb[i].prob, 0);
    // Delta method for f = (mean w)² / mean w² from the episodes' weights.
    const last = new Float64Array(w.numEpisodes);
    let e = 0;
    let cum = 0;
    for (let t = 0; t < rollout.numSteps; t++) {
      cum += w.logRatios[t];
      if (rollout.terminated[t] || rollout.truncated[t]) {
        last[e++] = Math.exp(cum);
        cum = 0;
      }
    }
    const n = last.length;
    const a = last.reduce((s, v) => s + v, 0) / n;
    const b = last.reduce((s, v) => s + v * v, 0) / n;
    let vaa = 0;
    let vbb = 0;
    let vab = 0;
    for (const v of last) {
      vaa += (v - a) ** 2;
      vbb += (v * v - b) ** 2;
      vab += (v - a) * (v * v - b);
    }
    const [ga, gb] = [(2 * a) / b, -(a * a) / (b * b)];
    const se = Math.sqrt((ga * ga * vaa + gb * gb * vbb + 2 * ga * gb * vab) / (n - 1) / n);
    assertClose("ESS from the ratios", [w.ess], [(n * a * a) / b], 1e-9);
    assertWithinZ("ESS/n", [w.essFraction], [1 / m2], [se], zFor(1));
  });

  it("at θ = behaviour every weight is 1: equal to REINFORCE with reward-to-go (ordinary and weighted)", () => {
    const envs = Array.from({ length: 6 }, () => new ChainEnv());
    const { rollout } = collectEpisodes(key(3), envs, policy, BEHAVIOUR, { seed: 4, episodesPerEnv: 2 });
    const on = reinforce(policy, BEHAVIOUR, rollout, { gamma: 0.9 }).gradient;
    for (const weighting of ["ordinary", "weighted"] as const) {
      const off = importanceWeightedGradient(policy, BEHAVIOUR, rollout, { gamma: 0.9, weighting });
      assertClose(weighting, off.gradient, on, 1e-12);
      assertClose(`${weighting} ESS`, [off.ess], [12], 1e-12);
    }
  });

  it("weights match a direct computation: ψ_k = Σ_{t≥k} γ^{t−k} Π_{j≤t} min(ρ_j, c) r_t (c = ∞ and c = 1)", () => {
    const envs = Array.from({ length: 8 }, () => new ChainEnv());
    const { rollout } = collectEpisodes(key(5), envs, policy, BEHAVIOUR, { seed: 6, episodesPerEnv: 2 });
    const target = policy.logProb(THETA, rollout.observations, rollout.actions);
    const rho = target.map((t, i) => Math.exp(t - rollout.logProbs[i]));
    assert.ok(rho.some((r) => r > 1) && rho.some((r) => r < 1), "the test needs ratios on both sides of 1");
    for (const c of [Infinity, 1]) {
      const got = perDecisionWeights(rollout, target, { gamma: 0.8, clipRatio: c === Infinity ? undefined : c }).weights;
      const want = new Float64Array(rollout.numSteps);
      let start = 0;
      for (let t = 0; t < rollout.numSteps; t++) {
        if (!rollout.terminated[t] && !rollout.truncated[t]) continue;
        for (let k = start; k <= t; k++) {
          let w = 1;
          for (let j = start; j < k; j++) w *= Math.min(rho[j], c);
          for (let u = k; u <= t; u++) {
            w *= Math.min(rho[u], c);
            want[k] += 0.8 ** (u - k) * w * rollout.rewards[u];
          }
        }
        start = t + 1;
      }
      assertClose(`c = ${c}`, got, want, 1e-12);
    }
  });

  it("bad input names the function, the argument and the value", () => {
    const envs = [new ChainEnv(), new ChainEnv()];
    const { rollout } = collectEpisodes(key(7), envs, policy, BEHAVIOUR, { seed: 8 });
    const target = policy.logProb(THETA, rollout.observations, rollout.actions);
    assert.throws(() => perDecisionWeights(rollout, target, { clipRatio: 0 }), /perDecisionWeights: clipRatio must be a number > 0, got 0/);
    assert.throws(() => perDecisionWeights(rollout, target, { weighting: "snis" as "weighted" }), /weighting must be "ordinary" or "weighted"/);
    assert.throws(() => perDecisionWeights(rollout, target.subarray(1)), /targetLogProbs must be a Float64Array of length/);
    const bad = target.slice();
    bad[0] = NaN;
    assert.throws(() => perDecisionWeights(rollout, bad), /log ratio at step 0 is NaN/);
  });
});
