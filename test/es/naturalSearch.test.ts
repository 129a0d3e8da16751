// naturalSearch: the generic natural-gradient search over any mcgrad distribution (exact Fisher).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { Categorical } from "../../src/distributions/categorical.js";
import { foldIn, key } from "../../src/random/key.js";
import { knapsack12, leadingOnes, maxSat14, oneMax } from "../../src/es/discreteProblems.js";
import { minimize, type MinimizeOptions } from "../../src/es/minimize.js";
import { naturalSearch, searchDistributionOf, type NaturalSearchState } from "../../src/es/naturalSearch.js";
import { deserializeState, serializeState } from "../../src/es/serialize.js";
import { snes } from "../../src/es/snes.js";
import { evaluatePopulation } from "../../src/es/strategy.js";
import { rosenbrock, sphere } from "../../src/es/testFunctions.js";
import { assertClose } from "../helpers/stats.js";

test("SNES's update equals the generic path on a diagonal Normal: same population, same utilities ⇒ same new state", () => {
  const d = 5;
  for (const seed of [1, 2, 3]) {
    let s = snes.init(key(seed), [0.5, -1, 2, 0, 1], { sigma0: 0.7 });
    for (let g = 0; g < 8; g++) {
      const p = snes.ask(foldIn(key(seed + 10), g), s);
      s = snes.tell(s, p, evaluatePopulation(rosenbrock.f, p));
    }
    const p = snes.ask(key(seed + 99), s);
    const fitness = evaluatePopulation(rosenbrock.f, p);
    const next = snes.tell(s, p, fitness);
    const generic: NaturalSearchState = {
      algorithm: "naturalSearch",
      dim: d,
      popSize: s.popSize,
      mean: s.mean,
      generation: s.generation,
      evals: s.evals,
      nonFinite: s.nonFinite,
      bestX: s.bestX,
      bestF: s.bestF,
      shaping: s.shaping,
      family: "Normal",
      theta: Float64Array.from([...s.mean, ...Array.from(s.sigma, Math.log)]),
      learningRate: Float64Array.from({ length: 2 * d }, (_, j) => (j < d ? s.learningRateMean : s.learningRateSigma)),
      damping: 0,
    };
    const out = naturalSearch.tell(generic, { x: p.x, noise: p.x, size: p.size, dim: d }, fitness);
    assertClose("μ", out.theta.subarray(0, d), next.mean, 1e-12);
    assertClose("σ", Array.from(out.theta.subarray(d), Math.exp), next.sigma, 1e-12);
    assert.deepEqual(out.bestX, next.bestX);
    assert.equal(out.evals, next.evals);
  }
});

/** Runs of naturalSearch over Bernoulli logits from p = ½ everywhere. */
function binaryRun(f: (x: Float64Array) => number, d: number, target: number, seed: number, extra: MinimizeOptions = {}) {
  return minimize(f, new Float64Array(d), {
    algorithm: "naturalSearch",
    seed,
    maxEvals: 20_000,
    target,
    algorithmOptions: { distribution: new Bernoulli({ logits: new Float64Array(d) }), popSize: 50, learningRate: 0.1 },
    ...extra,
  });
}

test("binary black-box optimization: OneMax, LeadingOnes, knapsack and MAX-SAT optima are found across seeds", () => {
  // Measured over seeds 0–299 (λ = 50, η = 0.1, 2·10⁴ evaluations): failures OneMax-30 0, LeadingOnes-15 0,
  // knapsack12 0, maxSat14 8 (2.7 %). Allowing 3 failures in 20 seeds, a false alarm at a 2.7 % rate has
  // probability < 0.3 %; a search that does not work (or a sign error) fails every seed.
  for (const p of [oneMax(30), leadingOnes(15), knapsack12, maxSat14]) {
    let failures = 0;
    for (let seed = 1000; seed < 1020; seed++) {
      const r = binaryRun(p.f, p.dim, p.optimalValue, seed);
      if (r.fx > p.optimalValue) failures++;
      else assert.equal(p.f(r.x), r.fx, `${p.name}: reported x does not give fx`);
    }
    assert.ok(failures <= 3, `${p.name}: ${failures} of 20 seeds missed the optimum ${p.optimalValue}`);
  }
});

test("categorical search: the distribution concentrates on the best of 60 categories", () => {
  const K = 60;
  const table = Array.from({ length: K }, (_, k) => Math.abs(Math.sin(3.7 * k + 1)) * 10);
  const best = table.indexOf(Math.min(...table));
  // Measured: 298 of 300 seeds find it within 5000 evaluations (λ = 10, η = 0.1).
  let failures = 0;
  for (let seed = 0; seed < 20; seed++) {
    const r = minimize((x) => table[x[0]], [0], {
      algorithm: "naturalSearch",
      seed,
      maxEvals: 5000,
      algorithmOptions: { distribution: new Categorical({ logits: new Float64Array(K) }), popSize: 10, learningRate: 0.1 },
    });
    const probs = (searchDistributionOf(r.state as NaturalSearchState) as Categorical).probs;
    if (r.x[0] !== best || !(probs[best] > 0.9)) failures++;
  }
  assert.ok(failures <= 2, `${failures} of 20 seeds did not concentrate on category ${best}`);
});

test("continuous: with the default diagonal Normal it is SNES, and reaches the sphere's minimum", () => {
  const r = minimize(sphere.f, [1, -2, 0.5, 3], { algorithm: "naturalSearch", seed: 4, target: 1e-10, maxEvals: 20_000 });
  assert.equal(r.stop, "target");
  assert.ok(r.fx <= 1e-10);
});

test("a Bernoulli search state round-trips through JSON and resumes a minimize run bit for bit", () => {
  const options: MinimizeOptions = { objectiveId: "maxSat14", checkpointEvery: 3 };
  const saved: string[] = [];
  const full = binaryRun(maxSat14.f, 14, -Infinity, 7, { ...options, maxEvals: 1500, checkpoint: (c) => saved.push(c) });
  const resumed = binaryRun(maxSat14.f, 14, -Infinity, 7, { ...options, maxEvals: 1500, resume: saved[2] });
  assert.deepEqual(resumed.history, full.history);
  assert.deepEqual(resumed.state, full.state);
  const s = full.state as NaturalSearchState;
  assert.deepEqual(deserializeState(serializeState(s)), s);
  const raw = JSON.parse(serializeState(s)) as Record<string, unknown>;
  raw.family = "Cauchy";
  assert.throws(() => deserializeState(JSON.stringify(raw)), /deserializeState: json field family = "Cauchy" must be one of Normal, Laplace, Bernoulli/);
  raw.family = "Categorical";
  assert.throws(() => deserializeState(JSON.stringify(raw)), /field theta = .* must be parameters of a Categorical of dimension 14/);
});

test("naturalSearch.init refuses a distribution of another dimension, a bad learning rate and a non-distribution", () => {
  const b = new Bernoulli({ logits: [0, 0, 0] });
  assert.throws(() => naturalSearch.init(key(0), [0, 0], { distribution: b }), /naturalSearch\.init: x0 must have the distribution's dimension 3, got length 2/);
  assert.throws(() => naturalSearch.init(key(0), [0, 0, 0], { distribution: b, learningRate: [1, 2] }), /learningRate must be a number > 0 or 3 of them/);
  assert.throws(() => naturalSearch.init(key(0), [0, 0, 0], { distribution: b, learningRate: -1 }), /learningRate must be a finite number > 0|learningRate/);
  assert.throws(() => naturalSearch.init(key(0), [0], { distribution: {} as never }), /naturalSearch\.init: distribution must be a Distribution/);
});
