import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { collectRollout, startRollout } from "../../src/rl/rollout.js";
import { collectEpisodes } from "../../src/rl/collectEpisodes.js";
import { makePolicy } from "../../src/rl/policy/policy.js";
import { categoricalHead, normalHead } from "../../src/rl/policy/heads.js";
import { linear } from "../../src/rl/policy/mlp.js";
import { segments } from "../../src/rl/segments.js";
import type { BoxSpace, Env, StepResult, UnwrappedEnv } from "../../src/rl/env.js";
import { key } from "../../src/random/key.js";
import { ChainEnv } from "./toyMdps.js";
import { assertClose } from "../helpers/stats.js";

/** obs = [k, 1]; reward = 10·k + a; terminates when a = 1 at k ≥ 1; truncated when k reaches 3. */
class CounterEnv implements Env {
  readonly id = "Counter";
  readonly observationSpace: BoxSpace = { kind: "box", low: new Float64Array(2), high: new Float64Array([3, 1]), shape: [2] };
  readonly actionSpace = { kind: "discrete" as const, n: 2 };
  readonly maxEpisodeSteps = 3;
  state = new Float64Array(1);
  resets = 0;
  get unwrapped(): UnwrappedEnv {
    return this as unknown as UnwrappedEnv;
  }
  reset() {
    this.state[0] = 0;
    this.resets++;
    return { observation: new Float64Array([0, 1]), info: {} };
  }
  step(action: number | readonly number[] | Float64Array): StepResult {
    const a = action as number;
    const k = this.state[0];
    this.state[0] = k + 1;
    return { observation: new Float64Array([k + 1, 1]), reward: 10 * k + a, terminated: a === 1 && k >= 1, truncated: k + 1 === 3, info: {} };
  }
}

/** Box actions in [−1, 1]; records what it receives; episodes of 2 steps (truncated). */
class EchoEnv implements Env {
  readonly id = "Echo";
  readonly observationSpace: BoxSpace = { kind: "box", low: new Float64Array(1), high: new Float64Array(1), shape: [1] };
  readonly actionSpace: BoxSpace = { kind: "box", low: new Float64Array([-1]), high: new Float64Array([1]), shape: [1] };
  state = new Float64Array(1);
  received: number[] = [];
  get unwrapped(): UnwrappedEnv {
    return this as unknown as UnwrappedEnv;
  }
  reset() {
    this.state[0] = 0;
    return { observation: new Float64Array([0]), info: {} };
  }
  step(action: number | readonly number[] | Float64Array): StepResult {
    this.received.push((action as Float64Array)[0]);
    this.state[0]++;
    return { observation: new Float64Array([this.state[0]]), reward: 0, terminated: false, truncated: this.state[0] === 2, info: {} };
  }
}

describe("collectRollout: same-step autoreset", () => {
  const policy = makePolicy(linear(2, 2), categoricalHead(2));
  const theta = new Float64Array([0, 0, 0, 0, 0, 0]); // uniform over both actions

  it("records s'_t before the reset, starts the next row from the reset observation, logs episodes", () => {
    const envs = [new CounterEnv(), new CounterEnv()];
    const state0 = startRollout(envs, 0);
    const { rollout: r, state } = collectRollout(key(1), envs, policy, theta, state0, 40);
    const N = 2;
    let ended = 0;
    for (let t = 0; t < 40; t++) {
      for (let e = 0; e < N; e++) {
        const i = t * N + e;
        const k = r.observations[i * 2];
        const a = r.actions[i];
        assert.equal(r.rewards[i], 10 * k + a);
        assert.equal(r.nextObservations[i * 2], k + 1, "s'_t is the observation the step returned");
        const term = a === 1 && k >= 1;
        assert.equal(r.terminated[i], term ? 1 : 0);
        assert.equal(r.truncated[i], !term && k + 1 === 3 ? 1 : 0);
        if (t + 1 < 40) {
          const nextK = r.observations[(i + N) * 2];
          assert.equal(nextK, r.terminated[i] || r.truncated[i] ? 0 : k + 1, "the row after an episode end is the reset observation");
        }
        if (r.terminated[i] || r.truncated[i]) ended++;
      }
    }
    assert.equal(r.episodes.length, ended);
    // Each finished episode's return and length equal the sum over its segment.
    const seg = segments(r);
    const complete = [...seg.complete].map((c, s) => ({ c, s })).filter((x) => x.c === 1);
    const sums = complete.map(({ s }) => r.rewards.reduce((acc, v, i) => acc + (seg.id[i] === s ? v : 0), 0)).sort((a, b) => a - b);
    assert.deepEqual(r.episodes.map((ep) => ep.return).sort((a, b) => a - b), sums);
    assert.ok(r.episodes.some((ep) => ep.truncated) && r.episodes.some((ep) => !ep.truncated));
    assert.equal(envs[0].resets + envs[1].resets, 2 + ended);
    // The returned state continues the running episodes.
    for (let e = 0; e < N; e++) {
      const last = 39 * N + e;
      const done = r.terminated[last] || r.truncated[last];
      assert.equal(state.observations[e * 2], done ? 0 : r.nextObservations[last * 2]);
    }
  });

  it("the same key, θ and seed give the same batch", () => {
    const run = () => {
      const envs = [new ChainEnv(), new ChainEnv(), new ChainEnv()];
      return collectRollout(key(5), envs, makePolicy(linear(3, 2), categoricalHead(2)), new Float64Array([0.3, -0.2, 0.1, 0.5, 0, -0.4, 0.2, 0.1]), startRollout(envs, 9), 30).rollout;
    };
    const a = run();
    const b = run();
    assert.deepEqual(a.actions, b.actions);
    assert.deepEqual(a.rewards, b.rewards);
    assert.deepEqual(a.terminated, b.terminated);
    // A vector env (an object exposing its copies as `envs`) gives the same batch.
    const copies = [new ChainEnv(), new ChainEnv(), new ChainEnv()];
    const vec = { envs: copies };
    const c = collectRollout(key(5), vec, makePolicy(linear(3, 2), categoricalHead(2)), new Float64Array([0.3, -0.2, 0.1, 0.5, 0, -0.4, 0.2, 0.1]), startRollout(vec, 9), 30).rollout;
    assert.deepEqual(c.actions, a.actions);
    assert.deepEqual(c.nextObservations, a.nextObservations);
  });

  it("Box actions: the unclipped sample is stored and scored, the env receives it clipped", () => {
    const env = new EchoEnv();
    const pol = makePolicy(linear(1, 1), normalHead(1, { initLogStd: Math.log(2) }));
    const th = pol.init(key(3));
    const { rollout } = collectRollout(key(4), [env], pol, th, startRollout([env], 0), 50);
    assert.ok(rollout.actions.some((a) => Math.abs(a) > 1));
    rollout.actions.forEach((a, i) => assert.equal(env.received[i], Math.min(1, Math.max(-1, a))));
    assertClose("stored log-probs", rollout.logProbs, pol.logProb(th, rollout.observations, rollout.actions), 1e-12);
  });
});

describe("collectEpisodes", () => {
  it("runs the same number of whole episodes on every env, as one sequence", () => {
    const envs = [new CounterEnv(), new CounterEnv(), new CounterEnv()];
    const policy = makePolicy(linear(2, 2), categoricalHead(2));
    const { rollout: r } = collectEpisodes(key(2), envs, policy, new Float64Array(6), { episodesPerEnv: 4 });
    assert.equal(r.numEnvs, 1);
    const seg = segments(r);
    assert.equal(seg.count, 12);
    assert.ok([...seg.complete].every((c) => c === 1));
    assert.deepEqual(r.episodes.map((e) => e.env), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    assert.deepEqual(r.episodes.map((e) => e.length), [...seg.length]);
    for (let i = 0; i < r.numSteps; i++) assert.equal(r.observations[i * 2], seg.position[i]);
  });

  it("bad input names the function and the argument", () => {
    const policy = makePolicy(linear(2, 2), categoricalHead(2));
    assert.throws(() => collectEpisodes(key(0), [], policy, new Float64Array(6)), /collectEpisodes: envs must be a non-empty array/);
    assert.throws(() => collectEpisodes(key(0), [new CounterEnv()], policy, new Float64Array(6), { episodesPerEnv: 0 }), /collectEpisodes: episodesPerEnv/);
    assert.throws(() => collectRollout(key(0), [new CounterEnv()], policy, new Float64Array(6), { observations: new Float64Array(3) } as never, 5), /collectRollout: state must come from startRollout/);
    assert.throws(() => collectEpisodes(key(0), [new ChainEnv()], policy, new Float64Array(6)), /collectEpisodes: envs\[0\] \(Chain\) has observation size 3, expected 2 \(the policy's observationDim\)/);
  });
});
