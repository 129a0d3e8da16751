import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { measureValued, type MeasureValuedDistribution } from "../../src/estimators/measureValued.js";
import { Normal } from "../../src/distributions/normal.js";
import { Poisson } from "../../src/distributions/poisson.js";
import { Exponential } from "../../src/distributions/exponential.js";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { Categorical } from "../../src/distributions/categorical.js";
import { Gamma } from "../../src/distributions/gamma.js";
import { key } from "../../src/random/key.js";
import { assertClose, assertWithinZ, testSeed, zFor } from "../helpers/stats.js";

/** Standard normal density, written here so the truth does not depend on the library. */
const phi = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
const poissonPmf = (k: number, l: number): number => {
  let p = Math.exp(-l);
  for (let i = 1; i <= k; i++) p *= l / i;
  return p;
};
const step = (x: number, a: number): number => (x > a ? 1 : 0);

/** Runs the estimator with and without coupling and checks both against the truth (2·P checks). */
function checkBoth(label: string, f: (x: Float64Array) => number, dist: MeasureValuedDistribution, truth: number[], seed: number, n = 40_000): void {
  const z = zFor(2 * truth.length);
  for (const coupling of [true, false]) {
    const g = measureValued(f, dist, key(testSeed(seed + (coupling ? 0 : 1))), { numSamples: n, coupling });
    assertWithinZ(`${label} (coupling ${coupling})`, g.mean, truth, g.stderr, z);
  }
}

describe("measureValued: unbiased against closed forms (z-test, Bonferroni)", () => {
  it("Normal 1-D, f = x²: [2μ, 2σ²] in θ = [μ, log σ]", () => {
    const mu = 1;
    const sigma = 2;
    checkBoth("x²", (x) => x[0] * x[0], new Normal({ loc: mu, scale: sigma }), [2 * mu, 2 * sigma * sigma], 10);
  });

  it("Normal 1-D, f = step 1[x > a] (no pathwise gradient): [φ(z)/σ, z φ(z)]", () => {
    const mu = 1;
    const sigma = 2;
    const a = 0.3;
    const zz = (a - mu) / sigma;
    checkBoth("step", (x) => step(x[0], a), new Normal({ loc: mu, scale: sigma }), [phi(zz) / sigma, zz * phi(zz)], 20);
  });

  it("Normal 3-D, f = x₀x₁ + 1[x₂ > 1] + x₂²: only the replaced coordinate moves", () => {
    const loc = [0.5, -1, 2];
    const scale = [2, 0.5, 1.5];
    const z2 = (1 - loc[2]) / scale[2];
    const truth = [loc[1], loc[0], phi(z2) / scale[2] + 2 * loc[2], 0, 0, z2 * phi(z2) + 2 * scale[2] ** 2];
    checkBoth("3-D", (x) => x[0] * x[1] + step(x[2], 1) + x[2] * x[2], new Normal({ loc, scale }), truth, 30, 30_000);
  });

  it("Poisson 2-D, f = k₀² + k₀·1[k₁ ≥ 2]: ∂log λ = λ ∂λ", () => {
    const l = [3, 0.7];
    const tail1 = 1 - poissonPmf(0, l[1]) - poissonPmf(1, l[1]);
    const truth = [l[0] * (1 + 2 * l[0]) + l[0] * tail1, l[0] * l[1] * poissonPmf(1, l[1])];
    checkBoth("Poisson", (k) => k[0] * k[0] + k[0] * (k[1] >= 2 ? 1 : 0), new Poisson({ rate: l }), truth, 40);
  });

  it("Exponential 2-D, f = x₀² + 1[x₁ > 1.5]", () => {
    const l = [2, 0.5];
    const truth = [-4 / (l[0] * l[0]), -1.5 * l[1] * Math.exp(-1.5 * l[1])];
    checkBoth("Exponential", (x) => x[0] * x[0] + step(x[1], 1.5), new Exponential({ rate: l }), truth, 50);
  });

  it("Bernoulli 2-D, f = 3x₀ − 2x₀x₁ + x₁: p(1 − p) ∂p in logit coordinates", () => {
    const logits = [0.4, -1.3];
    const p = logits.map((t) => 1 / (1 + Math.exp(-t)));
    const truth = [p[0] * (1 - p[0]) * (3 - 2 * p[1]), p[1] * (1 - p[1]) * (1 - 2 * p[0])];
    checkBoth("Bernoulli", (x) => 3 * x[0] - 2 * x[0] * x[1] + x[1], new Bernoulli({ logits }), truth, 60);
  });

  it("Categorical, arbitrary table f: ∂logit_j = p_j (f(j) − E f)", () => {
    const logits = [0.5, -1, 2, 0];
    const table = [1, -2, 0.5, 3];
    const w = logits.map(Math.exp);
    const total = w.reduce((s, v) => s + v, 0);
    const p = w.map((v) => v / total);
    const ef = p.reduce((s, pk, k) => s + pk * table[k], 0);
    checkBoth("Categorical", (x) => table[x[0]], new Categorical({ logits }), p.map((pj, j) => pj * (table[j] - ef)), 70);
  });

  it("Categorical K = 40 (alias tables), one category above ½: its negative side from a table without it, the others redrawn", () => {
    const logits = Array.from({ length: 40 }, (_, k) => (k === 3 ? 4.5 : Math.sin(k)));
    const table = Array.from({ length: 40 }, (_, k) => Math.cos(3 * k) + (k % 7) * 0.3);
    const w = logits.map(Math.exp);
    const total = w.reduce((s, v) => s + v, 0);
    const p = w.map((v) => v / total);
    assert.ok(p[3] > 0.5, `p₃ = ${p[3]}`);
    const ef = p.reduce((s, pk, k) => s + pk * table[k], 0);
    checkBoth("Categorical K = 40", (x) => table[x[0]], new Categorical({ logits }), p.map((pj, j) => pj * (table[j] - ef)), 80, 20_000);
  });
});

describe("measureValued: deterministic behaviour and bad input", () => {
  it("is reproducible from the key and gives exact zeros for a constant f", () => {
    const d = new Normal({ loc: [1, 2], scale: [2, 3] });
    const a = measureValued((x) => x[0] + x[1] ** 3, d, key(5), { numSamples: 50, keepRows: true });
    const b = measureValued((x) => x[0] + x[1] ** 3, d, key(5), { numSamples: 50, keepRows: true });
    assertClose("same key", a.rows, b.rows, 0);
    for (const dist of [d, new Poisson({ rate: 2 }), new Categorical({ logits: [0, 1] })]) {
      const c = measureValued(() => 7, dist, key(6), { numSamples: 20, keepRows: true });
      assertClose(`constant f on ${dist.name}`, c.rows, new Float64Array(c.rows.length), 0);
    }
  });

  it("an f that writes into its sample cannot corrupt the other evaluations of that row", () => {
    // Normal scale parameters evaluate f at the unchanged base row, then other coordinates at copies of that row.
    const d = new Normal({ loc: [1, 2], scale: [2, 3] });
    const f = (x: Float64Array) => x[0] * x[1] + x[1] ** 2;
    const clean = measureValued(f, d, key(8), { numSamples: 50, keepRows: true });
    const clobber = measureValued((x) => { const v = f(x); x.fill(0); return v; }, d, key(8), { numSamples: 50, keepRows: true });
    assertClose("rows", clobber.rows, clean.rows, 0);
  });

  it("a categorical with a certain outcome (logits ±1e4) gives a zero gradient, not NaN", () => {
    const g = measureValued((x) => x[0] * 5, new Categorical({ logits: [1e4, -1e4, 0] }), key(7), { numSamples: 10 });
    assertClose("certain categorical", g.mean, [0, 0, 0], 0);
  });

  it("rejects unsupported families, bad f and bad options with messages naming the argument", () => {
    const d = new Normal({ loc: 0, scale: 1 });
    const gamma = new Gamma({ concentration: 2, rate: 1 }) as unknown as Normal;
    assert.throws(() => measureValued((x) => x[0], gamma, key(0)), /measureValued: dist must be a Normal, Poisson, .* got Gamma/);
    assert.throws(() => measureValued((x) => (x[0] > 0 ? NaN : 0), d, key(0)), /measureValued: f returned NaN at sample \d+/);
    assert.throws(() => measureValued((x) => x[0], d, key(0), { numSamples: 0 }), /measureValued: numSamples must be a positive integer, got 0/);
    assert.throws(() => measureValued((x) => x[0], d, key(0), { coupling: "yes" as unknown as boolean }), /options.coupling must be a boolean/);
    assert.throws(() => measureValued(3 as unknown as (x: Float64Array) => number, d, key(0)), /measureValued: f must be a function/);
  });
});
