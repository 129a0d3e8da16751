// SyncVectorEnv against N single envs driven by hand with Gymnasium 1.x's autoreset rules (sync_vector_env.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeEnv } from "../../src/rl/envs/registry.js";
import { makeVectorEnv } from "../../src/rl/vectorEnv.js";
import type { Env } from "../../src/rl/env.js";

/** Deterministic action schedule that mixes pushes so CartPole episodes end after a few dozen steps. */
const actionAt = (t: number, i: number) => ((t * 7 + i * 3) >> 2) % 2;

function row(obs: Float64Array, i: number, d: number): number[] {
  return Array.from(obs.subarray(i * d, (i + 1) * d));
}

test("next-step autoreset: copy i is the single env seeded seed + i; the step after an end resets (reward 0, flags false)", () => {
  const n = 3;
  const seed = 41;
  const vec = makeVectorEnv("CartPole-v1", n, { maxEpisodeSteps: 30 });
  const singles: Env[] = Array.from({ length: n }, () => makeEnv("CartPole-v1", { maxEpisodeSteps: 30 }));
  const v0 = vec.reset({ seed });
  const pending = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) assert.deepEqual(row(v0.observations, i, 4), Array.from(singles[i].reset({ seed: seed + i }).observation));
  let resets = 0;
  let ends = 0;
  for (let t = 0; t < 200; t++) {
    const actions = Array.from({ length: n }, (_, i) => actionAt(t, i));
    const r = vec.step(actions);
    for (let i = 0; i < n; i++) {
      if (pending[i]) {
        resets++;
        assert.deepEqual(row(r.observations, i, 4), Array.from(singles[i].reset().observation), `t=${t} env ${i}: reset observation`);
        assert.equal(r.rewards[i], 0);
        assert.equal(r.terminated[i], false);
        assert.equal(r.truncated[i], false);
        pending[i] = false;
        continue;
      }
      const s = singles[i].step(actions[i]);
      assert.deepEqual(row(r.observations, i, 4), Array.from(s.observation), `t=${t} env ${i}: observation`);
      assert.equal(r.rewards[i], s.reward);
      assert.equal(r.terminated[i], s.terminated);
      assert.equal(r.truncated[i], s.truncated);
      pending[i] = s.terminated || s.truncated;
      if (pending[i]) ends++;
    }
    assert.deepEqual(r.info, {}, "next-step mode puts nothing in info");
  }
  assert.ok(resets >= 10 && ends >= 10, `the schedule must end and reset episodes (ends ${ends}, resets ${resets})`);
});

test("same-step autoreset: the ending step returns the reset observation, the true reward and flags, and info.finalObservations", () => {
  const n = 2;
  const vec = makeVectorEnv("Pendulum-v1", n, { autoresetMode: "same-step", maxEpisodeSteps: 3 });
  const singles = Array.from({ length: n }, () => makeEnv("Pendulum-v1", { maxEpisodeSteps: 3 }));
  vec.reset({ seed: [5, 9] });
  singles[0].reset({ seed: 5 });
  singles[1].reset({ seed: 9 });
  let finals = 0;
  for (let t = 0; t < 10; t++) {
    const actions = new Float64Array([0.5, -1.25]);
    const r = vec.step(actions);
    for (let i = 0; i < n; i++) {
      const s = singles[i].step(actions[i]);
      assert.equal(r.rewards[i], s.reward);
      assert.equal(r.truncated[i], s.truncated);
      assert.equal(r.truncated[i], (t + 1) % 3 === 0, "Pendulum truncates every 3 steps here");
      if (s.truncated) {
        finals++;
        assert.deepEqual(Array.from(r.info.finalObservations![i]!), Array.from(s.observation));
        assert.deepEqual(row(r.observations, i, 3), Array.from(singles[i].reset().observation));
      } else {
        assert.equal(r.info.finalObservations?.[i] ?? null, null);
        assert.deepEqual(row(r.observations, i, 3), Array.from(s.observation));
      }
    }
  }
  assert.equal(finals, 6);
});

test("one seed gives reproducible streams: same seed ⇒ same observations, and copies differ from each other", () => {
  const run = (seed: number) => {
    const vec = makeVectorEnv("Acrobot-v1", 4);
    const out = [Array.from(vec.reset({ seed }).observations)];
    for (let t = 0; t < 20; t++) out.push(Array.from(vec.step([0, 1, 2, t % 3]).observations));
    return out;
  };
  assert.deepEqual(run(3), run(3));
  assert.notDeepEqual(run(3), run(4));
  const first = run(3)[0];
  assert.notDeepEqual(first.slice(0, 6), first.slice(6, 12), "copies 0 and 1 start from different states");
  // Never seeded: behaves as seed 0 (copy i ⇒ seed i).
  const unseeded = makeVectorEnv("Acrobot-v1", 2).reset().observations;
  assert.deepEqual(Array.from(unseeded.subarray(6)), Array.from(makeEnv("Acrobot-v1").reset({ seed: 1 }).observation));
});

test("vector env bad input: step before reset, wrong action count, out-of-range action; nothing is stepped on error", () => {
  const vec = makeVectorEnv("CartPole-v1", 2);
  assert.throws(() => vec.step([0, 1]), /SyncVectorEnv\(CartPole-v1\)\.step: call reset\(\) before step\(\), got actions \[0, 1\]/);
  vec.reset({ seed: 2 });
  const before = vec.envs.map((e) => Array.from(e.unwrapped.state));
  assert.throws(() => vec.step([0, 1, 1]), /SyncVectorEnv\(CartPole-v1\)\.step: actions must hold 2 actions .*got length 3/);
  assert.throws(() => vec.step([1, 2]), /SyncVectorEnv\(CartPole-v1\)\.step: actions\[1\]: action must be an integer in \{0, …, 1\}.*got 2/);
  assert.deepEqual(vec.envs.map((e) => Array.from(e.unwrapped.state)), before, "a refused batch steps no copy");
  const box = makeVectorEnv("MountainCarContinuous-v0", 2);
  box.reset({ seed: 1 });
  assert.throws(() => box.step([0.5, NaN]), /actions\[1\]: action\[0\] must be a finite float32 number, got NaN/);
  assert.throws(() => makeVectorEnv("CartPole-v1", 0), /makeVectorEnv: numEnvs must be a positive integer, got 0/);
  assert.throws(() => makeVectorEnv("CartPole-v1", 2, { autoresetMode: "never" as "next-step" }), /autoresetMode must be "next-step" or "same-step", got "never"/);
  assert.throws(() => vec.reset({ seed: [1] }), /reset: seed must be a number or an array of 2 seeds, got \[1\]/);
});
