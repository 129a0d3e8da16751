/**
 * Issue 7, defect class 4 for the library layers util/random/distributions/estimators/fisher/checkScore: engine
 * errors ("Cannot destructure property", "Invalid typed array length") and wrongly accepted input, each now an Error
 * naming the function, the argument and the value. One named test per reported defect; each failed before its fix.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import {
  Bernoulli, Beta, Categorical, Dirichlet, Exponential, Gamma, Laplace, MultivariateNormal, Normal, Poisson,
  checkControlVariate, formatGradientCheck, dot, estimateFromRows, formatScoreCheck, identity, isReparameterizable, key, logSumExp, matVec,
  scoreControlVariate, scoreFunction, split, standardNormal, transpose, uniform, sgd, adam, scale, clipByGlobalNorm,
  applyUpdates, baselineTransform, scoreFunctionWithTransform,
} from "../../src/index.js";

const FAMILIES = { Normal, Laplace, Exponential, Poisson, Bernoulli, Categorical, Gamma, Beta, Dirichlet, MultivariateNormal } as const;

it("every distribution constructor called with no argument or null names itself and shows an example", () => {
  for (const [name, Ctor] of Object.entries(FAMILIES)) {
    for (const bad of [undefined, null, 3, "abc", [1, 2]]) {
      assert.throws(() => new (Ctor as new (p: unknown) => unknown)(bad), new RegExp(`^Error: ${name}: the parameters must be an object such as \\{`), `${name}(${String(bad)})`);
    }
  }
});

it("huge sizes are refused before allocating, naming the function, the size and the memory limit", () => {
  const k = key(0);
  assert.throws(() => uniform(k, 2 ** 40), /^Error: uniform: n = 1099511627776 would need 8\.00 TiB .* above the limit of 1\.00 GiB per array \(MAX_ARRAY_BYTES\)/);
  assert.throws(() => split(k, 2 ** 40), /^Error: split: n = 1099511627776 would need .* above the limit of 1\.00 GiB/);
  assert.throws(() => standardNormal(k, 2 ** 53 - 1), /^Error: standardNormal: n = 9007199254740991 would need/);
  assert.throws(() => new Normal({ loc: [0, 0], scale: 1 }).sample(k, 2 ** 27), /^Error: Normal\.sample: n = 134217728 would need 2\.00 GiB \(134217728 × 2 entries/);
  assert.throws(() => identity(2 ** 20), /^Error: identity: n = 1048576 would need 8\.00 TiB/);
  // With rows the n×P array is refused; without rows (the default) a Normal holds nothing n-sized, so only counts
  // beyond 2⁵³ are refused (test/estimators/streaming.test.ts).
  assert.throws(() => scoreFunction((x) => x[0], new Normal({ loc: 0, scale: 1 }), k, { numSamples: 1e9, keepRows: true }), /^Error: scoreFunction: numSamples = 1000000000 would need/);
});

it("BigInt inside arrays is named, not a TypeError from mixing BigInt and numbers", () => {
  assert.throws(() => dot([1, 2n as unknown as number], [1, 2]), /^Error: dot: a\[1\] must be a finite number, got 2n \(a BigInt\)/);
  assert.throws(() => new Normal({ loc: [1n as unknown as number], scale: 1 }), /^Error: Normal: loc\[0\] must be a finite number, got 1n/);
  assert.throws(() => new Normal({ loc: 0, scale: 1 }).transformVjp(new Float64Array([1]), [1n] as unknown as Float64Array), /^Error: Normal\.transformVjp: gradX/);
});

it("null arguments and options are named: isReparameterizable, checkControlVariate, formatScoreCheck, dot, transpose, logSumExp", () => {
  assert.equal(isReparameterizable(null as never), false);
  assert.equal(isReparameterizable(undefined as never), false);
  assert.equal(isReparameterizable(new Normal({ loc: 0, scale: 1 })), true);
  assert.throws(() => checkControlVariate(scoreControlVariate(), null as never, key(0)), /^Error: checkControlVariate: dist must be a Distribution/);
  const r = checkControlVariate(scoreControlVariate(), new Normal({ loc: 0, scale: 1 }), key(0), null as never);
  assert.equal(r.ok, true); // null options = defaults
  assert.throws(() => formatScoreCheck(null as never), /^Error: formatScoreCheck: r must be a report from checkScore, got null/);
  assert.throws(() => formatScoreCheck({} as never), /^Error: formatScoreCheck: r\.scoreMean must be a Float64Array/);
  assert.throws(() => dot(null as never, [1]), /^Error: dot: a must be an array of finite numbers, got null/);
  assert.throws(() => transpose(null as never, 1, 1), /^Error: transpose: A must be an array of 1 finite numbers, got null/);
  assert.throws(() => logSumExp(null as never), /^Error: logSumExp: values must be an array of numbers/);
});

it('Normal.transform("abc") throws naming the noise instead of returning NaNs', () => {
  const n = new Normal({ loc: [0, 1], scale: 2 });
  assert.throws(() => n.transform("abc" as never), /^Error: Normal\.transform: noise must be a Float64Array of n×2 samples, got "abc"/);
  assert.throws(() => n.transform(new Float64Array([1, NaN])), /^Error: Normal\.transform: noise\[1\] must be a finite number, got NaN/);
  assert.throws(() => new Exponential({ rate: 1 }).transform([1, "2"] as never), /^Error: Exponential\.transform: noise\[1\]/);
});

it("transformVjp with mismatched lengths of noise and gradX throws naming both", () => {
  for (const d of [new Normal({ loc: 0, scale: 1 }), new Laplace({ loc: 0, scale: 1 }), new Exponential({ rate: 1 })]) {
    assert.throws(() => d.transformVjp(new Float64Array([0.1, 0.2, 0.3]), new Float64Array([1, 2])), new RegExp(`^Error: ${d.name}\\.transformVjp: gradX must have one row per noise row \\(3 rows of 1\\), got 2 rows`));
  }
  const mvn = new MultivariateNormal({ loc: [0, 0], scaleTril: [1, 0, 0, 1] });
  assert.throws(() => mvn.transformVjp(new Float64Array(4), new Float64Array(2)), /MultivariateNormal\.transformVjp: gradX must have one row per noise row/);
});

it("estimateFromRows(rows, 4, NaN) throws naming P (it returned an estimate of nothing)", () => {
  const rows = new Float64Array(8);
  assert.throws(() => estimateFromRows(rows, 4, NaN), /^Error: estimateFromRows: P must be a positive integer, got NaN/);
  assert.throws(() => estimateFromRows(rows, 3, 2), /^Error: estimateFromRows: rows must have length n·P = 3·2 = 6, got length 8/);
  assert.throws(() => estimateFromRows({ length: 8 } as never, 4, 2), /^Error: estimateFromRows: rows must be a Float64Array/);
});

it("matVec with a fake array (an object with a length) throws naming A instead of reading undefined as NaN", () => {
  assert.throws(() => matVec({ length: 4 } as never, [1, 1], 2, 2), /^Error: matVec: A must be an array of 4 finite numbers, got \{ length: 4 \}/);
  assert.throws(() => matVec([1, 2, 3, 4], { length: 2, 0: 1, 1: 1 } as never, 2, 2), /^Error: matVec: x must be an array of 2 finite numbers/);
  assert.throws(() => matVec([1, 2, 3, 4], [1, 1], 2, NaN), /^Error: matVec: cols must be a positive integer, got NaN/);
});

it("optim: sgd() and adam() without options name themselves; an update beyond float64 is an error, a huge gradient is still clipped", () => {
  assert.throws(() => sgd(undefined as never), /^Error: sgd: the parameters must be an object such as \{ learningRate: 0\.1 \}, got undefined/);
  assert.throws(() => adam(null as never), /^Error: adam: the parameters must be an object such as \{ learningRate: 1e-3 \}, got null/);
  const s = scale(2);
  assert.throws(() => s.update(new Float64Array([1.7e308]), s.init(new Float64Array(1))), /^Error: scale\.update: updates\[0\] is Infinity/);
  const c = clipByGlobalNorm(1);
  const u = c.update(new Float64Array([Number.MAX_VALUE, Number.MAX_VALUE]), c.init(new Float64Array(2))).updates;
  assert.ok(Math.abs(u[0] - Math.SQRT1_2) < 1e-15 && Math.abs(u[1] - Math.SQRT1_2) < 1e-15, `clipped to ${u}`);
});

it("formatGradientCheck(null) names the report instead of a TypeError (found by the fuzz suite)", () => {
  assert.throws(() => formatGradientCheck(null as never), /^Error: formatGradientCheck: r must be a report from checkGradient, got null/);
  assert.throws(() => formatGradientCheck({ z: new Float64Array(1) } as never), /^Error: formatGradientCheck: r\.mean must be a Float64Array/);
});

it("scoreFunctionWithTransform(…, null) uses the defaults; applyUpdates refuses a fake array (found by the fuzz suite)", () => {
  const t = baselineTransform("mean");
  const d = new Normal({ loc: 1, scale: 2 });
  const f = (x: Float64Array): number => x[0];
  const a = scoreFunctionWithTransform(f, d, key(1), t, t.init(), null as never).estimate.mean;
  const b = scoreFunctionWithTransform(f, d, key(1), t, t.init()).estimate.mean;
  assert.deepEqual(a, b);
  assert.throws(() => applyUpdates({ length: -1 } as never, [1]), /^Error: applyUpdates: params must be a Float64Array, got \{ length: -1 \}/);
});
