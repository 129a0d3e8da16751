/**
 * Fuzz round 4 (every export of every subpath, hostile arguments): each class of defect found, as one named test.
 * Before the fixes these calls threw engine errors ("Cannot read properties of undefined", "Invalid typed array
 * length", "Cannot convert a Symbol value to a string"), put a stray value where the function's name belongs, or
 * silently accepted a wrong type or an unknown key. Each assertion pins the function, the argument and the value.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import * as api from "../../src/index.js";
import * as rl from "../../src/rl/index.js";
import * as vi from "../../src/vi/index.js";

const k = api.key(0);
const normal = new api.Normal({ loc: [0, 1], scale: [1, 2] });
const model: vi.Model = { name: "quadratic", dim: 2, logJoint: (z) => -0.5 * (z[0] ** 2 + z[1] ** 2), gradLogJoint: (z, out) => { out[0] = -z[0]; out[1] = -z[1]; return -0.5 * (z[0] ** 2 + z[1] ** 2); } };
const cartPole = rl.makeEnv("CartPole-v1");
const policy = rl.mlpPolicy(cartPole.observationSpace as rl.BoxSpace, cartPole.actionSpace, { hidden: [4] });
const critic = rl.valueNetwork(4, { hidden: [4] });

it("a shared checker's caller-name argument must be a non-empty string (a stray value became the message's name)", () => {
  assert.throws(() => api.logSumExp([0, 1], {} as never), /^Error: logSumExp: fn must be the calling function's name \(a one-line string starting with a letter\), got \{\}/);
  assert.throws(() => vi.logJointRows("1", model, new Float64Array(2), 1), /^Error: logJointRows: fn must be the calling function's name .*, got "1"/);
  assert.throws(() => api.estimateFromRows(new Float64Array([1]), 1, 1, null as never), /^Error: estimateFromRows: fn must be .*, got null/);
  assert.throws(() => api.columnMoments(new Float64Array([1]), 1, 1, 7 as never), /^Error: columnMoments: fn must be .*, got 7/);
  assert.throws(() => api.distributionSpec(normal, Symbol("s") as never), /^Error: distributionSpec: fn must be .*, got symbol/);
  assert.throws(() => api.rebuildDistribution(api.distributionSpec(normal), "" as never), /^Error: rebuildDistribution: fn must be .*, got ""/);
  assert.throws(() => vi.parseCsv([1, 2] as never, "a\n1\n"), /^Error: parseCsv: fn must be .*, got \[1, 2\]/);
  assert.throws(() => vi.checkModel({} as never, model), /^Error: checkModel: fn must be .*, got \{\}/);
  assert.throws(() => vi.logJointRows(3 as never, model, new Float64Array(2), 1), /^Error: logJointRows: fn must be .*, got 3/);
  assert.throws(() => rl.checkWeights(null as never, new Float64Array(1), 1), /^Error: checkWeights: fn must be .*, got null/);
  assert.throws(() => rl.checkAction(undefined as never, cartPole.actionSpace, 0), /^Error: checkAction: where must be .*, got undefined/);
});

it("ColumnMoments arguments are checked field by field (was a TypeError reading 'mean' or 'count')", () => {
  const m = api.columnMoments(new Float64Array([1, 2, 3, 4]), 2, 2);
  assert.throws(() => api.mergeMoments(null as never, m), /^Error: mergeMoments: a must be a ColumnMoments \{ count, mean, m2 \} \(from columnMoments\), got null/);
  assert.throws(() => api.mergeMoments(m, { ...m, count: -1 }), /^Error: mergeMoments: b\.count must be an integer ≥ 0, got -1/);
  assert.throws(() => api.mergeMoments(m, { ...m, mean: Float64Array.from([NaN, 0]) }), /^Error: mergeMoments: b\.mean\[0\] must be a finite number, got NaN/);
  assert.throws(() => api.estimateFromMoments(undefined as never), /^Error: estimateFromMoments: m must be a ColumnMoments .*, got undefined/);
  assert.throws(() => api.estimateFromMoments({ ...m, m2: [1, 2] as never }), /^Error: estimateFromMoments: m\.m2 must be a Float64Array of length 2/);
});

it("distributionSpec refuses look-alikes named like a family or like an Object.prototype member (was a TypeError)", () => {
  assert.throws(() => api.distributionSpec({ name: "Normal" } as never), /^Error: distributionSpec: dist must be one of mcgrad's families .*, got "Normal"/);
  assert.throws(() => api.distributionSpec({ name: "constructor" } as never), /^Error: distributionSpec: dist must be one of mcgrad's families .*, got "constructor"/);
  assert.throws(() => api.rebuildDistribution({ family: "toString", dim: 1, paramSize: 2, params: [0, 0] }), /^Error: rebuildDistribution: spec must be \{ family, dim, paramSize, params \}/);
});

it("mcgrad/vi helpers name a missing or wrong model, guide or array (were TypeErrors)", () => {
  assert.throws(() => vi.defaultEstimator(model, undefined as never), /^Error: defaultEstimator: guide must be a Distribution .*, got undefined/);
  assert.throws(() => vi.defaultEstimator(null as never, normal), /^Error: defaultEstimator: model must be an object with logJoint\(z\), dim and name, got null/);
  assert.throws(() => vi.elboIwae(model, "NaN" as never, k), /^Error: elboIwae: guide must be a Distribution .*, got "NaN"/);
  assert.throws(() => vi.elboStl(model, undefined as never, k), /^Error: elboStl: guide must be a Distribution/);
  assert.throws(() => vi.guideFactors(undefined as never), /^Error: guideFactors: guide must be a Distribution/);
  assert.throws(() => vi.hasLogProbGradZ(3 as never), /^Error: hasLogProbGradZ: guide must be a Distribution .*, got 3/);
  assert.throws(() => vi.finiteSupport(null as never), /^Error: finiteSupport: dist must be a Distribution .*, got null/);
  assert.throws(() => vi.guideEntropyGradient({} as never), /^Error: guideEntropyGradient: guide must be a Distribution/);
  assert.throws(() => vi.logProbGradZ(normal, [1, 2] as never, 1), /^Error: logProbGradZ: z must be a Float64Array of n×dim = 1×2 latents, got \[1, 2\]/);
  assert.throws(() => vi.logProbGradZ(normal, new Float64Array(2), -1), /^Error: logProbGradZ: n must be a positive integer, got -1/);
  assert.throws(() => vi.logJointRows("mine", model, new Float64Array(2), 3), /^Error: logJointRows: z must be a Float64Array of n×dim = 3×2 latents/);
  assert.throws(() => vi.gradLogJointRows("mine", undefined as never, new Float64Array(2), 1), /^Error: mine: model must be an object with logJoint\(z\), dim and name, got undefined/);
  assert.throws(() => vi.naturalDirection(undefined as never, new Float64Array(4), 0), /^Error: naturalDirection: guide must be a Distribution/);
  assert.throws(() => vi.naturalDirection(normal, new Float64Array(3), 0), /^Error: naturalDirection: g must be a Float64Array of length 4 \(the guide's paramSize\)/);
  assert.throws(() => vi.naturalDirection(normal, new Float64Array(4), NaN), /^Error: naturalDirection: damping must be a finite number, got NaN/);
  assert.throws(() => vi.meanFieldOptimum(undefined as never), /^Error: meanFieldOptimum: post must be a GaussianPosterior \(model\.posterior\(\)\), got undefined/);
  assert.throws(() => vi.meanFieldOptimum({ d: 1, mean: [0], precision: [0] } as never), /^Error: meanFieldOptimum: post\.precision\[0\] \(diagonal 0\) must be a finite number > 0, got 0/);
  assert.throws(() => vi.mixtureLogLikelihoods(new Float64Array([0, 1]), 1, null as never), /^Error: mixtureLogLikelihoods: params must be \{ weights, means, covariances \}, got null/);
  assert.throws(() => vi.selectRows(undefined as never, 2, [0]), /^Error: selectRows: x must be a Float64Array of n×2 samples, got undefined/);
  assert.throws(() => vi.selectRows(new Float64Array(4), 2, null as never), /^Error: selectRows: rows must be an array of row indices, got null/);
  assert.throws(() => vi.standardizeColumns(new Float64Array(2), 1, null as never), /^Error: standardizeColumns: s must be a Standardizer \{ mean, sd \} \(from fitStandardizer\), got null/);
  assert.throws(() => vi.standardizeColumns(new Float64Array(2), 1, { mean: [0], sd: [0] } as never), /^Error: standardizeColumns: s\.sd\[0\] must be > 0, got 0/);
});

it("results that would overflow to ±∞ or NaN are refused, naming the function (were silent non-finite values)", () => {
  assert.throws(() => vi.standardizeColumns(new Float64Array([1e308, -1e308]), 1, { mean: Float64Array.of(0), sd: Float64Array.of(1e-10) }), /^Error: standardizeColumns: row 0, column 0 standardizes to Infinity/);
  assert.throws(() => vi.mixtureLogLikelihoods(new Float64Array([1e300]), 1, { weights: Float64Array.of(1), means: Float64Array.of(-1e300), covariances: Float64Array.of(1) }), /^Error: mixtureLogLikelihoods: ℓ for point 0, component 0 is -Infinity/);
  assert.throws(() => rl.explainedVariance(new Float64Array([0, 0]), new Float64Array([1e308, -1e308])), /^Error: explainedVariance: the variances of returns and returns − values overflow float64/);
  assert.throws(() => rl.explainedVariance(undefined as never, new Float64Array(1)), /^Error: explainedVariance: values must be an array of finite numbers, got undefined/);
  const seg = { count: 2, id: Int32Array.of(0, 1), position: Int32Array.of(0, 0), length: Int32Array.of(1, 1) };
  assert.throws(() => rl.timeAlignedLeaveOneOutMean(new Float64Array([1e308, 1e308]), seg as never), /^Error: timeAlignedLeaveOneOutMean: the leave-one-out mean at step 0 is Infinity/);
  assert.throws(() => rl.timeAlignedLeaveOneOutMean(new Float64Array(2), undefined as never), /^Error: timeAlignedLeaveOneOutMean: seg must be the Segments of the same rollout/);
});

it("mcgrad/rl spaces, policies and critics are checked at the boundary (were TypeErrors reading 'kind' or 'paramSize')", () => {
  assert.throws(() => rl.spaceSize(undefined as never), /^Error: spaceSize: space must be a space made by boxSpace\(low, high\) or discreteSpace\(n\), got undefined/);
  assert.throws(() => rl.spaceContains({ kind: "box" } as never, [0]), /^Error: spaceContains: space must be a space made by boxSpace/);
  assert.throws(() => rl.sampleSpace(k, { kind: "discrete", n: 0 } as never), /^Error: sampleSpace: space must be a space made by/);
  for (const name of ["a2cAlgorithm", "ppoAlgorithm", "npgAlgorithm", "reinforceAlgorithm"] as const) {
    assert.throws(() => rl[name](undefined as never, critic), new RegExp(`^Error: ${name}: policy must be a Policy \\(from makePolicy or mlpPolicy\\), got undefined`));
    assert.throws(() => rl[name](policy, [1, 2] as never), new RegExp(`^Error: ${name}: critic must be a Parameterization .*, got \\[1, 2\\]`));
  }
  assert.throws(() => rl.actionDistribution(null as never, new Float64Array(1), new Float64Array(4)), /^Error: actionDistribution: policy must be a Policy/);
  assert.throws(() => rl.entropyGradient(undefined as never), /^Error: entropyGradient: dist must be a Distribution/);
  assert.throws(() => rl.evaluatePolicy(k, 3 as never, policy, policy.init(k)), /^Error: evaluatePolicy: makeEnv must be a function .*, got 3/);
  assert.throws(() => rl.importanceWeightedGradient(null as never, new Float64Array(1), {} as never), /^Error: importanceWeightedGradient: policy must be a Policy/);
  assert.throws(() => rl.policyFisherVectorProduct(undefined as never, new Float64Array(1), new Float64Array(4)), /^Error: policyFisherVectorProduct: policy must be a Policy/);
  assert.throws(() => rl.ppoLoss(undefined as never, new Float64Array(1), {} as never), /^Error: ppoLoss: ac must be an actor–critic \{ policy, critic \}, got undefined/);
  const theta = new Float64Array(policy.paramSize + critic.paramSize);
  assert.throws(() => rl.ppoLoss({ policy, critic }, theta, { observations: new Float64Array(4), actions: new Float64Array(1), logProbs: Float64Array.of(NaN), advantages: new Float64Array(1), returns: new Float64Array(1), values: new Float64Array(1) }), /^Error: ppoLoss: batch\.logProbs\[0\] must be finite, got NaN/);
  assert.throws(() => rl.ppoUpdate(k, { policy, critic }, theta, undefined as never, undefined as never), /^Error: ppoUpdate: batch must be a PpoBatch/);
  assert.throws(() => rl.a2cUpdate(undefined as never, {} as never, {} as never), /^Error: a2cUpdate: learner must be an object \{ policy, critic, policyOptimizer, valueOptimizer \}, got undefined/);
  assert.throws(() => rl.npgStep({} as never, new Float64Array(1), new Float64Array(1), new Float64Array(1), new Float64Array(1), new Float64Array(1), {} as never), /^Error: npgStep: policy must be a Policy/);
});

it("env constructors and wrappers check their arguments (were TypeErrors destructuring null or reading 'id')", () => {
  assert.throws(() => new rl.CartPoleEnv("abc" as never), /^Error: CartPoleEnv: options must be an object \(or omitted\), got "abc"/);
  assert.equal(new rl.CartPoleEnv(null as never).observationSpace.shape[0], 4, "null means all defaults (the options convention)");
  assert.throws(() => new rl.CartPoleEnv({ suttonBartoReward: "yes" as never }), /^Error: CartPoleEnv: options\.suttonBartoReward must be true or false, got "yes"/);
  assert.throws(() => new rl.MountainCarContinuousEnv([] as never), /^Error: MountainCarContinuousEnv: options must be an object/);
  assert.throws(() => new rl.PendulumEnv(3 as never), /^Error: PendulumEnv: options must be an object \(or omitted\), got 3/);
  assert.throws(() => new rl.TimeLimit(undefined as never, 3), /^Error: TimeLimit: unwrapped must be an env \(e\.g\. new CartPoleEnv\(\)\), got undefined/);
  assert.throws(() => new rl.SyncVectorEnv([1, 2, 3] as never), /^Error: SyncVectorEnv: envs\[0\] must be an env .*, got 1/);
});

it("options that are not objects, and unknown keys of a recorded configuration, are refused (were silently ignored or recorded)", () => {
  assert.throws(() => api.scoreFunction((x) => x[0], normal, k, "abc" as never), /^Error: scoreFunction: options must be an object \(or omitted\), got "abc"/);
  assert.throws(() => api.checkScore(normal, k, [] as never), /^Error: checkScore: options must be an object \(or omitted\), got \[\]/);
  assert.throws(() => rl.mlp(2, 1, 5 as never), /^Error: mlp: options must be an object \(or omitted\), got 5/);
  assert.throws(() => rl.npgHyper({ seed: NaN } as never), /^Error: npg: options\.seed is not an option \(known: numEnvs, .*\), got NaN/);
  assert.throws(() => rl.ppoHyper({ clipCoeff: 0.2 } as never), /^Error: ppo: options\.clipCoeff is not an option \(known: learningRate, .*\), got 0\.2/);
  assert.throws(() => rl.ppoConfig("abc" as never), /^Error: ppo: options must be an object \(or omitted\), got "abc"/);
  assert.throws(() => rl.a2cAlgorithm(policy, critic, { lr: 1 } as never), /^Error: a2c: options\.lr is not an option/);
  assert.throws(() => rl.train([] as never), /^Error: train: options must be an object \(or omitted\), got \[\]/);
  assert.throws(() => rl.train({ step: 10 } as never), /^Error: train: options\.step is not an option \(known: env, .*\), got 10/);
  assert.throws(() => rl.train({ steps: 10, checkpoint: "run.json" as never }), /^Error: train: checkpoint must be a function \(or omitted\), got "run\.json"/);
  assert.throws(() => rl.train({ steps: 10, stopWhenSolved: "no" as never }), /^Error: train: stopWhenSolved must be true or false, got "no"/);
});

it("ES test functions' optimum(d) and strategies' spread/restore check their arguments (were a 16 GiB allocation or TypeErrors)", () => {
  assert.throws(() => api.sphere.optimum(2 ** 31), /^Error: sphere\.optimum: d = 2147483648 would need 16 GiB/);
  assert.throws(() => api.ackley.optimum(-1), /^Error: ackley\.optimum: d must be a positive integer, got -1/);
  assert.throws(() => api.rosenbrock.optimum(1), /^Error: rosenbrock\.optimum: d must be ≥ 2 \(rosenbrock needs 2 coordinates\), got 1/);
  for (const s of [api.xnes, api.snes, api.openEs, api.pgpe, api.naturalSearch] as const) {
    assert.throws(() => (s.spread as (x: unknown) => number)(undefined), new RegExp(`^Error: ${s.name}\\.spread: state must be a state made by init\\(\\) or deserializeState\\(\\), got undefined`));
    assert.throws(() => (s.restore as (r: unknown, p: string) => unknown)(undefined, ""), new RegExp(`^Error: ${s.name}\\.restore: reader must be a PayloadReader`));
  }
  assert.throws(() => api.searchDistributionOf(undefined as never), /^Error: searchDistributionOf: state must be a state made by init\(\)/);
  assert.throws(() => api.searchDistributionOf(api.xnes.init(k, [0, 0]) as never), /^Error: searchDistributionOf: state must be a state of naturalSearch/);
});

it("sizes that would run for hours or build 2⁴⁰ objects are refused by name (compareEstimators, collectRollout, makeVectorEnv)", () => {
  assert.throws(() => api.compareEstimators((x) => x[0], normal, k, { numSamples: 2 ** 31 }), /^Error: compareEstimators: numSamples = 2147483648 is above the 134217728 samples one call may draw/);
  const envs = [rl.makeEnv("CartPole-v1")];
  assert.throws(() => rl.collectRollout(k, envs, policy, policy.init(k), rl.startRollout(envs, 0), 1e10), /^Error: collectRollout: numSteps = 10000000000 would need .* above the limit of 1\.00 GiB/);
  assert.throws(() => rl.makeVectorEnv("CartPole-v1", 2 ** 40), /^Error: makeVectorEnv: numEnvs = 1099511627776 would need .* above the limit of 1\.00 GiB/);
});

it("look-ups by a caller's string use own keys only: \"__proto__\" and \"toString\" are refused by name (was a TypeError)", () => {
  assert.throws(() => api.naturalSearch.init(k, [0, 0], { shaping: "__proto__" as never }), /^Error: naturalSearch\.init: shaping must be one of nes, centeredRanks, zScores or a function, got "__proto__"/);
  assert.throws(() => api.snes.init(k, [0, 0], { shaping: "toString" as never }), /^Error: snes\.init: shaping must be one of nes, centeredRanks, zScores or a function, got "toString"/);
  const st = api.snes.init(k, [0, 0]);
  assert.throws(() => api.snes.tell({ ...st, shaping: "constructor" as never }, api.snes.ask(k, st), [1, 2, 3, 4, 5, 6]), /shaping must be one of nes, centeredRanks, zScores or a function, got "constructor"/);
});

it("entries that are not numbers are named inside options arrays and callbacks' models (were TypeErrors or NaN)", () => {
  assert.throws(() => api.compareEstimators((x) => x[0], normal, k, { numSamples: 40, batches: 2, truth: [1, 2n, 3, 4] as never }), /^Error: compareEstimators: truth\[1\] must be a finite number, got 2n \(a BigInt\)/);
  const blr = vi.logisticRegression({ x: [1, 0.5, 1, -1], y: [1, 0], d: 2 });
  assert.throws(() => blr.logJoint(Float64Array.of(0.3)), /^Error: logisticRegression\.logJoint: z must be a Float64Array of length 2 \(the weights\), got \[0\.3\]/);
  assert.throws(() => blr.gradLogJoint!(undefined as never, new Float64Array(2)), /^Error: logisticRegression\.gradLogJoint: z must be a Float64Array of length 2/);
  const mix = vi.gaussianMixture([0, 1], 1, { weights: Float64Array.of(1), means: Float64Array.of(0), covariances: Float64Array.of(1) });
  assert.throws(() => mix.logJoint(undefined as never), /^Error: gaussianMixture\.logJoint: z must be a Float64Array of length 2 \(one component index per point\), got undefined/);
  assert.throws(() => vi.gaussianMixture([1.4e154], 1, { weights: Float64Array.of(1), means: Float64Array.of(0), covariances: Float64Array.of(1) }), /^Error: gaussianMixture: ℓ for point 0, component 0 is -Infinity/);
});

it("checkDependencies reports a mismatch of 0 (not NaN) when the terms and logJoint are both −∞", () => {
  const t0 = (z: Float64Array): number => -0.5 * z[0] ** 2;
  const m: vi.Model = { name: "wide", dim: 1, logJoint: t0, terms: [{ latents: [0], logDensity: t0 }] };
  const r = vi.checkDependencies(m, [1e200], k);
  assert.equal(r.sumMismatch, 0);
  assert.equal(r.undeclared.length, 0);
});

it("reinforce, gradientDiagnostics and a2cGradients name a missing policy (were TypeErrors calling policy.scoreVjp)", () => {
  const envs = [rl.makeEnv("CartPole-v1")];
  const { rollout } = rl.collectRollout(k, envs, policy, policy.init(k), rl.startRollout(envs, 0), 4);
  assert.throws(() => rl.reinforce(undefined as never, policy.init(k), rollout), /^Error: reinforce: policy must be a Policy/);
  assert.throws(() => rl.gradientDiagnostics(3 as never, policy.init(k), rollout), /^Error: gradientDiagnostics: policy must be a Policy .*, got 3/);
  assert.throws(() => rl.a2cGradients(null as never, policy.init(k), critic, critic.init(k), rollout), /^Error: a2cGradients: policy must be a Policy/);
  assert.throws(() => rl.criticValues(critic, critic.init(k), null as never), /^Error: criticValues: rollout must be a Rollout/);
  assert.throws(() => rl.forEachRowChunk(null as never, new Float64Array(1), new Float64Array(4), new Float64Array(1), 2, () => {}), /^Error: forEachRowChunk: net must be a Parameterization/);
});

it("ES test functions name a NaN (or ∞ the formula cannot take) in x and a point below minDim (were NaN or 0)", () => {
  assert.throws(() => api.sphere.f([NaN, 1]), /^Error: sphere: x\[0\] must be a finite number, got NaN/);
  assert.throws(() => api.ackley.f([1, Infinity]), /^Error: ackley: x\[1\] must be a finite number, got Infinity/);
  assert.throws(() => api.rastrigin.f(Float64Array.of(-Infinity)), /^Error: rastrigin: x\[0\] must be a finite number, got -Infinity/);
  assert.throws(() => api.rosenbrock.f([5]), /^Error: rosenbrock: x must have at least 2 coordinates, got length 1/);
  assert.throws(() => api.sphere.f([]), /^Error: sphere: x must have at least 1 coordinate, got length 0/);
  assert.equal(api.sphere.f([1e200, 1]), Infinity, "+∞ from huge finite x is the exact value (documented)");
});

it("variance transforms' apply and control variates' value/expectation check their arguments (were TypeErrors or an engine RangeError)", () => {
  const batch = api.scoreBatch((x) => x[0], normal, k, 4);
  assert.throws(() => api.baselineTransform("mean").apply(undefined as never, null), /^Error: baselineTransform\.apply: batch must be a ScoreBatch \(from scoreBatch\), got undefined/);
  assert.throws(() => api.baselineTransform(api.emaBaseline()).apply({ ...batch, fx: new Float64Array(1) }, api.emaBaseline().init()), /^Error: baselineTransform\.apply: batch\.fx must be a Float64Array of 4 numbers/);
  const cvT = api.controlVariateTransform(api.scoreControlVariate());
  assert.throws(() => cvT.apply({ ...batch, n: 0 }, null), /^Error: controlVariateTransform\.apply: batch\.n must be a positive integer/);
  assert.throws(() => api.chainVariance(api.baselineTransform("mean")).apply(null as never, [null]), /^Error: chainVariance\.apply: batch must be a ScoreBatch/);
  assert.throws(() => api.scoreControlVariate().value(normal, new Float64Array(2), undefined as never, null), /^Error: scoreControlVariate\.value: scores must be a Float64Array of n×P = 1×4 numbers, got undefined/);
  assert.throws(() => api.scoreControlVariate().expectation(undefined as never, null), /^Error: scoreControlVariate\.expectation: dist must be a Distribution/);
  assert.throws(() => api.functionControlVariate((x) => x[0], () => [0, 0, 0, 0]).value(normal, new Float64Array(3), new Float64Array(4), null), /^Error: functionControlVariate\.value: x must be a Float64Array of n×dim = n×2 samples/);
  assert.throws(() => api.emaOptimalBaseline().value(api.emaOptimalBaseline().init(), 2 ** 40), /^Error: emaOptimalBaseline\.value: paramSize = 1099511627776 would need .* above the limit of 1\.00 GiB/);
  assert.throws(() => api.emaBaseline().value(api.emaBaseline().init(), -1), /^Error: emaBaseline\.value: paramSize must be a positive integer, got -1/);
});

it("a misspelt option of an estimator, checkScore or fit is named instead of silently ignored", () => {
  const f = (x: Float64Array): number => x[0];
  assert.throws(() => api.scoreFunction(f, normal, k, { numSample: 10 } as never), /^Error: scoreFunction: options\.numSample is not an option \(known: numSamples, baseline, keepRows, chunkSize\), got 10/);
  assert.throws(() => api.pathwise(f, normal, k, { grad: (x: Float64Array) => [1, 0].map((v, i) => v * x[i]), keeprows: true } as never), /^Error: pathwise: options\.keeprows is not an option/);
  assert.throws(() => api.measureValued(f, normal, k, { couple: false } as never), /^Error: measureValued: options\.couple is not an option/);
  assert.throws(() => api.importanceSampling(f, normal, normal, k, { selfNormalised: true } as never), /^Error: importanceSampling: options\.selfNormalised is not an option/);
  assert.throws(() => api.multipleImportanceSampling(f, normal, [normal], k, { heuristics: "power" } as never), /^Error: multipleImportanceSampling: options\.heuristics is not an option/);
  assert.throws(() => api.scoreFunctionChunked(f, normal, k, { chunkSize: 0 } as never), /^Error: scoreFunctionChunked: options\.chunkSize is not an option \(known: numSamples, chunks, baseline\), got 0/);
  assert.throws(() => api.checkScore(normal, k, { samples: 10 } as never), /^Error: checkScore: options\.samples is not an option/);
  assert.throws(() => vi.fit(model, normal, { step: 3 } as never), /^Error: fit: options\.step is not an option \(known: estimator, .*\), got 3/);
});

it("rl.optimalBaselineRows refuses returns whose rows overflow float64 (was NaN)", () => {
  assert.throws(() => rl.optimalBaselineRows(Float64Array.of(5e-324, -1e308, Number.MAX_VALUE), Float64Array.of(1, 0, 0, 1, 1, 1), 3, 2), /^Error: optimalBaselineRows: row \d, coordinate \d is (-?Infinity|NaN); the returns .* are beyond float64's range/);
});

it("SyncVectorEnv.reset(null) names the options, as a single env's reset does (was a TypeError destructuring null)", () => {
  assert.throws(() => rl.makeVectorEnv("CartPole-v1", 2).reset(null as never), /^Error: SyncVectorEnv\(CartPole-v1\)\.reset: options must be an object \{ seed\?, options\? \}, got null/);
});

it("Product.gather names a block of another product and a short x (was a TypeError reading 'length')", () => {
  const g = api.independentCategorical([0, 0, 0, 0], 2);
  assert.throws(() => g.gather({ dim: 2 } as never, new Float64Array(2), 1), /^Error: Product\.gather: b must be one of this product's blocks/);
  assert.throws(() => g.gather(g.blocks[0], new Float64Array(1), 1), /^Error: Product\.gather: x must be a Float64Array of n×dim = 1×2 values/);
});

it("applyUpdates names a non-number entry of a plain array (a BigInt threw a TypeError, a string concatenated)", () => {
  assert.throws(() => api.applyUpdates([1n] as never, [5e-324]), /^Error: applyUpdates: params\[0\] must be a number, got 1n \(a BigInt\)/);
  assert.throws(() => api.applyUpdates([1], ["1"] as never), /^Error: applyUpdates: updates\[0\] must be a number, got "1"/);
});

it("minimize and minimizeAsync refuse a misspelt option and an array of options (were ignored: a default-length run)", async () => {
  assert.throws(() => api.minimize(api.sphere.f, [1, 2], { maxEval: 10 } as never), /^Error: minimize: options\.maxEval is not an option \(known: algorithm, .*\), got 10/);
  assert.throws(() => api.minimize(api.sphere.f, [1, 2], [] as never), /^Error: minimize: options must be an object \(or omitted\), got \[\]/);
  await assert.rejects(api.minimizeAsync(async (x, n) => new Float64Array(n), [1, 2], { popsize: 8 } as never), /^Error: minimizeAsync: options\.popsize is not an option/);
});
