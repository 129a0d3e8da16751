// TimeLimit: truncation exactly at Gymnasium's registered limits, both flags on a terminal last step, no limit on
// the bare env, and no step after an episode ended.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeEnv } from "../../src/rl/envs/registry.js";

/** Registered limits (gymnasium/envs/__init__.py) and a state from which one step does not terminate. */
const CASES: [string, number, number[], number | number[]][] = [
  ["CartPole-v1", 500, [0, 0, 0, 0], 1],
  ["Acrobot-v1", 500, [0, 0, 0, 0], 1],
  ["MountainCar-v0", 200, [-0.5, 0], 1],
  ["MountainCarContinuous-v0", 999, [-0.5, 0], [0.3]],
  ["Pendulum-v1", 200, [1, 0], [0.3]],
];

for (const [id, limit, safe, action] of CASES) {
  test(`${id}: truncated exactly at step ${limit}, then step() is refused until reset()`, () => {
    const env = makeEnv(id);
    assert.equal(env.maxEpisodeSteps, limit);
    env.reset({ seed: 1 });
    for (let t = 1; t <= limit; t++) {
      env.unwrapped.state = Float64Array.from(safe); // keep the episode alive; the wrapper still counts steps
      const r = env.step(action);
      assert.equal(r.terminated, false);
      assert.equal(r.truncated, t === limit, `step ${t}`);
    }
    assert.throws(() => env.step(action), new RegExp(`${id}\\.step: the episode has ended \\(truncated after ${limit} steps\\); call reset\\(\\)`));
    env.reset();
    assert.equal(env.step(action).truncated, false, "reset restarts the count");
  });
}

test("maxEpisodeSteps overrides the limit; a terminal last step has both flags, as in Gymnasium", () => {
  const env = makeEnv("CartPole-v1", { maxEpisodeSteps: 3 });
  env.reset({ seed: 0 });
  env.step(0);
  env.step(1);
  env.unwrapped.state = Float64Array.of(2.399, 1, 0, 0); // x passes 2.4 on this step
  const r = env.step(1);
  assert.equal(r.terminated, true);
  assert.equal(r.truncated, true);
  assert.throws(() => env.step(0), /CartPole-v1\.step: the episode has ended \(terminated after 3 steps\)/);
});

test("a terminated episode refuses step() on the wrapped env; the bare env has no time limit", () => {
  const env = makeEnv("CartPole-v1");
  env.reset({ seed: 0 });
  env.unwrapped.state = Float64Array.of(0, 0, 0.2094, 1);
  assert.equal(env.step(1).terminated, true);
  assert.throws(() => env.step(1), /CartPole-v1\.step: the episode has ended \(terminated after 1 steps\); call reset\(\) before stepping again, got action 1/);
  const bare = makeEnv("Pendulum-v1").unwrapped;
  bare.reset({ seed: 0 });
  for (let t = 0; t < 1000; t++) assert.equal(bare.step(0).truncated, false);
});

test("ResumableEnv: a snapshot restored on a fresh env continues the same episode, truncates at the same step, and keeps the phase", async () => {
  const { ResumableEnv } = await import("../../src/rl/resumableEnv.js");
  const a = new ResumableEnv("Pendulum-v1");
  a.reset({ seed: 4 });
  a.reset();
  for (let t = 0; t < 150; t++) a.step([0.3]);
  const snap = a.snapshot();
  assert.equal(snap.elapsed, 150);
  assert.equal(snap.phase, "running");
  const b = new ResumableEnv("Pendulum-v1");
  b.restore(snap);
  for (let t = 150; t < 200; t++) {
    const ra = a.step([0.3]);
    const rb = b.step([0.3]);
    assert.deepEqual(rb, ra, `step ${t} differs after restore`);
    assert.equal(rb.truncated, t === 199);
  }
  // Both ended by truncation: the phase travels, and a step is refused with the TimeLimit's own message.
  assert.equal(b.snapshot().phase, "truncated");
  const c = new ResumableEnv("Pendulum-v1");
  c.restore(b.snapshot());
  assert.throws(() => c.step([0]), /Pendulum-v1\.step: the episode has ended \(truncated after 200 steps\)/);
  // The next reset continues the random stream where the original is.
  assert.deepEqual(c.reset().observation, a.reset().observation);
  // An older checkpoint's "ended" reads as an ended episode; a count beyond the limit is refused by name.
  c.restore({ ...snap, phase: "ended" });
  assert.throws(() => c.step([0]), /the episode has ended/);
  assert.throws(() => c.restore({ ...snap, elapsed: 201 }), /TimeLimit\.restoreCondition: elapsed must be an integer in \[0, 200\], got 201/);
});
