/**
 * Fuzz findings in the "mcgrad/rl" and "mcgrad/vi" subpath exports (the KNOWN list of test/fuzz/publicApi.test.ts):
 * ±∞ or NaN out of a public function, hangs and engine errors, each now a finite answer or an Error naming the
 * function, the argument and the value. One named test per defect; each failed before its fix.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import { key } from "../../src/random/key.js";
import * as rl from "../../src/rl/index.js";
import * as vi from "../../src/vi/index.js";
import { Normal } from "../../src/distributions/normal.js";
import { Product } from "../../src/distributions/product.js";

it("rl.sampleSpace of a float64 Box with bounds near ±1e308 stays finite and inside the bounds (high − low overflowed)", () => {
  const space = rl.boxSpace([-1.7e308, -1e308], [1.7e308, 1e308], "float64");
  for (let i = 0; i < 20; i++) {
    const x = rl.sampleSpace(key(i), space) as Float64Array;
    for (let j = 0; j < 2; j++) assert.ok(x[j] >= space.low[j] && x[j] <= space.high[j], `sample ${i}: x[${j}] = ${x[j]}`);
  }
});

it("rl.sampleSpace refuses a float32 Box whose bounds leave the float32 range, naming the range", () => {
  assert.throws(() => rl.sampleSpace(key(0), rl.boxSpace([-1e308], [1e308])), /^Error: sampleSpace: a float32 Box must have bounds within ±3\.4028234663852886e\+38/);
});

it("rl.sampleSpace of discreteSpace(1e308) is refused up front instead of hanging", () => {
  assert.throws(() => rl.sampleSpace(key(0), rl.discreteSpace(1e308)), /^Error: sampleSpace: a Discrete space must have n ≤ 2\^32 \(4294967296\) to be sampled, got n = 1e\+308/);
  assert.equal(typeof rl.sampleSpace(key(0), rl.discreteSpace(2 ** 32)), "number");
});

it("rl.boxSpace(null) and non-number bounds name the function, the argument and the value (was a TypeError)", () => {
  assert.throws(() => rl.boxSpace(null as never, [1]), /^Error: boxSpace: low must be an array of numbers \(±∞ allowed\), got null/);
  assert.throws(() => rl.boxSpace([0], { length: 1 } as never), /^Error: boxSpace: high must be an array of numbers/);
  assert.throws(() => rl.boxSpace([0n] as never, [1]), /^Error: boxSpace: low\[0\] must be a number \(±∞ allowed\), got 0n \(a BigInt\)/);
  assert.throws(() => rl.boxSpace([0], [1], "int8" as never), /^Error: boxSpace: dtype must be "float32" or "float64", got "int8"/);
});

it("rl.clipAction refuses a mismatched action length, BigInt entries, fake arrays and a non-Box space (was NaN or a TypeError)", () => {
  const space = rl.boxSpace([-1, -1], [1, 1]);
  assert.throws(() => rl.clipAction(new Float64Array([0.5]), space), /^Error: clipAction: action must have length 2, got length 1/);
  assert.throws(() => rl.clipAction([0n, 1n] as never, space), /^Error: clipAction: action\[0\] must be a finite number, got 0n \(a BigInt\)/);
  assert.throws(() => rl.clipAction({ length: 2 } as never, space), /^Error: clipAction: action must be an array of 2 finite numbers/);
  assert.throws(() => rl.clipAction(new Float64Array([0]), rl.discreteSpace(2) as never), /^Error: clipAction: space must be a Box space/);
  assert.deepEqual(rl.clipAction(new Float64Array([3, -0.5]), space), new Float64Array([1, -0.5]));
});

it("rl.categoricalHead and rl.normalHead refuse huge sizes by the memory limit (was an engine RangeError)", () => {
  assert.throws(() => rl.categoricalHead(2 ** 53 - 1), /^Error: categoricalHead: numActions = 9007199254740991 would need .* above the limit of 1\.00 GiB per array \(MAX_ARRAY_BYTES\)/);
  assert.throws(() => rl.normalHead(1e200), /^Error: normalHead: actionDim = 1e\+200 would need .* above the limit of 1\.00 GiB/);
});

it("rl.orthogonalMatrix refuses a non-number or non-finite gain and huge or BigInt sizes (was NaN entries or a TypeError)", () => {
  assert.throws(() => rl.orthogonalMatrix(key(0), 3, 2, "2" as never), /^Error: orthogonalMatrix: gain must be a finite number, got "2"/);
  assert.throws(() => rl.orthogonalMatrix(key(0), 3, 2, Infinity), /^Error: orthogonalMatrix: gain must be a finite number, got Infinity/);
  assert.throws(() => rl.orthogonalMatrix(key(0), 3, 2n as never, 1), /^Error: orthogonalMatrix: cols must be a positive integer, got 2n \(a BigInt\)/);
  assert.throws(() => rl.orthogonalMatrix(key(0), 2 ** 40, 2, 1), /^Error: orthogonalMatrix: rows = 1099511627776 would need .* above the limit of 1\.00 GiB/);
  const w = rl.orthogonalMatrix(key(0), 3, 2, 1e300);
  assert.ok(w.every(Number.isFinite), `entries ${w.join(", ")}`);
});

it("rl.mlp and rl.linear refuse huge sizes and parameter counts by the memory limit (was an engine RangeError)", () => {
  assert.throws(() => rl.mlp(1e16, 2), /^Error: mlp: inputDim = 10000000000000000 would need .* above the limit of 1\.00 GiB/);
  assert.throws(() => rl.mlp(2, 2, { hidden: [2 ** 53 - 1] }), /^Error: mlp: hidden\[0\] = 9007199254740991 would need/);
  assert.throws(() => rl.mlp(50000, 2, { hidden: [50000] }), /^Error: mlp: layer sizes 50000→50000→2 give 2500150002 parameters, above the limit of 134217728 doubles/);
  assert.throws(() => rl.linear(2, 2 ** 53 - 1), /^Error: linear: outputDim = 9007199254740991 would need/);
  assert.throws(() => rl.linear(100000, 100000), /^Error: linear: layer sizes 100000→100000 give 10000100000 parameters/);
});

it("vi.gaussianElbo refuses a non-SPD covariance, a wrong-length mean and an incomplete posterior (was NaN or a TypeError)", () => {
  const post = vi.linearRegression({ x: [1, 0, 0, 1, 1, 1], y: [1, 2, 2.5], d: 2 }).posterior();
  assert.throws(() => vi.gaussianElbo(post, post.mean, [1, 2, 2, 1]), /^Error: gaussianElbo: covariance must be a symmetric positive definite 2×2 matrix, got \[1, 2, 2, 1\] \(cholesky: A is not positive definite/);
  assert.throws(() => vi.gaussianElbo(post, [0.5], post.covariance), /^Error: gaussianElbo: loc must have length 2/);
  assert.throws(() => vi.gaussianElbo({ ...post, mean: [1] } as never, post.mean, post.covariance), /^Error: gaussianElbo: post\.mean must have length 2/);
  assert.throws(() => vi.gaussianElbo({ ...post, mean: [1n, 2n] } as never, post.mean, post.covariance), /^Error: gaussianElbo: post\.mean\[0\] must be a finite number, got 1n/);
  const { logEvidence: _omit, ...noEvidence } = post;
  assert.throws(() => vi.gaussianElbo(noEvidence as never, post.mean, post.covariance), /^Error: gaussianElbo: post\.logEvidence must be a finite number, got undefined/);
  assert.ok(Math.abs(vi.gaussianElbo(post, post.mean, post.covariance) - post.logEvidence) <= 1e-12 * Math.abs(post.logEvidence));
});

it("vi.linearRegression refuses a wrong-length z and a noiseScale whose square underflows (was a NaN log joint)", () => {
  const m = vi.linearRegression({ x: [1, 0, 0, 1, 1, 1], y: [1, 2, 2.5], d: 2 });
  assert.throws(() => m.logJoint(new Float64Array([0.5])), /^Error: linearRegression\.logJoint: z must be a Float64Array of length 2 \(the weights\), got \[0\.5\]/);
  assert.throws(() => (m.gradLogJoint as NonNullable<typeof m.gradLogJoint>)(new Float64Array([0, NaN]), new Float64Array(2)), /^Error: linearRegression\.gradLogJoint: z\[1\] must be finite, got NaN/);
  assert.throws(() => m.logJoint(new Float64Array([1e200, 1e200])), /^Error: linearRegression\.logJoint: the log joint overflows float64/);
  assert.throws(() => vi.linearRegression({ x: [1], y: [1], d: 1, noiseScale: 1e-300 }), /^Error: linearRegression: noiseScale must be in \[1e-150, 1e\+150\] \(its square must stay a normal float64\), got 1e-300/);
  assert.throws(() => vi.syntheticLinearRegression(key(0), { noiseScale: 2.2e-308 }), /^Error: syntheticLinearRegression: noiseScale must be in \[1e-150, 1e\+150\]/);
  assert.throws(() => vi.syntheticLinearRegression(key(0), { n: 1e308, d: 3 }), /^Error: syntheticLinearRegression: n = 1e\+308 would need .* above the limit of 1\.00 GiB/);
  assert.ok(Number.isFinite(m.logJoint(new Float64Array([0.5, 1]))));
});

it("Product.sample(k, 2**31) and sampleAndLogProb are refused by the memory limit (was an engine RangeError)", () => {
  const g = new Product([{ dist: new Normal({ loc: [0], scale: 1 }), latents: [0] }, { dist: new Normal({ loc: 0, scale: 2 }), latents: [1] }]);
  assert.throws(() => g.sample(key(0), 2 ** 31), /^Error: Product\.sample: n = 2147483648 would need 32 GiB \(2147483648 × 2 entries/);
  assert.throws(() => g.sampleAndLogProb(key(0), 2 ** 31), /^Error: Product\.sampleAndLogProb: n = 2147483648 would need/);
  assert.throws(() => g.sampleNoise(key(0), 2 ** 31), /^Error: Product\.sampleNoise: n = 2147483648 would need/);
  assert.equal(g.sample(key(0), 3).length, 6);
});

it("rl.gae and rl.rewardToGo refuse advantages and returns that overflow float64 (was ±∞ out of gae)", () => {
  const steps = { numSteps: 2, numEnvs: 1, rewards: new Float64Array([1e308, 1e308]), terminated: new Uint8Array(2), truncated: new Uint8Array(2) };
  const values = new Float64Array([-1.7e308, 0]);
  assert.throws(() => rl.gae(steps as never, values, new Float64Array(2), 0.99, 0.95), /^Error: gae: the advantage at step 0 of env 0 overflows float64; rescale the rewards/);
  assert.throws(() => rl.rewardToGo(steps as never, 1), /^Error: rewardToGo: the return at step 0 of env 0 overflows float64/);
  assert.throws(() => rl.gae({ ...steps, numSteps: 2n } as never, values, new Float64Array(2), 0.99, 0.95), /^Error: gae: steps\.numSteps must be a positive integer, got 2n \(a BigInt\)/);
  const ok = rl.gae({ ...steps, rewards: new Float64Array([1, 1]) } as never, new Float64Array(2), new Float64Array(2), 0.5, 1);
  assert.deepEqual(ok.advantages, new Float64Array([1.5, 1]));
});
