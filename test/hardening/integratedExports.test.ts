/**
 * Issue 7 on the integrated code: defects the fuzz suite found in exports added by the merged branches
 * (compareEstimators, exactExpectation, the Gaussian costs, CategoricalProduct, ES shaping). Each failed before its fix.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import {
  Bernoulli, CategoricalProduct, independentCategorical, Normal, Poisson, applicableEstimators, compareEstimators, cosCost, exactExpectation,
  centeredRankUtilities, evaluatePopulation, expCost, key, naturalSearch, nesUtilities, positiveParameterFactors, quadraticCost, snes,
  sphere, testFunctions, varianceCurves, zScoreUtilities,
} from "../../src/index.js";
import * as vi from "../../src/vi/index.js";

it("applicableEstimators refuses a non-array baselines or extra by name (was TypeError: baselines.map is not a function)", () => {
  const d = new Normal({ loc: 0, scale: 1 });
  assert.throws(() => applicableEstimators(d, { baselines: { length: -1 } as never }), /^Error: applicableEstimators: baselines must be an array/);
  assert.throws(() => applicableEstimators(d, { extra: 3 as never }), /^Error: applicableEstimators: extra must be an array/);
  assert.throws(() => applicableEstimators(null as never), /^Error: applicableEstimators: dist/);
});

it("compareEstimators: batch variances near 1e200 give a finite SE of the variance (the squared spread overflowed to ∞)", () => {
  const c = compareEstimators((x) => 1e100 * x[0], new Bernoulli({ logits: [0.3] }), key(1), { numSamples: 40, batches: 4, measureValued: false });
  for (const e of c.estimators) {
    assert.ok(Number.isFinite(e.varianceStderr[0]) && e.varianceStderr[0] > 0, `${e.name}: ${e.varianceStderr[0]}`);
    assert.ok(Number.isFinite(e.totalVarianceStderr) && Number.isFinite(e.workVarianceStderr), e.name);
  }
});

it("exactExpectation refuses f whose squared values overflow instead of returning a NaN variance", () => {
  assert.throws(() => exactExpectation((x) => 1e300 * (x[0] + 1), new Bernoulli({ logits: [0.5] })), /^Error: exactExpectation: .* not finite in float64/);
  const ok = exactExpectation((x) => 1e100 * x[0], new Bernoulli({ logits: [0] }));
  assert.ok(Number.isFinite(ok.scoreFunctionVariance[0]));
});

it("positiveParameterFactors refuses a rate of 5e-324 (1/λ overflows) instead of returning ∞", () => {
  assert.throws(() => positiveParameterFactors(new Poisson({ rate: [1, 5e-324] })), /^Error: positiveParameterFactors: the factor e\^\{−θ\[1\]\} overflows float64/);
  assert.deepEqual(Array.from(positiveParameterFactors(new Normal({ loc: 1, scale: 2 }))), [1, 0.5]);
});

it("the Gaussian costs refuse non-numbers and overflowing arguments by name (were NaN, ±∞ or engine TypeErrors)", () => {
  assert.throws(() => quadraticCost.expectation(0, 1.4e154, 0), /^Error: quadraticCost\.expectation: the result is not finite in float64 at mu = 0, sigma = 1\.4e\+154, k = 0/);
  assert.throws(() => quadraticCost.gradient(0, 1, { length: NaN } as never), /^Error: quadraticCost\.gradient: k must be a finite number, got /);
  assert.throws(() => expCost.derivative(-100, -100), /^Error: expCost\.derivative: the result is not finite/);
  assert.throws(() => expCost.gradient(-1e308, 20, 1e200), /^Error: expCost\.gradient: /);
  assert.throws(() => cosCost.value(1, Symbol.iterator as never), /^Error: cosCost\.value: k must be a finite number, got /);
  assert.throws(() => quadraticCost.derivative(10n as never, 1), /^Error: quadraticCost\.derivative: x must be a finite number, got 10n/);
  assert.equal(quadraticCost.expectation(1, 2, 0), 5);
  assert.deepEqual(cosCost.gradient(0, 1, 1), [-0, -Math.exp(-0.5)]);
});

it("CategoricalProduct: no argument, and huge or non-finite n, are refused by name (were destructuring and typed-array errors)", () => {
  assert.throws(() => new CategoricalProduct(undefined as never), /^Error: CategoricalProduct: the parameters must be an object/);
  const d = new CategoricalProduct({ logits: new Float64Array(6), categories: 2 });
  assert.throws(() => d.sample(key(0), Infinity), /^Error: CategoricalProduct\.sample: n /);
  assert.throws(() => d.sampleAndLogProb(key(0), Number.MAX_VALUE), /^Error: CategoricalProduct\.sampleAndLogProb: n /);
  assert.throws(() => d.sample({ 0: 1, length: 3 } as never, 2), /^Error: CategoricalProduct\.sample: /);
});

it("an ES shaping option holding a BigInt is refused by name at init, and in a state at tell (JSON.stringify threw a TypeError)", () => {
  for (const [name, s, shaping] of [["naturalSearch", naturalSearch, 10n], ["snes", snes, [1, 2n, 3]]] as const) {
    const strategy = s as unknown as typeof snes;
    assert.throws(() => strategy.init(key(0), [0, 0], { shaping: shaping as never }), new RegExp(`^Error: ${name}\\.init: shaping must be one of .* got .*2?n \\(a BigInt\\)`));
    const st = { ...strategy.init(key(0), [0, 0]), shaping: shaping as never };
    const pop = strategy.ask(key(1), st);
    assert.throws(() => strategy.tell(st, pop, evaluatePopulation(sphere.f, pop)), new RegExp(`^Error: ${name}\\.tell: shaping must be one of .* got .*2?n \\(a BigInt\\)`));
  }
});

it("fitness-shaping utilities refuse null, fake arrays and BigInts by name; {length: 2**40} no longer allocates or hangs", () => {
  for (const [name, shape] of [["nesUtilities", nesUtilities], ["centeredRankUtilities", centeredRankUtilities], ["zScoreUtilities", zScoreUtilities]] as const) {
    for (const bad of [null, undefined, { length: -1 }, { length: 2 ** 40 }, "abc"]) {
      assert.throws(() => shape(bad as never), new RegExp(`^Error: ${name}: fitness must be a Float64Array`), `${name}(${String(bad)})`);
    }
    assert.throws(() => shape([1, 2n, 3] as never), new RegExp(`^Error: ${name}: fitness\\[1\\] must be a number, got 2n`));
    assert.deepEqual(Array.from(shape([3, 1, 2] as never)), Array.from(shape(new Float64Array([3, 1, 2]))), "a number[] is shaped like the Float64Array");
  }
});

it("test functions refuse null, fake arrays (a {length: 2**40} hung) and BigInt entries by name", () => {
  for (const [name, t] of Object.entries(testFunctions)) {
    assert.throws(() => t.f(null as never), new RegExp(`^Error: ${name}: x must be an array or Float64Array of numbers, got null`));
    assert.throws(() => t.f({ length: 2 ** 40 } as never), new RegExp(`^Error: ${name}: x must be an array or Float64Array`));
    assert.throws(() => t.f([1, 2n, 3] as never), new RegExp(`^Error: ${name}: x\\[1\\] must be a number, got 2n`));
    assert.equal(t.f(t.optimum(3)), t.optimalValue);
  }
  assert.equal(sphere.f([1, 2]), 5);
});

it("varianceCurves: at k = −2.3e71 the standard errors are finite (the fourth moment overflowed to NaN), or refused by name", () => {
  const cost = { value: (x: number, k: number) => (x - k) ** 2, derivative: (x: number, k: number) => 2 * (x - k) };
  const t = varianceCurves(cost, key(3), { ks: [2.2e-308, -2.2930323813567625e71], numSamples: 4, baselineSamples: 5 });
  for (const c of t.curves) for (const v of [...c.variance, ...c.varianceStderr, ...c.variancePerEvaluationStderr]) assert.ok(Number.isFinite(v), `${c.estimator}/${c.parameter}: ${v}`);
  assert.throws(() => varianceCurves(cost, key(3), { ks: [1e160], numSamples: 4, baselineSamples: 5 }), /^Error: varianceCurves: /);
});

it("vi normalizedWeights refuses all-−∞ log-weights (gave NaN weights) and a non-Float64Array (gave a TypeError)", () => {
  assert.throws(() => vi.normalizedWeights(Float64Array.from([-Infinity, -Infinity])), /^Error: normalizedWeights: the log-weights must have a finite log-sum-exp/);
  assert.throws(() => vi.normalizedWeights(undefined as never), /^Error: normalizedWeights: logW must be a non-empty Float64Array/);
  assert.deepEqual(Array.from(vi.normalizedWeights(Float64Array.from([0, Math.log(3)])).weights), [0.25, 0.75]);
});

it("vi fitStandardizer refuses undefined (TypeError) and a fake {length: 2**40} (it hung); trainTestSplit refuses n = 1e16 by size", () => {
  assert.throws(() => vi.fitStandardizer(undefined as never, 3), /^Error: fitStandardizer: x must be/);
  assert.throws(() => vi.fitStandardizer({ length: 2 ** 40 } as never, 1), /^Error: fitStandardizer: x must be/);
  assert.throws(() => vi.trainTestSplit(key(0), 1e16, 0.2), /^Error: trainTestSplit: n = 10000000000000000 would need /);
  assert.deepEqual(Array.from(vi.fitStandardizer(new Float64Array([1, 10, 3, 30]), 2).sd), [1, 10]);
});

it("independentCategorical refuses a fake {length: 2**40} logits by name (was RangeError: Invalid array length)", () => {
  assert.throws(() => independentCategorical({ length: 2 ** 40 } as never, 2), /^Error: independentCategorical: logits must be N×K/);
  assert.equal(independentCategorical(new Float64Array([0, 1, 2, 3]), 2).dim, 2);
});
