import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Normal } from "../../src/distributions/normal.js";
import { scoreFunction, type ScoreBaseline } from "../../src/estimators/scoreFunction.js";
import { key, split, type Key } from "../../src/random/key.js";
import { assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";

// σ = 2 and σ = 0.7, μ away from 0 and 1, so a missing chain-rule factor (σ or σ²) shows.
const LOC = [1.5, -0.5];
const SCALE = [2, 0.7];
const dist = new Normal({ loc: LOC, scale: SCALE });
const P = 4;
const N = 20_000;

const sum = (x: Float64Array) => {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j];
  return s;
};
const sumSq = (x: Float64Array) => {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j] * x[j];
  return s;
};
/** Closed forms with θ = [loc, log scale]: ∇ E[Σx] = [1, 0]; ∇ E[Σx²] = [2μ, 2σ²]. */
const TRUTH_SUM = [1, 1, 0, 0];
const TRUTH_SUM_SQ = [2 * LOC[0], 2 * LOC[1], 2 * SCALE[0] ** 2, 2 * SCALE[1] ** 2];

describe("scoreFunction: unbiased against closed forms (Normal, θ = [loc, log scale])", () => {
  const baselines: ScoreBaseline[] = ["none", 2.5];
  baselines.forEach((baseline, b) => {
    it(`constant f ⇒ 0 (baseline ${JSON.stringify(baseline)})`, () => {
      const g = scoreFunction(() => 3, dist, key(testSeed(10 + b)), { numSamples: N, baseline });
      assertWithinZ("∇E[3]", g.mean, [0, 0, 0, 0], g.stderr, zFor(P));
    });
    it(`f = Σx ⇒ ∂loc = 1, ∂log scale = 0 (baseline ${JSON.stringify(baseline)})`, () => {
      const g = scoreFunction(sum, dist, key(testSeed(20 + b)), { numSamples: N, baseline });
      assertWithinZ("∇E[Σx]", g.mean, TRUTH_SUM, g.stderr, zFor(P));
    });
    it(`f = Σx² ⇒ ∂loc = 2μ, ∂log scale = 2σ² (baseline ${JSON.stringify(baseline)})`, () => {
      const g = scoreFunction(sumSq, dist, key(testSeed(30 + b)), { numSamples: N, baseline });
      assertWithinZ("∇E[Σx²]", g.mean, TRUTH_SUM_SQ, g.stderr, zFor(P));
    });
  });

  it("a constant f with the same constant baseline gives exactly 0 (every row is 0)", () => {
    const g = scoreFunction(() => 2.5, dist, key(testSeed(40)), { numSamples: 100, baseline: 2.5 });
    assert.deepEqual(Array.from(g.mean), [0, 0, 0, 0]);
    assert.deepEqual(Array.from(g.stderr), [0, 0, 0, 0]);
  });

  it("rows, mean, variance and stderr are consistent", () => {
    const g = scoreFunction(sumSq, dist, key(testSeed(41)), { numSamples: 500, keepRows: true });
    const st = columnStats(g.rows, 500, P);
    for (let j = 0; j < P; j++) {
      assert.ok(Math.abs(g.mean[j] - st.mean[j]) <= 1e-12 * Math.max(1, Math.abs(st.mean[j])));
      assert.ok(Math.abs(g.stderr[j] - st.se[j]) <= 1e-12 * Math.max(1, st.se[j]));
    }
    assert.equal(g.numSamples, 500);
    assert.equal(g.paramSize, P);
  });
});

/**
 * The leave-one-out baseline couples the rows of one estimate, so its row-based SE is not trustworthy. Average many
 * independent estimates at n = 4 instead: an O(1/n) bias (e.g. a baseline that includes the sample itself, which
 * shrinks the estimate by the factor (n − 1)/n) would be 25 % here, far beyond the SE of the average.
 */
function averageOfSmallEstimates(f: (x: Float64Array) => number, root: Key, m: number, n: number) {
  const keys = split(root, m);
  const means = new Float64Array(m * P);
  for (let r = 0; r < m; r++) means.set(scoreFunction(f, dist, keys[r], { numSamples: n, baseline: "mean" }).mean, r * P);
  return columnStats(means, m, P);
}

describe('scoreFunction with baseline "mean" (leave-one-out): unbiased at n = 4', () => {
  it("constant f ⇒ exactly 0 (each leave-one-out baseline equals the constant)", () => {
    const g = scoreFunction(() => 3, dist, key(testSeed(50)), { numSamples: 4, baseline: "mean" });
    for (let j = 0; j < P; j++) assert.ok(Math.abs(g.mean[j]) <= 1e-12, `mean[${j}] = ${g.mean[j]}`);
  });
  it("f = Σx ⇒ ∂loc = 1, ∂log scale = 0 (20 000 estimates at n = 4)", () => {
    const st = averageOfSmallEstimates(sum, key(testSeed(51)), 20_000, 4);
    assertWithinZ("∇E[Σx]", st.mean, TRUTH_SUM, st.se, zFor(P));
  });
  it("f = Σx² ⇒ ∂loc = 2μ, ∂log scale = 2σ² (20 000 estimates at n = 4)", () => {
    const st = averageOfSmallEstimates(sumSq, key(testSeed(52)), 20_000, 4);
    assertWithinZ("∇E[Σx²]", st.mean, TRUTH_SUM_SQ, st.se, zFor(P));
  });
});

describe("scoreFunction: bad input names function, argument and value", () => {
  const k = key(0);
  it("f returning NaN or ±Infinity", () => {
    assert.throws(() => scoreFunction(() => NaN, dist, k, { numSamples: 10 }), /scoreFunction: f returned NaN at sample 0/);
    assert.throws(
      () => scoreFunction((x) => (x[0] > 1.5 ? Infinity : 0), dist, k, { numSamples: 100 }),
      /scoreFunction: f returned Infinity at sample \d+ \(x = \[/,
    );
    assert.throws(() => scoreFunction(() => -Infinity, dist, k, { numSamples: 10 }), /f returned -Infinity/);
    assert.throws(() => scoreFunction((() => "1") as unknown as () => number, dist, k, { numSamples: 3 }), /f returned "1"/);
  });
  it("numSamples 0, negative or fractional", () => {
    assert.throws(() => scoreFunction(sum, dist, k, { numSamples: 0 }), /scoreFunction: numSamples must be a positive integer, got 0/);
    assert.throws(() => scoreFunction(sum, dist, k, { numSamples: -5 }), /numSamples must be a positive integer, got -5/);
    assert.throws(() => scoreFunction(sum, dist, k, { numSamples: 2.5 }), /numSamples must be a positive integer, got 2.5/);
  });
  it("a wrong key", () => {
    assert.throws(() => scoreFunction(sum, dist, 42 as unknown as Key), /scoreFunction: key must be a Key made by key\(seed\) or split\(\), got 42/);
    assert.throws(() => scoreFunction(sum, dist, {} as unknown as Key), /scoreFunction: key must be a Key/);
  });
  it("a bad baseline", () => {
    assert.throws(() => scoreFunction(sum, dist, k, { baseline: NaN }), /scoreFunction: baseline must be a finite number, got NaN/);
    assert.throws(() => scoreFunction(sum, dist, k, { baseline: "median" as ScoreBaseline }), /baseline must be "none", "mean", "optimal", or a finite number \(stateful baselines: scoreFunctionWithBaseline\), got "median"/);
    assert.throws(() => scoreFunction(sum, dist, k, { numSamples: 1, baseline: "mean" }), /needs numSamples ≥ 2, got 1/);
  });
  it("f that is not a function", () => {
    assert.throws(() => scoreFunction(null as unknown as () => number, dist, k), /scoreFunction: f must be a function of one sample, got null/);
  });
  it("a dist that is not a Distribution (not an opaque TypeError)", () => {
    assert.throws(() => scoreFunction(sum, null as unknown as Normal, k), /^Error: scoreFunction: dist must be a Distribution .*got null/);
    assert.throws(() => scoreFunction(sum, {} as unknown as Normal, k), /^Error: scoreFunction: dist must be a Distribution .*got \{\}/);
  });
  it("a key whose words are not unsigned 32-bit integers", () => {
    assert.throws(() => scoreFunction(sum, dist, { hi: Number.NaN, lo: 1.5 } as Key), /scoreFunction: key must be a Key .*got \{ hi: NaN, lo: 1.5 \}/);
  });
  it("f·score overflowing float64 throws instead of returning a NaN estimate", () => {
    assert.throws(() => scoreFunction(() => 1e308, dist, k, { numSamples: 10 }), /scoreFunction: per-sample gradient term .* is -?Infinity/);
  });
  it("options null means the defaults", () => {
    assert.deepEqual(scoreFunction(sum, dist, k, null as unknown as undefined).mean, scoreFunction(sum, dist, k).mean);
  });
});

describe("scoreFunction: an f that writes into its sample cannot corrupt the scores", () => {
  it("the rows equal f(x)·score(x) at the drawn x", () => {
    const k = key(testSeed(7));
    const clean = scoreFunction(sum, dist, k, { numSamples: 50 });
    const clobber = scoreFunction((x) => { const v = sum(x); x.fill(0); return v; }, dist, k, { numSamples: 50 });
    assert.deepEqual(clobber.rows, clean.rows);
  });
});
