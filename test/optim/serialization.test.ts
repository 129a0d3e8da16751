import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { adam } from "../../src/optim/adam.js";
import { sgd } from "../../src/optim/sgd.js";
import { chain } from "../../src/optim/chain.js";
import { clipByGlobalNorm } from "../../src/optim/clip.js";
import { applyUpdates } from "../../src/optim/applyUpdates.js";
import type { GradientTransformation } from "../../src/optim/transform.js";
import { decodeExact, encodeExact } from "../../src/util/codec.js";

/** Deterministic, awkward gradients (irrational-looking values, varied scales) for run/resume checks. */
function grad(theta: Float64Array, step: number): Float64Array {
  return theta.map((t, i) => 2 * (t - i) * (1 + i) + Math.sin(step * 1.37 + i) * 0.3);
}

function run<S>(opt: GradientTransformation<S>, theta: Float64Array, state: S, from: number, to: number): { theta: Float64Array; state: S } {
  for (let k = from; k < to; k++) {
    const r = opt.update(grad(theta, k), state, theta);
    theta = applyUpdates(theta, r.updates);
    state = r.state;
  }
  return { theta, state };
}

function checkResume<S>(label: string, opt: GradientTransformation<S>): void {
  const theta0 = new Float64Array([0.5, -1.25, 3, 7]);
  const straight = run(opt, theta0, opt.init(theta0), 0, 40);
  const half = run(opt, theta0, opt.init(theta0), 0, 17);
  // Checkpoint: state and params through JSON text with the library's exact codec, as a long run writes them to disk.
  const saved = JSON.stringify(encodeExact({ theta: half.theta, state: half.state }));
  const loaded = decodeExact(JSON.parse(saved)) as { theta: Float64Array; state: S };
  assert.deepEqual(loaded.state, half.state, `${label}: state changed through JSON`);
  const resumed = run(opt, Float64Array.from(loaded.theta), loaded.state, 17, 40);
  assert.deepEqual([...resumed.theta], [...straight.theta], `${label}: resumed run differs`);
  assert.deepEqual(resumed.state, straight.state, `${label}: resumed state differs`);
}

describe("optimizer state serialization", () => {
  it("adam state round-trips through JSON and resuming is bit-identical", () => {
    checkResume("adam", adam({ learningRate: 0.03 }));
  });

  it("sgd with Nesterov momentum and a schedule resumes bit-identically", () => {
    checkResume("sgd", sgd({ learningRate: (k) => 0.05 / Math.sqrt(k + 1), momentum: 0.9, nesterov: true }));
  });

  it("a chain's tuple state resumes bit-identically", () => {
    checkResume("chain", chain(clipByGlobalNorm(3), adam({ learningRate: 0.1, b1: 0.5 })));
  });

  it("a −0 in a state survives the codec (plain JSON turns it into 0)", () => {
    const st = { count: 3, mu: [-0, 1], nu: [0, 2] };
    const back = decodeExact(JSON.parse(JSON.stringify(encodeExact(st)))) as typeof st;
    assert.ok(Object.is(back.mu[0], -0));
    assert.ok(!Object.is((JSON.parse(JSON.stringify(st)) as typeof st).mu[0], -0));
  });

  it("a corrupted checkpoint fails with a message naming the field", () => {
    const opt = adam({ learningRate: 0.1 });
    const st = JSON.parse(JSON.stringify({ ...opt.init(new Float64Array(2)), mu: [0, NaN] }));
    assert.throws(() => opt.update(new Float64Array(2), st), /adam.update: state.mu\[1\] must be a finite number, got null/);
  });
});
