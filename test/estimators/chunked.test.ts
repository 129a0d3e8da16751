// Chunked score-function estimates (issue 10): Chan et al.'s merge is exact up to rounding whatever the chunk size,
// accurate with a large offset mean; the chunked estimator is unbiased; built-in families travel as data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { columnMoments, mergeAll, estimateFromMoments } from "../../src/estimators/moments.js";
import { scoreFunctionChunked } from "../../src/estimators/chunked.js";
import { distributionSpec, rebuildDistribution } from "../../src/distributions/rebuild.js";
import { Normal } from "../../src/distributions/normal.js";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { Categorical } from "../../src/distributions/categorical.js";
import { Poisson } from "../../src/distributions/poisson.js";
import { Exponential } from "../../src/distributions/exponential.js";
import { Laplace } from "../../src/distributions/laplace.js";
import { Gamma } from "../../src/distributions/gamma.js";
import { Beta } from "../../src/distributions/beta.js";
import { Dirichlet } from "../../src/distributions/dirichlet.js";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import { key } from "../../src/random/key.js";
import { assertClose, assertWithinZ, testSeed, zFor } from "../helpers/stats.js";

/** Moments of rows merged from chunks of `size` rows (the last one shorter). */
function chunkedMoments(rows: Float64Array, n: number, P: number, size: number) {
  const parts = [];
  for (let s = 0; s < n; s += size) {
    const m = Math.min(size, n - s);
    parts.push(columnMoments(rows.subarray(s * P, (s + m) * P), m, P));
  }
  return estimateFromMoments(mergeAll(parts));
}

test("merged moments equal the one-pass moments whatever the chunk size (up to rounding)", () => {
  const n = 1000;
  const P = 3;
  const rows = new Float64Array(n * P);
  // Deterministic, irregular rows: an LCG in [0, 1) scaled per column.
  let u = 12345;
  for (let i = 0; i < n * P; i++) {
    u = (u * 1103515245 + 12345) % 2147483648;
    rows[i] = (u / 2147483648) * (1 + (i % P) * 10) - (i % P);
  }
  const whole = chunkedMoments(rows, n, P, n);
  for (const size of [1, 2, 7, 64, 333, 999]) {
    const c = chunkedMoments(rows, n, P, size);
    assertClose(`mean, chunks of ${size}`, c.mean, whole.mean, 1e-13);
    assertClose(`variance, chunks of ${size}`, c.variance, whole.variance, 1e-12);
    assert.equal(c.numSamples, n);
  }
});

test("with a mean offset of 1e9 the merged variance is still right (no Σx² − n·mean² cancellation)", () => {
  // Rows offset + k for k = 0…n−1: variance n(n+1)/12 exactly; naive Σx²/n − mean² loses every digit here.
  const n = 100_000;
  const offset = 1e9;
  const rows = Float64Array.from({ length: n }, (_, k) => offset + k);
  const truth = (n * (n + 1)) / 12;
  for (const size of [1, 10, 4096, n]) {
    const c = chunkedMoments(rows, n, 1, size);
    assertClose(`mean, chunks of ${size}`, c.mean, [offset + (n - 1) / 2], 1e-15);
    assertClose(`variance, chunks of ${size}`, c.variance, [truth], 1e-10);
  }
});

test("scoreFunctionChunked is unbiased: f = x² under Normal(1, 2) has gradient [2μ, 2σ²] = [2, 8]", () => {
  const dist = new Normal({ loc: 1, scale: 2 });
  const z = zFor(4);
  for (const chunks of [1, 16]) {
    const g = scoreFunctionChunked((x) => x[0] ** 2, dist, key(testSeed(10) + chunks), { numSamples: 20_000, chunks });
    assertWithinZ(`chunks = ${chunks}`, g.mean, [2, 8], g.stderr, z);
  }
  // A constant baseline changes the variance, not the mean.
  const b = scoreFunctionChunked((x) => x[0] ** 2, dist, key(testSeed(11)), { numSamples: 20_000, baseline: 5 });
  assertWithinZ("baseline 5", b.mean, [2, 8], b.stderr, z);
});

test("scoreFunctionChunked refuses bad options, naming the function and the value", () => {
  const dist = new Normal({ loc: 0, scale: 1 });
  const f = (x: Float64Array) => x[0];
  assert.throws(() => scoreFunctionChunked(f, dist, key(0), { numSamples: 4, chunks: 5 }), /scoreFunctionChunked: chunks must be ≤ numSamples = 4, got 5/);
  assert.throws(() => scoreFunctionChunked(f, dist, key(0), { chunks: 0 }), /scoreFunctionChunked: chunks must be a positive integer/);
  assert.throws(() => scoreFunctionChunked(f, dist, key(0), { baseline: NaN }), /scoreFunctionChunked: baseline must be a finite number/);
  assert.throws(() => scoreFunctionChunked(() => NaN, dist, key(0), { numSamples: 10, chunks: 2 }), /scoreFunctionChunked: f returned NaN at sample 0/);
  // The sample index is the one in the whole batch, not in its chunk.
  let calls = 0;
  assert.throws(() => scoreFunctionChunked(() => (++calls === 7 ? Infinity : 1), dist, key(0), { numSamples: 10, chunks: 2 }), /f returned Infinity at sample 6 /);
});

test("every built-in family travels as data and draws the same samples after rebuilding", () => {
  const families = [
    new Normal({ loc: [0.5, -1], scale: [2, 0.3] }),
    new Laplace({ loc: [1], scale: [0.7] }),
    new Bernoulli({ logits: [0.3, -2] }),
    new Categorical({ logits: [0.1, 0.5, -1] }),
    new Poisson({ rate: [3.5] }),
    new Exponential({ rate: [0.4, 2] }),
    new Gamma({ concentration: [0.7], rate: [1.3] }),
    new Beta({ alpha: [2], beta: [0.5] }),
    new Dirichlet({ concentration: [1, 2, 0.5] }),
    new MultivariateNormal({ loc: [1, 2], scaleTril: [2, 0, 0.5, 1] }),
  ];
  for (const d of families) {
    const spec = JSON.parse(JSON.stringify(distributionSpec(d)));
    const r = rebuildDistribution(spec);
    assert.equal(r.name, d.name);
    assert.deepEqual(r.params, d.withParams(d.params).params, d.name);
    assert.deepEqual(r.sample(key(3), 5), d.withParams(d.params).sample(key(3), 5), d.name);
  }
  assert.throws(() => distributionSpec({ name: "Mine" } as never), /distributionSpec: dist must be one of mcgrad's families .* got "Mine"/);
  assert.throws(() => rebuildDistribution({ family: "Normal", dim: 2, paramSize: 3, params: [0, 0, 0] }), /rebuildDistribution: Normal with dim 2 has 4 parameters, not 3/);
});

test("mergeMoments refuses moments whose merge overflows float64 (found by the fuzz suite: m2 was Infinity)", () => {
  const a = columnMoments(new Float64Array([-1e300, -1e300]), 2, 1);
  const b = columnMoments(new Float64Array([1e300, 1e300]), 2, 1);
  assert.throws(() => mergeAll([a, b]), /mergeMoments: the merged sum of squared deviations of coordinate 0 is beyond float64's range; rescale f/);
});
