/**
 * adam(…).inPlace (the in-place runner vi fit uses for the built-in adam): each step gives the bits of adam.update followed
 * by applyUpdates, its state() is the transform's state, a bad step fails with the transform's own error and leaves
 * the runner as it was, and only transforms made by adam get a runner.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { adam, type AdamState } from "../../src/optim/adam.js";
import { applyUpdates } from "../../src/optim/applyUpdates.js";
import { sgd } from "../../src/optim/sgd.js";

/** The same bits, −0 and all (Object.is per entry). */
function assertSameBits(label: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  assert.equal(a.length, b.length, `${label}: lengths`);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${label}[${i}]: ${a[i]} vs ${b[i]}`);
}

const finite = fc.double({ min: -1e3, max: 1e3, noNaN: true });

describe("adam inPlace", () => {
  it("gives the bits of update + applyUpdates at every step, state included (constant rate and schedule)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(finite, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 12 }), fc.array(finite, { minLength: 3, maxLength: 3 }), fc.boolean(), (grads, theta0, scheduled) => {
        const opt = adam({ learningRate: scheduled ? (t: number) => 0.1 / (1 + t / 3) : 0.05, b1: 0.8, b2: 0.95 });
        let state: AdamState = opt.init(Float64Array.from(theta0));
        let theta: Float64Array = Float64Array.from(theta0);
        const runner = opt.inPlace!(state);
        const inPlace = Float64Array.from(theta0);
        for (const g of grads) {
          const out = opt.update(Float64Array.from(g), state, theta);
          theta = applyUpdates(theta, out.updates);
          state = out.state;
          runner.step(Float64Array.from(g), inPlace);
          assertSameBits("θ", inPlace, theta);
          const s = runner.state();
          assert.equal(s.count, state.count);
          assertSameBits("mu", s.mu, state.mu);
          assertSameBits("nu", s.nu, state.nu);
        }
      }),
      { seed: 41, numRuns: 200 },
    );
  });

  it("fails a bad step with the transform's error and leaves θ and the state as they were", () => {
    const slow = adam({ learningRate: 0.1 });
    const fast = adam({ learningRate: 1e307 });
    const cases: [typeof slow, Float64Array, Float64Array, RegExp][] = [
      [slow, new Float64Array([1e200, 0]), new Float64Array([0, 0]), /adam.update: grads\[0\] = 1e\+200 overflows the second-moment average/],
      [slow, new Float64Array([0, NaN]), new Float64Array([0, 0]), /adam.update: grads\[1\] must be a finite number, got NaN/],
      [fast, new Float64Array([-10, 0]), new Float64Array([Number.MAX_VALUE, 0]), /applyUpdates: params\[0\] \+ updates\[0\]/],
    ];
    for (const [opt, g, theta, error] of cases) {
      const state = slow.update(new Float64Array([1, -2]), slow.init(new Float64Array(2))).state;
      assert.throws(() => applyUpdates(theta, opt.update(g, state, theta).updates), error);
      const runner = opt.inPlace!(state);
      const before = theta.slice();
      assert.throws(() => runner.step(g, theta), error);
      assertSameBits("θ", theta, before);
      assert.deepEqual(runner.state(), state);
    }
  });

  it("checks the state it starts from like update does, and other transforms have none", () => {
    const opt = adam({ learningRate: 0.1 });
    assert.throws(() => opt.inPlace!({ count: 1.5, mu: [0], nu: [0] }), /adam.update: state.count must be a non-negative integer, got 1.5/);
    assert.throws(() => opt.inPlace!({ count: 0, mu: [0], nu: [0, 0] }), /adam.update: state.mu and state.nu must have the same length, got 1 and 2/);
    assert.equal(typeof ({ init: opt.init, update: opt.update } as { inPlace?: unknown }).inPlace, "undefined");
    const s = sgd({ learningRate: 0.1 });
    assert.equal(s.inPlace, undefined);
  });
});
