/**
 * One fuzz target per public export of "mcgrad" (src/index.ts). A target turns generated arguments into a call;
 * `test/fuzz/publicApi.test.ts` checks that every runtime export has a target here, so a new export must add one.
 * To cover a new export: add an entry with `args` (arbitraries, each usually wrapped in `maybe` so hostile values
 * appear too) and `call`. Set `nonFinite` (with the documented reason) where ±∞/NaN in a result is by contract.
 */
import fc from "fast-check";
import * as api from "../../src/index.js";
import type { Distribution, Key } from "../../src/index.js";
import { SUBPATH_TARGETS } from "./subpathTargets.js";
import { RL_CONSTANTS, RL_TARGETS } from "./rlTargets.js";
import { VI_CONSTANTS, VI_TARGETS } from "./viTargets.js";
import { NODE_TARGETS } from "./nodeTargets.js";
import { distArb, keyArb, maybe, moderate, num, plainDistArb, pos, sampleFn, samples, size, vec, wild } from "./arbitraries.js";

export interface FuzzTarget {
  /** The export's name (for a class, its name; `Class.method` cases are generated inside). */
  readonly name: string;
  /** Who fixes failures here (issue 7): h1 numerics/random/distributions/estimators/fisher, h2 es/, h3 baselines. */
  readonly owner: "h1" | "h2" | "h3" | "core" | "rl" | "vi";
  readonly args: fc.Arbitrary<unknown[]>;
  readonly call: (...args: unknown[]) => unknown;
  /** Set when ±∞ or NaN in a result is documented; the reason is shown in reports. */
  readonly nonFinite?: string;
  /**
   * Error prefixes that also count as naming a public function (rl's errors name the instance: "CartPole-v1.step:",
   * "mlp(2→4→1, tanh).forward:", "Policy.act:").
   */
  readonly namedErrorPrefix?: RegExp;
  /** With `nonFinite`: only result paths matching this may be non-finite (e.g. /^result\.z/); without it, any may. */
  readonly nonFinitePaths?: RegExp;
}

type Fn = (...a: unknown[]) => unknown;
const A = api as unknown as Record<string, Fn>;

/** A plain function export called with the generated arguments. */
function fnTarget(name: string, owner: FuzzTarget["owner"], ...args: fc.Arbitrary<unknown>[]): FuzzTarget {
  return { name, owner, args: fc.tuple(...args), call: (...a) => A[name](...a) };
}
const opts = <T>(record: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<unknown> =>
  maybe(fc.record(record as never, { requiredKeys: [] }));
const matrix = (n: number): fc.Arbitrary<unknown> => vec(num, n * n);
const spd = fc.tuple(pos, num, pos).map(([a, b, c]) => Float64Array.from([a * a + 1e-3, a * b, a * b, b * b + c * c + 1e-3]));

// ---- distributions: construct from (possibly hostile) params, then call one method with (possibly hostile) args.
const METHODS = [
  "sample", "logProb", "score", "logProbOfSample", "scoreOfSample", "sampleAndLogProb", "fisher", "entropy", "mean",
  "variance", "withParams", "sampleNoise", "transform", "transformVjp",
] as const;
function callMethod(d: Distribution, method: string, k: unknown, n: unknown, x: unknown, y: unknown): unknown {
  const r = d as unknown as Record<string, Fn>;
  switch (method) {
    case "logProbOfSample": return d.logProb(d.sample(k as Key, n as number));
    case "scoreOfSample": return d.score(d.sample(k as Key, n as number));
    case "sample": case "sampleAndLogProb": case "sampleNoise": return r[method]?.call(d, k, n);
    case "transformVjp": return r[method]?.call(d, x, y);
    case "logProb": case "score": case "withParams": case "transform": return r[method]?.call(d, x);
    default: return r[method]?.call(d);
  }
}
function distTarget(name: string, params: fc.Arbitrary<unknown>): FuzzTarget {
  const Ctor = (api as unknown as Record<string, new (p: unknown) => Distribution>)[name];
  return {
    name,
    owner: "h1",
    args: fc.tuple(maybe(params, 1), fc.constantFrom(...METHODS), maybe(keyArb), maybe(size), maybe(vec(num)), maybe(vec(num))),
    call: (p, method, k, n, x, y) => callMethod(new Ctor(p), method as string, k, n, x, y),
  };
}

// ---- estimators and diagnostics
const estOpts = opts<{ numSamples: number }>({ numSamples: maybe(samples) as fc.Arbitrary<number> });
const estimateArb = fc.tuple(fc.constantFrom((x: Float64Array) => x[0], (x: Float64Array) => x[0] * x[0] + 1), plainDistArb, keyArb).map(([f, d, k]) => api.scoreFunction(f, d, k, { numSamples: 8 }));
const scoreReport = fc.tuple(plainDistArb, keyArb).map(([d, k]) => api.checkScore(d, k, { numSamples: 50 }));

// ---- es (owner h2): strategies by name
const ALGOS = ["xnes", "snes", "openEs", "pgpe"] as const;
function strategyCall(s: api.Strategy<api.EsStateBase, object>, k: unknown, x0: unknown, o: unknown, fitness: unknown): unknown {
  const st = s.init(k as Key, x0 as number[], o as object);
  const pop = s.ask(k as Key, st);
  const fit = fitness === "sphere" ? api.evaluatePopulation(api.sphere.f, pop) : (fitness as number[]);
  return s.tell(st, pop, fit);
}
function strategyTarget(name: (typeof ALGOS)[number]): FuzzTarget {
  return {
    name,
    owner: "h2",
    args: fc.tuple(maybe(keyArb), maybe(vec(num)), opts({ popSize: maybe(fc.integer({ min: 2, max: 8 })), sigma0: maybe(pos) }), maybe(fc.constant("sphere"), 1)),
    call: (k, x0, o, fit) => strategyCall(api[name] as never, k, x0, o, fit),
    nonFinite: "state.bestF is Infinity until a finite fitness is told (EsStateBase docs)",
  };
}

const testFnTarget = (name: "sphere" | "ellipsoid" | "rosenbrock" | "rastrigin" | "ackley"): FuzzTarget => ({
  name, owner: "h2", args: fc.tuple(maybe(vec(num))), call: (x) => api[name].f(x as Float64Array),
  nonFinite: "a test function may overflow to +∞ at huge x (its value is exact there)",
});

const CORE_TARGETS: readonly FuzzTarget[] = [
  // random
  fnTarget("key", "h1", maybe(fc.integer())),
  fnTarget("split", "h1", maybe(keyArb), maybe(size)),
  fnTarget("foldIn", "h1", maybe(keyArb), maybe(fc.integer())),
  fnTarget("uniform", "h1", maybe(keyArb), maybe(size)),
  fnTarget("standardNormal", "h1", maybe(keyArb), maybe(size)),
  fnTarget("standardExponential", "h1", maybe(keyArb), maybe(size)),
  fnTarget("standardGamma", "h1", maybe(keyArb), maybe(pos), maybe(size)),
  // distributions
  fnTarget("isReparameterizable", "h1", maybe(distArb)),
  distTarget("Normal", fc.record({ loc: vec(num), scale: vec(pos) })),
  distTarget("Laplace", fc.record({ loc: vec(num), scale: vec(pos) })),
  distTarget("Exponential", fc.record({ rate: vec(pos) })),
  distTarget("Poisson", fc.record({ rate: vec(pos) })),
  distTarget("Bernoulli", fc.record({ logits: vec(num) })),
  distTarget("Categorical", fc.record({ logits: vec(num) })),
  distTarget("Gamma", fc.record({ concentration: vec(pos), rate: vec(pos) })),
  distTarget("Beta", fc.record({ alpha: vec(pos), beta: vec(pos) })),
  distTarget("Dirichlet", fc.record({ concentration: vec(pos, 3) })),
  distTarget("MultivariateNormal", fc.record({ loc: vec(num, 2), scaleTril: vec(num, 4) })),
  fnTarget("poissonEntropy", "h1", maybe(pos)),
  // estimators
  fnTarget("estimateFromRows", "h1", maybe(vec(num, 4)), maybe(fc.constantFrom(1, 2, 4)), maybe(fc.constantFrom(1, 2, 4))),
  fnTarget("scoreFunction", "h1", maybe(sampleFn), maybe(distArb), maybe(keyArb),
    opts<{ numSamples: number; baseline: unknown; keepRows: unknown; chunkSize: unknown }>({ numSamples: maybe(samples) as fc.Arbitrary<number>, baseline: maybe(fc.constantFrom("none", "mean", "optimal", 0.5)), keepRows: maybe(fc.boolean()), chunkSize: maybe(fc.constantFrom(1, 3, 256)) })),
  // issue 10: chunked estimates, their moments, distributions as data
  fnTarget("scoreFunctionChunked", "h1", maybe(sampleFn), maybe(plainDistArb), maybe(keyArb),
    opts<{ numSamples: number; chunks: unknown; baseline: unknown }>({ numSamples: maybe(samples) as fc.Arbitrary<number>, chunks: maybe(fc.constantFrom(1, 3, 64)), baseline: maybe(fc.constantFrom(0, 0.5)) })),
  fnTarget("columnMoments", "h1", maybe(vec(num, 4)), maybe(fc.constantFrom(1, 2, 4)), maybe(fc.constantFrom(1, 2, 4))),
  { name: "mergeMoments", owner: "h1", args: fc.tuple(vec(num, 4), vec(num, 4)),
    call: (a, b) => api.mergeMoments(api.columnMoments(a as Float64Array, 2, 2), api.columnMoments(b as Float64Array, 2, 2)) },
  { name: "estimateFromMoments", owner: "h1", args: fc.tuple(vec(num, 4)), call: (a) => api.estimateFromMoments(api.columnMoments(a as Float64Array, 2, 2)) },
  { name: "distributionSpec", owner: "h1", args: fc.tuple(maybe(distArb)), call: (d) => api.distributionSpec(d as Distribution) },
  { name: "rebuildDistribution", owner: "h1", args: fc.tuple(maybe(plainDistArb)), call: (d) => api.rebuildDistribution(api.distributionSpec(d as Distribution)).sample(api.key(0), 2) },
  fnTarget("scoreFunctionWithBaseline", "h1", maybe(sampleFn), maybe(plainDistArb), maybe(keyArb), maybe(fc.constant(api.emaBaseline())),
    maybe(fc.constant(api.emaBaseline().init())), estOpts),
  fnTarget("leaveOneOutMean", "h3", maybe(vec(num))),
  fnTarget("leaveOneOutOptimal", "h3", maybe(vec(num, 4)), maybe(vec(num, 8)), maybe(fc.constant(4)), maybe(fc.constant(2))),
  fnTarget("pathwise", "h1", maybe(sampleFn), maybe(distArb), maybe(keyArb),
    opts<{ numSamples: number; grad: unknown; keepRows: unknown; chunkSize: unknown }>({ numSamples: maybe(samples) as fc.Arbitrary<number>, grad: maybe(fc.constant((x: Float64Array) => Array.from(x, (v) => 2 * v))), keepRows: maybe(fc.boolean()), chunkSize: maybe(fc.constantFrom(1, 3, 256)) })),
  fnTarget("measureValued", "h1", maybe(sampleFn), maybe(distArb), maybe(keyArb),
    opts<{ numSamples: number; keepRows: unknown; chunkSize: unknown }>({ numSamples: maybe(samples) as fc.Arbitrary<number>, keepRows: maybe(fc.boolean()), chunkSize: maybe(fc.constantFrom(1, 3, 256)) })),
  { ...fnTarget("importanceSampling", "h1", maybe(sampleFn), maybe(distArb), maybe(distArb), maybe(keyArb),
    opts<{ numSamples: number; selfNormalized: boolean; supportCheckSamples: number }>({ numSamples: maybe(samples) as fc.Arbitrary<number>, selfNormalized: fc.boolean(), supportCheckSamples: fc.constantFrom(0, 10) })),
    nonFinite: "logWeights are −∞ where a sample is outside the target's support (documented)", nonFinitePaths: /^result\.logWeights/ },
  { ...fnTarget("multipleImportanceSampling", "h1", maybe(sampleFn), maybe(distArb), maybe(fc.array(distArb, { minLength: 1, maxLength: 2 })), maybe(keyArb),
    opts<{ numSamples: number; supportCheckSamples: number }>({ numSamples: maybe(samples) as fc.Arbitrary<number>, supportCheckSamples: fc.constantFrom(0, 10) })),
    nonFinite: "logWeights are −∞ where a sample is outside the target's support (documented)", nonFinitePaths: /^result\.logWeights/ },
  fnTarget("effectiveSampleSize", "h1", maybe(fc.oneof(vec(num), vec(fc.constantFrom(-Infinity, -1e308, -1e16, -1e10, 0, 1e308))))),
  { ...fnTarget("logSumExp", "h1", maybe(fc.oneof(vec(num), vec(fc.constantFrom(-Infinity, -1e308, 1e308, 0))))), nonFinite: "−∞ for all −∞ entries (documented)" },
  // diagnostics
  { ...fnTarget("checkScore", "h1", maybe(distArb), maybe(keyArb), opts<{ numSamples: number; alpha: number }>({ numSamples: maybe(fc.integer({ min: 2, max: 40 })) as fc.Arbitrary<number>, alpha: maybe(fc.double({ min: 1e-6, max: 0.5, noNaN: true })) as fc.Arbitrary<number> })),
    nonFinite: "a z-score is ±∞ when the standard error is 0 and the values disagree (zScore docs)", nonFinitePaths: /^result\.(scoreZ|fisherZ|worst\.z)/ },
  fnTarget("formatScoreCheck", "h1", maybe(scoreReport)),
  { ...fnTarget("checkGradient", "core", maybe(estimateArb), maybe(vec(num, 2)), opts<{ alpha: number }>({ alpha: maybe(pos) as fc.Arbitrary<number> })),
    nonFinite: "a z-score is ±∞ when the standard error is 0 and the values disagree (zScore docs)", nonFinitePaths: /^result\.(z|worst)/ },
  fnTarget("formatGradientCheck", "core", maybe(fc.tuple(estimateArb).map(([g]) => api.checkGradient(g, new Float64Array(g.paramSize))))),
  fnTarget("varianceCurves", "core", maybe(fc.constant({ value: (x: number, k: number) => (x - k) ** 2, derivative: (x: number, k: number) => 2 * (x - k) })), maybe(keyArb),
    opts<{ ks: number[]; numSamples: number; baselineSamples: number }>({ ks: maybe(fc.array(num, { minLength: 1, maxLength: 2 })) as fc.Arbitrary<number[]>, numSamples: maybe(fc.integer({ min: 2, max: 20 })) as fc.Arbitrary<number>, baselineSamples: maybe(fc.integer({ min: 2, max: 20 })) as fc.Arbitrary<number> })),

  // diagnostics: cost-aware comparison, exact expectations, parameter changes, the Gaussian costs
  { name: "compareEstimators", owner: "h3", args: fc.tuple(maybe(sampleFn), maybe(plainDistArb), maybe(keyArb),
    opts<{ numSamples: number; batches: number; gradientCost: number; measureValued: boolean; baselines: unknown; truth: unknown }>({ numSamples: maybe(fc.integer({ min: 1, max: 40 })) as fc.Arbitrary<number>, batches: maybe(fc.integer({ min: 1, max: 8 })) as fc.Arbitrary<number>, gradientCost: maybe(pos) as fc.Arbitrary<number>, measureValued: fc.boolean(), baselines: maybe(fc.constant(["none", "mean"])), truth: maybe(vec(num, 2)) })),
    // wall-clock fields vary from run to run by contract: compared without them
    call: (f, d, k, o) => { const c = api.compareEstimators(f as never, d as never, k as never, o as never); return { ...c, estimators: c.estimators.map(({ secondsPerSample: _s, timeVariance: _t, timeVarianceStderr: _u, ...rest }) => rest) }; },
    nonFinite: "a bias z-score is ±∞ when the standard error is 0 and the values disagree (zScore docs)", nonFinitePaths: /\.biasZ/ },
  { name: "applicableEstimators", owner: "h3", args: fc.tuple(maybe(distArb), opts<{ measureValued: boolean; baselines: unknown }>({ measureValued: fc.boolean(), baselines: maybe(fc.constant(["optimal", 0.5])) })),
    call: (d, o) => api.applicableEstimators(d as never, o as never).map((e) => e.name) },
  fnTarget("exactExpectation", "h3", maybe(sampleFn), maybe(distArb)),
  fnTarget("hasWeakDerivative", "h1", maybe(distArb)),
  fnTarget("isDiagonalLocationScale", "core", maybe(distArb)),
  fnTarget("positiveParameterFactors", "h3", maybe(distArb)),
  { name: "toPositiveParameters", owner: "h3", args: fc.tuple(maybe(plainDistArb), maybe(keyArb), maybe(fc.boolean(), 1)),
    call: (d, k, same) => { const dist = d as Distribution; const g = api.scoreFunction((x) => x[0], dist, k as Key, { numSamples: 6 }); return api.toPositiveParameters(g, same === true ? dist : (new api.Normal({ loc: 0, scale: 1 }) as Distribution)); } },
  fnTarget("gaussianCost", "h3", maybe(fc.constantFrom("quadratic", "exp", "cos", "__proto__", "toString"))),
  ...(["quadraticCost", "expCost", "cosCost", "gaussianCosts"] as const).map((name): FuzzTarget => ({
    name, owner: "h3", args: fc.tuple(fc.constantFrom("value", "derivative", "expectation", "gradient"), maybe(num), maybe(pos), maybe(num), fc.nat(2)),
    call: (m, a, b, k, i) => { const c = name === "gaussianCosts" ? api.gaussianCosts[i as number] : api[name]; return m === "value" || m === "derivative" ? c[m](a as number, k as number) : c[m as "gradient"](a as number, b as number, k as number); },
  })),
  { ...fnTarget("naturalGradientEstimate", "h1", maybe(fc.oneof(spd, fc.constant((v: Float64Array) => v.map((x) => 2 * x)))), maybe(estimateArb.filter((g) => g.paramSize === 2)),
    opts<{ damping: number; method: string }>({ damping: maybe(pos) as fc.Arbitrary<number>, method: maybe(fc.constantFrom("cholesky", "cg", "auto")) as fc.Arbitrary<string> })) },
  { name: "transformEstimator", owner: "core", args: fc.tuple(maybe(plainDistArb), maybe(fc.constant(api.baselineTransform("mean"))), maybe(fc.constantFrom("cv", undefined)), maybe(sampleFn), keyArb),
    call: (d, t, name, f, k) => api.transformEstimator(d as never, t as never, name as never).run(f as never, k as Key, 6, undefined) },
  // variance
  fnTarget("scoreBatch", "core", maybe(sampleFn), maybe(plainDistArb), maybe(keyArb), maybe(samples)),
  { name: "withRows", owner: "core", args: fc.tuple(maybe(vec(num))), call: (rows) => api.withRows(api.scoreBatch((x) => x[0], new api.Normal({ loc: 0, scale: 1 }), api.key(1), 2), rows as Float64Array) },
  { name: "scoreFunctionWithTransform", owner: "core", args: fc.tuple(maybe(sampleFn), maybe(plainDistArb), maybe(keyArb), estOpts),
    call: (f, d, k, o) => { const t = api.baselineTransform("mean"); return api.scoreFunctionWithTransform(f as never, d as never, k as never, t, t.init(), o as never); } },
  { name: "chainVariance", owner: "core", args: fc.tuple(maybe(fc.constant(api.baselineTransform("mean"))), maybe(plainDistArb)),
    call: (t, d) => { const c = api.chainVariance(t as never); return api.scoreFunctionWithTransform((x) => x[0], d as never, api.key(0), c, c.init(), { numSamples: 4 }); } },
  fnTarget("baselineTransform", "core", maybe(fc.constantFrom("mean", "optimal", "none"))),
  { name: "emaBaseline", owner: "h3", args: fc.tuple(opts<{ decay: number }>({ decay: maybe(fc.double({ min: 0, max: 1, noNaN: true })) as fc.Arbitrary<number> }), maybe(vec(num, 4)), maybe(vec(num, 8))),
    call: (o, fx, s) => { const b = api.emaBaseline(o as never); const st = b.init(); return b.update(st, fx as never, s as never, 2); } },
  { name: "emaOptimalBaseline", owner: "h3", args: fc.tuple(opts<{ decay: number }>({ decay: maybe(fc.double({ min: 0, max: 1, noNaN: true })) as fc.Arbitrary<number> }), maybe(vec(num, 4)), maybe(vec(num, 8))),
    call: (o, fx, s) => { const b = api.emaOptimalBaseline(o as never); const st = b.init(); return b.update(st, fx as never, s as never, 2); } },
  { name: "controlVariateTransform", owner: "core", args: fc.tuple(maybe(fc.constant(api.scoreControlVariate())), maybe(plainDistArb), maybe(fc.record({}))),
    call: (cv, d, o) => { const t = api.controlVariateTransform(cv as never, o as never); return api.scoreFunctionWithTransform((x) => x[0], d as never, api.key(0), t, t.init(), { numSamples: 6 }); } },
  { name: "scoreControlVariate", owner: "core", args: fc.tuple(maybe(plainDistArb)),
    call: (d) => api.checkControlVariate(api.scoreControlVariate(), d as never, api.key(0), { numSamples: 20 }), nonFinite: "a z-score is ±∞ when the standard error is 0 and the values disagree (zScore docs)", nonFinitePaths: /^result\.z/ },
  { name: "functionControlVariate", owner: "core", args: fc.tuple(maybe(sampleFn), maybe(fc.constant(() => [1, 0]))),
    call: (h, g) => api.checkControlVariate(api.functionControlVariate(h as never, g as never), new api.Normal({ loc: 1, scale: 2 }), api.key(0), { numSamples: 20 }), nonFinite: "a z-score is ±∞ when the standard error is 0 and the values disagree (zScore docs)", nonFinitePaths: /^result\.z/ },
  fnTarget("leaveOneOutCoefficient", "core", maybe(vec(num, 8)), maybe(vec(num, 8)), maybe(fc.constant(4)), maybe(fc.constant(2))),
  { name: "deltaMethodControlVariate", owner: "core", args: fc.tuple(maybe(sampleFn), maybe(fc.constant((x: Float64Array) => [2 * x[0]])), maybe(fc.constant(() => [2]))),
    call: (f, g, h) => api.checkControlVariate(api.deltaMethodControlVariate(f as never, g as never, h as never), new api.Normal({ loc: 1, scale: 2 }), api.key(0), { numSamples: 20 }), nonFinite: "a z-score is ±∞ when the standard error is 0 and the values disagree (zScore docs)", nonFinitePaths: /^result\.z/ },
  { ...fnTarget("checkControlVariate", "h1", maybe(fc.constant(api.scoreControlVariate())), maybe(distArb), maybe(keyArb), opts<{ numSamples: number; alpha: number }>({ numSamples: maybe(fc.integer({ min: 2, max: 30 })) as fc.Arbitrary<number>, alpha: maybe(fc.double({ min: 1e-6, max: 0.5, noNaN: true })) as fc.Arbitrary<number> })),
    nonFinite: "a z-score is ±∞ when the standard error is 0 and the values disagree (zScore docs)", nonFinitePaths: /^result\.z/ },
  fnTarget("downstreamScoreFunction", "core", maybe(fc.constant([{ f: (x: Float64Array) => x[0], deps: [0] }])), maybe(plainDistArb), maybe(keyArb), estOpts),
  fnTarget("enumeratedScoreFunction", "core", maybe(sampleFn), maybe(distArb), maybe(keyArb), estOpts),
  // linear algebra (util)
  fnTarget("cholesky", "h1", maybe(fc.oneof(spd, matrix(2))), maybe(fc.constant(2))),
  fnTarget("solveLower", "h1", maybe(matrix(2)), maybe(vec(num, 2)), maybe(fc.constant(2))),
  fnTarget("solveUpper", "h1", maybe(matrix(2)), maybe(vec(num, 2)), maybe(fc.constant(2))),
  fnTarget("solveLowerTransposed", "h1", maybe(matrix(2)), maybe(vec(num, 2)), maybe(fc.constant(2))),
  fnTarget("choleskySolve", "h1", maybe(matrix(2)), maybe(vec(num, 2)), maybe(fc.constant(2))),
  fnTarget("matVec", "h1", maybe(vec(num, 6)), maybe(vec(num, 3)), maybe(fc.constant(2)), maybe(fc.constant(3))),
  fnTarget("matMul", "h1", maybe(vec(num, 6)), maybe(vec(num, 6)), maybe(fc.constant(2)), maybe(fc.constant(3)), maybe(fc.constant(2))),
  fnTarget("transpose", "h1", maybe(vec(num, 6)), maybe(fc.constant(2)), maybe(fc.constant(3))),
  fnTarget("identity", "h1", maybe(size)),
  fnTarget("dot", "h1", maybe(vec(num, 3)), maybe(vec(num, 3))),
  fnTarget("norm2", "h1", maybe(vec(num))),
  fnTarget("symmetricEigen", "h1", maybe(fc.oneof(spd, matrix(2))), maybe(fc.constant(2))),
  fnTarget("expmSymmetric", "h1", maybe(fc.oneof(spd, matrix(2))), maybe(fc.constant(2))),
  { name: "conjugateGradient", owner: "h1", args: fc.tuple(maybe(spd), maybe(vec(num, 2)), opts<{ tol: number; maxIter: number }>({ tol: maybe(pos) as fc.Arbitrary<number>, maxIter: maybe(size) as fc.Arbitrary<number> })),
    call: (A, b, o) => api.conjugateGradient((v) => api.matVec(A as Float64Array, v, 2, 2), b as never, o as never) },
  // fisher
  fnTarget("empiricalFisher", "h1", maybe(vec(num, 8)), maybe(fc.constantFrom(4, 2)), maybe(fc.constantFrom(2, 4))),
  { name: "fisherVectorProduct", owner: "h1", args: fc.tuple(maybe(vec(num, 8)), maybe(fc.constantFrom(4, 2)), maybe(fc.constantFrom(2, 4)), opts<{ damping: number }>({ damping: maybe(pos) as fc.Arbitrary<number> }), maybe(vec(num, 2))),
    call: (r, n, P, o, v) => api.fisherVectorProduct(r as never, n as never, P as never, o as never)(v as Float64Array) },
  fnTarget("naturalGradient", "h1", maybe(fc.oneof(spd, matrix(2), fc.constant((v: Float64Array) => v.map((x) => 2 * x)))), maybe(vec(num, 2)),
    opts<{ damping: number; method: string }>({ damping: maybe(pos) as fc.Arbitrary<number>, method: maybe(fc.constantFrom("cholesky", "cg", "auto")) as fc.Arbitrary<string> })),
  // optim
  { name: "sgd", owner: "core", args: fc.tuple(opts<{ learningRate: number; momentum: number }>({ learningRate: maybe(pos) as fc.Arbitrary<number>, momentum: maybe(fc.double({ min: 0, max: 0.99, noNaN: true })) as fc.Arbitrary<number> }), maybe(vec(num, 2))),
    call: (o, g) => { const t = api.sgd(o as never); return t.update(g as Float64Array, t.init(new Float64Array(2)), new Float64Array(2)); } },
  { name: "adam", owner: "core", args: fc.tuple(opts<{ learningRate: number }>({ learningRate: maybe(pos) as fc.Arbitrary<number> }), maybe(vec(num, 2))),
    call: (o, g) => { const t = api.adam(o as never); return t.update(g as Float64Array, t.init(new Float64Array(2)), new Float64Array(2)); } },
  { name: "scale", owner: "core", args: fc.tuple(maybe(num), maybe(vec(num, 2))), call: (c, g) => { const t = api.scale(c as number); return t.update(g as Float64Array, t.init(new Float64Array(2))); } },
  { name: "clipByGlobalNorm", owner: "core", args: fc.tuple(maybe(pos), maybe(vec(num, 2))), call: (c, g) => { const t = api.clipByGlobalNorm(c as number); return t.update(g as Float64Array, t.init(new Float64Array(2))); } },
  { name: "clipPerCoordinate", owner: "core", args: fc.tuple(maybe(pos), maybe(vec(num, 2))), call: (c, g) => { const t = api.clipPerCoordinate(c as number); return t.update(g as Float64Array, t.init(new Float64Array(2))); } },
  { name: "chain", owner: "core", args: fc.tuple(maybe(fc.constant(api.scale(2))), maybe(vec(num, 2))), call: (s, g) => { const t = api.chain(s as never); return t.update(g as Float64Array, t.init(new Float64Array(2))); } },
  fnTarget("applyUpdates", "core", maybe(vec(num, 2)), maybe(vec(num, 2))),
  fnTarget("standardize", "core", maybe(vec(num)), opts<{ eps: number }>({ eps: maybe(pos) as fc.Arbitrary<number> })),
  fnTarget("centeredRanks", "core", maybe(vec(num))),
  // es (owner h2)
  { ...fnTarget("evaluatePopulation", "h2", maybe(fc.constant(api.sphere.f)), maybe(fc.tuple(keyArb, vec(moderate, 2)).map(([k, x0]) => api.snes.ask(k, api.snes.init(k, x0))))),
    nonFinite: "fitness values NaN/±∞ pass through to be ranked worst (documented)" },
  strategyTarget("xnes"), strategyTarget("snes"), strategyTarget("openEs"), strategyTarget("pgpe"),
  { name: "strategies", owner: "h2", args: fc.tuple(fc.constantFrom(...ALGOS), maybe(keyArb), maybe(vec(num))),
    call: (name, k, x0) => api.strategies[name as (typeof ALGOS)[number]].init(k as Key, x0 as number[]), nonFinite: "state.bestF is Infinity before any fitness" },
  fnTarget("nesUtilities", "h2", maybe(vec(num))),
  fnTarget("centeredRankUtilities", "h2", maybe(vec(num))),
  fnTarget("zScoreUtilities", "h2", maybe(vec(num))),
  { name: "serializeState", owner: "h2", args: fc.tuple(maybe(fc.tuple(keyArb, vec(moderate, 2)).map(([k, x0]) => api.snes.init(k, x0)))), call: (s) => api.serializeState(s as never) },
  { name: "deserializeState", owner: "h2", args: fc.tuple(maybe(fc.tuple(keyArb, vec(moderate, 2)).map(([k, x0]) => api.serializeState(api.xnes.init(k, x0)))), maybe(fc.record({}))),
    call: (s, o) => api.deserializeState(s as string, o as never), nonFinite: "state.bestF is Infinity before any fitness" },
  { name: "minimize", owner: "h2", args: fc.tuple(maybe(fc.constant(api.sphere.f)), maybe(vec(num, 2)),
    opts<{ algorithm: string; maxEvals: number; sigma0: number; seed: number }>({ algorithm: maybe(fc.constantFrom(...ALGOS)) as fc.Arbitrary<string>, maxEvals: fc.integer({ min: 1, max: 120 }), sigma0: maybe(pos) as fc.Arbitrary<number>, seed: maybe(fc.integer()) as fc.Arbitrary<number> })),
    call: (f, x0, o) => api.minimize(f as never, x0 as never, { maxEvals: 60, ...((o ?? {}) as object) }), nonFinite: "history may hold Infinity for generations without a finite f" },
  { name: "minimizeAsync", owner: "h2", args: fc.tuple(maybe(vec(num, 2)), opts<{ algorithm: string; maxEvals: number }>({ algorithm: maybe(fc.constantFrom(...ALGOS)) as fc.Arbitrary<string>, maxEvals: fc.integer({ min: 1, max: 60 }) })),
    call: (x0, o) => api.minimizeAsync(async (x: Float64Array, n: number, d: number) => Float64Array.from({ length: n }, (_, i) => api.sphere.f(x.subarray(i * d, (i + 1) * d))), x0 as never, { maxEvals: 40, ...((o ?? {}) as object) } as never), nonFinite: "history may hold Infinity" },

  // es: natural-gradient search over any family, the binary test problems, the run's errors
  { name: "naturalSearch", owner: "h2", args: fc.tuple(maybe(keyArb), maybe(fc.constantFrom<unknown>("normal", "bernoulli", "categorical")), opts<{ popSize: number; learningRate: number; damping: number; shaping: string }>({ popSize: maybe(fc.integer({ min: 2, max: 8 })) as fc.Arbitrary<number>, learningRate: maybe(pos) as fc.Arbitrary<number>, damping: maybe(pos) as fc.Arbitrary<number>, shaping: maybe(fc.constantFrom("nes", "centeredRank", "zScore")) as fc.Arbitrary<string> })),
    call: (k, family, o) => {
      const dist = family === "bernoulli" ? new api.Bernoulli({ logits: [0, 0.5, -0.5] }) : family === "categorical" ? new api.CategoricalProduct({ logits: new Float64Array(6), categories: 3 }) : family === "normal" ? undefined : family;
      const f = (x: Float64Array): number => x.reduce((s, v) => s + (v - 1) ** 2, 0);
      const st = api.naturalSearch.init(k as Key, dist === undefined ? [0.5, -0.5] : new Float64Array((dist as { dim?: number } | null)?.dim ?? 3), { ...(o as object), distribution: dist } as never);
      const pop = api.naturalSearch.ask(k as Key, st);
      return api.naturalSearch.tell(st, pop, api.evaluatePopulation(f, pop));
    },
    nonFinite: "state.bestF is Infinity until a finite fitness is told (EsStateBase docs)" },
  { name: "searchDistributionOf", owner: "h2", args: fc.tuple(keyArb, maybe(fc.record({ family: fc.constantFrom("Bernoulli", "Normal", "toString"), theta: vec(num, 2) }), 1)),
    call: (k, patch) => { const st = api.naturalSearch.init(k as Key, [0.5, 0.5], { distribution: new api.Bernoulli({ logits: [0, 0] }) }); return api.searchDistributionOf({ ...st, ...(patch as object) } as never).sample(k as Key, 2); } },
  { ...distTarget("CategoricalProduct", fc.record({ logits: vec(num, 6), categories: fc.constantFrom(2, 3, 6, 1, 2.5) })), owner: "h2" },
  fnTarget("oneMax", "h2", maybe(fc.integer({ min: 1, max: 8 }))),
  { name: "leadingOnes", owner: "h2", args: fc.tuple(maybe(fc.integer({ min: 1, max: 4 })), maybe(vec(fc.constantFrom(0, 1, 0.5), 3))), call: (d, x) => api.leadingOnes(d as number).f(x as never) },
  { name: "knapsack12", owner: "h2", args: fc.tuple(maybe(vec(fc.constantFrom(0, 1), 12))), call: (x) => api.knapsack12.f(x as never) },
  { name: "maxSat14", owner: "h2", args: fc.tuple(maybe(vec(fc.constantFrom(0, 1), 14))), call: (x) => api.maxSat14.f(x as never) },
  { name: "MinimizeAborted", owner: "h2", args: fc.tuple(maybe(vec(moderate, 2)), fc.boolean(), maybe(fc.constantFrom(...ALGOS))),
    call: (x0, withCheckpoint, algorithm) => api.minimize(api.sphere.f, x0 as never, { algorithm: algorithm as never, maxEvals: 40, signal: AbortSignal.abort(), checkpoint: withCheckpoint === true ? () => undefined : undefined }),
    nonFinite: "history may hold Infinity" },
  { name: "CheckpointMismatchError", owner: "h2", args: fc.tuple(maybe(pos), maybe(fc.integer({ min: 0, max: 3 })), maybe(fc.constantFrom(...ALGOS))),
    call: (sigma0, seed, algorithm) => {
      let saved = "";
      api.minimize(api.sphere.f, [1, 2], { maxEvals: 30, seed: 0, checkpointEvery: 1, checkpoint: (json: string) => { saved = json; } });
      return api.minimize(api.sphere.f, [1, 2], { maxEvals: 60, seed: seed as number, sigma0: sigma0 as number, algorithm: algorithm as never, resume: saved });
    },
    nonFinite: "history may hold Infinity" },
  testFnTarget("sphere"), testFnTarget("ellipsoid"), testFnTarget("rosenbrock"), testFnTarget("rastrigin"), testFnTarget("ackley"),
  { name: "testFunctions", owner: "h2", args: fc.tuple(fc.constantFrom(...Object.keys(api.testFunctions)), maybe(vec(num, 2))), call: (n, x) => api.testFunctions[n as string].f(x as Float64Array), nonFinite: "may overflow to +∞ at huge x" },
  { name: "testFunction", owner: "h2", args: fc.tuple(maybe(fc.constantFrom("sphere", "rosenbrock", "__proto__", "toString", "constructor")), maybe(vec(num, 2))),
    call: (n, x) => api.testFunction(n as string).f(x as Float64Array), nonFinite: "may overflow to +∞ at huge x" },
];

/** Every target: the core's ("mcgrad") and the application subpaths' ("mcgrad/rl", "mcgrad/vi", named "rl.…", "vi.…"). */
export const TARGETS: readonly FuzzTarget[] = [...CORE_TARGETS, ...SUBPATH_TARGETS, ...RL_TARGETS, ...VI_TARGETS, ...NODE_TARGETS];

/** Runtime exports that are data, not callables: nothing to fuzz ("rl.…", "vi.…" for the subpaths' own). */
export const CONSTANT_EXPORTS = new Set([
  "AUTO_CHOLESKY_MAX_P", "VARIANCE_CURVE_ESTIMATORS", "MAX_ARRAY_BYTES", "MAX_ENUMERATED_OUTCOMES",
  ...RL_CONSTANTS.map((n) => `rl.${n}`), ...VI_CONSTANTS.map((n) => `vi.${n}`),
]);

/** Exports fuzzed inside a target of another name (the target builds them on the way to its call). */
export const COVERED_BY: Readonly<Record<string, string>> = {
  "rl.boxSpace": "rl.spaces", "rl.discreteSpace": "rl.spaces", "rl.spaceContains": "rl.spaces", "rl.spaceSize": "rl.spaces", "rl.sampleSpace": "rl.spaces",
  "vi.syntheticLinearRegression": "vi.linearRegression",
};

/**
 * The target names an export of a package subpath must have: its own name for "mcgrad" and the subpaths that
 * re-export the core ("mcgrad/util", …, "mcgrad/es/parallel", "mcgrad/distributed"), "rl.name" / "vi.name" for the
 * applications' subpaths (whose names may repeat the core's).
 */
export function targetName(subpath: string, name: string): string {
  return subpath === "./rl" ? `rl.${name}` : subpath === "./vi" ? `vi.${name}` : name;
}

/** Unused import guard for `wild` (kept exported for ad-hoc targets). */
export { wild };
