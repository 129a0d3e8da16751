import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { train, type TrainOptions } from "../../src/rl/train.js";

/** Bitwise equality of two float64 vectors (distinguishes −0 and NaN payloads, unlike ===). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

const small = { hidden: [8], valueHidden: [8] };
const runs: [string, TrainOptions][] = [
  ["ppo on CartPole (fixed-length rollouts, annealed lr, evaluations)", { env: "CartPole-v1", algorithm: "ppo", network: small, hyper: { numEnvs: 2, numSteps: 16, epochs: 2, minibatches: 2 }, steps: 480, evalEvery: 160, evalEpisodes: 3 }],
  ["reinforce on CartPole (whole episodes, value baseline)", { env: "CartPole-v1", algorithm: "reinforce", network: small, hyper: { numEnvs: 2, baseline: "value", standardize: false }, steps: 600, evalEvery: 200, evalEpisodes: 2 }],
  ["npg on Pendulum (continuous actions, line search)", { env: "Pendulum-v1", algorithm: "npg", network: small, hyper: { numEnvs: 2, numSteps: 50, cgIters: 4 }, steps: 600, evalEvery: 300, evalEpisodes: 2 }],
  ["a2c on Acrobot", { env: "Acrobot-v1", algorithm: "a2c", network: small, hyper: { numEnvs: 2, numSteps: 20 }, steps: 400, evalEvery: 200, evalEpisodes: 1 }],
];

describe("train: checkpoint and resume", () => {
  for (const [name, options] of runs) {
    it(`a run resumed from a mid-run checkpoint ends bit for bit as the uninterrupted run: ${name}`, () => {
      const saved: string[] = [];
      const full = train({ ...options, seed: 7, stopWhenSolved: false, checkpointEvery: 2, diagnosticsEvery: 3, checkpoint: (json) => saved.push(json) });
      assert.ok(saved.length >= 3, `only ${saved.length} checkpoints`);
      for (const mid of [saved[1], saved[Math.floor(saved.length / 2)]]) {
        const resumed = train({ ...options, seed: 7, stopWhenSolved: false, checkpointEvery: 2, diagnosticsEvery: 3, resume: mid });
        assert.ok(sameBits(resumed.theta, full.theta), "policy θ differs");
        assert.ok(sameBits(resumed.criticTheta, full.criticTheta), "critic θ differs");
        assert.deepEqual(resumed.evaluations, full.evaluations);
        assert.deepEqual(resumed.curve, full.curve);
        assert.deepEqual(resumed.diagnostics, full.diagnostics);
        assert.equal(resumed.envSteps, full.envSteps);
        assert.equal(resumed.episodes, full.episodes);
      }
      // The last checkpoint is the finished run: resuming it changes nothing.
      const last = train({ ...options, seed: 7, stopWhenSolved: false, checkpointEvery: 2, diagnosticsEvery: 3, resume: saved[saved.length - 1] });
      assert.ok(sameBits(last.theta, full.theta));
    });
  }

  it("refuses a checkpoint of another run, naming the differing field", () => {
    const saved: string[] = [];
    const options = runs[0][1];
    train({ ...options, seed: 1, steps: 64, checkpoint: (json) => saved.push(json) });
    assert.throws(() => train({ ...options, seed: 2, steps: 64, resume: saved[0] }), /train: resume was written for seed = 1, but this run has seed = 2/);
    assert.throws(() => train({ ...options, seed: 1, steps: 64, hyper: { ...options.hyper, clipCoef: 0.3 }, resume: saved[0] }), /train: resume was written for hyper = .*clipCoef/);
  });

  it("refuses a damaged payload field, naming it", () => {
    const saved: string[] = [];
    const options = runs[0][1];
    train({ ...options, seed: 1, steps: 64, checkpoint: (json) => saved.push(json) });
    const raw = JSON.parse(saved[0]) as { payload: { envSteps: unknown; rollout: { episodeLengths: { $f64: unknown[] } } } };
    raw.payload.envSteps = -3;
    assert.throws(() => train({ ...options, seed: 1, steps: 64, resume: JSON.stringify(raw) }), /train: resume field envSteps = -3 must be an integer ≥ 0/);
    raw.payload.envSteps = 32;
    raw.payload.rollout.episodeLengths.$f64[0] = 1.5;
    assert.throws(() => train({ ...options, seed: 1, steps: 64, resume: JSON.stringify(raw) }), /field rollout\.episodeLengths\[0\] = 1\.5 must be an integer/);
  });
});
