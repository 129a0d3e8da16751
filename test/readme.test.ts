// Runs every code example of README.md (same code; the README's literal seeds become testSeed(seed), which equals the
// literal seed when MCGRAD_SEED is unset) and checks each result against a truth computed here: closed forms,
// quadrature or exact enumeration, within z·SE (Bonferroni per test), so the README cannot rot silently.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  adam, applyUpdates, baselineTransform, Bernoulli, chain, compareEstimators, exactExpectation, chainVariance, clipByGlobalNorm, controlVariateTransform,
  deltaMethodControlVariate, deserializeState, downstreamScoreFunction, emaBaseline, empiricalFisher,
  enumeratedScoreFunction, estimateFromRows, evaluatePopulation, foldIn, Gamma, importanceSampling, key, measureValued,
  knapsack12, minimize, minimizeAsync, multipleImportanceSampling, naturalGradient, Normal, pathwise, rosenbrock, scoreFunction,
  scoreFunctionWithBaseline, scoreFunctionWithTransform, serializeState, sphere, split, xnes, type XnesState,
} from "../src/index.js";
import { parallelEvaluator } from "../src/es/parallel.js";
import { rosen } from "./es/fixtures/objective.js";
import { essRatioTruth, gaussianExpect } from "./helpers/quadrature.js";
import { assertClose, assertWithinZ, testSeed, zFor } from "./helpers/stats.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const S = testSeed; // README's key(42) is key(S(42)) here


/** Exact per-sample variance of rows r(z), z ~ N(0, 1), and the standard error of a sample variance from n rows. */
function varianceTruth(r: (z: number) => number[], n: number): { variance: number[]; se: number[] } {
  const m = gaussianExpect(r);
  const c2 = gaussianExpect((z) => r(z).map((v, j) => (v - m[j]) ** 2));
  const c4 = gaussianExpect((z) => r(z).map((v, j) => (v - m[j]) ** 4));
  return { variance: c2, se: c2.map((v, j) => Math.sqrt((c4[j] - v * v) / n)) };
}

test("README: Quickstart has exactly the two commands", () => {
  const block = /## Quickstart\s+```sh\n([\s\S]*?)```/.exec(readme);
  assert.ok(block !== null, "no sh block under ## Quickstart");
  assert.deepEqual(block[1].trim().split("\n"), ["npm install && npm start", "npm test"]);
});

test("README keys: split/foldIn give reproducible, distinct streams", () => {
  const root = key(42);
  const [a, b] = split(root, 2);
  const step7 = foldIn(root, 7);
  const dist = new Normal({ loc: 0, scale: 1 });
  assert.deepEqual(dist.sample(a, 3), dist.sample(split(key(42), 2)[0], 3));
  assert.notDeepEqual(dist.sample(a, 3), dist.sample(b, 3));
  assert.notDeepEqual(dist.sample(step7, 3), dist.sample(a, 3));
});

test("README distributions: θ conventions and the Normal's Fisher", () => {
  const g = new Gamma({ concentration: 2, rate: 3 });
  assertClose("Gamma params", g.params, [Math.log(2), Math.log(3)], 1e-15);
  const x = g.sample(key(S(0)), 4);
  assert.equal(x.length, 4);
  // ∂ log p/∂ log α = α(log β + log x − ψ(α)), ∂ log p/∂ log β = α − βx; ψ(2) = 1 − γ.
  const psi2 = 1 - 0.5772156649015329;
  const expected = Array.from(x).flatMap((v) => [2 * (Math.log(3) + Math.log(v) - psi2), 2 - 3 * v]);
  assertClose("Gamma score", g.score(x), expected, 1e-12);
  assertClose("Normal fisher", new Normal({ loc: 1, scale: 2 }).fisher(), [0.25, 0, 0, 2], 1e-15);
});

test("README estimators: score function, pathwise and measure-valued match the closed forms (z·SE) and the variances quadrature", () => {
  const dist = new Normal({ loc: 1, scale: 2 });
  const f = (x: Float64Array) => x[0] * x[0];
  const [k1, k2, k3] = split(key(S(42)), 3);
  const sf = scoreFunction(f, dist, k1, { numSamples: 100_000, baseline: "mean" });
  const pw = pathwise(f, dist, k2, { numSamples: 100_000, grad: (x) => [2 * x[0]] });
  const step = (x: Float64Array) => (x[0] > 1 ? 1 : 0);
  const mv = measureValued(step, dist, k3, { numSamples: 10_000 });

  const z = zFor(2 + 2 + 2 + 2 + 2);
  assertWithinZ("score function", sf.mean, [2, 8], sf.stderr, z);
  assertWithinZ("pathwise", pw.mean, [2, 8], pw.stderr, z);
  assertWithinZ("measure-valued", mv.mean, [1 / (2 * Math.sqrt(2 * Math.PI)), 0], mv.stderr, z);
  assertClose("README's φ(0)/σ", [Number((1 / (2 * Math.sqrt(2 * Math.PI))).toFixed(4))], [0.1995], 0);
  // Pathwise rows 2x·[1, σε] with x = 1 + 2ε: exactly [16, 144] (the README's numbers).
  const pwTruth = varianceTruth((e) => [2 * (1 + 2 * e), 2 * (1 + 2 * e) * 2 * e], pw.numSamples);
  assertClose("README's pathwise variance", pwTruth.variance, [16, 144], 1e-9);
  assertWithinZ("pathwise per-sample variance", pw.variance, pwTruth.variance, pwTruth.se, z);
  // Score rows with the (limiting) mean baseline: (x² − 5)·[ε/σ, ε² − 1]; "several times" the pathwise variance.
  const sfTruth = varianceTruth((e) => [((1 + 2 * e) ** 2 - 5) * (e / 2), ((1 + 2 * e) ** 2 - 5) * (e * e - 1)], sf.numSamples);
  assertWithinZ("score per-sample variance", sf.variance, sfTruth.variance, sfTruth.se, z);
  assert.ok(sfTruth.variance.every((v, j) => v > 2 * pwTruth.variance[j]), `score ${sfTruth.variance} vs pathwise ${pwTruth.variance}`);
  // The README's "± sf.stderr ≈ [0.02, 0.1]".
  assertClose("README's score stderr", sfTruth.variance.map((v) => Number(Math.sqrt(v / 100_000).toPrecision(1))), [0.02, 0.1], 0);
});

test("README variance reduction: optimal baseline, delta-method chain and EMA baseline are unbiased (z·SE)", () => {
  const dist = new Normal({ loc: 1, scale: 2 });
  const f = (x: Float64Array) => Math.cos(1.5 * x[0]) + 0.3 * x[0] ** 2;
  const grad = (x: Float64Array) => [-1.5 * Math.sin(1.5 * x[0]) + 0.6 * x[0]];
  const hessian = (x: Float64Array) => [-2.25 * Math.cos(1.5 * x[0]) + 0.6];
  // E[cos(kx)] = cos(kμ) e^{−k²σ²/2}, E[x²] = μ² + σ², θ = [μ, log σ].
  const exact = [-1.5 * Math.sin(1.5) * Math.exp(-4.5) + 0.6, -9 * Math.cos(1.5) * Math.exp(-4.5) + 2.4];
  assertClose("README's exact gradient", exact.map((v) => Number(v.toPrecision(4))), [0.5834, 2.393], 0);

  const optimal = scoreFunction(f, dist, key(S(1)), { numSamples: 20_000, baseline: "optimal" });
  const t = chainVariance(controlVariateTransform(deltaMethodControlVariate(f, grad, hessian)), baselineTransform("mean"));
  const { estimate } = scoreFunctionWithTransform(f, dist, key(S(2)), t, t.init(), { numSamples: 20_000 });
  const ema = emaBaseline({ decay: 0.9 });
  let state = ema.init();
  const means: number[] = [];
  for (const k of split(key(S(3)), 50)) {
    const r = scoreFunctionWithBaseline(f, dist, k, ema, state, { numSamples: 100 });
    state = r.state;
    means.push(...r.estimate.mean);
  }
  // The 50 EMA-baseline estimates are each unbiased and independent given the past: test their average.
  const emaStats = estimateFromRows(Float64Array.from(means), 50, 2);
  const z = zFor(6);
  assertWithinZ("optimal baseline", optimal.mean, exact, optimal.stderr, z);
  assertWithinZ("delta-method CV + mean baseline", estimate.mean, exact, estimate.stderr, z);
  assertWithinZ("EMA baseline (average of 50 calls)", emaStats.mean, exact, emaStats.stderr, z);
});

test("README Rao-Blackwellization: downstream and enumeration match the exact Bernoulli gradient (z·SE)", () => {
  const dist = new Bernoulli({ logits: [0.5, -1] });
  const terms = [
    { f: (x: Float64Array) => 3 * x[0], deps: [0] },
    { f: (x: Float64Array) => -2 * x[1], deps: [1] },
    { f: (x: Float64Array) => 2 * x[0] * x[1], deps: [0, 1] },
  ];
  const g1 = downstreamScoreFunction(terms, dist, key(S(0)), { numSamples: 20_000 });
  const f = (x: Float64Array) => 3 * x[0] - 2 * x[1] + 2 * x[0] * x[1];
  const g2 = enumeratedScoreFunction(f, dist, key(S(1)), { numSamples: 20_000 });
  const [p0, p1] = [0.5, -1].map((l) => 1 / (1 + Math.exp(-l)));
  const exact = [p0 * (1 - p0) * (3 + 2 * p1), p1 * (1 - p1) * (-2 + 2 * p0)];
  assertClose("README's exact values", exact.map((v) => Number(v.toPrecision(4))), [0.8314, -0.1485], 0);
  const z = zFor(4);
  assertWithinZ("downstream", g1.mean, exact, g1.stderr, z);
  assertWithinZ("enumeration", g2.mean, exact, g2.stderr, z);
});

test("README importance sampling: value, gradient and ESS match the truth (z·SE)", () => {
  const p = new Normal({ loc: 1, scale: 2 });
  const f = (x: Float64Array) => x[0] ** 2;
  const is = importanceSampling(f, p, new Normal({ loc: 0, scale: 3 }), key(S(0)), { numSamples: 20_000 });
  const qs = [new Normal({ loc: -2, scale: 2 }), new Normal({ loc: 3, scale: 2 })];
  const mis = multipleImportanceSampling(f, p, qs, key(S(1)), { numSamples: 10_000, heuristic: "balance" });
  // Moments of w = p/q under q = N(0, 3²), by quadrature: ESS/n → E[w]²/E[w²] = 1/E[w²].
  const logN = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s);
  const n = is.numSamples;
  const ess = essRatioTruth((e) => Math.exp(logN(3 * e, 1, 2) - logN(3 * e, 0, 3)), n);
  assertClose("E_q[w] = 1", [ess.meanWeight], [1], 1e-10);
  assert.equal(ess.ratio.toFixed(2), "0.77"); // the README's "ESS ≈ 0.77·n"
  const z = zFor(1 + 2 + 1 + 2);
  assertWithinZ("value", [is.value], [5], [is.valueStderr], z);
  assertWithinZ("IS gradient", is.mean, [2, 8], is.stderr, z);
  assertWithinZ("ESS / n", [is.ess / n], [ess.ratio], [ess.se], z);
  assertWithinZ("MIS gradient", mis.mean, [2, 8], mis.stderr, z);
});

test("README optimizer transforms: adam on score-function gradients finds μ = 3 and shrinks σ", () => {
  let theta: Float64Array = new Float64Array([0, 0]);
  const opt = chain(clipByGlobalNorm(10), adam({ learningRate: 0.05 }));
  let state = opt.init(theta);
  for (const k of split(key(S(0)), 400)) {
    const g = scoreFunction((x) => (x[0] - 3) ** 2, new Normal({ loc: theta[0], scale: Math.exp(theta[1]) }), k, { numSamples: 64, baseline: "optimal" });
    const out = opt.update(g.mean, state);
    theta = applyUpdates(theta, out.updates);
    state = out.state;
  }
  // E[f] = (μ − 3)² + σ² (10 at the start): the minimizer is μ = 3, σ → 0. Over 40 seeds the run ends at
  // log σ ∈ [−2.55, −2.27], |μ − 3| ≤ 0.008, E[f] ≤ 0.011; the bounds below leave a wide margin (the README says ≈).
  const value = (theta[0] - 3) ** 2 + Math.exp(2 * theta[1]);
  assert.ok(value < 0.05, `E[f] = ${value} at θ = ${theta}`);
  assert.ok(theta[1] < -1.5, `log σ = ${theta[1]}`);
  assert.ok(Math.abs(theta[0] - 3) < 0.05, `μ = ${theta[0]}`);
});

test("README natural gradient: F⁻¹g and the empirical Fisher match the closed forms (z·SE)", () => {
  const dist = new Normal({ loc: 1, scale: 2 });
  const g = scoreFunction((x) => (x[0] - 3) ** 2, dist, key(S(0)), { numSamples: 20_000, baseline: "optimal" });
  const nat = naturalGradient(dist.fisher(), g.mean, { damping: 0 });
  const scores = dist.score(dist.sample(key(S(1)), 20_000));
  const F = empiricalFisher(scores, 20_000, dist.paramSize);
  // The natural gradient is linear in g with F⁻¹ = diag(σ², ½): its SE is the scaled SE of g.
  const z = zFor(2 + 2 + 4);
  assertWithinZ("plain", g.mean, [-4, 8], g.stderr, z);
  assertWithinZ("natural", nat, [-16, 4], [4 * g.stderr[0], g.stderr[1] / 2], z);
  // Empirical Fisher entries are means of s_a s_b; their SE from the same products.
  const n = 20_000;
  const prods = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) prods[i * 4 + a * 2 + b] = scores[i * 2 + a] * scores[i * 2 + b];
  const st = estimateFromRows(prods, n, 4);
  assertClose("empiricalFisher = mean of s sᵀ", F, st.mean, 1e-12);
  assertWithinZ("empirical Fisher", F, [0.25, 0, 0, 2], st.stderr, z);
});

test("README naturalSearch: Bernoulli logits find the knapsack's best packing (−222, checked by exhaustive search)", () => {
  const block = /```ts\n(import \{ minimize, Bernoulli, knapsack12 \} from "mcgrad";[\s\S]*?)```/.exec(readme);
  assert.ok(block !== null, "the naturalSearch example is gone");
  const r = minimize(knapsack12.f, new Float64Array(12), {
    algorithm: "naturalSearch", seed: S(1), maxEvals: 20_000, target: knapsack12.optimalValue,
    algorithmOptions: { distribution: new Bernoulli({ logits: new Float64Array(12) }), popSize: 50, learningRate: 0.1 },
  });
  // 0 misses in 300 seeds measured (test/es/naturalSearch.test.ts); the optimum itself is checked in discreteProblems.test.ts.
  assert.equal(r.fx, -222);
  assert.equal(knapsack12.f(r.x), -222);
});

test("README evolution strategies: ask/tell on the sphere, JSON round trip, minimize on Rosenbrock", () => {
  let s = xnes.init(key(S(0)), [1, 1, 1], { sigma0: 1 });
  for (let gen = 0; gen < 150; gen++) {
    const pop = xnes.ask(foldIn(key(S(1)), gen), s);
    s = xnes.tell(s, pop, evaluatePopulation(sphere.f, pop));
  }
  assert.ok(s.bestF < 1e-10 && s.bestF >= 0, `bestF = ${s.bestF}`);
  const resumed = deserializeState<XnesState>(serializeState(s));
  assert.deepEqual(resumed, s);
  const r = minimize(rosenbrock.f, new Float64Array(5), { algorithm: "xnes", sigma0: 0.5, target: 1e-10, maxEvals: 60_000, restarts: 3, seed: S(0) });
  assert.equal(r.stop, "target", `stopped by ${r.stop} at f = ${r.fx}`);
  assert.ok(r.fx <= 1e-10);
  for (const v of r.x) assert.ok(Math.abs(v - 1) < 1e-3, `x = ${r.x}`);
});

test("README parallel evaluation: a 2-worker pool reproduces the serial run bit for bit", async () => {
  const module = fileURLToPath(new URL("./es/fixtures/objective.ts", import.meta.url));
  const pool = parallelEvaluator({ module, exportName: "rosen", workers: 2 });
  try {
    const r = await minimizeAsync(pool.evaluate, new Float64Array(6), { seed: 3, maxEvals: 600, sigma0: 0.5 });
    const serial = minimize(rosen, new Float64Array(6), { seed: 3, maxEvals: 600, sigma0: 0.5 });
    assert.deepEqual(r.x, serial.x);
    assert.deepEqual(r.history, serial.history);
    assert.equal(r.fx, serial.fx);
  } finally {
    await pool.close();
  }
});

test("README choosing an estimator: compareEstimators ranks by V·c with exact evaluation counts; exactExpectation", () => {
  const dist = new Normal({ loc: 1, scale: 2 });
  const cmp = compareEstimators((x) => Math.cos(1.5 * x[0]), dist, key(S(0)), {
    grad: (x) => [-1.5 * Math.sin(1.5 * x[0])],
  });
  const work = cmp.estimators.map((e) => e.workVariance);
  assert.deepEqual(work, [...work].sort((a, b) => a - b));
  assert.equal(cmp.estimators.find((e) => e.name === "measure-valued")?.costPerSample, 4);
  // E[3x₀ − 2x₁] = 3p₀ − 2p₁ and ∂p/∂logit = p(1 − p) = 1/4 at logit 0.
  assertClose("exact", exactExpectation((x) => 3 * x[0] - 2 * x[1], new Bernoulli({ logits: [0, 0] })).gradient, [0.75, -0.5], 1e-15);
  assert.ok(readme.includes("[0.75, −0.5]") && readme.includes("// 4 = 3d + 1 for d = 1"));
});

test("README names every export it mentions in backticks that look like functions", async () => {
  const api = (await import("../src/index.js")) as Record<string, unknown>;
  const parallel = (await import("../src/es/parallel.js")) as Record<string, unknown>;
  const vi = (await import("../src/vi/index.js")) as Record<string, unknown>;
  const rl = (await import("../src/rl/index.js")) as Record<string, unknown>; // the "mcgrad/rl" subpath
  const distributed = (await import("../src/es/distributed.js")) as Record<string, unknown>; // "mcgrad/distributed"
  const tour = readme.slice(readme.indexOf("## A tour of the library"), readme.indexOf("## The command line"));
  const names = new Set([...tour.matchAll(/`([a-z][A-Za-z]+)(?:\(|`)/g)].map((m) => m[1]));
  const notExports = new Set(["transport", "ratioVsFillNormal", "floor", "handoffMicrosPerPopulation", "ceilingAmdahl", "ceilingPlainThreads", "costly", "roundTrip", "largePopulation", "sample", "logProb", "score", "fisher", "withParams", "entropy", "mean", "variance", "params", "dim",
    "paramSize", "rows", "chunkSize", "sampleStream", "noiseStream", "typeScriptOnly", "stderr", "numSamples", "value", "ess", "init", "ask", "tell", "minEss", "shaping", "coupling", "baseline",
    "paramInfo", "finiteSupport", "enumerateSupport", "weakDerivative", "weakDerivativeStream", "entropyGradient", "grad", "gradientCost", "extra",
    // mcgrad/vi: a model's fields, result fields, options and estimator names
    "name", "logJoint", "gradLogJoint", "logJointBatch", "gradLogJointBatch", "out", "terms", "subsample", "gradient", "decaySteps", "diagnosticsEvery", "checkpoint",
    "resume", "enumerate", "stl", "iwae", "vimco",
    // mcgrad/rl: env and network methods, and a libm function named in the text
    "reset", "step", "observationSpace", "actionSpace", "unwrapped", "state", "pow", "forward", "vjp", "forwardVjp", "vjpRows", "scoreRows",
    // Scaling up: options, bench result fields and a Stream method
    "jobs", "connectTimeout", "timeout", "fillNormal", "distributed", "scoreFunctionKeepRows", "pathwiseKeepRows",
    "fillNormalPerSecInterleaved", "fillNormalPerSecStandalone"]);
  const missing = [...names].filter((n) => !notExports.has(n) && !(n in api) && !(n in parallel) && !(n in vi) && !(n in rl) && !(n in distributed));
  assert.deepEqual(missing, [], `README mentions names that are not exported: ${missing.join(", ")}`);
  for (const cls of ["Normal", "MultivariateNormal", "Laplace", "Exponential", "Gamma", "Beta", "Dirichlet", "Poisson", "Bernoulli", "Categorical"]) {
    assert.equal(typeof api[cls], "function", cls);
  }
});

test("README scaling up: the no-rows example's estimate is [2μ, 2σ²] = [2, 8] within z·SE, without rows; keepRows gives them", async () => {
  const { scoreFunction } = await import("../src/estimators/scoreFunction.js");
  assert.ok(readme.includes("scoreFunction((x) => x[0] ** 2, new Normal({ loc: 1, scale: 2 }), key(0), { numSamples: 1_000_000 })"), "the example is gone");
  const g = scoreFunction((x) => x[0] ** 2, new Normal({ loc: 1, scale: 2 }), key(S(0)), { numSamples: 1_000_000 });
  assertWithinZ("streaming", g.mean, [2, 8], g.stderr, zFor(2));
  assert.equal(g.rows, undefined);
  const r = scoreFunction((x) => x[0] ** 2, new Normal({ loc: 1, scale: 2 }), key(S(0)), { numSamples: 1000, keepRows: true });
  assert.equal(r.rows.length, 2000);
});
