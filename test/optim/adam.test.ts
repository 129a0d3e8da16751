import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { adam } from "../../src/optim/adam.js";
import { assertClose } from "../helpers/stats.js";

describe("adam", () => {
  it("matches Adam's recursion computed by hand for 3 steps", () => {
    const lr = 0.01;
    const b1 = 0.8;
    const b2 = 0.9;
    const eps = 1e-3;
    const opt = adam({ learningRate: lr, b1, b2, eps });
    const gs = [
      [2, -1],
      [-4, 0.5],
      [1, 3],
    ];
    // Independent arithmetic, written out in full for coordinate 0 (g = 2, −4, 1):
    // m1 = 0.2·2 = 0.4; v1 = 0.1·4 = 0.4; m̂ = 0.4/0.2 = 2; v̂ = 0.4/0.1 = 4 → u = −0.01·2/(2 + 1e−3)
    // m2 = 0.8·0.4 + 0.2·(−4) = −0.48; v2 = 0.9·0.4 + 0.1·16 = 1.96; m̂ = −0.48/0.36; v̂ = 1.96/0.19
    // m3 = 0.8·(−0.48) + 0.2·1 = −0.184; v3 = 0.9·1.96 + 0.1·1 = 1.864; m̂ = −0.184/0.488; v̂ = 1.864/0.271
    const expected0 = [
      (-0.01 * 2) / (2 + 1e-3),
      (-0.01 * (-0.48 / 0.36)) / (Math.sqrt(1.96 / 0.19) + 1e-3),
      (-0.01 * (-0.184 / 0.488)) / (Math.sqrt(1.864 / 0.271) + 1e-3),
    ];
    // coordinate 1 (g = −1, 0.5, 3):
    // m1 = −0.2, v1 = 0.1 → m̂ = −1, v̂ = 1
    // m2 = −0.16 + 0.1 = −0.06; v2 = 0.09 + 0.025 = 0.115
    // m3 = −0.048 + 0.6 = 0.552; v3 = 0.1035 + 0.9 = 1.0035
    const expected1 = [
      (-0.01 * -1) / (1 + 1e-3),
      (-0.01 * (-0.06 / 0.36)) / (Math.sqrt(0.115 / 0.19) + 1e-3),
      (-0.01 * (0.552 / 0.488)) / (Math.sqrt(1.0035 / 0.271) + 1e-3),
    ];
    let state = opt.init(new Float64Array(2));
    for (let k = 0; k < 3; k++) {
      const r = opt.update(new Float64Array(gs[k]), state);
      assertClose(`step ${k + 1}`, r.updates, [expected0[k], expected1[k]], 1e-12);
      state = r.state;
    }
    assert.equal(state.count, 3);
    assertClose("m3", state.mu, [-0.184, 0.552], 1e-14);
    assertClose("v3", state.nu, [1.864, 1.0035], 1e-14);
  });

  it("first step is −lr·sign(g) (up to eps) whatever the gradient's scale", () => {
    const opt = adam({ learningRate: 0.1, eps: 1e-12 });
    const r = opt.update(new Float64Array([1e-6, -3e4, 0]), opt.init(new Float64Array(3)));
    assertClose("−lr·sign(g)", r.updates, [-0.1, 0.1, 0], 1e-5);
  });

  it("rejects bad hyperparameters, overflowing gradients and mismatched lengths", () => {
    assert.throws(() => adam({ learningRate: 0 }), /adam: learningRate must be a finite number > 0 or a schedule function, got 0/);
    assert.throws(() => adam({ learningRate: NaN }), /adam: learningRate .*got NaN/);
    assert.throws(() => adam({ learningRate: 1, b1: 1 }), /adam: b1 must be a number in \[0, 1\), got 1/);
    assert.throws(() => adam({ learningRate: 1, b2: -0.1 }), /adam: b2 must be a number in \[0, 1\), got -0.1/);
    assert.throws(() => adam({ learningRate: 1, eps: 0 }), /adam: eps must be a finite number > 0, got 0/);
    const opt = adam({ learningRate: 1 });
    const s = opt.init(new Float64Array(2));
    assert.throws(() => opt.update(new Float64Array([1]), s), /adam.update: grads must have length 2 .*got length 1/);
    assert.throws(() => opt.update(new Float64Array([1e200, 0]), s), /adam.update: grads\[0\] = 1e\+200 overflows the second-moment average/);
    assert.throws(() => opt.update(new Float64Array([1, 1]), { count: -1, mu: [0, 0], nu: [0, 0] }), /adam.update: state.count must be a non-negative integer, got -1/);
  });
});
