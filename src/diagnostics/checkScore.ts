/**
 * A Monte Carlo audit of a distribution's score and Fisher information.
 *
 *   E_{x~pθ}[∇θ log pθ(x)] = 0          and          E_{x~pθ}[∇θ log pθ(x) ∇θ log pθ(x)ᵀ] = F(θ)
 *
 * The first identity is what makes the score-function estimator unbiased for any constant baseline; the second
 * defines the Fisher information used by natural gradients. Both hold for every regular family (support not depending
 * on θ, differentiation under the integral allowed), so a failure points at a wrong `score` or `fisher`.
 * Reference: Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §4.1 (the score function and its moments).
 */
import { perSampleWidth } from "../estimators/result.js";
import type { Distribution } from "../distributions/distribution.js";
import { assertKey, type Key } from "../random/key.js";
import { bonferroniZ } from "../util/stats.js";
import { checkOptionsObject, checkSize, show } from "../util/validate.js";
import { formatZ, zScore } from "./zScore.js";

/** Options of {@link checkScore}. */
export interface CheckScoreOptions {
  /** Number of Monte Carlo samples (default 10 000; at least 2). */
  numSamples?: number;
  /** Family-wise false-positive rate of the whole report (default 1e-3), in (0, 1). */
  alpha?: number;
}

/** The largest |z| of a report: which identity, which entry ([j] for E[score], [a, b] for Fisher) and its z. */
export interface WorstCheck {
  readonly what: "scoreMean" | "fisher";
  readonly index: readonly number[];
  readonly z: number;
}

/** Result of {@link checkScore}. Matrices are row-major P×P; z-scores use the data's own standard errors. */
export interface ScoreCheckReport {
  /** Distribution name. */
  readonly name: string;
  /** True when every |z| ≤ zThreshold. */
  readonly pass: boolean;
  readonly alpha: number;
  /** Bonferroni threshold for P + P(P+1)/2 two-sided checks at family-wise rate alpha. */
  readonly zThreshold: number;
  /** Number of checks m = P + P(P+1)/2. */
  readonly numChecks: number;
  readonly numSamples: number;
  /** Monte Carlo E[score], length P. */
  readonly scoreMean: Float64Array;
  /** scoreMean / SE, length P. */
  readonly scoreZ: Float64Array;
  /** Monte Carlo E[score scoreᵀ], P×P (symmetric). */
  readonly fisherEstimate: Float64Array;
  /** (fisherEstimate − fisher()) / SE, P×P (symmetric). */
  readonly fisherZ: Float64Array;
  /** The closed-form fisher() it was compared with, P×P. */
  readonly fisherExact: Float64Array;
  readonly worst: WorstCheck;
}

/**
 * Checks E[score] = 0 and E[score scoreᵀ] = dist.fisher() by Monte Carlo.
 *
 * Each of the m = P + P(P+1)/2 distinct numbers is z-tested, z = (Monte Carlo mean − truth)/SE with SE from the
 * per-sample data, against the Bonferroni threshold Φ⁻¹(1 − alpha/(2m)), so the whole report fails with probability
 * at most about alpha when score and fisher are right (the z-tests are asymptotic: they need finite fourth moments of
 * the score, and enough samples for the normal approximation). A zero SE (e.g. a constant score entry) demands exact
 * agreement, see `zScore`. Memory is O(n·P + P²): the outer products are never stored.
 * @example
 *   const r = checkScore(new Normal({ loc: 1, scale: 2 }), key(0));
 *   r.pass; // true (with probability ≥ 1 − 1e-3)
 *   console.log(formatScoreCheck(r));
 */
export function checkScore(dist: Distribution, key: Key, options: CheckScoreOptions = {}): ScoreCheckReport {
  const { numSamples = 10_000, alpha = 1e-3 } = checkOptionsObject<NonNullable<typeof options>>("checkScore", options, "options", ["numSamples", "alpha"]);
  const fn = "checkScore";
  if (dist === null || typeof dist !== "object" || typeof dist.score !== "function" || typeof dist.fisher !== "function") {
    throw new Error(`${fn}: dist must be a Distribution (with sample, score and fisher), got ${show(dist)}`);
  }
  assertKey(fn, key);
  checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  if (numSamples < 2) throw new Error(`${fn}: numSamples must be at least 2 (a standard error needs two samples), got ${numSamples}`);
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) throw new Error(`${fn}: alpha must be a number in (0, 1), got ${show(alpha)}`);
  const n = numSamples;
  const P = dist.paramSize;
  const x = dist.sample(key, n);
  const s = dist.score(x);
  checkMatrix(fn, `${dist.name}.score(x)`, s, n * P);
  const F = dist.fisher();
  checkMatrix(fn, `${dist.name}.fisher()`, F, P * P);

  // Every moment is taken on the score columns divided by their largest magnitude (exact powers of nothing: plain
  // rescaling), so scores up to float64's limit give finite z-scores instead of ∞ − ∞; results are scaled back.
  const colMax = new Float64Array(P);
  for (let i = 0; i < n; i++) for (let a = 0; a < P; a++) colMax[a] = Math.max(colMax[a], Math.abs(s[i * P + a]));
  for (let a = 0; a < P; a++) if (colMax[a] === 0) colMax[a] = 1;

  // First moment: mean and SE per coordinate.
  const scoreMean = new Float64Array(P);
  const scoreZ = new Float64Array(P);
  for (let a = 0; a < P; a++) {
    const c = colMax[a];
    let sum = 0;
    for (let i = 0; i < n; i++) sum += s[i * P + a] / c;
    const m = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const r = s[i * P + a] / c - m;
      ss += r * r;
    }
    scoreMean[a] = m * c;
    scoreZ[a] = zScore(m, 0, Math.sqrt(ss / (n - 1) / n));
  }

  // Second moment: two passes over the scaled products (s_a/c_a)(s_b/c_b) (a ≤ b), never stored.
  const fisherEstimate = new Float64Array(P * P);
  const fisherZ = new Float64Array(P * P);
  for (let a = 0; a < P; a++) {
    for (let b = a; b < P; b++) {
      const ca = colMax[a];
      const cb = colMax[b];
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (s[i * P + a] / ca) * (s[i * P + b] / cb);
      const m = sum / n;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const r = (s[i * P + a] / ca) * (s[i * P + b] / cb) - m;
        ss += r * r;
      }
      // The closed form may be asymmetric by round-off only; compare with the (a, b) entry, in the same scaled units.
      const z = zScore(m, F[a * P + b] / ca / cb, Math.sqrt(ss / (n - 1) / n));
      const estimate = m * ca * cb;
      if (!Number.isFinite(estimate)) {
        throw new Error(`${fn}: the Monte Carlo estimate of E[s sᵀ][${a}, ${b}] is beyond float64's range (scores up to ${show(Math.max(ca, cb))}); ${dist.name}'s parameters are too extreme to check`);
      }
      fisherEstimate[a * P + b] = fisherEstimate[b * P + a] = estimate;
      fisherZ[a * P + b] = fisherZ[b * P + a] = z;
    }
  }

  const numChecks = P + (P * (P + 1)) / 2;
  const zThreshold = bonferroniZ(alpha, numChecks);
  let worst: WorstCheck = { what: "scoreMean", index: [0], z: scoreZ[0] };
  for (let a = 0; a < P; a++) if (Math.abs(scoreZ[a]) > Math.abs(worst.z)) worst = { what: "scoreMean", index: [a], z: scoreZ[a] };
  for (let a = 0; a < P; a++) {
    for (let b = a; b < P; b++) {
      const z = fisherZ[a * P + b];
      if (Math.abs(z) > Math.abs(worst.z)) worst = { what: "fisher", index: [a, b], z };
    }
  }
  return Object.freeze({
    name: dist.name,
    pass: Math.abs(worst.z) <= zThreshold,
    alpha,
    zThreshold,
    numChecks,
    numSamples: n,
    scoreMean,
    scoreZ,
    fisherEstimate,
    fisherZ,
    fisherExact: Float64Array.from(F),
    worst: Object.freeze({ ...worst, index: Object.freeze([...worst.index]) }),
  });
}

function checkMatrix(fn: string, what: string, m: unknown, length: number): void {
  if (!(m instanceof Float64Array) || m.length !== length) {
    const got = m instanceof Float64Array ? `length ${m.length}` : show(m);
    throw new Error(`${fn}: ${what} must be a Float64Array of length ${length}, got ${got}`);
  }
  for (let i = 0; i < length; i++) {
    if (!Number.isFinite(m[i])) throw new Error(`${fn}: ${what}[${i}] must be finite, got ${show(m[i])}`);
  }
}

/** Checks that `r` looks like a report from {@link checkScore} (the fields formatScoreCheck reads). */
function checkReport(fn: string, r: unknown): void {
  const x = r as Partial<ScoreCheckReport> | null;
  if (x === null || typeof x !== "object") throw new Error(`${fn}: r must be a report from checkScore, got ${show(r)}`);
  for (const k of ["scoreMean", "scoreZ", "fisherZ"] as const) {
    if (!(x[k] instanceof Float64Array)) throw new Error(`${fn}: r.${k} must be a Float64Array (a report from checkScore), got ${show(x[k])}`);
  }
  for (const k of ["zThreshold", "alpha", "numChecks", "numSamples"] as const) {
    if (typeof x[k] !== "number" || !Number.isFinite(x[k])) throw new Error(`${fn}: r.${k} must be a finite number (a report from checkScore), got ${show(x[k])}`);
  }
  const w = x.worst;
  if (w === null || typeof w !== "object" || (w.what !== "scoreMean" && w.what !== "fisher") || !Array.isArray(w.index) || typeof w.z !== "number") {
    throw new Error(`${fn}: r.worst must be { what, index, z } (a report from checkScore), got ${show(w)}`);
  }
}

/**
 * A human-readable summary of a {@link ScoreCheckReport}: verdict, threshold, the worst check, and the largest |z| of
 * each identity.
 * @example console.log(formatScoreCheck(checkScore(dist, key(0))));
 */
export function formatScoreCheck(r: ScoreCheckReport): string {
  checkReport("formatScoreCheck", r);
  const P = r.scoreMean.length;
  let maxMean = 0;
  for (let a = 0; a < P; a++) maxMean = Math.max(maxMean, Math.abs(r.scoreZ[a]));
  let maxFisher = 0;
  for (let i = 0; i < r.fisherZ.length; i++) maxFisher = Math.max(maxFisher, Math.abs(r.fisherZ[i]));
  const where = r.worst.what === "scoreMean" ? `E[score][${r.worst.index[0]}]` : `E[s sᵀ][${r.worst.index.join(", ")}] vs fisher`;
  return [
    `checkScore(${r.name}): ${r.pass ? "PASS" : "FAIL"} — ${r.numChecks} checks, n = ${r.numSamples}, |z| ≤ ${r.zThreshold.toFixed(2)} (family-wise alpha = ${r.alpha})`,
    `  E[score] = 0:          max |z| = ${maxMean.toFixed(2)}`,
    `  E[s sᵀ] = fisher():    max |z| = ${maxFisher.toFixed(2)}`,
    `  worst: ${where}, z = ${formatZ(r.worst.z)}`,
  ].join("\n");
}
