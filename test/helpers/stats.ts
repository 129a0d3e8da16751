/**
 * Statistical assertions for tests: |estimate − truth| ≤ z·SE with SE from the data, z from a Bonferroni-corrected
 * family-wise false-positive rate. `npm run sweep` reruns the suite over many seeds (MCGRAD_SEED) and compares each
 * test's failure rate with FAMILY_ALPHA.
 */
import assert from "node:assert/strict";
import { bonferroniZ } from "../../src/util/stats.js";

/** Family-wise false-positive rate of one statistical test (z = 4.0 for a single check). */
export const FAMILY_ALPHA = 6.3e-5;

/** z threshold for one test that makes m checks. */
export function zFor(m: number, alpha = FAMILY_ALPHA): number {
  return bonferroniZ(alpha, m);
}

/** Seed for a statistical test: MCGRAD_SEED (set by the sweep script) plus a per-test offset. */
export function testSeed(offset: number): number {
  const base = Number(process.env.MCGRAD_SEED ?? "0");
  return base * 100_003 + offset;
}

/** Column means, sample variances (n − 1) and standard errors of an n×P row-major matrix. */
export function columnStats(rows: Float64Array, n: number, P: number): { mean: Float64Array; se: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(P);
  const variance = new Float64Array(P);
  for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) mean[j] += rows[i * P + j];
  for (let j = 0; j < P; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < P; j++) {
      const r = rows[i * P + j] - mean[j];
      variance[j] += r * r;
    }
  }
  for (let j = 0; j < P; j++) variance[j] /= n - 1;
  const se = variance.map((v) => Math.sqrt(v / n));
  return { mean, se, variance };
}

/**
 * Asserts |estimate[j] − truth[j]| ≤ max(z·se[j], 1e-12·max(1, |truth[j]|)) for every j: a zero SE demands equality up
 * to rounding, so a degenerate estimator cannot pass by having no spread.
 */
export function assertWithinZ(
  label: string,
  estimate: ArrayLike<number>,
  truth: ArrayLike<number>,
  se: ArrayLike<number>,
  z: number,
): void {
  assert.equal(estimate.length, truth.length, `${label}: length mismatch`);
  for (let j = 0; j < truth.length; j++) {
    const diff = Math.abs(estimate[j] - truth[j]);
    // Floor at rounding level: a row that is constant up to float64 rounding has an SE that is pure rounding noise.
    const tol = Math.max(z * se[j], 1e-12 * Math.max(1, Math.abs(truth[j])));
    assert.ok(
      Number.isFinite(estimate[j]) && diff <= tol,
      `${label}[${j}]: estimate ${estimate[j]} vs truth ${truth[j]}: |diff| = ${diff.toExponential(3)} > ${z.toFixed(2)}·SE = ${tol.toExponential(3)}`,
    );
  }
}

/** Asserts |a − b| ≤ rel·max(1, |b|) elementwise (deterministic comparisons such as finite differences). */
export function assertClose(label: string, a: ArrayLike<number>, b: ArrayLike<number>, rel = 1e-9): void {
  assert.equal(a.length, b.length, `${label}: length mismatch ${a.length} vs ${b.length}`);
  for (let j = 0; j < b.length; j++) {
    const tol = rel * Math.max(1, Math.abs(b[j]));
    assert.ok(Math.abs(a[j] - b[j]) <= tol, `${label}[${j}]: ${a[j]} vs ${b[j]} (tol ${tol.toExponential(2)})`);
  }
}
