/**
 * The three test costs of Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §3, under x ~ N(μ, σ²), with their
 * expectations and exact gradients with respect to μ and σ (not log σ) in closed form. Shared by the CLI
 * commands that compare estimators against the truth (`mcgrad demo`, `mcgrad variance`).
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
  /** E_{x~N(μ, σ²)}[f(x; k)]. */
  expectation(mu: number, sigma: number, k: number): number;
  /** [∂/∂μ, ∂/∂σ] of the expectation. */
  gradient(mu: number, sigma: number, k: number): [number, number];
}

function checkSigma(fn: string, sigma: number): void {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new Error(`${fn}: sigma must be a finite number > 0, got ${sigma}`);
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

/** f(x) = (x − k)². */
export const quadraticCost: GaussianCost = {
  name: "quadratic",
  formula: "(x − k)²",
  ks: Array.from({ length: 17 }, (_, i) => -3 + 0.5 * i),
  logK: false,
  value: (x, k) => (x - k) * (x - k),
  derivative: (x, k) => 2 * (x - k),
  expectation(mu, sigma, k) {
    checkSigma("quadraticCost.expectation", sigma);
    return (mu - k) * (mu - k) + sigma * sigma;
  },
  gradient(mu, sigma, k) {
    checkSigma("quadraticCost.gradient", sigma);
    return [2 * (mu - k), 2 * sigma];
  },
};

/** f(x) = exp(−k x²), k ≥ 0 in the sweep (any k with 1 + 2kσ² > 0 is valid). */
export const expCost: GaussianCost = {
  name: "exp",
  formula: "exp(−k x²)",
  ks: logGrid(-1, 1, 12),
  logK: true,
  value: (x, k) => Math.exp(-k * x * x),
  derivative: (x, k) => -2 * k * x * Math.exp(-k * x * x),
  expectation(mu, sigma, k) {
    const a = expA("expCost.expectation", sigma, k);
    return Math.exp((-k * mu * mu) / a) / Math.sqrt(a);
  },
  gradient(mu, sigma, k) {
    const a = expA("expCost.gradient", sigma, k);
    const e = Math.exp((-k * mu * mu) / a) / Math.sqrt(a);
    return [((-2 * k * mu) / a) * e, ((2 * k * sigma * (2 * k * mu * mu - a)) / (a * a)) * e];
  },
};

/** f(x) = cos(k x). */
export const cosCost: GaussianCost = {
  name: "cos",
  formula: "cos(k x)",
  ks: logGrid(-1, 1, 12),
  logK: true,
  value: (x, k) => Math.cos(k * x),
  derivative: (x, k) => -k * Math.sin(k * x),
  expectation(mu, sigma, k) {
    checkSigma("cosCost.expectation", sigma);
    return Math.cos(k * mu) * Math.exp(-0.5 * k * k * sigma * sigma);
  },
  gradient(mu, sigma, k) {
    checkSigma("cosCost.gradient", sigma);
    const damp = Math.exp(-0.5 * k * k * sigma * sigma);
    return [-k * Math.sin(k * mu) * damp, -k * k * sigma * Math.cos(k * mu) * damp];
  },
};

/** The three costs in the paper's order. */
export const gaussianCosts: readonly GaussianCost[] = [quadraticCost, expCost, cosCost];
