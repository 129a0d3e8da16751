import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mlp, linear } from "../../src/rl/policy/mlp.js";
import { orthogonalMatrix } from "../../src/rl/policy/init.js";
import { forEachRowChunk, type Parameterization } from "../../src/rl/policy/parameterization.js";
import { valueNetwork } from "../../src/rl/policy/mlpPolicy.js";
import { key } from "../../src/random/key.js";
import { standardNormal } from "../../src/random/samplers.js";
import { assertClose } from "../helpers/stats.js";

/** Σ_i ⟨c_i, f(θ)_i⟩ and its central finite difference in every θ coordinate. */
function fdVjp(net: Parameterization, theta: Float64Array, x: Float64Array, c: Float64Array, h = 1e-6): Float64Array {
  const f = (t: Float64Array) => {
    const y = net.forward(t, x);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * c[i];
    return s;
  };
  const g = new Float64Array(net.paramSize);
  for (let j = 0; j < net.paramSize; j++) {
    const a = theta.slice();
    const b = theta.slice();
    a[j] += h;
    b[j] -= h;
    g[j] = (f(a) - f(b)) / (2 * h);
  }
  return g;
}

describe("mlp / linear: hand-derived backprop = central finite differences", () => {
  const cases = [
    { name: "linear 3→2", net: linear(3, 2, { init: "scaled" }) },
    { name: "tanh 4→8→5→2 orthogonal", net: mlp(4, 2, { hidden: [8, 5], activation: "tanh", outputGain: 0.7 }) },
    { name: "relu 3→6→1 scaled", net: mlp(3, 1, { hidden: [6], activation: "relu", init: "scaled" }) },
    { name: "tanh 2→3→3→3→4 (three hidden)", net: mlp(2, 4, { hidden: [3, 3, 3] }) },
  ];
  cases.forEach(({ name, net }, c) => {
    it(`${name}: vjp = FD, vjpRows sum to vjp, chunks agree`, () => {
      const n = 7;
      // Scaled-up θ so tanh is far from linear and relu has both signs.
      const theta = net.init(key(10 + c)).map((v) => 1.5 * v + 0.1);
      const x = standardNormal(key(20 + c), n * net.inputDim);
      const cot = standardNormal(key(30 + c), n * net.outputDim);
      const g = net.vjp(theta, x, cot);
      assertClose(`${name} vjp`, g, fdVjp(net, theta, x, cot), 1e-7);
      // forwardVjp with a cotangent that depends on the outputs (∇ of ½‖f(θ)‖²) = vjp with the outputs as cotangent.
      assertClose(`${name} forwardVjp`, net.forwardVjp(theta, x, (y) => y.slice()), net.vjp(theta, x, net.forward(theta, x)), 0);
      const rows = net.vjpRows(theta, x, cot);
      const sum = new Float64Array(net.paramSize);
      for (let i = 0; i < n; i++) for (let j = 0; j < net.paramSize; j++) sum[j] += rows[i * net.paramSize + j];
      assertClose(`${name} Σ rows`, sum, g, 1e-12);
      // Row i alone is the VJP of the single input row i.
      const i = 3;
      const single = net.vjp(theta, x.subarray(i * net.inputDim, (i + 1) * net.inputDim), cot.subarray(i * net.outputDim, (i + 1) * net.outputDim));
      assertClose(`${name} row ${i}`, rows.subarray(i * net.paramSize, (i + 1) * net.paramSize), single, 1e-12);
      for (const chunk of [1, 3, 100]) {
        const seen = new Float64Array(n * net.paramSize);
        forEachRowChunk(net, theta, x, cot, chunk, (r, start, count) => seen.set(r.subarray(0, count * net.paramSize), start * net.paramSize));
        assertClose(`${name} chunks of ${chunk}`, seen, rows, 0);
      }
    });
  });

  it("forward equals the textbook formula for a 2→3→1 tanh network", () => {
    const net = mlp(2, 1, { hidden: [3] });
    const theta = Float64Array.from({ length: net.paramSize }, (_, j) => Math.sin(j + 1));
    const x = [0.3, -1.2];
    // θ = [W1 (3×2), b1 (3), W2 (1×3), b2 (1)]
    const h = [0, 1, 2].map((o) => Math.tanh(theta[6 + o] + theta[2 * o] * x[0] + theta[2 * o + 1] * x[1]));
    const y = theta[12] + h[0] * theta[9] + h[1] * theta[10] + h[2] * theta[11];
    assertClose("forward", net.forward(theta, Float64Array.from(x)), [y], 1e-15);
    assert.equal(net.paramSize, 13);
  });

  it("a larger batch after a smaller one (buffers grow) gives the same rows", () => {
    const net = mlp(3, 2, { hidden: [4] });
    const theta = net.init(key(1));
    const x = standardNormal(key(2), 30 * 3);
    const small = net.forward(theta, x.subarray(0, 6));
    const big = net.forward(theta, x);
    assertClose("prefix", big.subarray(0, 4), small, 0);
  });
});

describe("initialization", () => {
  for (const [rows, cols] of [[64, 4], [2, 64], [5, 5]]) {
    it(`orthogonalMatrix ${rows}×${cols}: orthonormal rows or columns times the gain`, () => {
      const gain = Math.SQRT2;
      const W = orthogonalMatrix(key(rows * 100 + cols), rows, cols, gain);
      const m = Math.min(rows, cols);
      // Gram matrix of the short side: WᵀW (cols×cols) if rows ≥ cols else WWᵀ.
      for (let a = 0; a < m; a++) {
        for (let b = 0; b < m; b++) {
          let s = 0;
          for (let r = 0; r < Math.max(rows, cols); r++) s += rows >= cols ? W[r * cols + a] * W[r * cols + b] : W[a * cols + r] * W[b * cols + r];
          assert.ok(Math.abs(s - (a === b ? gain * gain : 0)) < 1e-12, `Gram[${a},${b}] = ${s}`);
        }
      }
    });
  }

  it("CleanRL's scheme: hidden gain √2, policy output 0.01, value output 1, zero biases; same key ⇒ same θ", () => {
    const pol = mlp(4, 2, { hidden: [64, 64], outputGain: 0.01 });
    const theta = pol.init(key(3));
    assert.deepEqual(theta, pol.init(key(3)));
    // Last layer W (2 × 64) has orthonormal rows times 0.01; biases are 0.
    const off = 4 * 64 + 64 + 64 * 64 + 64;
    let norm0 = 0;
    for (let k = 0; k < 64; k++) norm0 += theta[off + k] ** 2;
    assert.ok(Math.abs(norm0 - 1e-4) < 1e-15);
    assert.equal(theta[off + 128], 0);
    assert.equal(theta[4 * 64], 0);
    const v = valueNetwork(4);
    const phi = v.init(key(3));
    let lastRow = 0; // the value head's W (1×64) starts at the same offset
    for (let k = 0; k < 64; k++) lastRow += phi[off + k] ** 2;
    assert.ok(Math.abs(lastRow - 1) < 1e-12, `value head row norm² ${lastRow}`);
  });

  it("scaled init is PyTorch's U(±1/√fan_in) for weights and biases", () => {
    const net = linear(16, 200, { init: "scaled" });
    const theta = net.init(key(4));
    const bound = 1 / 4;
    let max = 0;
    let sumSq = 0;
    for (const v of theta) {
      max = Math.max(max, Math.abs(v));
      sumSq += v * v;
    }
    assert.ok(max <= bound);
    // E[v²] = bound²/3; 3400 draws: SE of the mean of v² ≈ bound²·0.298/√3400; z = 4.
    const meanSq = sumSq / theta.length;
    assert.ok(Math.abs(meanSq - bound ** 2 / 3) < 4 * (bound ** 2 * Math.sqrt(4 / 45)) / Math.sqrt(theta.length), `E[v²] = ${meanSq}`);
  });
});

describe("bad input", () => {
  const net = mlp(3, 2, { hidden: [4] });
  const theta = net.init(key(0));
  it("names the function, the argument and the value", () => {
    assert.throws(() => mlp(0, 2), /mlp: inputDim/);
    assert.throws(() => mlp(3, 2, { hidden: [4, 0] }), /mlp: hidden\[1\]/);
    assert.throws(() => mlp(3, 2, { activation: "sigmoid" as "tanh" }), /mlp: activation/);
    assert.throws(() => net.forward(new Float64Array(3), new Float64Array(3)), /forward: theta must have length 26/);
    assert.throws(() => net.forward(theta, new Float64Array(4)), /forward: inputs must hold a positive number of rows of length 3/);
    assert.throws(() => net.vjp(theta, new Float64Array(3), new Float64Array([1, NaN])), /vjp: cotangent\[1\] must be finite/);
    const big = theta.map(() => 1e308);
    assert.throws(() => net.forward(big, new Float64Array([1e308, 1e308, 1e308])), /forward: output .* is/);
  });
});
