import assert from "node:assert/strict";
import { test } from "node:test";
import { cosCost, expCost, gaussianCost, gaussianCosts, quadraticCost } from "../../src/diagnostics/gaussianCosts.js";
import { Normal } from "../../src/distributions/normal.js";
import { key, split } from "../../src/random/key.js";
import { assertClose, assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";

// Parameter points away from 1 so a missing chain-rule factor (σ, k) shows.
const POINTS: [number, number][] = [
  [1, 1],
  [0.7, 2],
  [-1.3, 0.6],
];
const KS = [0.3, 1, 2.5];

// A central difference errs by about h²|g‴|/6 (truncation) + ε|g|/h (rounding, ε ≈ 2.2e-16): about 1e-10 relative for
// these smooth costs at h = 1e-5 and 1e-6 (observed at most 1.5e-10), so rel = 1e-8 still leaves a wide margin.
test("closed-form gradients equal central finite differences of the closed-form expectations", () => {
  const h = 1e-5;
  for (const cost of gaussianCosts) {
    for (const [mu, sigma] of POINTS) {
      for (const k of KS) {
        const fd = [
          (cost.expectation(mu + h, sigma, k) - cost.expectation(mu - h, sigma, k)) / (2 * h),
          (cost.expectation(mu, sigma + h, k) - cost.expectation(mu, sigma - h, k)) / (2 * h),
        ];
        assertClose(`${cost.name} μ=${mu} σ=${sigma} k=${k}`, cost.gradient(mu, sigma, k), fd, 1e-8);
      }
    }
  }
});

test("derivative(x, k) equals a central finite difference of value(x, k)", () => {
  const h = 1e-6;
  for (const cost of gaussianCosts) {
    for (const k of KS) {
      for (const x of [-2.1, -0.4, 0, 0.9, 1.7]) {
        const fd = (cost.value(x + h, k) - cost.value(x - h, k)) / (2 * h);
        assertClose(`${cost.name}' x=${x} k=${k}`, [cost.derivative(x, k)], [fd], 1e-8);
      }
    }
  }
});

test("secondDerivative(x, k) equals a central finite difference of derivative(x, k); gaussianCost looks costs up by name", () => {
  const h = 1e-6;
  for (const cost of gaussianCosts) {
    for (const k of KS) {
      for (const x of [-2.1, -0.4, 0, 0.9, 1.7]) {
        const fd = (cost.derivative(x + h, k) - cost.derivative(x - h, k)) / (2 * h);
        assertClose(`${cost.name}'' x=${x} k=${k}`, [cost.secondDerivative(x, k)], [fd], 1e-7);
      }
    }
    assert.equal(gaussianCost(cost.name), cost);
  }
  assert.throws(() => gaussianCost("toString"), /gaussianCost: name must be one of "quadratic", "exp", "cos", got "toString"/);
});

test("closed forms agree with plain Monte Carlo over x = μ + σε (z·SE, Bonferroni)", () => {
  // Per sample: [f(x), f'(x), f'(x)·ε] estimates [E f, ∂E/∂μ, ∂E/∂σ] (differentiation under the integral).
  const n = 100_000;
  const cells = gaussianCosts.length * POINTS.length * KS.length;
  const z = zFor(cells * 3);
  const keys = split(key(testSeed(7101)), POINTS.length);
  POINTS.forEach(([mu, sigma], p) => {
    const eps = new Normal({ loc: 0, scale: 1 }).sample(keys[p], n);
    for (const cost of gaussianCosts) {
      for (const k of KS) {
        const rows = new Float64Array(n * 3);
        for (let i = 0; i < n; i++) {
          const x = mu + sigma * eps[i];
          const d = cost.derivative(x, k);
          rows[3 * i] = cost.value(x, k);
          rows[3 * i + 1] = d;
          rows[3 * i + 2] = d * eps[i];
        }
        const { mean, se } = columnStats(rows, n, 3);
        const truth = [cost.expectation(mu, sigma, k), ...cost.gradient(mu, sigma, k)];
        assertWithinZ(`${cost.name} μ=${mu} σ=${sigma} k=${k}`, mean, truth, se, z);
      }
    }
  });
});

test("known values and bad input", () => {
  // E[(x − k)²] = (μ − k)² + σ²; E[cos(kx)] at μ = 0 is the characteristic function e^{−k²σ²/2}.
  assertClose("quadratic E", [quadraticCost.expectation(1, 2, 3)], [8], 1e-15);
  assertClose("cos E", [cosCost.expectation(0, 2, 0.5)], [Math.exp(-0.5)], 1e-15);
  // k = 0: exp(−0·x²) = 1, so E = 1 and the gradient is 0.
  assertClose("exp k=0", [expCost.expectation(0.4, 2, 0), ...expCost.gradient(0.4, 2, 0)], [1, 0, 0], 1e-15);
  assert.throws(() => expCost.expectation(0, 1, -1), /expCost.expectation: E\[exp\(−k x²\)\] is infinite unless 1 \+ 2kσ² > 0, got k = -1/);
  assert.throws(() => cosCost.gradient(0, 0, 1), /cosCost.gradient: sigma must be a finite number > 0, got 0/);
});
