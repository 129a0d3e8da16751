/**
 * Importance weights in log space: log-sum-exp, Kish's effective sample size, log-densities that are −∞ outside
 * a family's support (instead of throwing), and the support-mismatch check shared by importance sampling and
 * multiple importance sampling.
 * References: Kish (1965) "Survey Sampling"; Owen (2013) "Monte Carlo theory, methods and examples" ch. 9.
 */
import type { Distribution } from "../distributions/distribution.js";
import type { Key } from "../random/key.js";
import type { GradientEstimate } from "./result.js";
import { checkCallerName, show } from "../util/validate.js";

/**
 * log Σ_i exp(v_i), shifted by the maximum so no term overflows. −∞ for an empty array or all −∞ entries.
 * Throws on NaN or +∞ (a weight that is not a number must never reach an estimate).
 * @example logSumExp([1000, 1000]); // 1000 + log 2
 */
export function logSumExp(values: ArrayLike<number>, fn = "logSumExp"): number {
  checkCallerName("logSumExp", fn);
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new Error(`${fn}: values must be an array of numbers (finite or −Infinity), got ${show(values)}`);
  }
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || Number.isNaN(v) || v === Infinity) throw new Error(`${fn}: log-weight ${i} must be finite or −Infinity, got ${show(v)}`);
    if (v > max) max = v;
  }
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp(values[i] - max);
  return max + Math.log(s);
}

/**
 * Kish's effective sample size (Σ w)² / Σ w² of the weights w_i = exp(logWeights_i), computed on the weights
 * rescaled by the largest, v_i = exp(ℓ_i − max ℓ) ∈ [0, 1]: (Σ v)² / Σ v². Subtracting the maximum is exact for
 * the largest weights, so the result is invariant to a common shift of the log-weights at any magnitude (four equal
 * log-weights of −1e16 give 4, like four of 0) and lies in [1, n]; nothing overflows.
 * n equal weights give n; one non-zero weight gives 1; all weights zero (all −∞) give 0. NaN or +∞ throw.
 * @example effectiveSampleSize([0, 0, 0, 0]); // 4
 */
export function effectiveSampleSize(logWeights: ArrayLike<number>): number {
  const fn = "effectiveSampleSize";
  if (!Array.isArray(logWeights) && !(ArrayBuffer.isView(logWeights) && !(logWeights instanceof DataView))) {
    throw new Error(`${fn}: logWeights must be a non-empty array of numbers, got ${show(logWeights)}`);
  }
  if (logWeights.length === 0) throw new Error(`${fn}: logWeights must be a non-empty array of numbers, got ${show(logWeights)}`);
  let max = -Infinity;
  for (let i = 0; i < logWeights.length; i++) {
    const v = logWeights[i];
    if (typeof v !== "number" || Number.isNaN(v) || v === Infinity) throw new Error(`${fn}: log-weight ${i} must be finite or −Infinity, got ${show(v)}`);
    if (v > max) max = v;
  }
  if (max === -Infinity) return 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < logWeights.length; i++) {
    const v = Math.exp(logWeights[i] - max);
    s1 += v;
    s2 += v * v;
  }
  return (s1 * s1) / s2;
}

/**
 * log p(x_i) for each row of x, with −∞ for rows outside the family's support (where `logProb` would throw).
 * A NaN or +∞ log-density throws.
 */
export function logProbOrNegInf(fn: string, role: string, dist: Distribution, x: Float64Array, n: number): Float64Array {
  let out: Float64Array;
  try {
    out = dist.logProb(x);
  } catch {
    // Some row is outside the support: redo row by row so only those rows get −∞.
    const d = dist.dim;
    out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      try {
        out[i] = dist.logProb(x.subarray(i * d, (i + 1) * d))[0];
      } catch {
        out[i] = -Infinity;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(out[i]) || out[i] === Infinity) {
      throw new Error(`${fn}: ${role} ${dist.name}.logProb returned ${show(out[i])} at sample ${i}; log-densities must be finite or −Infinity`);
    }
  }
  return out;
}

/**
 * Support check: draws `m` samples of the target and throws if none of the proposals has positive density at one of
 * them (there p > 0 but every q = 0, so the importance-sampling identity E_p[f] = E_q[f p/q] fails). A Monte Carlo
 * check: a mismatch on a set of tiny target probability can go unseen, but then it also biases the estimate little.
 */
export function checkSupportCovers(fn: string, target: Distribution, proposals: readonly Distribution[], key: Key, m: number): void {
  if (m === 0) return;
  const y = target.sample(key, m);
  const covered = new Uint8Array(m);
  for (const q of proposals) {
    const lq = logProbOrNegInf(fn, "proposal", q, y, m);
    for (let i = 0; i < m; i++) if (lq[i] > -Infinity) covered[i] = 1;
  }
  const d = target.dim;
  for (let i = 0; i < m; i++) {
    if (covered[i] === 0) {
      const names = proposals.map((q) => q.name).join(", ");
      throw new Error(
        `${fn}: support mismatch: the target ${target.name} puts mass at x = ${show(y.subarray(i * d, (i + 1) * d))} where the proposal (${names}) has zero density; importance weights p/q are undefined there — use a proposal whose support covers the target's`,
      );
    }
  }
}

/** The rows of x (n×d) whose mask entry is set, packed, and their indices. */
export function gatherRows(x: Float64Array, d: number, keep: (i: number) => boolean, n: number): { rows: Float64Array; index: Int32Array } {
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) idx.push(i);
  const rows = new Float64Array(idx.length * d);
  idx.forEach((i, r) => rows.set(x.subarray(i * d, (i + 1) * d), r * d));
  return { rows, index: Int32Array.from(idx) };
}

/**
 * g_i = f(x_i) · ∇θ log p(x_i) for the rows with logP_i > −∞ (inside the target's support), and f_i; rows outside
 * the support are left 0 (their importance weight is 0, so f and the score are never evaluated there).
 */
export function valueAndScoreTerms(
  fn: string,
  f: (x: Float64Array) => number,
  target: Distribution,
  x: Float64Array,
  logP: Float64Array,
  n: number,
): { fx: Float64Array; fs: Float64Array } {
  const d = target.dim;
  const P = target.paramSize;
  const fx = new Float64Array(n);
  const fs = new Float64Array(n * P);
  const { rows, index } = gatherRows(x, d, (i) => logP[i] > -Infinity, n);
  if (index.length === 0) return { fx, fs };
  const s = target.score(rows);
  for (let r = 0; r < index.length; r++) {
    const i = index[r];
    const xi = x.subarray(i * d, (i + 1) * d);
    const v = f(xi);
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${fn}: f returned ${show(v)} at sample ${i} (x = ${show(xi)}); f must return a finite number`);
    }
    fx[i] = v;
    for (let k = 0; k < P; k++) fs[i * P + k] = v * s[r * P + k];
  }
  return { fx, fs };
}

/** Shared argument checks of the importance-sampling estimators. */
export function checkDistributions(fn: string, target: Distribution, proposals: readonly Distribution[]): void {
  const isDist = (d: unknown): d is Distribution =>
    typeof d === "object" && d !== null && typeof (d as Distribution).logProb === "function" && typeof (d as Distribution).sample === "function";
  if (!isDist(target)) throw new Error(`${fn}: target must be a Distribution, got ${show(target)}`);
  proposals.forEach((q, j) => {
    if (!isDist(q)) throw new Error(`${fn}: proposal ${j} must be a Distribution, got ${show(q)}`);
    if (q.dim !== target.dim) throw new Error(`${fn}: proposal ${j} (${q.name}) has dim ${q.dim} but the target (${target.name}) has dim ${target.dim}`);
  });
}

/** Checks the shared options minEss (≥ 0) and supportCheckSamples (integer ≥ 0). */
export function checkOptions(fn: string, minEss: unknown, supportCheckSamples: unknown): void {
  if (typeof minEss !== "number" || !(minEss >= 0) || !Number.isFinite(minEss)) throw new Error(`${fn}: options.minEss must be a finite number ≥ 0, got ${show(minEss)}`);
  if (typeof supportCheckSamples !== "number" || !Number.isInteger(supportCheckSamples) || supportCheckSamples < 0) {
    throw new Error(`${fn}: options.supportCheckSamples must be an integer ≥ 0, got ${show(supportCheckSamples)}`);
  }
}

/** ESS of the log-weights; throws when every weight is zero or the ESS is below minEss. */
export function checkEss(fn: string, logWeights: Float64Array, minEss: number): number {
  const ess = effectiveSampleSize(logWeights);
  if (!Number.isFinite(ess)) throw new Error(`${fn}: the effective sample size of the weights is ${show(ess)}; a log-weight is not a number`);
  if (ess === 0) throw new Error(`${fn}: every importance weight is zero: no proposal sample lies in the target's support`);
  if (ess < minEss) {
    throw new Error(`${fn}: effective sample size ${ess.toPrecision(4)} of ${logWeights.length} samples is below minEss = ${minEss}; the weights have collapsed onto a few samples — move the proposal closer to the target or widen it`);
  }
  return ess;
}

/** Throws if any part of an estimate is not finite. */
export function assertFiniteEstimate(fn: string, grad: GradientEstimate, value: number): void {
  const bad = [...grad.mean, ...grad.stderr, value].some((v) => !Number.isFinite(v));
  if (bad) throw new Error(`${fn}: the estimate is not finite (mean ${show(grad.mean)}, value ${show(value)}); the weights or f are too large to represent`);
}
