/**
 * The three test costs of Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §3, under x ~ N(μ, σ²), with their
 * expectations and exact gradients with respect to μ and σ (not log σ) in closed form: test problems with a known
 * answer for any estimator (`compareEstimators`, `varianceCurves`, the CLI's `demo`, `variance` and `compare`, the
 * lab). Convert a gradient in (μ, σ) to the library's θ = (μ, log σ) by ∂/∂log σ = σ ∂/∂σ.
 *
 *   f(x) = (x − k)²:   E = (μ − k)² + σ²,               ∂μ = 2(μ − k),          ∂σ = 2σ
 *   f(x) = exp(−k x²): A = 1 + 2kσ² > 0, E = exp(−kμ²/A)/√A,
 *                      ∂μ = −2kμ/A · E,                   ∂σ = 2kσ(2kμ² − A)/A² · E
 *   f(x) = cos(k x):   E = cos(kμ) e^{−k²σ²/2},          ∂μ = −k sin(kμ) e^{−k²σ²/2},  ∂σ = −k²σ cos(kμ) e^{−k²σ²/2}
 *
 * Derivations: the exp cost is a Gaussian integral, ∫ N(x; μ, σ²) e^{−kx²} dx = A^{−1/2} e^{−kμ²/A}; then
 * ∂ log E/∂μ = −2kμ/A and ∂ log E/∂σ = −½·4kσ/A + kμ²·4kσ/A². The cos cost is the real part of the characteristic
 * function E[e^{ikx}] = e^{ikμ − k²σ²/2}.
 */

import { show } from "../util/validate.js";

/** One test cost f(x; k) with its derivative in x and its Gaussian expectation and gradient in closed form. */
export interface GaussianCost {
  /** Short identifier: "quadratic", "exp" or "cos". */
  readonly name: string;
  /** The formula, for tables and plot titles, e.g. "(x − k)²". */
  readonly formula: string;
  /** The values of k the demo and the figures sweep (the paper's ranges). */
  readonly ks: readonly number[];
  /** True when the k axis reads best on a log scale. */
  readonly logK: boolean;
  /** f(x; k). */
  value(x: number, k: number): number;
  /** df/dx at x. */
  derivative(x: number, k: number): number;
  /** d²f/dx² at x (for the delta-method control variate). */
  secondDerivative(x: number, k: number): number;
  /** E_{x~N(μ, σ²)}[f(x; k)]. */
  expectation(mu: number, sigma: number, k: number): number;
  /** [∂/∂μ, ∂/∂σ] of the expectation. */
  gradient(mu: number, sigma: number, k: number): [number, number];
}

/**
 * `compute()` when the arguments are numbers and the result is finite; otherwise a named Error: a non-number or
 * non-finite argument, or a result float64 cannot hold (an overflow at huge arguments) — never a silent ±∞ or NaN.
 */
function finiteAt<T extends number | [number, number]>(fn: string, args: Record<string, unknown>, compute: () => T): T {
  const entries = Object.entries(args);
  for (const [name, v] of entries) if (typeof v !== "number") throw new Error(`${fn}: ${name} must be a finite number, got ${show(v)}`);
  const out = compute();
  if (typeof out === "number" ? Number.isFinite(out) : Number.isFinite(out[0]) && Number.isFinite(out[1])) return out;
  for (const [name, v] of entries) if (!Number.isFinite(v)) throw new Error(`${fn}: ${name} must be a finite number, got ${show(v)}`);
  throw new Error(`${fn}: the result is not finite in float64 at ${entries.map(([n, v]) => `${n} = ${show(v)}`).join(", ")} (arguments too large)`);
}

function checkSigma(fn: string, sigma: number): void {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new Error(`${fn}: sigma must be a finite number > 0, got ${show(sigma)}`);
}

function expA(fn: string, sigma: number, k: number): number {
  checkSigma(fn, sigma);
  const a = 1 + 2 * k * sigma * sigma;
  if (!(a > 0)) throw new Error(`${fn}: E[exp(−k x²)] is infinite unless 1 + 2kσ² > 0, got k = ${k}, σ = ${sigma}`);
  return a;
}

/** Geometric grid 10^lo … 10^hi with `steps` intervals (exact powers of ten at the ends). */
function logGrid(lo: number, hi: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => Number((10 ** (lo + ((hi - lo) * i) / steps)).toPrecision(12)));
}

/**
 * f(x) = (x − k)²: E = (μ − k)² + σ², ∇(μ, σ) = [2(μ − k), 2σ].
 * @example quadraticCost.gradient(1, 2, 0); // [2, 4]
 */
export const quadraticCost: GaussianCost = {
  name: "quadratic",
  formula: "(x − k)²",
  ks: Array.from({ length: 17 }, (_, i) => -3 + 0.5 * i),
  logK: false,
  value: (x, k) => finiteAt("quadraticCost.value", { x, k }, () => (x - k) * (x - k)),
  derivative: (x, k) => finiteAt("quadraticCost.derivative", { x, k }, () => 2 * (x - k)),
  secondDerivative: (x, k) => finiteAt("quadraticCost.secondDerivative", { x, k }, () => 2),
  expectation(mu, sigma, k) {
    return finiteAt("quadraticCost.expectation", { mu, sigma, k }, () => {
      checkSigma("quadraticCost.expectation", sigma);
      return (mu - k) * (mu - k) + sigma * sigma;
    });
  },
  gradient(mu, sigma, k) {
    return finiteAt("quadraticCost.gradient", { mu, sigma, k }, () => {
      checkSigma("quadraticCost.gradient", sigma);
      return [2 * (mu - k), 2 * sigma];
    });
  },
};

/**
 * f(x) = exp(−k x²), k ≥ 0 in the sweep (any k with 1 + 2kσ² > 0 is valid; otherwise E is infinite and the
 * closed forms throw).
 * @example expCost.expectation(0, 1, 0.5); // 1/√2
 */
export const expCost: GaussianCost = {
  name: "exp",
  formula: "exp(−k x²)",
  ks: logGrid(-1, 1, 12),
  logK: true,
  value: (x, k) => finiteAt("expCost.value", { x, k }, () => Math.exp(-k * x * x)),
  derivative: (x, k) => finiteAt("expCost.derivative", { x, k }, () => -2 * k * x * Math.exp(-k * x * x)),
  secondDerivative: (x, k) => finiteAt("expCost.secondDerivative", { x, k }, () => (4 * k * k * x * x - 2 * k) * Math.exp(-k * x * x)),
  expectation(mu, sigma, k) {
    return finiteAt("expCost.expectation", { mu, sigma, k }, () => {
      const a = expA("expCost.expectation", sigma, k);
      return Math.exp((-k * mu * mu) / a) / Math.sqrt(a);
    });
  },
  gradient(mu, sigma, k) {
    return finiteAt("expCost.gradient", { mu, sigma, k }, () => {
      const a = expA("expCost.gradient", sigma, k);
      const e = Math.exp((-k * mu * mu) / a) / Math.sqrt(a);
      return [((-2 * k * mu) / a) * e, ((2 * k * sigma * (2 * k * mu * mu - a)) / (a * a)) * e];
    });
  },
};

/**
 * f(x) = cos(k x): E = cos(kμ) e^{−k²σ²/2} (the real part of the characteristic function).
 * @example cosCost.gradient(0, 1, 1); // [0, −e^{−1/2}]
 */
export const cosCost: GaussianCost = {
  name: "cos",
  formula: "cos(k x)",
  ks: logGrid(-1, 1, 12),
  logK: true,
  value: (x, k) => finiteAt("cosCost.value", { x, k }, () => Math.cos(k * x)),
  derivative: (x, k) => finiteAt("cosCost.derivative", { x, k }, () => -k * Math.sin(k * x)),
  secondDerivative: (x, k) => finiteAt("cosCost.secondDerivative", { x, k }, () => -k * k * Math.cos(k * x)),
  expectation(mu, sigma, k) {
    return finiteAt("cosCost.expectation", { mu, sigma, k }, () => {
      checkSigma("cosCost.expectation", sigma);
      return Math.cos(k * mu) * Math.exp(-0.5 * k * k * sigma * sigma);
    });
  },
  gradient(mu, sigma, k) {
    return finiteAt("cosCost.gradient", { mu, sigma, k }, () => {
      checkSigma("cosCost.gradient", sigma);
      const damp = Math.exp(-0.5 * k * k * sigma * sigma);
      return [-k * Math.sin(k * mu) * damp, -k * k * sigma * Math.cos(k * mu) * damp];
    });
  },
};

/** The three costs in the paper's order (Mohamed et al. 2020, §3, Figures 2–3). */
export const gaussianCosts: readonly GaussianCost[] = [quadraticCost, expCost, cosCost];

/**
 * The cost named `name` ("quadratic", "exp" or "cos"); throws naming the choices otherwise.
 * @example gaussianCost("cos").formula; // "cos(k x)"
 */
export function gaussianCost(name: string): GaussianCost {
  const cost = gaussianCosts.find((c) => c.name === name);
  if (cost === undefined) {
    throw new Error(`gaussianCost: name must be one of ${gaussianCosts.map((c) => JSON.stringify(c.name)).join(", ")}, got ${show(name)}`);
  }
  return cost;
}
