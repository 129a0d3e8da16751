import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Normal } from "../../src/distributions/normal.js";
import { pathwise } from "../../src/estimators/pathwise.js";
import { key, type Key } from "../../src/random/key.js";
import { assertWithinZ, testSeed, zFor } from "../helpers/stats.js";

// σ = 2 so a missing chain-rule factor (∂x/∂log σ = σ ε) shows.
const LOC = [1.5, -0.5];
const SCALE = [2, 0.7];
const dist = new Normal({ loc: LOC, scale: SCALE });
const P = 4;
const N = 20_000;

const sum = (x: Float64Array) => x[0] + x[1];
const sumSq = (x: Float64Array) => x[0] * x[0] + x[1] * x[1];

describe("pathwise: unbiased against closed forms (Normal, θ = [loc, log scale])", () => {
  it("constant f ⇒ exactly 0 (∇f = 0, every row is 0)", () => {
    const g = pathwise(() => 3, dist, key(testSeed(60)), { numSamples: 100, grad: () => [0, 0] });
    assert.deepEqual(Array.from(g.mean), [0, 0, 0, 0]);
    assert.deepEqual(Array.from(g.stderr), [0, 0, 0, 0]);
  });

  it("f = Σx ⇒ ∂loc = 1 (exactly, zero spread), ∂log scale = 0", () => {
    const g = pathwise(sum, dist, key(testSeed(61)), { numSamples: N, grad: () => [1, 1] });
    assert.deepEqual(Array.from(g.mean.subarray(0, 2)), [1, 1]);
    assertWithinZ("∇E[Σx]", g.mean, [1, 1, 0, 0], g.stderr, zFor(2));
  });

  it("f = Σx² ⇒ ∂loc = 2μ, ∂log scale = 2σ²", () => {
    const g = pathwise(sumSq, dist, key(testSeed(62)), { numSamples: N, grad: (x) => [2 * x[0], 2 * x[1]] });
    assertWithinZ("∇E[Σx²]", g.mean, [2 * LOC[0], 2 * LOC[1], 2 * SCALE[0] ** 2, 2 * SCALE[1] ** 2], g.stderr, zFor(P));
  });

  it("f = Σ cos(x) ⇒ ∂μ = −e^{−σ²/2} sin μ, ∂log σ = −σ² e^{−σ²/2} cos μ", () => {
    const g = pathwise((x) => Math.cos(x[0]) + Math.cos(x[1]), dist, key(testSeed(63)), {
      numSamples: N,
      grad: (x) => [-Math.sin(x[0]), -Math.sin(x[1])],
    });
    const damp = SCALE.map((s) => Math.exp(-0.5 * s * s));
    const truth = [-damp[0] * Math.sin(LOC[0]), -damp[1] * Math.sin(LOC[1]), -(SCALE[0] ** 2) * damp[0] * Math.cos(LOC[0]), -(SCALE[1] ** 2) * damp[1] * Math.cos(LOC[1])];
    assertWithinZ("∇E[Σcos x]", g.mean, truth, g.stderr, zFor(P));
  });

  it("accepts grad returning a Float64Array or a plain array, and the same key gives the same estimate", () => {
    const a = pathwise(sumSq, dist, key(7), { numSamples: 50, grad: (x) => Float64Array.of(2 * x[0], 2 * x[1]), keepRows: true });
    const b = pathwise(sumSq, dist, key(7), { numSamples: 50, grad: (x) => [2 * x[0], 2 * x[1]], keepRows: true });
    assert.deepEqual(Array.from(a.rows), Array.from(b.rows));
  });
});

describe("pathwise: bad input names function, argument and value", () => {
  const k = key(0);
  const grad = (x: Float64Array) => [2 * x[0], 2 * x[1]];
  it("f returning NaN or ±Infinity", () => {
    assert.throws(() => pathwise(() => NaN, dist, k, { numSamples: 10, grad }), /pathwise: f returned NaN at sample 0/);
    assert.throws(() => pathwise((x) => (x[0] > 1.5 ? Infinity : 0), dist, k, { numSamples: 100, grad }), /pathwise: f returned Infinity at sample \d+/);
  });
  it("grad returning the wrong length, NaN or Infinity", () => {
    assert.throws(() => pathwise(sumSq, dist, k, { numSamples: 10, grad: () => [1] }), /pathwise: options.grad must return 2 finite numbers \(∇f at x\), got length 1 at sample 0/);
    assert.throws(() => pathwise(sumSq, dist, k, { numSamples: 10, grad: () => 1 as unknown as number[] }), /options.grad must return 2 finite numbers .*got 1 at sample 0/);
    assert.throws(
      () => pathwise(sumSq, dist, k, { numSamples: 100, grad: (x) => [x[0] > 1.5 ? NaN : 0, 0] }),
      /pathwise: options.grad returned NaN at component 0 of sample \d+ \(x = \[/,
    );
    assert.throws(() => pathwise(sumSq, dist, k, { numSamples: 10, grad: () => [0, -Infinity] }), /options.grad returned -Infinity at component 1 of sample 0/);
  });
  it("a finite grad whose chain-rule term overflows throws instead of giving a NaN estimate", () => {
    // ∂/∂log σ = g·σ·ε overflows for g = 1e308 and σ = 2 even though g itself is finite.
    assert.throws(() => pathwise(sumSq, dist, k, { numSamples: 10, grad: () => [1e308, 1e308], keepRows: true }), /Normal.transformVjp: the vector–Jacobian product is -?Infinity/);
    assert.throws(() => pathwise(sumSq, dist, k, { numSamples: 10, grad: () => [1e308, 1e308] }), /pathwise: per-sample gradient term \(sample 0, coordinate 2\) is -?Infinity/);
  });
  it("grad missing", () => {
    assert.throws(() => pathwise(sumSq, dist, k, {} as unknown as { grad: () => number[] }), /pathwise: options.grad must be a function returning ∇f\(x\), got undefined/);
  });
  it("numSamples 0", () => {
    assert.throws(() => pathwise(sumSq, dist, k, { numSamples: 0, grad }), /pathwise: numSamples must be a positive integer, got 0/);
  });
  it("a wrong key", () => {
    assert.throws(() => pathwise(sumSq, dist, "seed" as unknown as Key, { grad }), /pathwise: key must be a Key made by key\(seed\) or split\(\), got "seed"/);
  });
});
