/**
 * Frequency checks for samplers: bin the support so that every bin expects at least `minExpected` draws, then test
 * each bin's observed frequency against its probability (per-bin z-test with the data's SE, Bonferroni over the bins).
 */
import assert from "node:assert/strict";
import { assertWithinZ, zFor } from "./stats.js";

/**
 * Discrete draws in {0, 1, 2, …} against pmf[0 … K] (computed independently by the caller); the mass beyond K is
 * 1 − Σ pmf and is pooled into the last bin together with every draw above the last bin's start.
 */
export function assertDiscreteFrequencies(label: string, draws: Float64Array, pmf: ArrayLike<number>, minExpected = 100): void {
  const n = draws.length;
  const K = pmf.length - 1;
  const binOf = new Int32Array(K + 1);
  const binMass: number[] = [];
  let acc = 0;
  let start = 0;
  for (let k = 0; k <= K; k++) {
    acc += pmf[k];
    binOf[k] = binMass.length;
    if (n * acc >= minExpected) {
      binMass.push(acc);
      acc = 0;
      start = k + 1;
    }
  }
  // Whatever remains (the unfinished bin and the tail beyond K) joins the last bin.
  let total = 0;
  for (let k = 0; k <= K; k++) total += pmf[k];
  const rest = acc + Math.max(0, 1 - total);
  for (let k = start; k <= K; k++) binOf[k] = binMass.length - 1;
  binMass[binMass.length - 1] += rest;
  const B = binMass.length;
  assert.ok(B >= 2, `${label}: too few bins (${B}); use more draws`);
  const counts = new Float64Array(B);
  for (let i = 0; i < n; i++) {
    const v = draws[i];
    assert.ok(Number.isInteger(v) && v >= 0, `${label}: draw ${v} is not a non-negative integer`);
    counts[v <= K ? binOf[v] : B - 1]++;
  }
  assertBinFrequencies(label, counts, binMass, n);
}

/**
 * Continuous draws against the CDF: `edges` are interior cut points (increasing), `cdf` the exact CDF. Every bin must
 * expect at least `minExpected` draws, so the normal approximation behind the z-test holds.
 */
export function assertContinuousFrequencies(
  label: string,
  draws: ArrayLike<number>,
  edges: number[],
  cdf: (x: number) => number,
  minExpected = 100,
): void {
  const n = draws.length;
  const B = edges.length + 1;
  const mass = new Float64Array(B);
  let prev = 0;
  for (let b = 0; b < B; b++) {
    const c = b < edges.length ? cdf(edges[b]) : 1;
    mass[b] = c - prev;
    prev = c;
    assert.ok(n * mass[b] >= minExpected, `${label}: bin ${b} expects only ${(n * mass[b]).toFixed(1)} draws (< ${minExpected})`);
  }
  const counts = new Float64Array(B);
  for (let i = 0; i < n; i++) {
    let b = 0;
    while (b < edges.length && draws[i] >= edges[b]) b++;
    counts[b]++;
  }
  assertBinFrequencies(label, counts, mass, n);
}

function assertBinFrequencies(label: string, counts: ArrayLike<number>, mass: ArrayLike<number>, n: number): void {
  const B = counts.length;
  const freq = new Float64Array(B);
  const se = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    freq[b] = counts[b] / n;
    // SE of a mean of n indicators, from the data (sample variance with n − 1).
    se[b] = Math.sqrt((freq[b] * (1 - freq[b]) * n) / (n - 1) / n);
  }
  assertWithinZ(`${label} bin frequencies`, freq, mass, se, zFor(B));
}
