/**
 * Learning with small budgets: each algorithm must clearly improve CartPole-v1's evaluation return over its initial
 * policy. The run is evaluated (100 episodes) at the start, half-way and at the end; the check is a one-sided z-test of
 * the better of the two later evaluation means against the initial one, z = (after − before)/√(SE_after² + SE_before²)
 * ≥ zFor(2) ≈ 4.2 (Bonferroni over the two looks, SE from the episodes). A failure therefore means the run did not learn
 * within its budget, not sampling noise (a learnt policy gives z ≫ 4). Measured over the seeds MCGRAD_SEED = 0…49 (the
 * seeds `npm run sweep` uses): reinforce 0/50 failures (smallest z 15), a2c 0/50 (z ≥ 10), ppo 1/50 (the others z ≥ 4.4),
 * npg 0/50 (z ≥ 16). The full-length runs are bench/full/rlLearning.ts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { train, type TrainOptions } from "../../src/rl/train.js";
import { testSeed, zFor } from "../helpers/stats.js";

const cases: [string, TrainOptions][] = [
  // The default (REINFORCE, two episodes per update, 128 relu units).
  ["reinforce (default)", { steps: 6000 }],
  ["a2c", { algorithm: "a2c", network: { hidden: [32], valueHidden: [32] }, hyper: { numEnvs: 4, numSteps: 16, learningRate: 3e-3, valueLearningRate: 3e-3 }, steps: 8000 }],
  ["ppo", { algorithm: "ppo", network: { hidden: [32, 32], valueHidden: [32, 32] }, hyper: { epochs: 10 }, steps: 8000 }],
  ["npg", { algorithm: "npg", network: { hidden: [16], valueHidden: [16] }, hyper: { numEnvs: 2, numSteps: 256, maxKl: 0.02 }, steps: 6000 }],
];

describe("train learns CartPole-v1 with a small budget (one-sided z ≥ 4 on the evaluation means)", () => {
  cases.forEach(([name, options], i) => {
    it(name, () => {
      const steps = options.steps as number;
      const r = train({ env: "CartPole-v1", seed: testSeed(80 + i), evalEvery: steps / 2, stopWhenSolved: false, diagnosticsEvery: 0, ...options });
      const [before, ...later] = r.evaluations;
      assert.equal(before.steps, 0);
      assert.equal(later.length, 2);
      assert.ok(later[1].steps >= steps);
      const after = later[0].mean >= later[1].mean ? later[0] : later[1];
      const z = (after.mean - before.mean) / Math.hypot(after.stderr, before.stderr);
      assert.ok(z >= zFor(2), `${name}: evaluation mean ${before.mean.toFixed(1)} ± ${before.stderr.toFixed(1)} → ${after.mean.toFixed(1)} ± ${after.stderr.toFixed(1)} after ${after.steps} steps (z = ${z.toFixed(1)})`);
    });
  });
});
