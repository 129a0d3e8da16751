/**
 * The batched model contract (logJointBatch, gradLogJointBatch): the logistic model's batch functions against its
 * one-sample functions row by row (full data with an odd row count, minibatches, more samples than one chunk, tails
 * where η is in the hundreds), scratch shared by minibatches never leaking between them, the estimators' row helpers
 * using the batch forms and stopping on a non-finite value, checkModel's checks, and the tiled product against
 * plain dot products; the WebAssembly SIMD products giving the same bits as the TypeScript ones.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { foldIn, key } from "../../src/random/key.js";
import { Stream } from "../../src/random/stream.js";
import { matMulTransposedInto } from "../../src/util/matMulInto.js";
import { SIMD_ROWS, SIMD_VECS, simdWorkspace } from "../../src/util/matMulSimd.js";
import { Normal } from "../../src/distributions/normal.js";
import { elboGradient } from "../../src/vi/elbo.js";
import { checkModel, gradLogJointRows, logJointRows, type Model } from "../../src/vi/model.js";
import { breastCancerRegression } from "../../src/vi/models/breastCancer.js";
import { logisticRegression } from "../../src/vi/models/logisticRegression.js";
import { assertClose, testSeed } from "../helpers/stats.js";

const BREAST = readFileSync(new URL("../../data/breast-cancer-wisconsin.csv", import.meta.url), "utf8");
const { model } = breastCancerRegression(BREAST, key(0), { batchSize: 32 });

function draws(seed: number, n: number, d: number, scale: number): Float64Array {
  const s = new Stream(key(testSeed(seed)));
  return Float64Array.from({ length: n * d }, () => scale * s.normal());
}

/** Row-by-row one-sample values and gradients of `m` at the n rows of z. */
function oneByOne(m: Model, z: Float64Array, n: number): { values: Float64Array; grads: Float64Array; logJoints: Float64Array } {
  const d = m.dim;
  const values = new Float64Array(n);
  const logJoints = new Float64Array(n);
  const grads = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const zi = z.slice(i * d, (i + 1) * d);
    values[i] = (m.gradLogJoint as NonNullable<Model["gradLogJoint"]>)(zi, grads.subarray(i * d, (i + 1) * d));
    logJoints[i] = m.logJoint(zi);
  }
  return { values, grads, logJoints };
}

/** Batch against one-sample results to rounding: values relative 1e-12, gradients 1e-10 of the row's largest entry. */
function checkBatch(label: string, m: Model, z: Float64Array, n: number): void {
  const d = m.dim;
  const ref = oneByOne(m, z, n);
  const out = new Float64Array(n);
  (m.logJointBatch as NonNullable<Model["logJointBatch"]>)(z, out);
  assertClose(`${label} logJointBatch`, out, ref.logJoints, 1e-12);
  const grad = new Float64Array(n * d).fill(NaN);
  const values = new Float64Array(n).fill(NaN);
  (m.gradLogJointBatch as NonNullable<Model["gradLogJointBatch"]>)(z, grad, values);
  assertClose(`${label} gradLogJointBatch value`, values, ref.values, 1e-12);
  for (let i = 0; i < n; i++) {
    const row = ref.grads.subarray(i * d, (i + 1) * d);
    const big = Math.max(1, ...Array.from(row, Math.abs));
    for (let j = 0; j < d; j++) {
      const a = grad[i * d + j];
      assert.ok(Math.abs(a - row[j]) <= 1e-10 * big, `${label} gradient [${i}, ${j}]: ${a} vs ${row[j]}`);
    }
  }
}

describe("logistic regression batch functions", () => {
  const d = model.dim;
  it("equal the one-sample functions on the full data (455 rows) and on minibatches, 1, 7 and 70 samples", () => {
    for (const [n, s] of [[1, 1], [7, 2], [70, 3]]) {
      checkBatch(`full n=${n}`, model, draws(s, n, d, 0.5), n);
      checkBatch(`minibatch n=${n}`, model.subsample(foldIn(key(testSeed(4)), n)), draws(s + 10, n, d, 0.5), n);
    }
  });

  it("stay finite and equal in the tails (|η| in the hundreds)", () => {
    const z = draws(5, 9, d, 40);
    checkBatch("tails, full", model, z, 9);
    checkBatch("tails, minibatch", model.subsample(key(testSeed(6))), z, 9);
  });

  it("minibatch models sharing the scratch do not disturb each other", () => {
    const a = model.subsample(key(testSeed(7)));
    const b = model.subsample(key(testSeed(8)));
    const z = draws(9, 5, d, 0.5);
    const first = new Float64Array(5);
    const again = new Float64Array(5);
    const other = new Float64Array(5);
    (a.logJointBatch as NonNullable<Model["logJointBatch"]>)(z, first);
    (b.logJointBatch as NonNullable<Model["logJointBatch"]>)(z, other);
    (a.logJointBatch as NonNullable<Model["logJointBatch"]>)(z, again);
    assert.deepEqual(Array.from(again), Array.from(first));
    assert.notDeepEqual(Array.from(other), Array.from(first));
  });
});

describe("batch contract in the estimators' helpers", () => {
  const base: Model = { name: "toy", dim: 2, logJoint: (z) => -(z[0] * z[0] + z[1] * z[1]) / 2, gradLogJoint: (z, out) => ((out[0] = -z[0]), (out[1] = -z[1]), -(z[0] * z[0] + z[1] * z[1]) / 2) };

  it("logJointRows and gradLogJointRows use the batch forms when present", () => {
    let calls = 0;
    const m: Model = {
      ...base,
      logJointBatch: (z, out) => {
        calls++;
        for (let i = 0; i < out.length; i++) out[i] = i;
      },
      gradLogJointBatch: (z, g, v) => {
        calls++;
        g.fill(1);
        v.fill(2);
      },
    };
    const z = new Float64Array(6);
    assert.deepEqual(Array.from(logJointRows("t", m, z, 3)), [0, 1, 2]);
    const r = gradLogJointRows("t", m, z, 3);
    assert.deepEqual(Array.from(r.logJoint), [2, 2, 2]);
    assert.deepEqual(Array.from(r.grad), [1, 1, 1, 1, 1, 1]);
    assert.equal(calls, 2);
  });

  it("a non-finite batch value or gradient entry throws, naming the sample", () => {
    const z = new Float64Array([0, 1, 2, 3, 4, 5]);
    const badValue: Model = { ...base, logJointBatch: (_, out) => out.fill(0).fill(NaN, 2) };
    assert.throws(() => logJointRows("myFn", badValue, z, 3), /myFn: model\.logJointBatch returned NaN at sample 2/);
    const badGrad: Model = { ...base, gradLogJointBatch: (_, g, v) => (v.fill(0), g.fill(0), (g[3] = Infinity)) };
    assert.throws(() => gradLogJointRows("myFn", badGrad, z, 3), /myFn: model\.gradLogJointBatch wrote Infinity at component 1 for sample 1/);
  });

  it("the pathwise and stl fast paths (a Normal guide) check after the fact: a non-finite batch value or gradient entry still throws, naming the sample", () => {
    const guide = new Normal({ loc: [0.5, -1], scale: [1, 2] });
    const nanValue: Model = { ...base, gradLogJointBatch: (_, g, v) => (g.fill(0), v.fill(-1), (v[1] = NaN)) };
    const infGrad: Model = { ...base, gradLogJointBatch: (_, g, v) => (g.fill(0), v.fill(-1), (g[5] = -Infinity)) };
    for (const estimator of ["pathwise", "stl"] as const) {
      assert.throws(() => elboGradient(nanValue, guide, key(1), { estimator, numSamples: 4 }), /model\.gradLogJointBatch returned NaN at sample 1/, estimator);
      assert.throws(() => elboGradient(infGrad, guide, key(1), { estimator, numSamples: 4 }), /model\.gradLogJointBatch wrote -Infinity at component 1 for sample 2/, estimator);
    }
  });

  it("checkModel rejects a batch form that is not a function, and gradLogJointBatch without gradLogJoint", () => {
    assert.throws(() => checkModel("f", { ...base, logJointBatch: 3 }), /f: model\.logJointBatch must be a function, got 3/);
    assert.throws(() => checkModel("f", { name: "toy", dim: 2, logJoint: base.logJoint, gradLogJointBatch: () => undefined }), /f: model\.gradLogJointBatch needs model\.gradLogJoint/);
  });
});

describe("matMulTransposedInto", () => {
  it("equals plain left-to-right dot products to the bit, odd shapes and offsets included", () => {
    for (const [m, p, k] of [[1, 1, 1], [3, 5, 7], [4, 2, 31], [5, 31, 32]]) {
      const ao = 3;
      const co = 2;
      const A = draws(20 + m, 1, ao + m * k, 1);
      const B = draws(30 + p, 1, p * k, 1);
      const C = new Float64Array(co + m * p).fill(NaN);
      matMulTransposedInto(A, B, C, m, p, k, ao, co);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < p; j++) {
          let s = 0;
          for (let t = 0; t < k; t++) s += A[ao + i * k + t] * B[j * k + t];
          assert.ok(Object.is(C[co + i * p + j], s), `C[${i}, ${j}] (m=${m}, p=${p}, k=${k}): ${C[co + i * p + j]} vs ${s}`);
        }
      }
      assert.ok(Number.isNaN(C[0]) && Number.isNaN(C[1]), "entries before co untouched");
    }
  });
});

describe("the WebAssembly SIMD product", () => {
  const ws = simdWorkspace();

  it("is available in Node 20 (the fallback is tested by simd: false below)", () => {
    assert.ok(ws !== null, "WebAssembly SIMD should validate in Node ≥ 20");
  });

  it("equals plain left-to-right dot products to the bit, at offsets, with strides and padded shapes", () => {
    if (ws === null) return;
    for (const [m, p, k, stride] of [[SIMD_ROWS, 2 * SIMD_VECS, 1, 1], [2 * SIMD_ROWS, 8 * SIMD_VECS, 31, 33], [SIMD_ROWS, 2 * SIMD_VECS, 64, 64]]) {
      const [aOff, bOff, cOff] = [5, 5 + m * stride + 3, 5 + m * stride + 3 + k * p + 1];
      ws.ensure(cOff + m * p + 1);
      const A = draws(40 + m, 1, m * stride, 1);
      const B = draws(50 + p, 1, k * p, 1);
      ws.f64.set(A, aOff);
      ws.f64.set(B, bOff);
      ws.f64.fill(NaN, cOff, cOff + m * p + 1);
      ws.matMul(aOff, stride, bOff, cOff, m, k, p);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < p; j++) {
          let s = 0;
          for (let t = 0; t < k; t++) s += A[i * stride + t] * B[t * p + j];
          assert.ok(Object.is(ws.f64[cOff + i * p + j], s), `C[${i}, ${j}] (m=${m}, p=${p}, k=${k}): ${ws.f64[cOff + i * p + j]} vs ${s}`);
        }
      }
      assert.ok(Number.isNaN(ws.f64[cOff + m * p]), "nothing written past C");
    }
  });

  it("gives the logistic model's batch functions the same bits as the TypeScript products (full data, minibatch, 1, 7 and 70 samples, tails)", () => {
    const tsModel = logisticRegression({ x: model.x, y: model.y, d: model.dim, batchSize: 32, simd: false });
    const bits = (a: Float64Array) => Array.from(new Uint32Array(a.buffer.slice(0)));
    const d = model.dim;
    for (const [n, s, scale] of [[1, 1, 0.5], [7, 2, 0.5], [70, 3, 0.5], [9, 5, 40]]) {
      const k = foldIn(key(testSeed(11)), n);
      for (const [label, a, b] of [["full", model, tsModel], ["minibatch", model.subsample(k), tsModel.subsample(k)]] as const) {
        const z = draws(s + 20, n, d, scale);
        const out = [a, b].map((m) => {
          const grad = new Float64Array(n * d);
          const value = new Float64Array(n);
          const only = new Float64Array(n);
          (m.gradLogJointBatch as NonNullable<Model["gradLogJointBatch"]>)(z, grad, value);
          (m.logJointBatch as NonNullable<Model["logJointBatch"]>)(z, only);
          return [...bits(grad), ...bits(value), ...bits(only)];
        });
        assert.deepEqual(out[0], out[1], `${label}, n = ${n}, scale ${scale}`);
      }
    }
  });

  it("an engine without WebAssembly gets the TypeScript path, with the same bits", () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, "WebAssembly") as PropertyDescriptor;
    const d = model.dim;
    const z = draws(31, 5, d, 0.5);
    const run = (m: Model) => {
      const grad = new Float64Array(5 * d);
      const value = new Float64Array(5);
      (m.gradLogJointBatch as NonNullable<Model["gradLogJointBatch"]>)(z, grad, value);
      return [...grad, ...value];
    };
    const withSimd = run(logisticRegression({ x: model.x, y: model.y, d, batchSize: 32 }));
    Object.defineProperty(globalThis, "WebAssembly", { value: undefined, configurable: true, writable: true });
    try {
      assert.equal(simdWorkspace(), null);
      const without = run(logisticRegression({ x: model.x, y: model.y, d, batchSize: 32 }));
      assert.ok(without.every((v, i) => Object.is(v, withSimd[i])), "the TypeScript path differs from the SIMD path");
    } finally {
      Object.defineProperty(globalThis, "WebAssembly", saved);
    }
  });

  it("logisticRegression rejects a non-boolean simd option", () => {
    assert.throws(() => logisticRegression({ x: [1, 2], y: [0, 1], d: 1, simd: 1 as unknown as boolean }), /logisticRegression: simd must be true or false, got 1/);
  });
});
