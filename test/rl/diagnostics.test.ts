/**
 * gradientDiagnostics reports, from one batch, each variant's per-coordinate mean and variance; on the chain MDP both
 * must equal their exact values (enumeration of every trajectory), within z·SE with SE from the data (the variance's
 * SE from the sample fourth moment). The exact variances also show the claims: reward-to-go and baselines lower the
 * variance, the optimal per-coordinate baseline the most among the trajectory forms.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { gradientDiagnostics, type GradientVariant } from "../../src/rl/diagnostics.js";
import { collectEpisodes } from "../../src/rl/collectEpisodes.js";
import { collectRollout, startRollout } from "../../src/rl/rollout.js";
import { segments } from "../../src/rl/segments.js";
import { gae, rewardToGo } from "../../src/rl/returns.js";
import { makePolicy } from "../../src/rl/policy/policy.js";
import { categoricalHead } from "../../src/rl/policy/heads.js";
import { linear } from "../../src/rl/policy/mlp.js";
import { key } from "../../src/random/key.js";
import { assertClose, assertWithinZ, testSeed, zFor } from "../helpers/stats.js";
import { CHAIN_OBS, ChainEnv, chainMoments, type ChainPath } from "./toyMdps.js";

const policy = makePolicy(linear(3, 2), categoricalHead(2));
const P = policy.paramSize;
const THETA = Float64Array.from([0.4, -0.3, 0.8, -0.6, 0.5, 0.2, 0.3, -0.1]);
const GAMMA = 0.9;
const LAMBDA = 0.7;
/** A fixed critic V(s) (any function of the state keeps the estimators unbiased). */
const V = (s: number) => 0.7 * CHAIN_OBS[s][0] - CHAIN_OBS[s][2] + 0.5;

/** Reward-to-go of each step of a path. */
const rtg = (path: ChainPath) => path.steps.map((_, t) => path.steps.slice(t).reduce((g, st, u) => g + GAMMA ** u * st.r, 0));
const sumRows = (scores: number[][], w: number[]) => scores[0].map((_, j) => scores.reduce((s, sc, t) => s + w[t] * sc[j], 0));

/** The exact per-episode rows of each variant (baselines at their n → ∞ limits). */
function exactRows(): Record<GradientVariant, (path: ChainPath, scores: number[][]) => number[]> {
  const R = (path: ChainPath) => rtg(path)[0];
  const S = (scores: number[][]) => sumRows(scores, scores.map(() => 1));
  const meanR = chainMoments(THETA, (p) => [R(p)]).mean[0];
  const num = chainMoments(THETA, (p, sc) => S(sc).map((s) => R(p) * s * s)).mean;
  const den = chainMoments(THETA, (_, sc) => S(sc).map((s) => s * s)).mean;
  const reach1 = chainMoments(THETA, (p) => [p.steps.length === 2 ? 1 : 0, p.steps.length === 2 ? rtg(p)[1] : 0]).mean;
  const meanG = [chainMoments(THETA, (p) => [rtg(p)[0]]).mean[0], reach1[1] / reach1[0]];
  return {
    trajectory: (p, sc) => S(sc).map((s) => R(p) * s),
    trajectoryMean: (p, sc) => S(sc).map((s) => (R(p) - meanR) * s),
    trajectoryOptimal: (p, sc) => S(sc).map((s, j) => (R(p) - num[j] / den[j]) * s),
    rewardToGo: (p, sc) => sumRows(sc, rtg(p)),
    rewardToGoMean: (p, sc) => sumRows(sc, rtg(p).map((g, t) => g - meanG[t])),
    rewardToGoValue: (p, sc) => sumRows(sc, rtg(p).map((g, t) => g - V(p.steps[t].s))),
    gae: (p, sc) => {
      const delta = p.steps.map((st, t) => st.r + (t + 1 < p.steps.length ? GAMMA * V(p.steps[t + 1].s) : 0) - V(st.s));
      return sumRows(sc, delta.map((_, t) => delta.slice(t).reduce((a, d, u) => a + (GAMMA * LAMBDA) ** u * d, 0)));
    },
  };
}

describe("gradientDiagnostics: per-coordinate mean and variance of every variant = exact (chain MDP)", () => {
  it("from one batch of 20 000 episodes", () => {
    const envs = Array.from({ length: 20_000 }, () => new ChainEnv());
    const { rollout } = collectEpisodes(key(testSeed(900)), envs, policy, THETA, { seed: testSeed(901) });
    const stateOf = (i: number) => CHAIN_OBS.findIndex((o) => o.every((v, j) => v === rollout.observations[3 * i + j]));
    const nextStateOf = (i: number) => CHAIN_OBS.findIndex((o) => o.every((v, j) => v === rollout.nextObservations[3 * i + j]));
    const values = Float64Array.from({ length: rollout.numSteps }, (_, i) => V(stateOf(i)));
    const nextValues = Float64Array.from({ length: rollout.numSteps }, (_, i) => V(nextStateOf(i)));
    const diag = gradientDiagnostics(policy, THETA, rollout, { gamma: GAMMA, lambda: LAMBDA, values, nextValues });
    assert.equal(diag.numSamples, 20_000);
    const exact = exactRows();
    const z = zFor(2 * P * diag.variants.length);
    const exactVar: Partial<Record<GradientVariant, number>> = {};
    for (const v of diag.variants) {
      const m = chainMoments(THETA, exact[v.variant]);
      const variance = m.meanSq.map((s, j) => s - m.mean[j] ** 2);
      exactVar[v.variant] = variance.reduce((a, b) => a + b, 0);
      assertWithinZ(`${v.variant} mean`, v.mean, m.mean, v.stderr, z);
      // SE of a sample variance: √((m4 − s⁴)/n), m4 the sample fourth central moment.
      const n = v.numSamples;
      const seVar = v.variance.map((s2, j) => {
        let m4 = 0;
        for (let i = 0; i < n; i++) m4 += (v.rows[i * P + j] - v.mean[j]) ** 4;
        return Math.sqrt(Math.max(m4 / n - s2 * s2, 0) / n);
      });
      assertWithinZ(`${v.variant} variance`, v.variance, variance, seVar, z);
      assert.ok(Math.abs(v.totalVariance - v.variance.reduce((a, b) => a + b, 0)) < 1e-9 * v.totalVariance);
    }
    // The variance claims, in exact numbers: causality and every baseline help; the optimal baseline is the best
    // constant-per-coordinate baseline for the trajectory form.
    const ev = exactVar as Record<GradientVariant, number>;
    assert.ok(ev.rewardToGo < ev.trajectory, `rewardToGo ${ev.rewardToGo} vs trajectory ${ev.trajectory}`);
    assert.ok(ev.trajectoryOptimal < ev.trajectoryMean && ev.trajectoryMean < ev.trajectory);
    assert.ok(ev.rewardToGoMean < ev.rewardToGo);
  });

  it("on a vector rollout (episodes cut by the batch): the segment rows of each variant sum to the batch's one-VJP gradient", () => {
    const envs = [new ChainEnv(), new ChainEnv(), new ChainEnv()];
    const { rollout } = collectRollout(key(3), envs, policy, THETA, startRollout(envs, 4), 7);
    const seg = segments(rollout);
    assert.ok([...seg.complete].includes(0) && [...seg.complete].includes(1));
    const values = Float64Array.from({ length: rollout.numSteps * 3 }, (_, i) => Math.sin(i));
    const nextValues = Float64Array.from({ length: rollout.numSteps * 3 }, (_, i) => Math.cos(i));
    const diag = gradientDiagnostics(policy, THETA, rollout, { values, nextValues, gamma: GAMMA, lambda: LAMBDA, variants: ["rewardToGo", "gae"] });
    const psi = { rewardToGo: rewardToGo(rollout, GAMMA, nextValues), gae: gae(rollout, values, nextValues, GAMMA, LAMBDA).advantages };
    for (const v of diag.variants) {
      const total = v.mean.map((m) => m * v.numSamples);
      assertClose(v.variant, total, policy.scoreVjp(THETA, rollout.observations, rollout.actions, psi[v.variant as "gae" | "rewardToGo"]), 1e-12);
    }
  });

  it("bad input", () => {
    const envs = [new ChainEnv(), new ChainEnv()];
    const { rollout } = collectEpisodes(key(1), envs, policy, THETA, { seed: 2 });
    assert.throws(() => gradientDiagnostics(policy, THETA, rollout, { variants: ["gae"] }), /variant "gae" needs options.values/);
    assert.throws(() => gradientDiagnostics(policy, THETA, rollout, { variants: ["nope" as "gae"] }), /unknown variant "nope"/);
    const one = collectEpisodes(key(1), [new ChainEnv()], policy, THETA, { seed: 2 }).rollout;
    assert.throws(() => gradientDiagnostics(policy, THETA, one), /needs at least 2 segments/);
  });
});
