/**
 * The note's Gaussian example (pure; run by the worker and by the e2e tests in Node): x ~ N(μ, σ²), a cost f, and
 * ∇_(μ,σ) E[f] three ways on the same draws — the score function f(x) ∇ log p(x), the same with the optimal
 * (variance-minimizing) baseline, and the pathwise estimator f′(μ + σε)·(1, ε) — beside the exact gradient.
 */
import { toPositiveParameters } from "../../../src/diagnostics/toPositiveParameters.js";
import { Normal } from "../../../src/distributions/normal.js";
import { pathwise } from "../../../src/estimators/pathwise.js";
import { scoreFunction } from "../../../src/estimators/scoreFunction.js";
import { key } from "../../../src/random/key.js";
import { SQRT_2PI } from "../../../src/util/constants.js";
import { makeCost } from "./costs.js";
import { HISTOGRAM_MAX } from "./explorer.js";

export interface GaussianParams {
  mu: number;
  sigma: number;
  cost: string;
  k: number;
  n: number;
  seed: number;
}

export interface GaussianResult {
  exact: [number, number];
  /** Per estimator: estimate and SE in (μ, σ), per-sample variance, per-sample terms of ∂/∂μ. */
  estimates: { name: string; mean: number[]; stderr: number[]; variance: number[]; termsMu: number[] }[];
  /** The score function and f on a grid of x (μ ± 4σ). */
  curves: { x: number[]; scoreMu: number[]; scoreSigma: number[]; f: number[]; density: number[] };
  costLabel: string;
}

export const GAUSSIAN_ESTIMATORS = ["score function", "score function + optimal baseline", "pathwise"] as const;

export function runGaussian(p: GaussianParams): GaussianResult {
  if (!(p.sigma > 0) || !Number.isFinite(p.sigma)) throw new Error(`σ must be a finite number > 0, got ${p.sigma}`);
  if (!Number.isInteger(p.n) || p.n < 2) throw new Error(`n must be an integer ≥ 2, got ${p.n}`);
  const cost = makeCost(p.cost, p.k);
  const dist = new Normal({ loc: p.mu, scale: p.sigma });
  const f = (x: Float64Array) => cost.value(x[0]);
  const buf = new Float64Array(1);
  const grad = (x: Float64Array) => ((buf[0] = cost.derivative!(x[0])), buf);
  const k = key(p.seed);
  // Common random numbers: the three estimators see the same key, so their spreads compare draw for draw.
  const runs = [
    scoreFunction(f, dist, k, { numSamples: p.n, keepRows: true }),
    scoreFunction(f, dist, k, { numSamples: p.n, baseline: "optimal", keepRows: true }),
    pathwise(f, dist, k, { numSamples: p.n, grad, keepRows: true }),
  ];
  const estimates = runs.map((g, i) => {
    const e = toPositiveParameters(g, dist);
    const termsMu: number[] = [];
    for (let r = 0; r < Math.min(e.numSamples, HISTOGRAM_MAX); r++) termsMu.push(e.rows[r * 2]);
    return { name: GAUSSIAN_ESTIMATORS[i], mean: Array.from(e.mean), stderr: Array.from(e.stderr), variance: Array.from(e.variance), termsMu };
  });
  const xs: number[] = [];
  for (let i = 0; i <= 120; i++) xs.push(p.mu - 4 * p.sigma + (8 * p.sigma * i) / 120);
  const s2 = p.sigma * p.sigma;
  return {
    exact: cost.gaussianGradient!(p.mu, p.sigma),
    estimates,
    curves: {
      x: xs,
      scoreMu: xs.map((x) => (x - p.mu) / s2),
      scoreSigma: xs.map((x) => ((x - p.mu) ** 2 - s2) / (s2 * p.sigma)),
      f: xs.map((x) => cost.value(x)),
      density: xs.map((x) => Math.exp(-((x - p.mu) ** 2) / (2 * s2)) / (p.sigma * SQRT_2PI)),
    },
    costLabel: cost.label,
  };
}
