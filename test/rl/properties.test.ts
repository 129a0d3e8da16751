/**
 * Property-based tests (fast-check) over the policy layer and the returns: every call returns finite numbers or
 * throws an Error that names the function; the same key gives the same output; inputs are never mutated.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { mlp } from "../../src/rl/policy/mlp.js";
import { makePolicy } from "../../src/rl/policy/policy.js";
import { categoricalHead, normalHead } from "../../src/rl/policy/heads.js";
import { gae, rewardToGo, trajectoryReturns, type StepArrays } from "../../src/rl/returns.js";
import { key } from "../../src/random/key.js";

const real = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const anyDouble = fc.oneof(real, fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, -0));

/** Runs f; passes if it returns finite numbers, or throws an Error whose message starts with one of `names`. */
function finiteOrNamedError(names: readonly string[], f: () => ArrayLike<number> | readonly ArrayLike<number>[]): void {
  let out: ArrayLike<number> | readonly ArrayLike<number>[];
  try {
    out = f();
  } catch (e) {
    assert.ok(e instanceof Error, `threw a non-Error: ${String(e)}`);
    assert.ok(names.some((n) => e.message.startsWith(n)), `error does not name the function: ${e.message}`);
    return;
  }
  const arrays = Array.isArray(out) && typeof out[0] !== "number" ? (out as readonly ArrayLike<number>[]) : [out as ArrayLike<number>];
  for (const a of arrays) for (let i = 0; i < a.length; i++) assert.ok(Number.isFinite(a[i]), `non-finite output ${a[i]} at ${i}`);
}

describe("properties: MLP and policy", () => {
  it("forward, vjp and scoreVjp: finite or a named error, for any θ, inputs and weights; inputs untouched", () => {
    const net = mlp(3, 2, { hidden: [4] });
    const policy = makePolicy(net, categoricalHead(2));
    const P = net.paramSize;
    fc.assert(
      fc.property(
        fc.array(anyDouble, { minLength: P, maxLength: P }),
        fc.array(anyDouble, { minLength: 6, maxLength: 6 }),
        fc.array(anyDouble, { minLength: 2, maxLength: 2 }),
        (t, x, w) => {
          const theta = Float64Array.from(t);
          const obs = Float64Array.from(x);
          const weights = Float64Array.from(w);
          const copies = [theta.slice(), obs.slice(), weights.slice()];
          finiteOrNamedError(["mlp("], () => net.forward(theta, obs));
          finiteOrNamedError(["mlp("], () => net.vjp(theta, obs, Float64Array.from([1, -1, 0.5, 2])));
          finiteOrNamedError(["mlp(", "Policy.", "Categorical"], () => policy.scoreVjp(theta, obs, new Float64Array([0, 1]), weights));
          assert.deepEqual([theta, obs, weights], copies);
        },
      ),
      { numRuns: 300, seed: 1 },
    );
  });

  it("act: the same key gives the same actions; a Normal head's actions and log-probs are finite or a named error", () => {
    const policy = makePolicy(mlp(2, 1, { hidden: [3] }), normalHead(1));
    fc.assert(
      fc.property(fc.array(real, { minLength: policy.paramSize, maxLength: policy.paramSize }), fc.array(real, { minLength: 4, maxLength: 4 }), fc.nat(1000), (t, x, seed) => {
        const theta = Float64Array.from(t).map((v) => v / 1e3);
        const obs = Float64Array.from(x);
        let first: Float64Array | undefined;
        finiteOrNamedError(["mlp(", "Policy.", "Normal"], () => {
          const r = policy.act(key(seed), theta, obs);
          first = r.actions;
          return [r.actions, r.logProbs];
        });
        if (first) assert.deepEqual(policy.act(key(seed), theta, obs).actions, first);
      }),
      { numRuns: 200, seed: 2 },
    );
  });
});

describe("properties: returns", () => {
  const steps = (T: number, N: number) =>
    fc.record({
      rewards: fc.array(real, { minLength: T * N, maxLength: T * N }),
      flags: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: T * N, maxLength: T * N }),
    });
  it("rewardToGo, trajectoryReturns and gae: finite for finite input, inputs untouched, γ = 0 gives r (and λ-free TD)", () => {
    fc.assert(
      fc.property(steps(5, 2), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), ({ rewards, flags }, gamma, lambda) => {
        const s: StepArrays = {
          numSteps: 5,
          numEnvs: 2,
          rewards: Float64Array.from(rewards),
          terminated: Uint8Array.from(flags.map((f) => (f === 1 ? 1 : 0))),
          truncated: Uint8Array.from(flags.map((f) => (f === 2 ? 1 : 0))),
        };
        const before = s.rewards.slice();
        const v = Float64Array.from(rewards.map((r) => r / 2));
        finiteOrNamedError([], () => [rewardToGo(s, gamma, v), trajectoryReturns(s, gamma), gae(s, v, v, gamma, lambda).advantages]);
        assert.deepEqual(s.rewards, before);
        const g0 = rewardToGo(s, 0);
        s.rewards.forEach((r, i) => assert.ok(g0[i] === r, `γ = 0: G[${i}] = ${g0[i]} vs r = ${r}`));
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
