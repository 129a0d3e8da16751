// Bad input to the envs: each error names the env, the call and the value, and leaves the env as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ENV_IDS, makeEnv } from "../../src/rl/envs/registry.js";
import { boxSpace, discreteSpace, sampleSpace, spaceContains } from "../../src/rl/spaces.js";
import { key } from "../../src/random/key.js";

test("makeEnv: an unknown id lists the known ids; an option the env does not take is named", () => {
  assert.throws(
    () => makeEnv("CartPole-v0"),
    /makeEnv: id must be one of CartPole-v1, Acrobot-v1, MountainCar-v0, MountainCarContinuous-v0, Pendulum-v1, got "CartPole-v0"/,
  );
  assert.throws(() => makeEnv("Pendulum-v1", { goalVelocity: 1 }), /makeEnv: Pendulum-v1 takes the options maxEpisodeSteps, g, got "goalVelocity"/);
  assert.throws(() => makeEnv("CartPole-v1", { maxEpisodeSteps: 0 }), /makeEnv: options.maxEpisodeSteps must be a positive integer, got 0/);
  assert.throws(() => makeEnv("Pendulum-v1", { g: NaN }), /PendulumEnv: g must be a finite number, got NaN/);
});

test("step before reset names the env, the call and the action (wrapped and bare)", () => {
  for (const id of ENV_IDS) {
    const action = makeEnv(id).actionSpace.kind === "discrete" ? 1 : [0.5];
    const expected = new RegExp(`${id}\\.step: call reset\\(\\) before step\\(\\) \\(no episode has started\\), got action`);
    assert.throws(() => makeEnv(id).step(action), expected);
    assert.throws(() => makeEnv(id).unwrapped.step(action), expected);
    assert.throws(() => makeEnv(id).unwrapped.state, new RegExp(`${id}\\.state: there is no state before the first reset\\(\\)`));
  }
});

test("Discrete actions: out of range, non-integer, NaN, an array → Error; the state is untouched", () => {
  for (const [id, n] of [["CartPole-v1", 2], ["Acrobot-v1", 3], ["MountainCar-v0", 3]] as const) {
    const env = makeEnv(id);
    env.reset({ seed: 0 });
    const before = Array.from(env.unwrapped.state);
    for (const bad of [n, -1, 0.5, NaN, Infinity, [1], "1", null]) {
      assert.throws(
        () => env.step(bad as number),
        (e: Error) => e.message.startsWith(`${id}.step: action must be an integer in {0, …, ${n - 1}} (Discrete(${n})), got `),
        `${id} refuses ${String(bad)}`,
      );
    }
    assert.deepEqual(Array.from(env.unwrapped.state), before);
    env.step(n - 1); // and still works
  }
});

test("Box actions: NaN, ±∞, float32 overflow, wrong length, non-numbers → Error; out-of-range values are clipped as Gymnasium does", () => {
  for (const id of ["MountainCarContinuous-v0", "Pendulum-v1"]) {
    const env = makeEnv(id);
    env.reset({ seed: 0 });
    assert.throws(() => env.step(NaN), new RegExp(`${id}\\.step: action\\[0\\] must be a finite float32 number, got NaN \\(action NaN\\)`));
    assert.throws(() => env.step([Infinity]), /action\[0\] must be a finite float32 number, got Infinity/);
    assert.throws(() => env.step([1e39]), /action\[0\] must be a finite float32 number, got 1e\+39/);
    assert.throws(() => env.step([0.1, 0.2]), new RegExp(`${id}\\.step: action must have length 1, got length 2 \\(\\[0.1, 0.2\\]\\)`));
    assert.throws(() => env.step(["0.1"] as unknown as number[]), /action\[0\] must be a finite float32 number, got "0.1"/);
    assert.throws(() => env.step({} as unknown as number), new RegExp(`${id}\\.step: action must be a number, an array or a Float64Array of length 1, got \\{\\}`));
  }
  // Clipping: Pendulum clips the torque to ±2 (so 5 and 2 step alike); MountainCarContinuous clips the force to ±1
  // but charges the unclipped action in the reward (−0.1·a²), as Gymnasium does.
  const pend = makeEnv("Pendulum-v1").unwrapped;
  const stepFrom = (env: typeof pend, a: number) => {
    env.reset({ seed: 0 });
    env.state = Float64Array.of(0.3, 0.1);
    return { r: env.step(a), s: Array.from(env.state) };
  };
  assert.deepEqual(stepFrom(pend, 5), stepFrom(pend, 2));
  const car = makeEnv("MountainCarContinuous-v0").unwrapped;
  const big = stepFrom(car, 3);
  const one = stepFrom(car, 1);
  assert.equal(big.s[0], one.s[0]);
  assert.equal(big.r.reward, -0.1 * 9);
  // The three accepted forms give the same step.
  const forms = [0.7, [0.7], Float64Array.of(0.7)].map((a) => stepFrom(car, a as number));
  assert.deepEqual(forms[1], forms[0]);
  assert.deepEqual(forms[2], forms[0]);
});

test("reset and state: bad seed, unknown or unordered bounds, wrong-length or NaN state → Error naming the env", () => {
  const env = makeEnv("CartPole-v1");
  assert.throws(() => env.reset({ seed: 1.5 }), /CartPole-v1\.reset: seed must be a safe integer, got 1.5/);
  assert.throws(() => env.reset({ options: 0.1 as unknown as Record<string, number> }), /CartPole-v1\.reset: options.options must be an object of reset bounds, got 0.1/);
  assert.throws(() => env.reset({ options: { lo: 0 } }), /CartPole-v1\.reset: options may only contain low, high, got "lo"/);
  assert.throws(() => env.reset({ options: { low: 0.2, high: 0.1 } }), /CartPole-v1\.reset: options.low must be ≤ options.high, got 0.2 > 0.1/);
  assert.throws(() => makeEnv("Pendulum-v1").reset({ options: { xInit: NaN } }), /Pendulum-v1\.reset: options.xInit must be a finite number, got NaN/);
  env.reset({ seed: 0 });
  assert.throws(() => { env.unwrapped.state = Float64Array.of(0, 0, 0); }, /CartPole-v1\.state: must have length 4, got length 3/);
  assert.throws(() => { env.unwrapped.state = Float64Array.of(0, NaN, 0, 0); }, /CartPole-v1\.state: entry 1 must be a finite number, got NaN/);
  const s = env.unwrapped.state;
  s[0] = 99; // a copy: the env's state is not aliased
  assert.notEqual(env.unwrapped.state[0], 99);
});

test("a state set too far out: Acrobot's angle wrap and an overflowing CartPole step are named errors, not hangs or NaN", () => {
  const acro = makeEnv("Acrobot-v1").unwrapped;
  acro.reset({ seed: 0 });
  acro.state = Float64Array.of(1e17, 0, 0, 0);
  assert.throws(() => acro.step(1), /Acrobot-v1\.step: angle 100000000000000000 is too far out to wrap into \[−π, π\]/);
  acro.state = Float64Array.of(100, -100, 0, 0); // 16 turns: wrapped as Gymnasium does
  acro.step(1);
  assert.ok(Math.abs(acro.state[0]) <= Math.PI && Math.abs(acro.state[1]) <= Math.PI);
  const cart = makeEnv("CartPole-v1").unwrapped;
  cart.reset({ seed: 0 });
  cart.state = Float64Array.of(0, 0, 0.1, 1e200);
  assert.throws(() => cart.step(0), /CartPole-v1\.step: the state overflowed to \[.*\] with action 0/);
});

test("property: any finite float32 action steps to finite numbers; anything else throws an Error naming the env", () => {
  const envs = ENV_IDS.map((id) => {
    const e = makeEnv(id).unwrapped;
    e.reset({ seed: 1 });
    return e;
  });
  fc.assert(
    fc.property(fc.nat(envs.length - 1), fc.oneof(fc.double(), fc.integer({ min: -5, max: 5 })), (j, a) => {
      const env = envs[j];
      const ok = env.actionSpace.kind === "discrete" ? spaceContains(env.actionSpace, a) : Number.isFinite(Math.fround(a));
      if (!ok) {
        assert.throws(() => env.step(a), (e: Error) => e.message.startsWith(`${env.id}.step: action`));
        return;
      }
      const r = env.step(a);
      assert.ok(Number.isFinite(r.reward) && r.observation.every(Number.isFinite) && env.state.every(Number.isFinite));
    }),
    { seed: 17, numRuns: 2000 },
  );
});

test("spaces: sampleSpace draws inside the space; spaceContains; bad constructors", () => {
  const box = boxSpace([-2], [2]);
  const disc = discreteSpace(3);
  for (let i = 0; i < 200; i++) {
    assert.ok(spaceContains(box, sampleSpace(key(i), box)));
    assert.ok(spaceContains(disc, sampleSpace(key(i), disc)));
  }
  assert.equal(spaceContains(box, [2.5]), false);
  assert.equal(spaceContains(disc, 3), false);
  assert.throws(() => discreteSpace(0), /discreteSpace: n must be a positive integer, got 0/);
  assert.throws(() => boxSpace([1], [0]), /boxSpace: need low\[0\] ≤ high\[0\], got 1 and 0/);
  assert.throws(() => sampleSpace(key(0), makeEnv("CartPole-v1").observationSpace), /sampleSpace: the Box must be bounded/);
});
