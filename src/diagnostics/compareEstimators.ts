/**
 * Cost-aware comparison of gradient estimators on the user's own problem.
 *
 * Per-sample variance alone misleads: an estimator that spends 3d + 1 evaluations of f per sample (measure-valued
 * on a d-dimensional Normal) must beat one evaluation per sample by that factor to be worth it. For n samples at
 * c evaluations each, the estimate's variance is V/n = V·c/(budget), so at a fixed budget of evaluations the figure
 * that decides is the work-normalized variance
 *
 *   W = V · c,   V = Σ_j Var[row_j] (per-sample variance summed over θ),  c = evaluations per sample
 *
 * (and V · t with t the wall time per sample, when evaluations are not the cost that matters). Every variance is
 * reported with a standard error from batch means: the samples are split into B batches, each estimator runs on
 * each batch, and the spread of the B batch variances gives the SE — valid also for leave-one-out baselines, whose
 * rows are coupled within a batch. All estimators see the same batch keys (common random numbers).
 * References: Glynn & Whitt (1992) "The asymptotic efficiency of simulation estimators" (variance × work);
 * Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §8 (estimator choice).
 */
import { checkDistribution, isReparameterizable, type Distribution } from "../distributions/distribution.js";
import { hasWeakDerivative, measureValued } from "../estimators/measureValued.js";
import { pathwise, type SampleGradient } from "../estimators/pathwise.js";
import type { GradientEstimate, SampleFunction } from "../estimators/result.js";
import { scoreFunction, type ScoreBaseline } from "../estimators/scoreFunction.js";
import { assertKey, split, type Key } from "../random/key.js";
import { checkOptionsObject, checkPositive, checkPositiveInt, show, toFiniteArray } from "../util/validate.js";
import { checkStreamedCount } from "../estimators/sampleChunks.js";
import { zScore } from "./zScore.js";

/**
 * An estimator to compare: `run` gets the (counting) f and ∇f, a key and the batch size, and returns its rows.
 * Use it for what diagnostics cannot build itself, e.g. a control variate from src/variance/:
 *   { name: "delta CV", run: (f, key, n) => scoreFunctionWithTransform(f, dist, key, t, t.init(), { numSamples: n }).estimate }
 */
export interface CandidateEstimator {
  readonly name: string;
  /** One gradient estimate of E[f] from `numSamples` draws under `key`; `grad` is ∇ₓf when the caller has it (else undefined). */
  run(f: SampleFunction, key: Key, numSamples: number, grad: SampleGradient | undefined): GradientEstimate;
}

/** Options of {@link compareEstimators}. */
export interface CompareEstimatorsOptions {
  /** Samples per estimator (default 20 000), split into `batches` equal batches. */
  numSamples?: number;
  /**
   * Number of batches B ≥ 2 for the standard errors (default 50; an SE from B batches has B − 1 degrees of freedom);
   * each batch has ⌊numSamples/B⌋ ≥ 2 samples.
   */
  batches?: number;
  /** ∇f: adds the pathwise estimator when the family is reparameterizable. */
  grad?: SampleGradient;
  /** The cost of one ∇f evaluation in evaluations of f (default 1). */
  gradientCost?: number;
  /** Baselines of the score-function estimator to compare (default ["none", "mean", "optimal"]). */
  baselines?: readonly ScoreBaseline[];
  /** Include the (coupled) measure-valued estimator where the family has a weak derivative (default true). */
  measureValued?: boolean;
  /** More estimators, e.g. control variates built with src/variance/. */
  extra?: readonly CandidateEstimator[];
  /** Ask the built-in estimators for their per-sample rows (default false; the comparison itself needs none). */
  keepRows?: boolean;
  /** The exact gradient, if known (length P): each estimator then reports its bias z-scores. */
  truth?: ArrayLike<number>;
}

/** One estimator's measured variance and cost. Variances are per sample, in θ coordinates. */
export interface EstimatorCost {
  readonly name: string;
  /** The gradient estimate over all batches and its standard error (from the batch means). */
  readonly mean: Float64Array;
  readonly stderr: Float64Array;
  /** Per-sample variance of each θ coordinate's rows, and its standard error. */
  readonly variance: Float64Array;
  readonly varianceStderr: Float64Array;
  /** V = Σ_j variance_j and its standard error. */
  readonly totalVariance: number;
  readonly totalVarianceStderr: number;
  /** Counted evaluations of f and of ∇f per sample. */
  readonly fEvaluationsPerSample: number;
  readonly gradEvaluationsPerSample: number;
  /** c = f evaluations + gradientCost · ∇f evaluations, per sample. */
  readonly costPerSample: number;
  /** Wall time per sample in seconds (measured, so it varies from run to run). */
  readonly secondsPerSample: number;
  /** W = V · c, the work-normalized variance (lower is better at a fixed budget of evaluations), and its SE. */
  readonly workVariance: number;
  readonly workVarianceStderr: number;
  /** V · t, the time-normalized variance (seconds·variance), and its SE (timing noise not included). */
  readonly timeVariance: number;
  readonly timeVarianceStderr: number;
  /** (mean − truth)/stderr per coordinate, when a truth was given. */
  readonly biasZ?: Float64Array;
}

/** The comparison: estimators ranked by work-normalized variance, lowest first. */
export interface EstimatorComparison {
  readonly numSamples: number;
  readonly batches: number;
  readonly paramSize: number;
  readonly gradientCost: number;
  readonly estimators: EstimatorCost[];
}

/**
 * The estimators that apply to `dist` with these options, in a fixed order.
 * @example applicableEstimators(new Normal({ loc: 1, scale: 2 }), { grad: (x) => [2 * x[0]] }).map((e) => e.name) // the score function (3 baselines), pathwise, measure-valued
 */
export function applicableEstimators(dist: Distribution, options: CompareEstimatorsOptions = {}): CandidateEstimator[] {
  const fn = "applicableEstimators";
  checkDistribution(fn, dist);
  const { grad, baselines = ["none", "mean", "optimal"], measureValued: mv = true, extra = [], keepRows = false } = checkOptionsObject<NonNullable<typeof options>>("applicableEstimators", options);
  if (!Array.isArray(baselines)) throw new Error(`${fn}: baselines must be an array of score-function baselines, got ${show(baselines)}`);
  if (!Array.isArray(extra)) throw new Error(`${fn}: extra must be an array of { name, run }, got ${show(extra)}`);
  const out: CandidateEstimator[] = baselines.map((b) => ({
    name: b === "none" ? "score function" : `score function, baseline ${String(b)}`,
    run: (f, key, n) => scoreFunction(f, dist, key, { numSamples: n, baseline: b, keepRows }),
  }));
  if (grad !== undefined && isReparameterizable(dist)) {
    out.push({ name: "pathwise", run: (f, key, n, g) => pathwise(f, dist, key, { numSamples: n, grad: g as SampleGradient, keepRows }) });
  }
  if (mv && hasWeakDerivative(dist)) out.push({ name: "measure-valued", run: (f, key, n) => measureValued(f, dist, key, { numSamples: n, keepRows }) });
  return [...out, ...extra];
}

/**
 * Measures, on f and dist, every applicable estimator's per-sample variance (per θ coordinate and summed), its
 * evaluations of f and ∇f per sample and its wall time per sample, and ranks them by the work-normalized variance
 * V · c — all with standard errors from `batches` batch means.
 * @example
 *   const cmp = compareEstimators((x) => Math.cos(1.5 * x[0]), new Normal({ loc: 1, scale: 2 }), key(0),
 *     { grad: (x) => [-1.5 * Math.sin(1.5 * x[0])] });
 *   cmp.estimators[0].name; // the cheapest per unit of precision, e.g. "pathwise"
 */
export function compareEstimators(f: SampleFunction, dist: Distribution, key: Key, options: CompareEstimatorsOptions = {}): EstimatorComparison {
  const fn = "compareEstimators";
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  checkDistribution(fn, dist);
  assertKey(fn, key);
  const opts = checkOptionsObject<NonNullable<typeof options>>("compareEstimators", options);
  const { numSamples = 20_000, batches = 50, grad, gradientCost = 1, baselines, extra, truth } = opts;
  // The total over all batches is capped like one streamed estimate's count: 2⁴⁰ is refused, not run for days.
  checkStreamedCount(fn, "numSamples", numSamples);
  checkPositiveInt(fn, "batches", batches);
  if (batches < 2) throw new Error(`${fn}: batches must be at least 2 (for standard errors), got ${batches}`);
  const m = Math.floor(numSamples / batches);
  if (m < 2) throw new Error(`${fn}: numSamples / batches must be at least 2, got ${numSamples} / ${batches}`);
  if (grad !== undefined && typeof grad !== "function") throw new Error(`${fn}: grad must be a function returning ∇f(x), got ${show(grad)}`);
  checkPositive(fn, "gradientCost", gradientCost);
  if (baselines !== undefined && !Array.isArray(baselines)) throw new Error(`${fn}: baselines must be an array of score-function baselines, got ${show(baselines)}`);
  if (extra !== undefined && (!Array.isArray(extra) || extra.some((c) => typeof c?.run !== "function" || typeof c?.name !== "string"))) {
    throw new Error(`${fn}: extra must be an array of { name, run }, got ${show(extra)}`);
  }
  const P = dist.paramSize;
  const truthArr = truth === undefined ? undefined : checkTruth(fn, truth, P);
  const keys = split(key, batches);
  const estimators = applicableEstimators(dist, opts).map((c) => measure(fn, c, f, grad, keys, m, P, gradientCost, truthArr));
  estimators.sort((a, b) => a.workVariance - b.workVariance);
  return { numSamples: m * batches, batches, paramSize: P, gradientCost, estimators };
}

function checkTruth(fn: string, truth: ArrayLike<number>, P: number): Float64Array {
  if (truth === null || typeof truth !== "object" || truth.length !== P) throw new Error(`${fn}: truth must have length P = ${P}, got ${show(truth)}`);
  return toFiniteArray(fn, "truth", truth, P);
}

/** Mean and standard error (sd/√B) of B values; the deviations are scaled by their largest so squares cannot overflow. */
function meanAndSe(values: Float64Array): [number, number] {
  const B = values.length;
  let mean = 0;
  for (const v of values) mean += v / B;
  let top = 0;
  for (const v of values) top = Math.max(top, Math.abs(v - mean));
  if (top === 0 || !Number.isFinite(top)) return [mean, top];
  let ss = 0;
  for (const v of values) ss += ((v - mean) / top) ** 2;
  return [mean, top * Math.sqrt(ss / (B - 1) / B)];
}

function measure(
  fn: string,
  c: CandidateEstimator,
  f: SampleFunction,
  grad: SampleGradient | undefined,
  keys: Key[],
  m: number,
  P: number,
  gradientCost: number,
  truth: Float64Array | undefined,
): EstimatorCost {
  const B = keys.length;
  let fCalls = 0;
  let gradCalls = 0;
  const countedF: SampleFunction = (x) => (fCalls++, f(x));
  const countedGrad: SampleGradient | undefined = grad && ((x) => (gradCalls++, grad(x)));
  const batchMean = Array.from({ length: P }, () => new Float64Array(B));
  const batchVar = Array.from({ length: P }, () => new Float64Array(B));
  const batchTotal = new Float64Array(B);
  let seconds = 0;
  for (let b = 0; b < B; b++) {
    const t0 = performance.now();
    const g = c.run(countedF, keys[b], m, countedGrad);
    seconds += (performance.now() - t0) / 1000;
    if (g === null || typeof g !== "object" || g.paramSize !== P || g.numSamples !== m) {
      throw new Error(`${fn}: estimator "${c.name}" must return a GradientEstimate with ${m} rows of ${P}, got ${show(g)}`);
    }
    for (let j = 0; j < P; j++) {
      batchMean[j][b] = g.mean[j];
      batchVar[j][b] = g.variance[j];
      batchTotal[b] += g.variance[j];
    }
  }
  const n = m * B;
  const mean = new Float64Array(P);
  const stderr = new Float64Array(P);
  const variance = new Float64Array(P);
  const varianceStderr = new Float64Array(P);
  for (let j = 0; j < P; j++) {
    [mean[j], stderr[j]] = meanAndSe(batchMean[j]);
    [variance[j], varianceStderr[j]] = meanAndSe(batchVar[j]);
  }
  const [totalVariance, totalVarianceStderr] = meanAndSe(batchTotal);
  const fEvaluationsPerSample = fCalls / n;
  const gradEvaluationsPerSample = gradCalls / n;
  const costPerSample = fEvaluationsPerSample + gradientCost * gradEvaluationsPerSample;
  const secondsPerSample = seconds / n;
  const out: EstimatorCost = {
    name: c.name,
    mean,
    stderr,
    variance,
    varianceStderr,
    totalVariance,
    totalVarianceStderr,
    fEvaluationsPerSample,
    gradEvaluationsPerSample,
    costPerSample,
    secondsPerSample,
    workVariance: totalVariance * costPerSample,
    workVarianceStderr: totalVarianceStderr * costPerSample,
    timeVariance: totalVariance * secondsPerSample,
    timeVarianceStderr: totalVarianceStderr * secondsPerSample,
  };
  const bad = [...mean, ...stderr, ...variance, ...varianceStderr, out.totalVariance, out.totalVarianceStderr, out.workVariance, out.workVarianceStderr].findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new Error(`${fn}: estimator "${c.name}": its variance or standard error is not finite in float64 (f's values are too large for this estimator; rescale f)`);
  }
  if (truth === undefined) return out;
  const biasZ = mean.map((v, j) => zScore(v, truth[j], stderr[j]));
  return { ...out, biasZ };
}
