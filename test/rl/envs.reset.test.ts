// Reset distributions: Gymnasium's uniform ranges, drawn from our own keys; reset({ seed }) reproducible.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeEnv } from "../../src/rl/envs/registry.js";
import { testSeed, zFor } from "../helpers/stats.js";

const N = 4000;
const f32 = Math.fround;
/** Per env: the uniform range of each state coordinate (null: a constant, given as [value, value]). */
const RANGES: Record<string, [number, number][]> = {
  "CartPole-v1": [[-0.05, 0.05], [-0.05, 0.05], [-0.05, 0.05], [-0.05, 0.05]],
  "Acrobot-v1": [[-0.1, 0.1], [-0.1, 0.1], [-0.1, 0.1], [-0.1, 0.1]],
  "MountainCar-v0": [[-0.6, -0.4], [0, 0]],
  "MountainCarContinuous-v0": [[-0.6, -0.4], [0, 0]],
  "Pendulum-v1": [[-Math.PI, Math.PI], [-1, 1]],
};
/** Two checks (mean, variance) per random coordinate, Bonferroni over all of them. */
const Z = zFor(2 * Object.values(RANGES).flat().filter(([a, b]) => a < b).length);

function resetStates(id: string, seed: number, options?: Record<string, number>): Float64Array[] {
  const env = makeEnv(id);
  const out: Float64Array[] = [];
  for (let i = 0; i < N; i++) {
    env.reset(i === 0 ? { seed, options } : { options });
    out.push(env.unwrapped.state);
  }
  return out;
}

/** Range (min/max near the ends), mean and variance of U[lo, hi) at z·SE, SE from the draws themselves. */
function assertUniform(label: string, xs: number[], lo: number, hi: number): void {
  const n = xs.length;
  const w = hi - lo;
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  assert.ok(min >= lo && max <= hi, `${label}: draws in [${lo}, ${hi}], got [${min}, ${max}]`);
  // P(min − lo > 20w/n) = (1 − 20/n)ⁿ ≈ e⁻²⁰: the draws must reach both ends.
  assert.ok(min - lo <= (20 * w) / n && hi - max <= (20 * w) / n, `${label}: draws reach both ends, got [${min}, ${max}]`);
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const dev2 = xs.map((x) => (x - mean) ** 2);
  const variance = dev2.reduce((a, b) => a + b, 0) / (n - 1);
  const seMean = Math.sqrt(variance / n);
  assert.ok(Math.abs(mean - (lo + hi) / 2) <= Z * seMean, `${label}: mean ${mean} vs ${(lo + hi) / 2} ± ${Z}·${seMean}`);
  const varOfDev2 = dev2.reduce((a, b) => a + (b - variance) ** 2, 0) / (n - 1);
  const seVar = Math.sqrt(varOfDev2 / n);
  assert.ok(Math.abs(variance - (w * w) / 12) <= Z * seVar, `${label}: variance ${variance} vs ${(w * w) / 12} ± ${Z}·${seVar}`);
}

for (const [id, ranges] of Object.entries(RANGES)) {
  test(`${id}: reset draws Gymnasium's uniform ranges`, () => {
    const states = resetStates(id, testSeed(810));
    ranges.forEach(([lo, hi], j) => {
      const xs = states.map((s) => s[j]);
      if (lo === hi) assert.ok(xs.every((x) => x === lo), `${id} state[${j}] is always ${lo}`);
      else if (id === "Acrobot-v1") assertUniform(`${id} state[${j}]`, xs, f32(lo), f32(hi));
      else assertUniform(`${id} state[${j}]`, xs, lo, hi);
    });
  });
}

test("Acrobot's reset state is float32 (Gymnasium stores uniform(...).astype(np.float32))", () => {
  const states = resetStates("Acrobot-v1", 3).slice(0, 200);
  assert.ok(states.every((s) => s.every((x) => x === f32(x))));
  assert.ok(states.some((s) => s.some((x) => Math.abs(x) > 1e-3)), "draws are not trivially zero");
});

test("reset options move the ranges: { low, high } and Pendulum's { xInit, yInit }", () => {
  const cart = resetStates("CartPole-v1", 5, { low: 0.1, high: 0.3 });
  for (let j = 0; j < 4; j++) assertUniform(`CartPole state[${j}] with low 0.1, high 0.3`, cart.map((s) => s[j]), 0.1, 0.3);
  const pend = resetStates("Pendulum-v1", 5, { xInit: 0.5, yInit: 0.25 });
  assertUniform("Pendulum θ with xInit 0.5", pend.map((s) => s[0]), -0.5, 0.5);
  assertUniform("Pendulum θ̇ with yInit 0.25", pend.map((s) => s[1]), -0.25, 0.25);
  const car = resetStates("MountainCar-v0", 5, { low: -1.0, high: -0.9 });
  assert.ok(car.every((s) => s[0] >= -1.0 && s[0] < -0.9 && s[1] === 0));
});

test("reset({ seed }) is reproducible; later resets continue the stream; seeds differ", () => {
  for (const id of Object.keys(RANGES)) {
    const a = makeEnv(id);
    const b = makeEnv(id);
    const seqA = [a.reset({ seed: 7 }), a.reset(), a.reset()].map((r) => Array.from(r.observation));
    const seqB = [b.reset({ seed: 7 }), b.reset(), b.reset()].map((r) => Array.from(r.observation));
    assert.deepEqual(seqA, seqB, `${id}: same seed, same resets`);
    assert.notDeepEqual(seqA[0], seqA[1], `${id}: the next reset draws afresh`);
    assert.notDeepEqual(Array.from(a.reset({ seed: 8 }).observation), seqA[0], `${id}: another seed, another state`);
    assert.deepEqual(Array.from(a.reset({ seed: 7 }).observation), seqA[0], `${id}: reseeding restarts the stream`);
    // The observation is the state seen through Gymnasium's float32 observation map.
    const unseeded = makeEnv(id).reset().observation;
    assert.deepEqual(Array.from(unseeded), Array.from(makeEnv(id).reset({ seed: 0 }).observation), `${id}: never seeded = seed 0`);
  }
});
