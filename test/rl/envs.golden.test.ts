// Our classic-control envs against Gymnasium's own source (golden vectors made by scripts/golden/gymnasium_envs.py
// with python3 + numpy): one step from many set states, and whole trajectories continued from our own state.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ENV_IDS, makeEnv, type MakeEnvOptions } from "../../src/rl/envs/registry.js";
import { MountainCarContinuousEnv } from "../../src/rl/envs/mountainCarContinuous.js";
import type { StepResult, UnwrappedEnv } from "../../src/rl/env.js";

interface Case {
  state?: number[];
  stateDtype?: "float32";
  action: number;
  next: number[];
  obs: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
  libmSquaresExact?: boolean;
}
interface Fixture {
  id: string;
  spec: { maxEpisodeSteps: number; rewardThreshold: number | null };
  steps: Case[];
  trajectories: { start: number[]; steps: Case[] }[];
  /** Trajectories with the env's keyword arguments (Gymnasium's sutton_barto_reward, goal_velocity, g). */
  variants: { options: MakeEnvOptions; steps?: Case[]; trajectories: { start: number[]; steps: Case[] }[] }[];
}

/** Float64 state tolerance: the libms differ (V8's fdlibm sin/cos vs glibc; glibc's pow(x, 2) ≠ x·x at 1 ulp). */
const STATE_TOL = 1e-12;
/**
 * Pendulum's reward where glibc's pow/powf squared a value with a 1-ulp error (flagged by the script): Gymnasium
 * then differs from the correctly rounded square by one float32 ulp of 0.001·u² ≤ 0.004 (4.7e-10).
 */
const LIBM_REWARD_TOL = 1e-9;

function load(id: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/gymnasium/${id}.json`, import.meta.url), "utf8")) as Fixture;
}

/**
 * Compares one step. `sameStart`: our state before the step was bit-identical to Gymnasium's; in a trajectory it may
 * differ at the 1e-16 level (the libms), and then a reward that depends on the state (Pendulum's) may too.
 */
function check(id: string, where: string, env: UnwrappedEnv, r: StepResult, c: Case, sameStart = true): void {
  const state = env.state;
  for (let i = 0; i < c.next.length; i++) {
    assert.ok(Math.abs(state[i] - c.next[i]) <= STATE_TOL, `${id} ${where}: state[${i}] ${state[i]} vs Gymnasium ${c.next[i]}`);
  }
  assert.deepEqual(Array.from(r.observation), c.obs, `${id} ${where}: observation`);
  if (!sameStart) {
    assert.ok(Math.abs(r.reward - c.reward) <= STATE_TOL * Math.max(1, Math.abs(c.reward)), `${id} ${where}: reward ${r.reward} vs ${c.reward}`);
  } else if (c.libmSquaresExact === false) {
    assert.ok(Math.abs(r.reward - c.reward) <= LIBM_REWARD_TOL, `${id} ${where}: reward ${r.reward} vs ${c.reward}`);
  } else {
    assert.equal(r.reward, c.reward, `${id} ${where}: reward`);
  }
  assert.equal(r.terminated, c.terminated, `${id} ${where}: terminated`);
  assert.equal(r.truncated, c.truncated, `${id} ${where}: truncated`);
}

for (const id of ENV_IDS) {
  const fx = load(id);

  test(`${id}: registered time limit and reward threshold are Gymnasium's`, () => {
    const env = makeEnv(id);
    assert.equal(env.maxEpisodeSteps, fx.spec.maxEpisodeSteps);
    assert.equal(env.rewardThreshold, fx.spec.rewardThreshold ?? undefined);
  });

  test(`${id}: one step from ${fx.steps.length} set states equals Gymnasium's (also with the env's options)`, () => {
    const runs = [{ options: {}, steps: fx.steps }, ...fx.variants];
    for (const { options, steps = [] } of runs) {
      const env = makeEnv(id, options).unwrapped;
      env.reset({ seed: 0 });
      steps.forEach((c, k) => {
        env.state = Float64Array.from(c.state!);
        if (c.stateDtype === "float32") (env as MountainCarContinuousEnv).stateDtype = "float32";
        check(id, `${JSON.stringify(options)} step case ${k} from ${JSON.stringify(c.state)} action ${c.action}`, env, env.step(c.action), c);
      });
    }
  });

  test(`${id}: trajectories continued from our own state equal Gymnasium's (also with the env's options)`, () => {
    const runs = [{ options: {}, trajectories: fx.trajectories }, ...fx.variants];
    for (const { options, trajectories } of runs) {
      const env = makeEnv(id, options).unwrapped;
      trajectories.forEach((t, j) => {
        env.reset({ seed: 0 });
        env.state = Float64Array.from(t.start);
        let gymState = t.start;
        t.steps.forEach((c, k) => {
          const sameStart = env.state.every((x, i) => x === gymState[i]);
          check(id, `${JSON.stringify(options)} trajectory ${j} step ${k}`, env, env.step(c.action), c, sameStart);
          gymState = c.next;
        });
      });
    }
  });
}

test("the fixtures cover what they claim: terminations, float32 states, libm-flagged rewards", () => {
  const count = (id: string, p: (c: Case) => boolean) => {
    const fx = load(id);
    return [...fx.steps, ...fx.trajectories.flatMap((t) => t.steps)].filter(p).length;
  };
  for (const id of ["CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0"]) {
    assert.ok(count(id, (c) => c.terminated) >= 10, `${id}: terminal steps`);
  }
  assert.ok(count("MountainCarContinuous-v0", (c) => c.stateDtype === "float32") >= 100);
  assert.ok(count("Pendulum-v1", (c) => c.libmSquaresExact === true) >= 400);
  // CartPole stepped past termination on the bare env: reward 0 (Gymnasium's steps_beyond_terminated).
  assert.ok(count("CartPole-v1", (c) => c.terminated && c.reward === 0) >= 10);
  // Each keyword argument changes the outcome somewhere: Sutton–Barto rewards, a goal velocity that delays the goal.
  const variantSteps = (id: string) => load(id).variants.flatMap((v) => v.trajectories.flatMap((t) => t.steps));
  assert.ok(variantSteps("CartPole-v1").some((c) => c.reward === -1) && variantSteps("CartPole-v1").some((c) => c.reward === 0));
  for (const id of ["MountainCar-v0", "MountainCarContinuous-v0"]) assert.ok(variantSteps(id).some((c) => c.terminated), `${id} reaches the goal`);
});
