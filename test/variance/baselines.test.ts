import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Normal } from "../../src/distributions/normal.js";
import { scoreFunction, type ScoreBaseline } from "../../src/estimators/scoreFunction.js";
import { leaveOneOutMean, leaveOneOutOptimal } from "../../src/variance/baselines.js";
import { leaveOneOutCoefficient } from "../../src/variance/controlVariate.js";
import { scoreFunctionWithBaseline } from "../../src/variance/scoreFunctionWithBaseline.js";
import { key, split, type Key } from "../../src/random/key.js";
import { baselineTransform } from "../../src/variance/baselineTransform.js";
import { emaBaseline, emaOptimalBaseline, type EmaBaselineState } from "../../src/variance/emaBaseline.js";
import { scoreBatch } from "../../src/variance/transform.js";
import { assertClose, assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";
import { assertVarianceBelow, assertVarianceNear, columnVariance } from "./varianceStats.js";

// σ = 2 and σ = 0.7, μ away from 0 and 1, so a missing chain-rule factor shows.
const LOC = [1.5, -0.5];
const SCALE = [2, 0.7];
const dist = new Normal({ loc: LOC, scale: SCALE });
const P = 4;
const sumSqPlus5 = (x: Float64Array) => x[0] * x[0] + x[1] * x[1] + 5;
/** ∇θ E[Σx² + 5] with θ = [loc, log scale] = [2μ, 2σ²]. */
const TRUTH = [2 * LOC[0], 2 * LOC[1], 2 * SCALE[0] ** 2, 2 * SCALE[1] ** 2];

/** Mean and SE over m independent estimates of size n (rows of a leave-one-out baseline are coupled). */
function averageOfSmallEstimates(root: Key, m: number, n: number, baseline: ScoreBaseline) {
  const keys = split(root, m);
  const means = new Float64Array(m * P);
  for (let r = 0; r < m; r++) means.set(scoreFunction(sumSqPlus5, dist, keys[r], { numSamples: n, baseline }).mean, r * P);
  return columnStats(means, m, P);
}

describe('baseline "optimal" (leave-one-out b_j = E[f s_j²]/E[s_j²])', () => {
  it("is unbiased at n = 4 (average of 20 000 independent estimates)", () => {
    const st = averageOfSmallEstimates(key(testSeed(300)), 20_000, 4, "optimal");
    assertWithinZ("∇E[Σx² + 5], optimal baseline, n = 4", st.mean, TRUTH, st.se, zFor(P));
  });

  it("leaves each sample out: b_{i,j} equals the ratio over the other rows (direct sums)", () => {
    const b = scoreBatch(sumSqPlus5, dist, key(testSeed(301)), 7);
    const got = leaveOneOutOptimal(b.fx, b.scores, 7, P);
    const want = new Float64Array(7 * P);
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < P; j++) {
        let num = 0;
        let den = 0;
        for (let k = 0; k < 7; k++) {
          if (k === i) continue;
          num += b.fx[k] * b.scores[k * P + j] ** 2;
          den += b.scores[k * P + j] ** 2;
        }
        want[i * P + j] = num / den;
      }
    }
    assertClose("b_{i,j}", got, want, 1e-12);
  });

  it("reaches the minimum variance that quadrature predicts (N(1, 2²), f = cos 1.5x + 0.3x²)", () => {
    const mu = 1;
    const sigma = 2;
    const f = (x: number) => Math.cos(1.5 * x) + 0.3 * x * x;
    // Simpson's rule over z ∈ [−12, 12] for E[g(z)], z ~ N(0, 1), x = μ + σz.
    const expect = (g: (z: number) => number) => {
      const m = 6000;
      const h = 24 / m;
      let acc = 0;
      for (let k = 0; k <= m; k++) {
        const z = -12 + k * h;
        const w = k === 0 || k === m ? 1 : k % 2 === 1 ? 4 : 2;
        acc += w * g(z) * Math.exp(-0.5 * z * z);
      }
      return (acc * h) / 3 / Math.sqrt(2 * Math.PI);
    };
    const scores = [(z: number) => z / sigma, (z: number) => z * z - 1];
    const optimalVar: number[] = [];
    const noneVar: number[] = [];
    for (const s of scores) {
      const fz = (z: number) => f(mu + sigma * z);
      const grad = expect((z) => fz(z) * s(z));
      const bStar = expect((z) => fz(z) * s(z) ** 2) / expect((z) => s(z) ** 2);
      optimalVar.push(expect((z) => (fz(z) - bStar) ** 2 * s(z) ** 2) - grad * grad);
      noneVar.push(expect((z) => fz(z) ** 2 * s(z) ** 2) - grad * grad);
    }
    for (let j = 0; j < 2; j++) assert.ok(optimalVar[j] < noneVar[j], `quadrature: optimal ${optimalVar[j]} < none ${noneVar[j]}`);
    const d1 = new Normal({ loc: mu, scale: sigma });
    const n = 60_000;
    const g = scoreFunction((x) => f(x[0]), d1, key(testSeed(302)), { numSamples: n, baseline: "optimal", keepRows: true });
    assertVarianceNear("per-sample variance, optimal baseline", columnVariance(g.rows, n, 2), optimalVar, zFor(2));
  });
});

describe("a baseline lowers variance", () => {
  it('"mean", "optimal" and a constant near E[f] all beat no baseline on f = Σx² + 50 (same draws)', () => {
    const n = 40_000;
    const k = key(testSeed(310));
    const f = (x: Float64Array) => x[0] * x[0] + x[1] * x[1] + 50;
    const none = columnVariance(scoreFunction(f, dist, k, { numSamples: n, keepRows: true }).rows, n, P);
    const all = [0, 1, 2, 3];
    for (const baseline of ["mean", "optimal", 57] as const) {
      const g = scoreFunction(f, dist, k, { numSamples: n, baseline, keepRows: true });
      assertVarianceBelow(`baseline ${baseline} vs none`, columnVariance(g.rows, n, P), none, zFor(3 * P), all);
    }
  });
});

describe("emaBaseline: explicit state across calls", () => {
  const ema = emaBaseline({ decay: 0.9 });
  const n = 50;
  const [k1, k2] = split(key(testSeed(320)), 2);
  const batchMean = (k: Key) => {
    const fx = scoreBatch(sumSqPlus5, dist, k, n).fx;
    return fx.reduce((a, b) => a + b, 0) / n;
  };

  it("round-trips the state: b_0 = 0, b_1 = batch mean, b_2 = 0.9·b_1 + 0.1·mean₂; each call equals a constant baseline", () => {
    const s0 = ema.init();
    assert.deepEqual(s0, { steps: 0, value: 0 });
    const r1 = scoreFunctionWithBaseline(sumSqPlus5, dist, k1, ema, s0, { numSamples: n });
    assert.deepEqual(s0, { steps: 0, value: 0 }, "init state not mutated");
    assert.equal(r1.state.steps, 1);
    assertClose("b_1", [r1.state.value], [batchMean(k1)], 1e-12);
    assertClose("rows 1", r1.estimate.rows, scoreFunction(sumSqPlus5, dist, k1, { numSamples: n, baseline: 0, keepRows: true }).rows, 1e-12);
    const r2 = scoreFunctionWithBaseline(sumSqPlus5, dist, k2, ema, r1.state, { numSamples: n });
    assertClose("rows 2", r2.estimate.rows, scoreFunction(sumSqPlus5, dist, k2, { numSamples: n, baseline: r1.state.value, keepRows: true }).rows, 1e-12);
    assertClose("b_2", [r2.state.value], [0.9 * r1.state.value + 0.1 * batchMean(k2)], 1e-12);
    // The state is plain data: a JSON round trip resumes identically.
    const restored = JSON.parse(JSON.stringify(r1.state)) as EmaBaselineState;
    const r2b = scoreFunctionWithBaseline(sumSqPlus5, dist, k2, ema, restored, { numSamples: n });
    assert.deepEqual(Array.from(r2b.estimate.rows), Array.from(r2.estimate.rows));
    assert.deepEqual(r2b.state, r2.state);
    // scoreFunction has no option that would take a state and drop the next one; the transform returns it.
    assert.throws(
      () => scoreFunction(sumSqPlus5, dist, k2, { numSamples: n, baseline: { baseline: ema, state: r1.state } as unknown as number }),
      /scoreFunction: baseline must be "none", "mean", "optimal", or a finite number \(stateful baselines: scoreFunctionWithBaseline\)/,
    );
    const t = baselineTransform(ema);
    const viaTransform = t.apply(scoreBatch(sumSqPlus5, dist, k2, n), r1.state);
    assertClose("transform rows", viaTransform.rows, r2.estimate.rows, 1e-12);
    assert.deepEqual(viaTransform.state, r2.state);
  });

  for (const [label, b] of [["emaBaseline", emaBaseline({ decay: 0.8 })], ["emaOptimalBaseline", emaOptimalBaseline({ decay: 0.8 })]] as const) {
    it(`${label} is unbiased along a run of 4 000 calls at n = 4`, () => {
      const T = 4000;
      const keys = split(key(testSeed(label.length === 11 ? 321 : 322)), T);
      const means = new Float64Array(T * P);
      let state: unknown = b.init();
      for (let t = 0; t < T; t++) {
        // Each estimate is unbiased given the state, so the estimates are martingale differences around the truth.
        const r = scoreFunctionWithBaseline(sumSqPlus5, dist, keys[t], b as ReturnType<typeof emaBaseline>, state as EmaBaselineState, { numSamples: 4 });
        means.set(r.estimate.mean, t * P);
        state = r.state;
      }
      const st = columnStats(means, T, P);
      assertWithinZ(`${label} average`, st.mean, TRUTH, st.se, zFor(P));
    });
  }
});

describe("baselines: bad input", () => {
  const k = key(0);
  it("names the function, argument and value", () => {
    assert.throws(() => scoreFunction(sumSqPlus5, dist, k, { numSamples: 1, baseline: "optimal" }), /scoreFunction: baseline "optimal" \(leave-one-out\) needs numSamples ≥ 2, got 1/);
    assert.throws(() => emaBaseline({ decay: 1 }), /emaBaseline: decay must be a number in \[0, 1\), got 1/);
    assert.throws(() => emaOptimalBaseline({ decay: -0.1 }), /emaOptimalBaseline: decay must be a number in \[0, 1\), got -0.1/);
    const ema = emaBaseline();
    assert.throws(
      () => scoreFunctionWithBaseline(sumSqPlus5, dist, k, ema, { steps: -1, value: 0 }),
      /emaBaseline.value: state.steps must be a non-negative integer \(use init\(\)\), got -1/,
    );
    assert.throws(() => scoreFunctionWithBaseline(sumSqPlus5, dist, k, ema, { steps: 2, value: NaN }), /emaBaseline.value: state.value must be finite, got NaN/);
    assert.throws(
      () => scoreFunctionWithBaseline(sumSqPlus5, dist, k, { name: "bad", init: () => 0, value: () => new Float64Array(1), update: () => 0 }, 0),
      /scoreFunctionWithBaseline: baseline bad must return a Float64Array of length 4 from value\(\)/,
    );
    assert.throws(() => scoreFunctionWithBaseline(sumSqPlus5, dist, k, null as unknown as typeof ema, ema.init()), /baseline must be a Baseline object/);
    const opt = emaOptimalBaseline();
    const s1 = scoreFunctionWithBaseline(sumSqPlus5, dist, k, opt, opt.init(), { numSamples: 10 }).state;
    assert.throws(() => scoreFunctionWithBaseline((x: Float64Array) => x[0], new Normal({ loc: 0, scale: 1 }), k, opt, s1), /state was built for 4 parameters, but the distribution has 2/);
    assert.throws(() => baselineTransform("median" as "mean"), /baselineTransform: baseline must be "mean", "optimal", a finite number or a Baseline/);
    assert.throws(() => baselineTransform(Infinity), /baselineTransform: baseline must be a finite number, got Infinity/);
    assert.throws(() => baselineTransform("mean").apply(scoreBatch(sumSqPlus5, dist, k, 1), null), /needs n ≥ 2 samples, got 1/);
  });
});

describe("leave-one-out helpers: overflow and bad input (issue 7)", () => {
  it("leaveOneOutOptimal with a score of 1.4e154 (whose square overflows) gives the exact ratios, not NaN", () => {
    const fx = new Float64Array([2, 3, 5]);
    const scores = new Float64Array([1.4e154, 1, 2]);
    // Row 0 leaves the huge score out: (3·1 + 5·4)/(1 + 4) = 23/5. Rows 1 and 2 are dominated by it: → f_0 = 2.
    assertClose("b", leaveOneOutOptimal(fx, scores, 3, 1), [23 / 5, 2, 2], 1e-15);
    const big = leaveOneOutOptimal([1e308, -1e308, 1e308], [1e200, 1e200, 1e-200], 3, 1);
    assertClose("b with f near MAX_VALUE", big, [-1e308, 1e308, 0], 1e-15);
  });

  it("leaveOneOutMean is exact up to ±MAX_VALUE and refuses what is not a vector of finite numbers", () => {
    assertClose("b", leaveOneOutMean([1.7e308, 1.7e308, 1.7e308]), [1.7e308, 1.7e308, 1.7e308], 1e-15);
    assertClose("b", leaveOneOutMean(new Float64Array([1, 2, 3])), [2.5, 2, 1.5], 1e-15);
    assert.throws(() => leaveOneOutMean([[1], [2]] as unknown as number[]), /leaveOneOutMean: fx\[0\] must be a finite number, got \[1\]/);
    assert.throws(() => leaveOneOutMean(null as unknown as number[]), /leaveOneOutMean: fx must be an array of finite numbers, got null/);
    assert.throws(() => leaveOneOutMean([1]), /leaveOneOutMean: fx must hold at least 2 values, got \[1\]/);
    assert.throws(() => leaveOneOutMean([1, NaN]), /leaveOneOutMean: fx\[1\] must be a finite number, got NaN/);
    assert.throws(() => leaveOneOutOptimal(null as unknown as number[], [1, 2], 2, 1), /leaveOneOutOptimal: fx must be an array of finite numbers, got null/);
    assert.throws(() => leaveOneOutOptimal([1, 2], [1, 2, 3], 2, 1), /leaveOneOutOptimal: scores must have length 2/);
    assert.throws(() => leaveOneOutOptimal([1, 2], [1, 2], 1.5, 1), /leaveOneOutOptimal: n must be a positive integer, got 1.5/);
    assert.throws(() => leaveOneOutCoefficient(null as unknown as Float64Array, new Float64Array(2), 2, 1), /leaveOneOutCoefficient: g must be an array/);
  });

  it("the scaled sums (taken for extreme columns) agree with the plain ones: b is invariant to s → λs and equivariant to f → λf", () => {
    const b = scoreBatch(sumSqPlus5, dist, key(testSeed(330)), 50);
    const plain = leaveOneOutOptimal(b.fx, b.scores, 50, P);
    for (const lambda of [1e100, 1e-100, 1e160]) {
      assertClose(`s × ${lambda}`, leaveOneOutOptimal(b.fx, b.scores.map((v) => v * lambda), 50, P), plain, 1e-12);
    }
    const m = leaveOneOutMean(b.fx);
    assertClose("f × 1e305", leaveOneOutMean(b.fx.map((v) => v * 1e305)).map((v) => v / 1e305), m, 1e-12);
    assertClose("f × 1e305, optimal", leaveOneOutOptimal(b.fx.map((v) => v * 1e305), b.scores, 50, P).map((v) => v / 1e305), plain, 1e-12);
  });

  it("leaveOneOutCoefficient stays finite for finite rows whose products overflow", () => {
    const g = new Float64Array([1e200, 2e200, 3e200]);
    const u = new Float64Array([1e150, 1e150, 2e150]);
    // Row 0: (2e200·1e150 + 3e200·2e150)/(1e300 + 4e300) = 8e350/5e300 = 1.6e50; row 1: 7e350/5e300; row 2: 3e350/2e300.
    assertClose("c", leaveOneOutCoefficient(g, u, 3, 1), [1.6e50, 1.4e50, 1.5e50], 1e-14);
  });

  it("a coefficient beyond float64's range is refused by name (fuzz case: u ≈ 1e-323 against g ≈ 1e308), not returned as ∞", () => {
    const g = new Float64Array([1e308, 1e308, 1]);
    const u = new Float64Array([5e-324, 5e-324, 1]);
    assert.throws(() => leaveOneOutCoefficient(g, u, 3, 1), /^Error: leaveOneOutCoefficient: the coefficient of row 2, coordinate 0 is beyond float64's range/);
  });

  it("emaOptimalBaseline with a score of 1.4e154 keeps a finite state and gives the exact ratio", () => {
    const b = emaOptimalBaseline({ decay: 0.5 });
    const s1 = b.update(b.init(), new Float64Array([2, 3]), new Float64Array([1.4e154, 1]), 1);
    // (2·1.96e308 + 3·1)/(1.96e308 + 1) = 2 to double precision (the numerator alone is beyond MAX_VALUE).
    assertClose("b after batch 1", b.value(s1, 1), [2], 1e-15);
    const s2 = b.update(s1, new Float64Array([5, 7]), new Float64Array([1, 1]), 1);
    assert.ok(s2.scoreSq.every(Number.isFinite) && s2.fScoreSq.every(Number.isFinite), JSON.stringify(s2));
    assertClose("b after batch 2", b.value(s2, 1), [2], 1e-15);
    assert.throws(() => emaOptimalBaseline(null as unknown as object).update(null as never, new Float64Array(1), new Float64Array(1), 1), /emaOptimalBaseline.update: state.steps must be a non-negative integer/);
    assert.throws(() => emaBaseline(null as unknown as object).update({ steps: 0, value: 0 }, [[1]] as never, new Float64Array(1), 1), /emaBaseline.update: fx\[0\] must be a finite number, got \[1\]/);
  });
});
