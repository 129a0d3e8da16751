// The chunked accumulator behind every estimate without rows (src/estimators/runningMoments.ts): exact to rounding at
// n = 10⁸ with a large common offset (where Σr² − n·mean² would lose six digits), independent of the chunk size, and
// free of overflow when the sum of squared deviations exceeds float64 but the variance does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RunningMoments } from "../../src/estimators/runningMoments.js";
import { estimateFromRows } from "../../src/estimators/result.js";
import { Stream } from "../../src/random/stream.js";
import { key } from "../../src/random/key.js";
import { assertClose } from "../helpers/stats.js";

test("n = 10⁸ rows offset by 10⁶, merged in 2.5·10⁶ chunks of 40: mean exact, variance to 1e-12 relative", () => {
  // Chunk c holds B + s_c + (i − 19.5), i = 0..39, s_c = ±½ alternating: mean B, M2 = N_c·(m(m² − 1)/12 + m/4).
  const m = 40;
  const chunks = 2_500_000;
  const B = 1e6;
  const acc = new RunningMoments(1);
  const rows = new Float64Array(m);
  for (let c = 0; c < chunks; c++) {
    const s = c % 2 === 0 ? 0.5 : -0.5;
    for (let i = 0; i < m; i++) rows[i] = B + s + (i - 19.5);
    acc.addRows("test", rows, m, c * m);
  }
  const n = m * chunks;
  const e = acc.toEstimate("test");
  const variance = (chunks * ((m * (m * m - 1)) / 12 + m / 4)) / (n - 1);
  assert.equal(e.numSamples, n);
  assert.ok(Math.abs(e.mean[0] - B) <= 1e-12 * B, `mean ${e.mean[0]} vs ${B}`);
  assert.ok(Math.abs(e.variance[0] - variance) <= 1e-12 * variance, `variance ${e.variance[0]} vs ${variance}`);
  assert.ok(Math.abs(e.stderr[0] - Math.sqrt(variance / n)) <= 1e-12 * Math.sqrt(variance / n));
});

test("the result does not depend on the chunk size beyond rounding and equals the two-pass moments of the rows", () => {
  const n = 5000;
  const P = 3;
  const rows = new Float64Array(n * P);
  new Stream(key(11)).fillNormal(rows);
  for (let k = 0; k < rows.length; k++) rows[k] = (k % P === 0 ? 1e5 : 1) + rows[k] * (1 + (k % P));
  const exact = estimateFromRows(rows, n, P);
  for (const C of [1, 7, 64, 333, n]) {
    const acc = new RunningMoments(P);
    for (let start = 0; start < n; start += C) {
      const m = Math.min(C, n - start);
      acc.addRows("test", rows.subarray(start * P, (start + m) * P), m, start);
    }
    const e = acc.toEstimate("test");
    assertClose(`mean, chunks of ${C}`, e.mean, exact.mean, 1e-14);
    // Chunks of 1 are Welford's update: the running mean rounds at eps·10⁵ per step, so ~√n·eps·10⁵ ≈ 1e-9 at worst.
    assertClose(`variance, chunks of ${C}`, e.variance, exact.variance, 1e-10);
  }
});

test("rows near 3e152: the sum of squared deviations overflows float64 but the variance does not, and is returned", () => {
  const n = 10_000;
  const rows = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 3e152 : -3e152));
  const acc = new RunningMoments(1);
  for (let start = 0; start < n; start += 256) {
    const m = Math.min(256, n - start);
    acc.addRows("test", rows.subarray(start, start + m), m, start);
  }
  const e = acc.toEstimate("test");
  assertClose("variance", e.variance, estimateFromRows(rows, n, 1).variance, 1e-12);
  assert.ok(Number.isFinite(e.variance[0]) && e.variance[0] > 8e304);
  assert.throws(() => acc.toMoments().m2.forEach((v) => { if (!Number.isFinite(v)) throw new Error("m2 overflows"); }), /m2 overflows/);
});

test("a non-finite row throws, naming the function, the sample in the whole batch and the coordinate", () => {
  const acc = new RunningMoments(2);
  acc.addRows("myEstimator", Float64Array.of(1, 2, 3, 4), 2, 0);
  assert.throws(() => acc.addRows("myEstimator", Float64Array.of(1, 2, 3, NaN), 2, 2), /myEstimator: per-sample gradient term \(sample 3, coordinate 1\) is NaN/);
});
