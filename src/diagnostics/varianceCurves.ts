/**
 * Single-sample variance of gradient estimators against a cost parameter k — the curves of Mohamed, Rosca,
 * Figurnov & Mnih (JMLR 2020) §3, Figures 2–3: x ~ N(μ, σ²), a cost f(x; k), and the variance of one row of
 * each estimator of ∂/∂μ E[f] and ∂/∂σ E[f] (σ itself, not log σ), as k varies.
 *
 * Estimators: score function; score function with the optimal constant baseline b_j = E[f s_j²]/E[s_j²] per
 * parameter, estimated from a separate batch as in the paper (so the curve is the variance at that b); pathwise;
 * measure-valued with and without coupling. Each variance is reported with its standard error
 * √((m₄ − v²)/n), m₄ the fourth central moment of the rows, and also per evaluation: times the counted evaluations
 * of f and f′ per sample (score function 1; pathwise 2, f′ and a finiteness check of f; measure-valued 3d + 1 = 4
 * coupled), the figure that decides at a fixed budget. The optimal baseline's separate batch is not counted: it
 * stands for a baseline known in advance, as in the paper.
 */
import { Normal } from "../distributions/normal.js";
import { measureValued } from "../estimators/measureValued.js";
import { pathwise } from "../estimators/pathwise.js";
import { estimateFromRows, evaluateRows, type GradientEstimateWithRows } from "../estimators/result.js";
import { scoreFunction } from "../estimators/scoreFunction.js";
import { assertKey, split, type Key } from "../random/key.js";
import { checkPositive, checkPositiveInt, checkFinite, show } from "../util/validate.js";
import { toPositiveParameters } from "./toPositiveParameters.js";

/** A scalar cost f(x; k) and its derivative in x (the pathwise estimator needs it). */
export interface ScalarCost {
  /** f(x; k) at the scalar sample x, for the cost parameter k the curves sweep. */
  value(x: number, k: number): number;
  /** df/dx at x (for the cost parameter k). */
  derivative(x: number, k: number): number;
}

/** The estimators compared, in the order they are plotted. */
export const VARIANCE_CURVE_ESTIMATORS = ["score", "scoreOptimalBaseline", "pathwise", "measureValued", "measureValuedUncoupled"] as const;
/** The name of one estimator in {@link VARIANCE_CURVE_ESTIMATORS}. */
export type VarianceCurveEstimator = (typeof VARIANCE_CURVE_ESTIMATORS)[number];

/** Options of {@link varianceCurves}. */
export interface VarianceCurvesOptions {
  /** The values of k (finite). */
  ks: readonly number[];
  /** μ (default 1) and σ (default 1) of the Normal. */
  loc?: number;
  scale?: number;
  /** Rows per estimator and k (default 100 000). */
  numSamples?: number;
  /** Separate samples used to estimate the optimal baseline at each k (default 100 000). */
  baselineSamples?: number;
  /** Called after each k with (done, total). */
  onStep?: (done: number, total: number) => void;
}

/** One curve: an estimator's per-sample variance for one parameter at every k. */
export interface VarianceCurve {
  readonly estimator: VarianceCurveEstimator;
  readonly parameter: "mu" | "sigma";
  /** The gradient estimate at each k (mean of the rows), for reference. */
  readonly mean: number[];
  /** Sample variance of one row at each k. */
  readonly variance: number[];
  /** Standard error of that sample variance. */
  readonly varianceStderr: number[];
  /** Counted evaluations of f and f′ per sample at each k. */
  readonly evaluationsPerSample: number[];
  /** variance × evaluationsPerSample at each k (the per-evaluation variance), and its standard error. */
  readonly variancePerEvaluation: number[];
  readonly variancePerEvaluationStderr: number[];
}

/** The table behind the figures. */
export interface VarianceCurvesTable {
  readonly loc: number;
  readonly scale: number;
  readonly numSamples: number;
  readonly baselineSamples: number;
  readonly ks: number[];
  /** The optimal baselines b_μ, b_σ used at each k. */
  readonly baselines: { mu: number[]; sigma: number[] };
  readonly curves: VarianceCurve[];
}

/**
 * Sample variance (divisor n − 1) of column c of an n×P matrix, and its standard error √((m₄ − m₂²)/n). The
 * deviations are divided by their largest magnitude before squaring, so the fourth moment cannot overflow where the
 * variance itself is representable; a variance float64 cannot hold is refused, naming `what`.
 */
function columnVariance(fn: string, what: string, rows: Float64Array, n: number, P: number, c: number): { mean: number; variance: number; stderr: number } {
  let m = 0;
  for (let i = 0; i < n; i++) m += rows[i * P + c] / n;
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, Math.abs(rows[i * P + c] - m));
  if (top === 0) return { mean: m, variance: 0, stderr: 0 };
  let q2 = 0;
  let q4 = 0;
  for (let i = 0; i < n; i++) {
    const q = (rows[i * P + c] - m) / top;
    q2 += q * q;
    q4 += q * q * q * q;
  }
  const variance = top * top * (q2 / (n - 1));
  const stderr = top * top * Math.sqrt(Math.max(q4 / n - (q2 / n) ** 2, 0) / n);
  if (!Number.isFinite(m) || !Number.isFinite(variance) || !Number.isFinite(stderr)) {
    throw new Error(`${fn}: the variance of ${what} is beyond float64's range (rows up to ${show(top)}); use smaller |k| or rescale the cost`);
  }
  return { mean: m, variance, stderr };
}

/**
 * Computes the variance curves of the five estimators for the cost f(x; k) under N(loc, scale²), for each k.
 * Rows of every estimator are converted from the library's θ = [μ, log σ] to [μ, σ] by `toPositiveParameters`.
 * @example
 *   const t = varianceCurves({ value: (x, k) => (x - k) ** 2, derivative: (x, k) => 2 * (x - k) }, key(0), { ks: [-1, 0, 1] });
 *   t.curves.find((c) => c.estimator === "pathwise" && c.parameter === "mu")?.variance; // ≈ [4, 4, 4]
 */
export function varianceCurves(cost: ScalarCost, key: Key, options: VarianceCurvesOptions): VarianceCurvesTable {
  const fn = "varianceCurves";
  if (cost === null || typeof cost !== "object" || typeof cost.value !== "function" || typeof cost.derivative !== "function") {
    throw new Error(`${fn}: cost must be { value(x, k), derivative(x, k) }, got ${show(cost)}`);
  }
  assertKey(fn, key);
  const { ks, loc = 1, scale = 1, numSamples = 100_000, baselineSamples = 100_000, onStep } = options ?? ({} as VarianceCurvesOptions);
  if (!Array.isArray(ks) || ks.length === 0) throw new Error(`${fn}: options.ks must be a non-empty array of finite numbers, got ${show(ks)}`);
  ks.forEach((k, i) => checkFinite(fn, `ks[${i}]`, k));
  checkFinite(fn, "loc", loc);
  checkPositive(fn, "scale", scale);
  checkPositiveInt(fn, "numSamples", numSamples);
  checkPositiveInt(fn, "baselineSamples", baselineSamples);
  if (numSamples < 2 || baselineSamples < 2) throw new Error(`${fn}: numSamples and baselineSamples must be ≥ 2, got ${numSamples} and ${baselineSamples}`);

  const n = numSamples;
  const dist = new Normal({ loc, scale });
  type Curve = Omit<VarianceCurve, "estimator" | "parameter">;
  const curves = new Map<string, Curve>();
  for (const e of VARIANCE_CURVE_ESTIMATORS) {
    for (const p of ["mu", "sigma"]) {
      curves.set(`${e}/${p}`, { mean: [], variance: [], varianceStderr: [], evaluationsPerSample: [], variancePerEvaluation: [], variancePerEvaluationStderr: [] });
    }
  }
  let evaluations = 0;
  /** Runs one estimator, counting its evaluations of f and f′, and records its rows in (μ, σ). */
  let kNow = 0;
  const record = (e: VarianceCurveEstimator, run: () => GradientEstimateWithRows): void => {
    evaluations = 0;
    const rows = toPositiveParameters(run(), dist).rows; // the variance's own SE needs the rows
    const c = evaluations / n;
    ["mu", "sigma"].forEach((p, j) => {
      const v = columnVariance(fn, `${e} (${p}) at k = ${show(kNow)}`, rows, n, 2, j);
      const curve = curves.get(`${e}/${p}`)!;
      curve.mean.push(v.mean);
      curve.variance.push(v.variance);
      curve.varianceStderr.push(v.stderr);
      curve.evaluationsPerSample.push(c);
      curve.variancePerEvaluation.push(v.variance * c);
      curve.variancePerEvaluationStderr.push(v.stderr * c);
    });
  };
  const baselines = { mu: [] as number[], sigma: [] as number[] };
  const keys = split(key, ks.length);
  ks.forEach((k, step) => {
    kNow = k;
    const f = (x: Float64Array): number => {
      evaluations++;
      const v = cost.value(x[0], k);
      if (!Number.isFinite(v)) throw new Error(`${fn}: cost.value(${x[0]}, ${k}) returned ${show(v)}; the cost must be finite`);
      return v;
    };
    const [kScore, kBaseline, kBased, kPath, kMv, kMvFree] = split(keys[step], 6);
    record("score", () => scoreFunction(f, dist, kScore, { numSamples: n, keepRows: true }));
    // Optimal constant baseline per parameter from a separate batch: b_j = Σ f s_j² / Σ s_j² (invariant to the
    // scaling of s_j, so the same in σ and log σ coordinates), then rows (f − b_j) s_j on a fresh batch.
    const xb = dist.sample(kBaseline, baselineSamples);
    const sb = dist.score(xb);
    const fb = evaluateRows(fn, f, xb, baselineSamples, 1);
    const b = [0, 0];
    for (let c = 0; c < 2; c++) {
      let num = 0;
      let den = 0;
      for (let i = 0; i < baselineSamples; i++) {
        const s2 = sb[i * 2 + c] ** 2;
        num += fb[i] * s2;
        den += s2;
      }
      b[c] = num / den;
    }
    baselines.mu.push(b[0]);
    baselines.sigma.push(b[1]);
    record("scoreOptimalBaseline", () => {
      const xs = dist.sample(kBased, n);
      const ss = dist.score(xs);
      const fs = evaluateRows(fn, f, xs, n, 1);
      const based = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) for (let c = 0; c < 2; c++) based[i * 2 + c] = (fs[i] - b[c]) * ss[i * 2 + c];
      return estimateFromRows(based, n, 2, fn);
    });
    const grad = (x: Float64Array) => (evaluations++, [cost.derivative(x[0], k)]);
    record("pathwise", () => pathwise(f, dist, kPath, { numSamples: n, grad, keepRows: true }));
    record("measureValued", () => measureValued(f, dist, kMv, { numSamples: n, coupling: true, keepRows: true }));
    record("measureValuedUncoupled", () => measureValued(f, dist, kMvFree, { numSamples: n, coupling: false, keepRows: true }));
    onStep?.(step + 1, ks.length);
  });
  const out: VarianceCurve[] = [];
  for (const e of VARIANCE_CURVE_ESTIMATORS) {
    for (const p of ["mu", "sigma"] as const) out.push({ estimator: e, parameter: p, ...curves.get(`${e}/${p}`)! });
  }
  return { loc, scale, numSamples: n, baselineSamples, ks: [...ks], baselines, curves: out };
}
