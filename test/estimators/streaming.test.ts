// Estimates without rows (issue 10): the default path of scoreFunction, pathwise and measureValued streams the same
// draws as keepRows: true, so the same mean and variance up to rounding, for any chunk size, on the fused Normal
// paths and the generic paths; keepRows returns the rows; errors name the sample in the whole batch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scoreFunction } from "../../src/estimators/scoreFunction.js";
import { pathwise } from "../../src/estimators/pathwise.js";
import { measureValued } from "../../src/estimators/measureValued.js";
import { Normal } from "../../src/distributions/normal.js";
import { Poisson } from "../../src/distributions/poisson.js";
import { Gamma } from "../../src/distributions/gamma.js";
import { Exponential } from "../../src/distributions/exponential.js";
import { weakDerivativeBuffers } from "../../src/distributions/weakDerivative.js";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { Laplace } from "../../src/distributions/laplace.js";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import { Categorical } from "../../src/distributions/categorical.js";
import { CategoricalProduct } from "../../src/distributions/categoricalProduct.js";
import { Product, independentCategorical } from "../../src/distributions/product.js";
import { heldPerSample } from "../../src/estimators/sampleChunks.js";
import { isReparameterizable } from "../../src/distributions/distribution.js";
import { key, type Key } from "../../src/random/key.js";
import { estimateFromRows } from "../../src/estimators/result.js";
import { assertClose } from "../helpers/stats.js";

const f = (x: Float64Array) => {
  let s = x[0];
  for (let j = 0; j < x.length; j++) s += x[j] * x[j];
  return s;
};

test("scoreFunction without rows equals keepRows' mean, variance and stderr up to rounding, whatever the chunk size", () => {
  const n = 3001;
  const dists = [
    new Normal({ loc: [0.5, -1, 2], scale: [1, 0.3, 2] }), new Poisson({ rate: [2, 0.5, 30] }), new Gamma({ concentration: [2], rate: [0.7] }), new Bernoulli({ logits: [0.3, -1] }),
    // Inversion (K < 32) and the alias table (K ≥ 32), chosen by K alone, so chunks of 1 draw as n = 3001 does.
    new Categorical({ logits: [0.2, -1, 1.5] }), new Categorical({ logits: Array.from({ length: 40 }, (_, k) => Math.sin(k)) }),
    new CategoricalProduct({ logits: [0, 1, -1, 0.5, 0.5, -2], categories: 3 }),
    new Product([{ dist: new Normal({ loc: [1], scale: [2] }), latents: [1] }, { dist: new Categorical({ logits: [0, 1] }), latents: [0] }]),
  ];
  for (const dist of dists) {
    for (const baseline of ["none", 3, "mean", "optimal"] as const) {
      const rowsPath = scoreFunction(f, dist, key(5), { numSamples: n, baseline, keepRows: true });
      assert.equal(rowsPath.rows.length, n * dist.paramSize);
      for (const chunkSize of [1, 7, 4096, undefined]) {
        const s = scoreFunction(f, dist, key(5), { numSamples: n, chunkSize, baseline });
        const label = `${dist.name}, baseline ${baseline}, chunks of ${chunkSize}`;
        assert.equal(s.rows, undefined, `${label}: no rows`);
        assert.equal(s.numSamples, n);
        assertClose(`${label}: mean`, s.mean, rowsPath.mean, 1e-11);
        assertClose(`${label}: variance`, s.variance, rowsPath.variance, 1e-11);
        assertClose(`${label}: stderr`, s.stderr, rowsPath.stderr, 1e-11);
      }
    }
  }
});

test("scoreFunction without rows: the mean is E[(f − b) score] to the rounding of a far-off offset (no Σr² − n·mean² cancellation)", () => {
  // f = 1e8 + x: rows 1e8·ε/σ + …, whose variance is ~1e16 while their mean is 1/σ·σ = 1; the shifted sums keep it.
  const dist = new Normal({ loc: [0], scale: [1] });
  const g = (x: Float64Array) => 1e8 + x[0];
  const rowsPath = scoreFunction(g, dist, key(2), { numSamples: 5000, keepRows: true });
  for (const chunkSize of [1, 16, 5000]) {
    const s = scoreFunction(g, dist, key(2), { numSamples: 5000, chunkSize });
    assertClose(`mean, chunks of ${chunkSize}`, s.mean, rowsPath.mean, 1e-8);
    assertClose(`variance, chunks of ${chunkSize}`, s.variance, rowsPath.variance, 1e-11);
  }
});

test("scoreFunction without rows names the sample in the whole batch and refuses bad options", () => {
  const dist = new Normal({ loc: [0], scale: [1] });
  let calls = 0;
  assert.throws(() => scoreFunction(() => (++calls === 10 ? NaN : 1), dist, key(0), { numSamples: 20, chunkSize: 4 }), /scoreFunction: f returned NaN at sample 9 /);
  calls = 0;
  assert.throws(() => scoreFunction(() => (++calls === 10 ? NaN : 1), new Poisson({ rate: [1] }), key(0), { numSamples: 20, chunkSize: 4 }), /scoreFunction: f returned NaN at sample 9 /);
  assert.throws(() => scoreFunction(() => 1e300, dist, key(0), { numSamples: 20, chunkSize: 4, baseline: -1e300 }), /scoreFunction: the sample variance of coordinate 0 is beyond float64's range/);
  assert.throws(() => scoreFunction(() => 1e308, dist, key(0), { numSamples: 200, chunkSize: 4, baseline: -7e307 }), /scoreFunction: per-sample gradient term \(sample \d+, coordinate \d\) is -?Infinity/);
  assert.throws(() => scoreFunction(f, dist, key(0), { chunkSize: 0 }), /scoreFunction: chunkSize must be a positive integer/);
  assert.throws(() => scoreFunction(f, dist, key(0), { baseline: NaN }), /scoreFunction: baseline must be a finite number/);
  assert.throws(() => scoreFunction(f, dist, key(0), { keepRows: "yes" as never }), /scoreFunction: options.keepRows must be a boolean, got "yes"/);
  assert.throws(() => scoreFunction(f, dist, key(0), { numSamples: 1, baseline: "mean" }), /scoreFunction: baseline "mean" \(leave-one-out\) needs numSamples ≥ 2, got 1/);
});

test("f's argument may be reused and overwritten by f without changing the estimate (fused path)", () => {
  const dist = new Normal({ loc: [1, 2], scale: [0.5, 3] });
  const clean = scoreFunction(f, dist, key(9), { numSamples: 500 });
  const clobber = scoreFunction((x) => { const v = f(x); x.fill(1e9); return v; }, dist, key(9), { numSamples: 500 });
  assert.deepEqual(clobber.mean, clean.mean);
  assert.deepEqual(clobber.variance, clean.variance);
});

test("pathwise without rows equals keepRows' mean and variance up to rounding (fused Normal and the generic path)", () => {
  const grad = (x: Float64Array) => Array.from(x, (v, j) => 2 * v + (j === 0 ? 1 : 0));
  const reused = new Float64Array(2);
  const gradReused = (x: Float64Array) => {
    for (let j = 0; j < x.length; j++) reused[j] = 2 * x[j] + (j === 0 ? 1 : 0);
    return x.length === 2 ? reused : grad(x);
  };
  const n = 3001;
  const product = new Product([
    { dist: new MultivariateNormal({ loc: [1, 2], scaleTril: [2, 0, 0.5, 1] }), latents: [2, 0] },
    { dist: new Laplace({ loc: [-1], scale: [0.5] }), latents: [1] },
  ]);
  assert.ok(isReparameterizable(product) && typeof product.noiseStream === "function", "a Product of streaming blocks streams its noise");
  for (const dist of [new Normal({ loc: [0.5, -1], scale: [1, 0.3] }), new Laplace({ loc: [1], scale: [2] }), new MultivariateNormal({ loc: [1, 2], scaleTril: [2, 0, 0.5, 1] }), product]) {
    const rowsPath = pathwise(f, dist, key(8), { numSamples: n, grad, keepRows: true });
    for (const chunkSize of [1, 100, undefined]) {
      const s = pathwise(f, dist, key(8), { numSamples: n, chunkSize, grad: gradReused });
      assert.equal(s.rows, undefined);
      assertClose(`${dist.name}, chunks of ${chunkSize}: mean`, s.mean, rowsPath.mean, 1e-11);
      assertClose(`${dist.name}, chunks of ${chunkSize}: variance`, s.variance, rowsPath.variance, 1e-11);
    }
  }
  assert.throws(() => pathwise(f, new Poisson({ rate: [1] }) as never, key(0), { grad }), /pathwise: dist must be a reparameterizable distribution .* got Poisson/);
  assert.throws(() => pathwise(f, new Normal({ loc: [0], scale: [1] }), key(0), { numSamples: 10, chunkSize: 3, grad: () => [NaN] }), /pathwise: options.grad returned NaN at component 0 of sample 0/);
  assert.throws(() => pathwise(f, new Normal({ loc: [0], scale: [1] }), key(0), { numSamples: 10, chunkSize: 3, grad: () => Float64Array.of(Infinity) }), /pathwise: options.grad returned Infinity at component 0 of sample 0/);
  assert.throws(() => pathwise(f, new Normal({ loc: [0, 0], scale: [1, 1] }), key(0), { numSamples: 10, grad: () => [1] }), /pathwise: options.grad must return 2 finite numbers \(∇f at x\), got length 1 at sample 0/);
});

const measureValuedFamilies = () => [
  new Normal({ loc: [0.5, -1], scale: [1, 0.3] }), new Poisson({ rate: [2, 15] }), new Exponential({ rate: [0.5, 3] }), new Bernoulli({ logits: [0.2, -0.4] }),
  new Categorical({ logits: [0.3, -1, 1] }), new Categorical({ logits: Array.from({ length: 40 }, (_, k) => (k === 5 ? 5 : Math.sin(k))) }),
];

test("measureValued without rows equals keepRows' mean and variance up to rounding, coupled or not", () => {
  const n = 2001;
  for (const dist of measureValuedFamilies()) {
    for (const coupling of [true, false]) {
      const rowsPath = measureValued(f, dist, key(4), { numSamples: n, coupling, keepRows: true });
      for (const chunkSize of [1, 33, undefined]) {
        const s = measureValued(f, dist, key(4), { numSamples: n, coupling, chunkSize });
        const label = `${dist.name} (K or d = ${dist.paramSize}, coupling ${coupling}), chunks of ${chunkSize}`;
        assert.equal(s.rows, undefined);
        assertClose(`${label}: mean`, s.mean, rowsPath.mean, 1e-11);
        assertClose(`${label}: variance`, s.variance, rowsPath.variance, 1e-11);
      }
    }
  }
});

test("weakDerivativeStream gives the rows of weakDerivative(key, n) in chunks of any size, to the bit", () => {
  const sizes = [1, 7, 64, 128];
  const n = sizes.reduce((a, b) => a + b, 0);
  for (const dist of measureValuedFamilies()) {
    for (const coupling of [true, false]) {
      const all = dist.weakDerivative(key(11), n, coupling);
      const stream = dist.weakDerivativeStream(key(11), coupling);
      const d = dist.dim;
      const P = dist.paramSize;
      let start = 0;
      for (const m of sizes) {
        const w = weakDerivativeBuffers(m, d, P, stream.shared);
        stream.fill(w);
        const label = `${dist.name} (P = ${P}, coupling ${coupling}), rows ${start}…${start + m - 1}`;
        for (const name of ["c", "component", "keepPos", "keepNeg"] as const) assert.deepEqual(w[name], all[name], `${label}: ${name}`);
        assert.equal(w.basePos === w.baseNeg, all.basePos === all.baseNeg, `${label}: shared base`);
        for (const [name, width] of [["basePos", d], ["baseNeg", d], ["pos", P], ["neg", P]] as const) {
          assert.deepEqual(w[name], all[name].subarray(start * width, (start + m) * width), `${label}: ${name}`);
        }
        start += m;
      }
    }
  }
});

test("keepRows: the rows are (f(x_i) − b)·score(x_i) and (∂g/∂θ)ᵀ∇f of the family's own draws, and the moments theirs, to the bit", () => {
  const dist = new Normal({ loc: [0.5, -1], scale: [2, 0.3] });
  const n = 257;
  const x = dist.sample(key(3), n);
  const s = dist.score(x);
  const rows = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) for (let j = 0; j < 4; j++) rows[i * 4 + j] = (f(x.subarray(i * 2, i * 2 + 2)) - 1.5) * s[i * 4 + j];
  const expected = estimateFromRows(rows, n, 4);
  const got = scoreFunction(f, dist, key(3), { numSamples: n, baseline: 1.5, keepRows: true });
  assert.deepEqual(got.rows, rows);
  assert.deepEqual([got.mean, got.variance, got.stderr], [expected.mean, expected.variance, expected.stderr]);
  const grad = (v: Float64Array) => Array.from(v, (t, j) => 2 * t + (j === 0 ? 1 : 0));
  const eps = dist.sampleNoise(key(4), n);
  const gx = dist.transform(eps).map((t, k) => 2 * t + (k % 2 === 0 ? 1 : 0));
  const pw = pathwise(f, dist, key(4), { numSamples: n, grad, keepRows: true });
  assert.deepEqual(pw.rows, dist.transformVjp(eps, gx));
});

test("without rows an n whose samples would exceed the array limit is accepted where nothing n-sized is held", () => {
  // 2·10⁵ samples of dimension 1000 would be 1.6 GB as one array: refused with rows, streamed without (f stops it
  // early) — for every core family, Poisson and the Categoricals included; refused for a family drawn all at once.
  const wide = new Normal({ loc: new Array(1000).fill(0), scale: 1 });
  const stop = () => {
    throw new Error("reached f");
  };
  assert.throws(() => scoreFunction(stop, wide, key(0), { numSamples: 200_000 }), /reached f/);
  assert.throws(() => pathwise(stop, wide, key(0), { numSamples: 200_000, grad: (x) => x }), /reached f/);
  assert.throws(() => scoreFunction(stop, wide, key(0), { numSamples: 200_000, keepRows: true }), /scoreFunction: numSamples = 200000 would need/);
  const poisson = new Poisson({ rate: new Array(1000).fill(1) });
  const categoricals = new CategoricalProduct({ logits: new Float64Array(1000 * 2), categories: 2 });
  for (const dist of [poisson, categoricals, independentCategorical(new Float64Array(1000 * 3), 3)]) {
    assert.equal(heldPerSample(dist), 0, dist.name);
    assert.throws(() => scoreFunction(stop, dist, key(0), { numSamples: 200_000 }), /reached f/, dist.name);
  }
  // A user's family with no stream (here Poisson's draws behind a plain sample) is drawn at once, so the count is checked against n × dim.
  const atOnce = Object.create(poisson, { sampleStream: { value: undefined }, sample: { value: (k: Key, n: number) => poisson.sample(k, n) } }) as Poisson;
  assert.equal(heldPerSample(atOnce), 1000);
  assert.throws(() => scoreFunction(stop, atOnce, key(0), { numSamples: 200_000 }), /scoreFunction: numSamples = 200000 would need/);
  // measureValued streams its weak-derivative draws too: 2·10⁵ × (1000 + 2000) doubles are never allocated.
  assert.throws(() => measureValued(stop, wide, key(0), { numSamples: 200_000 }), /reached f/);
  assert.throws(() => measureValued(stop, poisson, key(0), { numSamples: 200_000 }), /reached f/);
  assert.throws(() => measureValued(stop, wide, key(0), { numSamples: 200_000, keepRows: true }), /measureValued: numSamples = 200000 would need/);
  assert.throws(() => scoreFunction(stop, wide, key(0), { numSamples: 1e9 }), /scoreFunction: numSamples = 1000000000 is above the 134217728 samples one call may draw/);
  assert.throws(() => pathwise(stop, wide, key(0), { numSamples: 2 ** 40, grad: (x) => x }), /pathwise: numSamples = 1099511627776 is above the 134217728 samples/);
});
