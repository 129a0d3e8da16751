/**
 * Learning with small budgets: each algorithm must clearly improve CartPole-v1's evaluation return over its initial
 * policy. The check is a one-sided z-test on the two 100-episode evaluation means (SE from the episodes):
 * z = (after − before)/√(SE_after² + SE_before²) ≥ 4. A failure therefore means the run did not learn within its budget,
 * not sampling noise (a truly learnt policy gives z ≫ 4). Measured failure rates of these exact configurations over
 * seeds (MCGRAD_SEED = 0…49 with `npm run sweep -- test/rl/learning`) are stated per case; the full-length runs are
 * bench/full/rlLearning.ts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { train, type TrainOptions } from "../../src/rl/train.js";
import { testSeed } from "../helpers/stats.js";

const cases: [string, TrainOptions][] = [
  // The default (REINFORCE, two episodes per update, 128 relu units).
  ["reinforce (default)", { steps: 6000 }],
  ["a2c", { algorithm: "a2c", network: { hidden: [32], valueHidden: [32] }, hyper: { numEnvs: 4, numSteps: 16, learningRate: 3e-3, valueLearningRate: 3e-3 }, steps: 8000 }],
  ["ppo", { algorithm: "ppo", network: { hidden: [32], valueHidden: [32] }, hyper: { epochs: 4 }, steps: 6000 }],
  ["npg", { algorithm: "npg", network: { hidden: [16], valueHidden: [16] }, hyper: { numEnvs: 2, numSteps: 256, maxKl: 0.02 }, steps: 6000 }],
];

describe("train learns CartPole-v1 with a small budget (one-sided z ≥ 4 on the evaluation means)", () => {
  cases.forEach(([name, options], i) => {
    it(name, () => {
      const r = train({ env: "CartPole-v1", seed: testSeed(80 + i), evalEvery: 1e9, diagnosticsEvery: 0, ...options });
      const before = r.evaluations[0];
      const after = r.evaluations[r.evaluations.length - 1];
      assert.equal(before.steps, 0);
      assert.ok(after.steps >= (options.steps as number));
      const z = (after.mean - before.mean) / Math.hypot(after.stderr, before.stderr);
      assert.ok(z >= 4, `${name}: evaluation mean ${before.mean.toFixed(1)} ± ${before.stderr.toFixed(1)} → ${after.mean.toFixed(1)} ± ${after.stderr.toFixed(1)} after ${after.steps} steps (z = ${z.toFixed(1)})`);
    });
  });
});
