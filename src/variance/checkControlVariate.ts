/**
 * A diagnostic for the one thing a control variate cannot prove about itself: that its declared expectation is
 * right. A wrong E[H] biases every estimate that uses it, silently. This draws samples, estimates E[H_j] by Monte
 * Carlo and z-tests each coordinate against the declared value, Bonferroni-corrected so that a correct control
 * variate fails with probability at most `alpha`.
 */
import { estimateFromRows, perSampleWidth } from "../estimators/result.js";
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { zScore } from "../diagnostics/zScore.js";
import { bonferroniZ } from "../util/stats.js";
import { assertKey, type Key } from "../random/key.js";
import { checkOptionsObject, checkSize, show } from "../util/validate.js";
import { toLengthP, type ControlVariate } from "./controlVariate.js";

/** Options of {@link checkControlVariate}. */
export interface CheckControlVariateOptions<S> {
  /** Monte Carlo samples (default 100 000). */
  numSamples?: number;
  /** Family-wise false-positive rate over the P coordinates (default 1e-3). */
  alpha?: number;
  /** State to evaluate the control variate at (default cv.init()). */
  state?: S;
}

/** What {@link checkControlVariate} found. */
export interface ControlVariateCheck {
  /** True when every coordinate's |z| ≤ threshold. */
  readonly ok: boolean;
  readonly declared: Float64Array;
  readonly estimate: Float64Array;
  readonly stderr: Float64Array;
  readonly z: Float64Array;
  /** The Bonferroni threshold Φ⁻¹(1 − alpha/(2P)). */
  readonly threshold: number;
  /** One readable paragraph: "passes …" or "declared expectation looks WRONG …". */
  readonly message: string;
}

/**
 * Tests E[H_j] = declared expectation for every coordinate j by Monte Carlo (z-test with the per-sample standard
 * error, Bonferroni over the P coordinates). Returns a report; `ok` is false, with a message naming the worst
 * coordinate, when the declared value is off by more than the threshold allows.
 * @example
 *   const r = checkControlVariate(functionControlVariate((x) => x[0], () => [1, 0]), new Normal({ loc: 1, scale: 2 }), key(0));
 *   r.ok; // true
 */
export function checkControlVariate<S>(
  cv: ControlVariate<S>,
  dist: Distribution,
  key: Key,
  options: CheckControlVariateOptions<S> = {},
): ControlVariateCheck {
  const { numSamples = 100_000, alpha = 1e-3, state } = checkOptionsObject<NonNullable<typeof options>>("checkControlVariate", options);
  const fn = "checkControlVariate";
  if (typeof cv !== "object" || cv === null || typeof cv.value !== "function" || typeof cv.expectation !== "function") {
    throw new Error(`${fn}: cv must be a control variate { init, value, expectation, update }, got ${show(cv)}`);
  }
  checkDistribution(fn, dist);
  assertKey(fn, key);
  checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  if (numSamples < 2) throw new Error(`${fn}: numSamples must be at least 2 to estimate a standard error, got ${numSamples}`);
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) throw new Error(`${fn}: alpha must be in (0, 1), got ${show(alpha)}`);
  const st = state === undefined ? cv.init() : state;
  const n = numSamples;
  const P = dist.paramSize;
  const x = dist.sample(key, n);
  const scores = dist.score(x);
  const H = toLengthP(fn, "cv.value(…)", cv.value(dist, x, scores, st), n * P);
  const declared = toLengthP(fn, "cv.expectation(dist)", cv.expectation(dist, st), P);
  // Mean and standard error without intermediate overflow (estimateFromRows rescales a column when needed).
  const { mean: estimate, stderr } = estimateFromRows(H, n, P, fn);
  const z = new Float64Array(P);
  const threshold = bonferroniZ(alpha, P);
  let worst = 0;
  for (let j = 0; j < P; j++) {
    z[j] = zScore(estimate[j], declared[j], stderr[j]); // zero spread: only agreement up to round-off passes
    if (Math.abs(z[j]) > Math.abs(z[worst])) worst = j;
  }
  const ok = Math.abs(z[worst]) <= threshold;
  const where = `coordinate ${worst}: declared ${declared[worst]}, Monte Carlo ${estimate[worst]} ± ${stderr[worst].toExponential(2)} (z = ${z[worst].toFixed(2)})`;
  const message = ok
    ? `checkControlVariate: ${cv.name} passes: every |z| ≤ ${threshold.toFixed(2)} over ${P} coordinates (${n} samples, family-wise alpha ${alpha}); largest at ${where}`
    : `checkControlVariate: the declared expectation of ${cv.name} looks WRONG at ${where}, beyond the threshold ${threshold.toFixed(2)} (family-wise alpha ${alpha}). Estimates using it are biased by c·(true − declared).`;
  return { ok, declared, estimate, stderr, z, threshold, message };
}
