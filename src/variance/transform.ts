/**
 * Variance transforms: the composable unit of variance reduction, in the style of Optax's GradientTransformation.
 *
 * A transform rewrites the per-sample gradient rows of one score-function batch without changing their expectation:
 *
 *   { init(): S;  apply(batch, state) → { rows, state } }
 *
 * `batch` holds what every reduction needs — the distribution, the samples x (n×dim), f(x) (n), the scores
 * s = ∇θ log p(x) (n×P) and the current rows (n×P, initially f(x_i) s_i). State is explicit, typed and returned.
 * Transforms compose with `chainVariance(...)` (src/variance/chain.ts); `scoreFunctionWithTransform` runs one.
 *
 * Leave-one-out and coupling. Some transforms estimate a coefficient from the batch leaving row i out (so it is
 * independent of x_i and the result stays unbiased). That argument needs the *input* rows k ≠ i to be functions of
 * x_k alone. A transform whose output rows share information across samples sets `couplesRows`; one whose
 * unbiasedness needs independent input rows sets `needsIndependentRows`; `chainVariance` refuses a chain in which
 * the second follows the first, instead of silently returning a biased estimate.
 */
import { perSampleWidth } from "../estimators/result.js";
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { estimateFromRows, type GradientEstimateWithRows, type SampleFunction } from "../estimators/result.js";
import { sampleScoresAndValues } from "../estimators/scoreFunction.js";
import { assertKey, type Key } from "../random/key.js";
import { checkOptionsObject, checkSize, show } from "../util/validate.js";

/** One score-function batch as the transforms see it. Arrays are shared: transforms must not mutate them. */
export interface ScoreBatch {
  readonly dist: Distribution;
  /** Samples, row-major n×dim. */
  readonly x: Float64Array;
  /** f(x_i), length n. */
  readonly fx: Float64Array;
  /** ∇θ log p(x_i), row-major n×P. */
  readonly scores: Float64Array;
  /** Current per-sample gradient rows, row-major n×P (f(x_i)·s_i before any transform). */
  readonly rows: Float64Array;
  readonly n: number;
  readonly dim: number;
  readonly paramSize: number;
}

/** The result of one transform step: new rows (a fresh array) and the transform's next state. */
export interface TransformResult<S> {
  readonly rows: Float64Array;
  readonly state: S;
}

/**
 * A variance-reduction transform with state S. `apply` must return rows with the same expectation as its input
 * rows (given the declared coupling rules) and must not mutate the batch or the state.
 */
export interface VarianceTransform<S> {
  readonly name: string;
  /** Output row i depends on samples other than x_i (e.g. a leave-one-out baseline). */
  readonly couplesRows: boolean;
  /** Unbiased only if each input row k is a function of x_k alone (e.g. a leave-one-out coefficient). */
  readonly needsIndependentRows: boolean;
  /** The transform's initial state (e.g. a running baseline's starting value). */
  init(): S;
  /** Rewrites the batch's per-sample gradient rows without changing their expectation; returns the new rows and the next state. */
  apply(batch: ScoreBatch, state: S): TransformResult<S>;
}

/**
 * Draws n samples and builds the score-function batch: x, f(x), scores and rows f(x_i)·s_i.
 * @example const batch = scoreBatch((x) => x[0] ** 2, new Normal({ loc: 1, scale: 2 }), key(0), 1000);
 */
export function scoreBatch(f: SampleFunction, dist: Distribution, key: Key, numSamples: number): ScoreBatch {
  return makeBatch("scoreBatch", f, dist, key, numSamples);
}

function makeBatch(fn: string, f: SampleFunction, dist: Distribution, key: Key, numSamples: number): ScoreBatch {
  checkDistribution(fn, dist);
  assertKey(fn, key);
  checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  const n = numSamples;
  const { x, scores, fx } = sampleScoresAndValues(fn, f, dist, key, n);
  const P = dist.paramSize;
  const rows = new Float64Array(n * P);
  for (let i = 0; i < n; i++) {
    const w = fx[i];
    for (let j = 0; j < P; j++) {
      const r = w * scores[i * P + j];
      if (!Number.isFinite(r)) {
        throw new Error(`${fn}: f(x)·score = ${show(r)} at sample ${i}, coordinate ${j} overflows float64 (f = ${show(w)}); rescale f`);
      }
      rows[i * P + j] = r;
    }
  }
  return { dist, x, fx, scores, rows, n, dim: dist.dim, paramSize: P };
}

/**
 * The batch with its rows replaced (after a transform step). The rows must be a Float64Array of n·P finite numbers.
 * @example const next = withRows(batch, t.apply(batch, state).rows);
 */
export function withRows(batch: ScoreBatch, rows: Float64Array): ScoreBatch {
  const fn = "withRows";
  if (batch === null || typeof batch !== "object" || !Number.isInteger(batch.n) || !Number.isInteger(batch.paramSize)) {
    throw new Error(`${fn}: batch must be a ScoreBatch (from scoreBatch), got ${show(batch)}`);
  }
  if (!(rows instanceof Float64Array) || rows.length !== batch.n * batch.paramSize) {
    throw new Error(`${fn}: rows must be a Float64Array of n·P = ${batch.n * batch.paramSize} numbers, got ${show(rows)}`);
  }
  for (let k = 0; k < rows.length; k++) {
    if (!Number.isFinite(rows[k])) throw new Error(`${fn}: rows[${k}] must be a finite number, got ${show(rows[k])}`);
  }
  return { ...batch, rows };
}

/**
 * Checks at a public boundary (a transform's `apply`) that `batch` is a {@link ScoreBatch}: sizes n, dim and P
 * positive integers, the distribution, and x, fx, scores and rows Float64Arrays of n·dim, n, n·P and n·P entries
 * (O(1): their values were checked by scoreBatch / withRows). The error names `fn` and the field.
 */
export function checkScoreBatch(fn: string, batch: unknown): ScoreBatch {
  const b = batch as Partial<ScoreBatch> | null;
  if (b === null || typeof b !== "object") throw new Error(`${fn}: batch must be a ScoreBatch (from scoreBatch), got ${show(batch)}`);
  for (const k of ["n", "dim", "paramSize"] as const) {
    if (typeof b[k] !== "number" || !Number.isInteger(b[k]) || (b[k] as number) < 1) throw new Error(`${fn}: batch.${k} must be a positive integer (a ScoreBatch from scoreBatch), got ${show(b[k])}`);
  }
  const { n, dim, paramSize: P } = b as ScoreBatch;
  checkDistribution(fn, b.dist, "batch.dist");
  for (const [k, len] of [["x", n * dim], ["fx", n], ["scores", n * P], ["rows", n * P]] as const) {
    if (!(b[k] instanceof Float64Array) || b[k].length !== len) throw new Error(`${fn}: batch.${k} must be a Float64Array of ${len} numbers (a ScoreBatch from scoreBatch), got ${show(b[k])}`);
  }
  return b as ScoreBatch;
}

/** Throws unless `t` looks like a {@link VarianceTransform}. */
export function checkTransform(fn: string, arg: string, t: unknown): void {
  const v = t as Partial<VarianceTransform<unknown>>;
  if (typeof v !== "object" || v === null || typeof v.init !== "function" || typeof v.apply !== "function") {
    throw new Error(`${fn}: ${arg} must be a variance transform { init, apply }, got ${show(t)}`);
  }
}

/** Throws unless the rows a transform returned are an n×P array of finite numbers. */
export function checkRows(fn: string, name: string, rows: unknown, n: number, P: number): Float64Array {
  if (!(rows instanceof Float64Array) || rows.length !== n * P) {
    throw new Error(`${fn}: transform ${name} must return rows of length n·P = ${n * P}, got ${show(rows)}`);
  }
  for (let i = 0; i < rows.length; i++) {
    if (!Number.isFinite(rows[i])) {
      throw new Error(`${fn}: transform ${name} produced a non-finite row entry ${show(rows[i])} at sample ${Math.floor(i / P)}, coordinate ${i % P}`);
    }
  }
  return rows;
}

/**
 * The score-function estimator followed by a variance transform (or a chain of them): returns the estimate and the
 * transform's next state.
 *
 *   rows_i = T(f(x_i) ∇θ log p(x_i)),  E[rows_i] = ∇θ E[f]   (each transform preserves the expectation)
 * @example
 *   const t = chainVariance(controlVariateTransform(deltaMethodControlVariate(f, grad, hess)), baselineTransform("mean"));
 *   const { estimate, state } = scoreFunctionWithTransform(f, dist, key(0), t, t.init(), { numSamples: 100 });
 */
export function scoreFunctionWithTransform<S>(
  f: SampleFunction,
  dist: Distribution,
  key: Key,
  transform: VarianceTransform<S>,
  state: S,
  options: { numSamples?: number } = {},
): { estimate: GradientEstimateWithRows; state: S } {
  const fn = "scoreFunctionWithTransform";
  const { numSamples = 1000 } = checkOptionsObject<NonNullable<typeof options>>("scoreFunctionWithTransform", options);
  checkTransform(fn, "transform", transform);
  const batch = makeBatch(fn, f, dist, key, numSamples);
  const out = transform.apply(batch, state);
  const rows = checkRows(fn, transform.name, out.rows, batch.n, batch.paramSize);
  return { estimate: estimateFromRows(rows, batch.n, batch.paramSize, fn), state: out.state };
}
