import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sgd } from "../../src/optim/sgd.js";
import { applyUpdates } from "../../src/optim/applyUpdates.js";
import { assertClose } from "../helpers/stats.js";

const g1 = new Float64Array([1, -2]);
const g2 = new Float64Array([0.5, 4]);
const g3 = new Float64Array([-3, 1]);

describe("sgd", () => {
  it("plain sgd gives −lr·g", () => {
    const opt = sgd({ learningRate: 0.3 });
    const s0 = opt.init(new Float64Array(2));
    const r1 = opt.update(g1, s0);
    assertClose("step 1", r1.updates, [-0.3, 0.6], 1e-15);
    const r2 = opt.update(g2, r1.state);
    assertClose("step 2", r2.updates, [-0.15, -1.2], 1e-15);
    assert.equal(r2.state.count, 2);
  });

  it("heavy-ball momentum matches the hand recursion t ← g + μ t over 3 steps", () => {
    const lr = 0.1;
    const mu = 0.5;
    const opt = sgd({ learningRate: lr, momentum: mu });
    let state = opt.init(new Float64Array(2));
    // t1 = g1 = [1, −2]; t2 = g2 + ½ t1 = [1, 3]; t3 = g3 + ½ t2 = [−2.5, 2.5]
    const expected = [[-0.1, 0.2], [-0.1, -0.3], [0.25, -0.25]];
    [g1, g2, g3].forEach((g, k) => {
      const r = opt.update(g, state);
      assertClose(`step ${k + 1}`, r.updates, expected[k], 1e-15);
      state = r.state;
    });
  });

  it("Nesterov momentum gives −lr·(g + μ t) with the new trace", () => {
    const opt = sgd({ learningRate: 0.1, momentum: 0.5, nesterov: true });
    let state = opt.init(new Float64Array(2));
    // step 1: t1 = [1, −2], u = g1 + ½ t1 = [1.5, −3]
    // step 2: t2 = [1, 3], u = g2 + ½ t2 = [1, 5.5]
    // step 3: t3 = [−2.5, 2.5], u = g3 + ½ t3 = [−4.25, 2.25]
    const expected = [[-0.15, 0.3], [-0.1, -0.55], [0.425, -0.225]];
    [g1, g2, g3].forEach((g, k) => {
      const r = opt.update(g, state);
      assertClose(`step ${k + 1}`, r.updates, expected[k], 1e-15);
      state = r.state;
    });
  });

  it("never mutates the state it is given", () => {
    const opt = sgd({ learningRate: 0.1, momentum: 0.9 });
    const s0 = opt.init(new Float64Array(2));
    const before = JSON.stringify(s0);
    opt.update(g1, s0);
    assert.equal(JSON.stringify(s0), before);
  });

  it("follows a learning-rate schedule indexed by the step count", () => {
    const opt = sgd({ learningRate: (step) => 1 / (step + 1) });
    let state = opt.init(new Float64Array(1));
    const got: number[] = [];
    for (let k = 0; k < 3; k++) {
      const r = opt.update(new Float64Array([6]), state);
      got.push(r.updates[0]);
      state = r.state;
    }
    assertClose("scheduled", got, [-6, -3, -2], 1e-15);
    const bad = sgd({ learningRate: (step) => (step === 0 ? 1 : NaN) });
    const s1 = bad.update(new Float64Array([1]), bad.init(new Float64Array(1))).state;
    assert.throws(() => bad.update(new Float64Array([1]), s1), /sgd.update: the learning-rate schedule must return a finite number > 0, got NaN at step 1/);
  });

  it("descends a quadratic: θ ← θ − lr·2θ reaches the hand-computed iterate", () => {
    const opt = sgd({ learningRate: 0.25 });
    let theta: Float64Array = new Float64Array([4]);
    let state = opt.init(theta);
    for (let k = 0; k < 3; k++) {
      const r = opt.update(theta.map((t) => 2 * t), state);
      theta = applyUpdates(theta, r.updates);
      state = r.state;
    }
    assertClose("θ3 = 4·(1/2)³", theta, [0.5], 1e-15);
  });

  it("rejects bad hyperparameters and mismatched or non-finite gradients", () => {
    assert.throws(() => sgd({ learningRate: 0 }), /sgd: learningRate must be a finite number > 0 or a schedule function, got 0/);
    assert.throws(() => sgd({ learningRate: -1 }), /got -1/);
    assert.throws(() => sgd({ learningRate: NaN }), /sgd: learningRate .* got NaN/);
    assert.throws(() => sgd({ learningRate: 0.1, momentum: 1 }), /sgd: momentum must be a number in \[0, 1\), got 1/);
    const opt = sgd({ learningRate: 0.1 });
    const s = opt.init(new Float64Array(2));
    assert.throws(() => opt.update(new Float64Array(3), s), /sgd.update: grads must have length 2 .*got length 3/);
    assert.throws(() => opt.update(new Float64Array([1, NaN]), s), /sgd.update: grads\[1\] must be a finite number, got NaN/);
    assert.throws(() => opt.init(new Float64Array(0)), /sgd.init: params must be a non-empty Float64Array/);
    assert.throws(() => opt.update(g1, { count: 0, trace: [0, Infinity] }), /sgd.update: state.trace\[1\] must be a finite number/);
  });
});
