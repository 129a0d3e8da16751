import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { chain } from "../../src/optim/chain.js";
import { adam, type AdamState } from "../../src/optim/adam.js";
import { sgd } from "../../src/optim/sgd.js";
import { scale } from "../../src/optim/scale.js";
import { clipByGlobalNorm, clipPerCoordinate } from "../../src/optim/clip.js";
import { applyUpdates } from "../../src/optim/applyUpdates.js";
import type { EmptyState } from "../../src/optim/transform.js";
import { assertClose } from "../helpers/stats.js";

describe("chain", () => {
  it("chain(a, b) equals applying a then b by hand, state by state", () => {
    const a = clipByGlobalNorm(2);
    const b = adam({ learningRate: 0.05 });
    const c = chain(a, b);
    // The state type is the tuple of the parts' states — no cast needed.
    const s0: readonly [EmptyState, AdamState] = c.init(new Float64Array(3));
    let sc = s0;
    let sa = a.init(new Float64Array(3));
    let sb = b.init(new Float64Array(3));
    const grads = [
      [3, 0, -4],
      [0.1, 0.2, 0.3],
      [-10, 5, 1],
    ];
    for (const g of grads) {
      const rc = c.update(new Float64Array(g), sc);
      const ra = a.update(new Float64Array(g), sa);
      const rb = b.update(ra.updates, sb);
      assert.deepEqual([...rc.updates], [...rb.updates]);
      assert.deepEqual(rc.state[1], rb.state);
      sc = rc.state;
      sa = ra.state;
      sb = rb.state;
    }
    assert.equal(sc[1].count, 3);
  });

  it("chain(clip, scale(−lr)) is clipped gradient descent", () => {
    const c = chain(clipPerCoordinate(1), scale(-0.5));
    const r = c.update(new Float64Array([3, -0.4, -7]), c.init(new Float64Array(3)));
    assertClose("updates", r.updates, [-0.5, 0.2, 0.5], 1e-15);
  });

  it("three-part chains compose and pass params through", () => {
    const c = chain(scale(2), clipByGlobalNorm(5), sgd({ learningRate: 1 }));
    const st = c.init(new Float64Array(2));
    // [3, 4]·2 = [6, 8] (norm 10) → clipped to [3, 4] → sgd −1·g
    const r = c.update(new Float64Array([3, 4]), st, new Float64Array([1, 1]));
    assertClose("updates", r.updates, [-3, -4], 1e-15);
    assertClose("applied", applyUpdates([1, 1], r.updates), [-2, -3], 1e-15);
    assert.equal(r.state[2].count, 1);
  });

  it("rejects an empty chain, non-transforms and a wrong-shaped state", () => {
    assert.throws(() => chain(), /chain: needs at least one transform/);
    // @ts-expect-error — not a transform
    assert.throws(() => chain(scale(1), 3), /chain: transforms\[1\] must be a GradientTransformation/);
    const c = chain(scale(1), scale(2));
    // @ts-expect-error — wrong state shape
    assert.throws(() => c.update(new Float64Array(1), [{}]), /chain.update: state must be an array of 2 states/);
  });
});

describe("clipping and scaling", () => {
  it("clipByGlobalNorm rescales only vectors longer than maxNorm and keeps the direction", () => {
    const clip = clipByGlobalNorm(1);
    assertClose("long", clip.update(new Float64Array([3, 4]), {}).updates, [0.6, 0.8], 1e-15);
    assertClose("short", clip.update(new Float64Array([0.3, -0.4]), {}).updates, [0.3, -0.4], 0);
    const huge = clip.update(new Float64Array([3e200, -4e200]), {}).updates;
    assertClose("huge", huge, [0.6, -0.8], 1e-15);
    let n = 0;
    for (const v of huge) n += v * v;
    assertClose("‖clipped‖ = maxNorm", [Math.sqrt(n)], [1], 1e-15);
  });

  it("clipPerCoordinate clamps each coordinate", () => {
    assertClose("clamp", clipPerCoordinate(2).update(new Float64Array([5, -5, 1.5, -2]), {}).updates, [2, -2, 1.5, -2], 0);
  });

  it("applyUpdates adds without mutating and rejects mismatches and overflow", () => {
    const p = new Float64Array([1, 2]);
    const out = applyUpdates(p, new Float64Array([0.5, -1]));
    assertClose("sum", out, [1.5, 1], 0);
    assertClose("unchanged", p, [1, 2], 0);
    assert.throws(() => applyUpdates(p, new Float64Array(3)), /applyUpdates: params and updates must have the same length, got 2 and 3/);
    assert.throws(() => applyUpdates([1e308], [1e308]), /applyUpdates: params\[0\] \+ updates\[0\] = 1e\+308 \+ 1e\+308 is not finite/);
  });

  it("rejects bad limits and factors", () => {
    assert.throws(() => clipByGlobalNorm(0), /clipByGlobalNorm: maxNorm must be a finite number > 0, got 0/);
    assert.throws(() => clipByGlobalNorm(-1), /got -1/);
    assert.throws(() => clipByGlobalNorm(NaN), /got NaN/);
    assert.throws(() => clipPerCoordinate(0), /clipPerCoordinate: maxAbs must be a finite number > 0, got 0/);
    assert.throws(() => scale(Infinity), /scale: factor must be a finite number, got Infinity/);
    assert.throws(() => clipByGlobalNorm(1).update(new Float64Array([NaN]), {}), /clipByGlobalNorm.update: grads\[0\] must be a finite number, got NaN/);
  });
});
