import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { gae, rewardToGo, trajectoryReturns, discountPowers, type StepArrays } from "../../src/rl/returns.js";
import { segments } from "../../src/rl/segments.js";
import { key } from "../../src/random/key.js";
import { standardNormal, uniform } from "../../src/random/samplers.js";
import { assertClose } from "../helpers/stats.js";

/** Interleaves per-env columns into the time-major layout t·N + e. */
function timeMajor<T extends number>(cols: T[][]): number[] {
  const N = cols.length;
  const out: number[] = [];
  for (let t = 0; t < cols[0].length; t++) for (let e = 0; e < N; e++) out.push(cols[e][t]);
  return out;
}

// Env 0: terminated at t = 1, running at the batch end. Env 1: truncated at t = 0 (V(final obs) = 2), terminated at t = 2.
const steps: StepArrays = {
  numSteps: 4,
  numEnvs: 2,
  rewards: Float64Array.from(timeMajor([[1, 2, 3, 4], [1, 1, 1, 1]])),
  terminated: Uint8Array.from(timeMajor([[0, 1, 0, 0], [0, 0, 1, 0]])),
  truncated: Uint8Array.from(timeMajor([[0, 0, 0, 0], [1, 0, 0, 0]])),
};
const values = Float64Array.from(timeMajor([[0.5, 0.6, 0.7, 0.8], [0.1, 0.2, 0.3, 0.4]]));
// nextValues at terminated steps (9, 7) must be ignored.
const nextValues = Float64Array.from(timeMajor([[0.6, 9, 0.8, 1.0], [2.0, 0.3, 7, 0.5]]));
const g = 0.9;
const l = 0.8;

describe("returns: a hand-computed case (two envs, terminated, truncated, batch end)", () => {
  it("GAE(λ) bootstraps truncation and the batch end from V(s'), never a terminal state", () => {
    const A0 = [1 + g * 0.6 - 0.5 + g * l * (2 - 0.6), 2 - 0.6, 3 + g * 0.8 - 0.7 + g * l * (4 + g * 1.0 - 0.8), 4 + g * 1.0 - 0.8];
    const A1 = [1 + g * 2.0 - 0.1, 1 + g * 0.3 - 0.2 + g * l * (1 - 0.3), 1 - 0.3, 1 + g * 0.5 - 0.4];
    const { advantages, returns } = gae(steps, values, nextValues, g, l);
    assertClose("advantages", advantages, timeMajor([A0, A1]), 1e-14);
    assertClose("λ-returns", returns, timeMajor([A0, A1]).map((a, i) => a + values[i]), 1e-14);
  });

  it("reward-to-go: plain Monte Carlo, and bootstrapped at truncation and the batch end", () => {
    assertClose("G", rewardToGo(steps, g), timeMajor([[1 + g * 2, 2, 3 + g * 4, 4], [1, 1 + g, 1, 1]]), 1e-14);
    assertClose("G bootstrapped", rewardToGo(steps, g, nextValues), timeMajor([[1 + g * 2, 2, 3 + g * (4 + g * 1.0), 4 + g * 1.0], [1 + g * 2.0, 1 + g, 1, 1 + g * 0.5]]), 1e-14);
  });

  it("trajectory returns, discount powers and segments", () => {
    assertClose("R", trajectoryReturns(steps, g), timeMajor([[2.8, 2.8, 6.6, 6.6], [1, 1.9, 1.9, 1]]), 1e-14);
    assertClose("γ^k", discountPowers(steps, g), timeMajor([[1, g, 1, g], [1, 1, g, 1]]), 1e-15);
    const seg = segments(steps);
    assert.equal(seg.count, 5);
    assert.deepEqual([...seg.id], timeMajor([[0, 0, 1, 1], [2, 3, 3, 4]]));
    assert.deepEqual([...seg.complete], [1, 0, 1, 1, 0]);
    assert.deepEqual([...seg.position], timeMajor([[0, 1, 0, 1], [0, 0, 1, 0]]));
  });
});

describe("returns: identities on random batches", () => {
  const T = 50;
  const N = 3;
  const u = uniform(key(1), 2 * T * N);
  const random: StepArrays = {
    numSteps: T,
    numEnvs: N,
    rewards: standardNormal(key(2), T * N),
    terminated: Uint8Array.from({ length: T * N }, (_, i) => (u[i] < 0.1 ? 1 : 0)),
    truncated: Uint8Array.from({ length: T * N }, (_, i) => (u[i] >= 0.1 && u[T * N + i] < 0.05 ? 1 : 0)),
  };
  const V = standardNormal(key(3), T * N);
  // V(s'_t) = V(s_{t+1}) inside an episode (the same observation); free at episode ends and the batch end.
  const V2 = standardNormal(key(4), T * N).map((v, i) => (i + N < T * N && !random.terminated[i] && !random.truncated[i] ? V[i + N] : v));
  it("GAE with λ = 1 is the bootstrapped reward-to-go minus V; λ = 0 is the TD error", () => {
    const G = rewardToGo(random, 0.97, V2);
    assertClose("λ = 1", gae(random, V, V2, 0.97, 1).advantages, G.map((x, i) => x - V[i]), 1e-12);
    const td = random.rewards.map((r, i) => r + (random.terminated[i] ? 0 : 0.97 * V2[i]) - V[i]);
    assertClose("λ = 0", gae(random, V, V2, 0.97, 0).advantages, td, 1e-14);
  });
  it("a trajectory return is the reward-to-go at the episode's first step", () => {
    const R = trajectoryReturns(random, 0.9);
    const G = rewardToGo(random, 0.9);
    const seg = segments(random);
    for (let i = 0; i < T * N; i++) if (seg.position[i] === 0) assert.equal(R[i], G[i]);
  });
});

describe("returns: bad input", () => {
  it("names the function and the argument", () => {
    assert.throws(() => rewardToGo(steps, 1.5), /rewardToGo: gamma must be a number in \[0, 1\], got 1.5/);
    assert.throws(() => gae(steps, values, nextValues.subarray(1), 0.9, 0.9), /gae: nextValues must be a Float64Array of length 8/);
    assert.throws(() => gae(steps, values.map(() => NaN), nextValues, 0.9, 0.9), /gae: values\[0\] must be finite/);
    assert.throws(() => rewardToGo({ ...steps, terminated: new Uint8Array(8).fill(2) }, 0.9), /steps.terminated\[0\] must be 0 or 1/);
  });
});
