/** trainAsync: the same run as train, and stopping it by its signal loses nothing (checkpoint → resume → same bits). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { train, type TrainOptions } from "../../src/rl/train.js";
import { TrainAborted, trainAsync } from "../../src/rl/trainAsync.js";

const sameBits = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const options: TrainOptions = {
  env: "CartPole-v1",
  algorithm: "ppo",
  network: { hidden: [8], valueHidden: [8] },
  hyper: { numEnvs: 2, numSteps: 16, epochs: 2, minibatches: 2 },
  steps: 480,
  evalEvery: 160,
  evalEpisodes: 3,
  seed: 11,
  stopWhenSolved: false,
  checkpointEvery: 1000,
};

describe("trainAsync", () => {
  it("ends bit for bit as train", async () => {
    const a = train(options);
    const b = await trainAsync({ ...options, yieldEveryMs: 0 });
    assert.ok(sameBits(a.theta, b.theta));
    assert.deepEqual(a.evaluations, b.evaluations);
  });

  for (const stopAt of [0, 4, 9]) {
    it(`aborted after ${stopAt} updates: rejects with TrainAborted, and resuming its checkpoint ends as the uninterrupted run`, async () => {
      const whole = train(options);
      const saved: string[] = [];
      const ac = new AbortController();
      if (stopAt === 0) ac.abort();
      const run = trainAsync({
        ...options,
        signal: ac.signal,
        yieldEveryMs: 0,
        checkpoint: (json) => saved.push(json),
        onProgress: (e) => {
          if (e.metrics.update === stopAt) ac.abort();
        },
      });
      await assert.rejects(run, (e: unknown) => e instanceof TrainAborted && e.updates === stopAt && e.saved);
      const last = JSON.parse(saved[saved.length - 1]) as { payload: { update: number } };
      assert.equal(last.payload.update, stopAt, "the checkpoint must hold the update the run stopped at");
      const resumed = train({ ...options, resume: saved[saved.length - 1] });
      assert.ok(sameBits(resumed.theta, whole.theta), "policy θ differs after abort + resume");
      assert.ok(sameBits(resumed.criticTheta, whole.criticTheta));
      assert.deepEqual(resumed.evaluations, whole.evaluations);
      assert.deepEqual(resumed.curve, whole.curve);
    });
  }

  it("refuses a bad signal or yieldEveryMs, naming it", async () => {
    await assert.rejects(trainAsync({ ...options, signal: {} as AbortSignal }), /trainAsync: signal must be an AbortSignal/);
    await assert.rejects(trainAsync({ ...options, yieldEveryMs: -1 }), /trainAsync: yieldEveryMs must be a finite number ≥ 0, got -1/);
  });
});
