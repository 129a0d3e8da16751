// The fused Normal estimators' WebAssembly SIMD kernels (src/estimators/gaussianChunkSimd.ts) against their
// TypeScript path, the reference: the same bits for mean, variance and stderr, whatever the width (odd widths are
// padded), the sample count, the chunk size, the baseline or the estimator; the same errors; reentrant calls (an f
// that itself estimates) and workspaces reused across shapes change nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scoreFunction } from "../../src/estimators/scoreFunction.js";
import { pathwise } from "../../src/estimators/pathwise.js";
import { gaussianSimd } from "../../src/estimators/gaussianChunkSimd.js";
import { Normal } from "../../src/distributions/normal.js";
import { key } from "../../src/random/key.js";
import type { GradientEstimate } from "../../src/estimators/result.js";

const f = (x: Float64Array) => {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += Math.sin(3 * x[j]) + x[j] * x[j] * (j + 1);
  return s;
};
const grad = (x: Float64Array) => x.map((v, j) => 3 * Math.cos(3 * v) + 2 * v * (j + 1));

function normal(d: number): Normal {
  return new Normal({ loc: Array.from({ length: d }, (_, j) => 0.1 * j - 0.3), scale: Array.from({ length: d }, (_, j) => 0.5 + 0.07 * j) });
}

/** run() with the kernels on, then off; restores the switch. */
function bothPaths<T>(run: () => T): [simd: T, typescript: T] {
  try {
    gaussianSimd.enabled = true;
    const a = run();
    gaussianSimd.enabled = false;
    return [a, run()];
  } finally {
    gaussianSimd.enabled = true;
  }
}

function assertSameBits(a: GradientEstimate, b: GradientEstimate, what: string): void {
  assert.equal(a.numSamples, b.numSamples, what);
  for (const field of ["mean", "variance", "stderr"] as const) {
    assert.equal(a[field].length, b[field].length, `${what}: ${field} length`);
    for (let j = 0; j < a[field].length; j++) {
      assert.ok(Object.is(a[field][j], b[field][j]), `${what}: ${field}[${j}] ${a[field][j]} (SIMD) vs ${b[field][j]} (TypeScript)`);
    }
  }
}

test("the SIMD kernels give the TypeScript path's bits for the score-function and pathwise estimates", () => {
  let checked = 0;
  for (const d of [1, 2, 3, 8, 101]) {
    const dist = normal(d);
    for (const n of [1, 7, 600]) {
      for (const chunkSize of [undefined, 1, 5, 64]) {
        for (const baseline of ["none", -2.5, "mean"] as const) {
          if (baseline === "mean" && n < 2) continue;
          const [a, b] = bothPaths(() => scoreFunction(f, dist, key(d * 31 + n), { numSamples: n, chunkSize, baseline }));
          assertSameBits(a, b, `scoreFunction d=${d} n=${n} chunk=${chunkSize} baseline=${baseline}`);
          checked++;
        }
        const [a, b] = bothPaths(() => pathwise(f, dist, key(d + 7 * n), { numSamples: n, chunkSize, grad }));
        assertSameBits(a, b, `pathwise d=${d} n=${n} chunk=${chunkSize}`);
        checked++;
      }
    }
  }
  assert.equal(checked, 5 * 3 * 4 * 4 - 5 * 4);
});

test("a workspace reused across shapes, and an f that itself estimates (a nested call), give the same bits", () => {
  // Interleave shapes so an idle workspace of another width or chunk is taken over, then the first shape again.
  const shapes: [number, number][] = [[3, 40], [4, 40], [3, 17], [3, 40], [101, 9]];
  const runAll = () => shapes.map(([d, n], i) => scoreFunction(f, normal(d), key(i), { numSamples: n, chunkSize: 4 + i }));
  const [a, b] = bothPaths(runAll);
  a.forEach((e, i) => assertSameBits(e, b[i], `shape ${shapes[i]}`));
  // f estimates a gradient of its own (same width, same chunk) while the outer workspace is in use.
  const inner = normal(5);
  const nested = (x: Float64Array) => scoreFunction(f, inner, key(Math.round(1e6 * Math.abs(x[0]))), { numSamples: 30, chunkSize: 8 }).mean[0] + x[1];
  const [c, e] = bothPaths(() => pathwise(nested, normal(5), key(9), { numSamples: 50, chunkSize: 8, grad: (x) => x.map((_, j) => (j === 1 ? 1 : 0)) }));
  assertSameBits(c, e, "nested");
  const [s, t] = bothPaths(() => scoreFunction(nested, normal(5), key(10), { numSamples: 50, chunkSize: 8 }));
  assertSameBits(s, t, "nested score");
});

test("the SIMD path reports a bad f, a bad gradient and an overflowing row exactly as the TypeScript path does", () => {
  const message = (run: () => unknown) => {
    try {
      run();
    } catch (e) {
      return (e as Error).message;
    }
    return "no error";
  };
  const dist = normal(3);
  const cases: [string, () => unknown][] = [
    ["f NaN", () => scoreFunction((x) => (x[0] > 9 ? 0 : Number.NaN), dist, key(1), { numSamples: 40, chunkSize: 6 })],
    ["row overflow", () => scoreFunction((x) => 1e307 * (1 + x[0] * x[0]), dist, key(2), { numSamples: 40, chunkSize: 6 })],
    ["grad of wrong length", () => pathwise(f, dist, key(3), { numSamples: 40, grad: () => new Float64Array(2) })],
    ["grad infinite", () => pathwise(f, dist, key(4), { numSamples: 40, chunkSize: 6, grad: (x) => x.map((v) => (v > 0.9 ? Infinity : v)) })],
    ["pathwise row overflow", () => pathwise(f, dist, key(5), { numSamples: 40, chunkSize: 6, grad: (x) => x.map(() => 1e300) })],
  ];
  for (const [what, run] of cases) {
    const [a, b] = bothPaths(() => message(run));
    assert.notEqual(b, "no error", `${what}: the TypeScript path throws`);
    assert.equal(a, b, what);
  }
});
