/**
 * The Mohamed et al. (2020) §3 variance curves against values computed here, independently of the library, by
 * Simpson quadrature over the Normal, Rayleigh (Weibull(√2, 2)) and double-sided Maxwell densities — with closed
 * forms for the quadratic cost as a check on the quadrature. Tolerance: z·SE of the sample variance, SE from the
 * fourth central moment of the rows, z Bonferroni-corrected over every check in the file's statistical test.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { varianceCurves, type ScalarCost, type VarianceCurvesTable } from "../../src/diagnostics/varianceCurves.js";
import { key } from "../../src/random/key.js";
import { simpson } from "../helpers/quadrature.js";
import { assertClose, testSeed, zFor } from "../helpers/stats.js";

const MU = 0.5;
const SIGMA = 2; // away from 1, so a missing ∂/∂σ = (1/σ) ∂/∂log σ factor shows
const N = 20_000;
const NB = 50_000;

const COSTS: { name: string; cost: ScalarCost; ks: number[] }[] = [
  { name: "(x−k)²", cost: { value: (x, k) => (x - k) ** 2, derivative: (x, k) => 2 * (x - k) }, ks: [-2, 0.5, 3] },
  { name: "exp(−kx²)", cost: { value: (x, k) => Math.exp(-k * x * x), derivative: (x, k) => -2 * k * x * Math.exp(-k * x * x) }, ks: [0.1, 1, 5] },
  { name: "cos(kx)", cost: { value: (x, k) => Math.cos(k * x), derivative: (x, k) => -k * Math.sin(k * x) }, ks: [0.3, 1, 4] },
];

const L = 12;
const phi = (t: number): number => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
/** E over ε ~ N(0,1), W ~ Rayleigh, M ~ double-sided Maxwell. */
const EN = (g: (e: number) => number): number => simpson((e) => g(e) * phi(e), -L, L, 4000);
const EW = (g: (w: number) => number): number => simpson((w) => g(w) * w * Math.exp(-0.5 * w * w), 0, L, 4000);
const EM = (g: (m: number) => number): number => simpson((m) => g(m) * m * m * phi(m), -L, L, 4000);
/** E over (M, U), U ~ U(0, 1) independent: nested Simpson. */
const EMU = (g: (m: number, u: number) => number): number => EM((m) => simpson((u) => g(m, u), 0, 1, 400));

interface Exact {
  variance: Record<string, [number, number]>;
  /** Exact SE of an N-sample variance estimate, √((μ₄ − v²)/N), for the estimators whose rows are functions of ε alone. */
  varianceSe: Record<string, [number, number]>;
  bStar: [number, number];
  bSe: [number, number];
}

/** Exact single-row variances of the five estimators for ∂/∂μ and ∂/∂σ, and the optimal baselines (with the SE of their estimate from NB samples). */
function exactVariances(cost: ScalarCost, k: number, b: [number, number]): Exact {
  const f = (x: number): number => cost.value(x, k);
  const df = (x: number): number => cost.derivative(x, k);
  const x = (e: number): number => MU + SIGMA * e;
  const s = [(e: number) => e / SIGMA, (e: number) => (e * e - 1) / SIGMA];
  const g = s.map((sj) => EN((e) => f(x(e)) * sj(e)));
  const variance: Record<string, [number, number]> = {};
  const pair = (h: (j: number) => number): [number, number] => [h(0), h(1)];
  variance.score = pair((j) => EN((e) => (f(x(e)) * s[j](e)) ** 2) - g[j] ** 2);
  variance.scoreOptimalBaseline = pair((j) => EN((e) => ((f(x(e)) - b[j]) * s[j](e)) ** 2) - g[j] ** 2);
  const bStar = pair((j) => EN((e) => f(x(e)) * s[j](e) ** 2) / EN((e) => s[j](e) ** 2));
  const bSe = pair((j) => Math.sqrt(EN((e) => ((f(x(e)) - bStar[j]) * s[j](e) ** 2) ** 2) / NB) / EN((e) => s[j](e) ** 2));
  variance.pathwise = [EN((e) => df(x(e)) ** 2) - g[0] ** 2, EN((e) => (df(x(e)) * e) ** 2) - g[1] ** 2];
  // The rows of these three are polynomial-times-Gaussian with heavy tails: the sample fourth moment underestimates
  // the spread of the sample variance exactly when the sample variance is low, so the test uses the exact SE here.
  const rowsOf: Record<string, [(e: number) => number, (e: number) => number]> = {
    score: [(e) => f(x(e)) * s[0](e), (e) => f(x(e)) * s[1](e)],
    scoreOptimalBaseline: [(e) => (f(x(e)) - b[0]) * s[0](e), (e) => (f(x(e)) - b[1]) * s[1](e)],
    pathwise: [(e) => df(x(e)), (e) => df(x(e)) * e],
  };
  const varianceSe: Record<string, [number, number]> = {};
  for (const [name, [r0, r1]] of Object.entries(rowsOf)) {
    varianceSe[name] = pair((j) => {
      const r = j === 0 ? r0 : r1;
      const m = EN(r);
      const v = EN((e) => (r(e) - m) ** 2);
      const mu4 = EN((e) => (r(e) - m) ** 4);
      return Math.sqrt(Math.max(mu4 - v * v, 0) / N);
    });
  }
  const c = 1 / (SIGMA * Math.sqrt(2 * Math.PI));
  variance.measureValued = [
    c * c * EW((w) => (f(MU + SIGMA * w) - f(MU - SIGMA * w)) ** 2) - g[0] ** 2,
    EMU((m, u) => (f(MU + SIGMA * m) - f(MU + SIGMA * m * u)) ** 2) / SIGMA ** 2 - g[1] ** 2,
  ];
  const indep = (a2: number, a1: number, b2: number, b1: number): number => a2 + b2 - 2 * a1 * b1;
  variance.measureValuedUncoupled = [
    c * c * indep(EW((w) => f(MU + SIGMA * w) ** 2), EW((w) => f(MU + SIGMA * w)), EW((w) => f(MU - SIGMA * w) ** 2), EW((w) => f(MU - SIGMA * w))) - g[0] ** 2,
    indep(EM((m) => f(MU + SIGMA * m) ** 2), EM((m) => f(MU + SIGMA * m)), EN((e) => f(x(e)) ** 2), EN((e) => f(x(e)))) / SIGMA ** 2 - g[1] ** 2,
  ];
  return { variance, varianceSe, bStar, bSe };
}

describe("varianceCurves (Mohamed et al. 2020, Figures 2–3)", () => {
  it("the quadrature agrees with closed forms for (x − k)² (pathwise, score function)", () => {
    for (const k of [-2, 0.5, 3]) {
      const a = MU - k;
      const ex = exactVariances(COSTS[0].cost, k, [0, 0]);
      assertClose(`pathwise k=${k}`, ex.variance.pathwise, [4 * SIGMA ** 2, 4 * (a * a + 2 * SIGMA ** 2)], 1e-9);
      assertClose(`score μ k=${k}`, [ex.variance.score[0]], [(a ** 4 + 18 * a * a * SIGMA ** 2 + 15 * SIGMA ** 4) / SIGMA ** 2 - 4 * a * a], 1e-9);
    }
  });

  it("Monte Carlo variances of all five estimators match quadrature on a grid of k (z-test, Bonferroni)", () => {
    const tables: { name: string; ks: number[]; cost: ScalarCost; table: VarianceCurvesTable }[] = COSTS.map((c, i) => ({
      ...c,
      table: varianceCurves(c.cost, key(testSeed(500 + i)), { ks: c.ks, loc: MU, scale: SIGMA, numSamples: N, baselineSamples: NB }),
    }));
    const checks = tables.reduce((s, t) => s + t.ks.length * (t.table.curves.length + 2), 0);
    const z = zFor(checks);
    const failures: string[] = [];
    for (const { name, ks, cost, table } of tables) {
      ks.forEach((k, ik) => {
        const b: [number, number] = [table.baselines.mu[ik], table.baselines.sigma[ik]];
        const ex = exactVariances(cost, k, b);
        [0, 1].forEach((j) => {
          if (Math.abs(b[j] - ex.bStar[j]) > z * ex.bSe[j]) failures.push(`${name} k=${k} b[${j}] ${b[j]} vs b* ${ex.bStar[j]} (SE ${ex.bSe[j]})`);
        });
        for (const curve of table.curves) {
          const j = curve.parameter === "mu" ? 0 : 1;
          const truth = ex.variance[curve.estimator][j];
          const est = curve.variance[ik];
          const exactSe = ex.varianceSe[curve.estimator]?.[j] ?? 0;
          const se = Math.max(curve.varianceStderr[ik], exactSe);
          if (!(Math.abs(est - truth) <= z * se)) {
            failures.push(`${name} k=${k} ${curve.estimator}/${curve.parameter}: MC ${est.toPrecision(5)} vs exact ${truth.toPrecision(5)} (SE ${se.toPrecision(3)}, z ${((est - truth) / se).toFixed(2)})`);
          }
        }
      });
    }
    assert.deepEqual(failures, [], `z = ${z.toFixed(2)} over ${checks} checks`);
  });

  it("rejects bad options with messages naming the argument", () => {
    const cost = COSTS[0].cost;
    assert.throws(() => varianceCurves(cost, key(0), { ks: [] }), /varianceCurves: options.ks must be a non-empty array/);
    assert.throws(() => varianceCurves(cost, key(0), { ks: [NaN] }), /varianceCurves: ks\[0\] must be a finite number, got NaN/);
    assert.throws(() => varianceCurves(cost, key(0), { ks: [1], scale: 0 }), /varianceCurves: scale must be a finite number > 0, got 0/);
    assert.throws(() => varianceCurves({ value: () => NaN, derivative: () => 0 }, key(0), { ks: [1], numSamples: 10, baselineSamples: 10 }), /cost.value\(.*\) returned NaN/);
  });
});
