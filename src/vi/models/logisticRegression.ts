/**
 * Bayesian logistic regression, the setup of Mohamed, Rosca, Figurnov & Mnih (JMLR 2020, §8.3):
 *
 *   w ~ N(0, τ² I_d),   y_i | w ~ Bernoulli(σ(x_iᵀ w)),  i = 1 … N
 *
 * log p(y, w) = Σ_j log N(w_j; 0, τ²) + Σ_i [y_i η_i − softplus(η_i)],  η_i = x_iᵀ w,
 * ∇_w log p = −w/τ² + Σ_i (y_i − σ(η_i)) x_i.
 *
 * Terms: one prior term per weight (reading that weight) and one likelihood term per data point (reading all of
 * them), so Rao-Blackwellization drops the other weights' prior terms from each weight's score.
 * Minibatches: `subsample(key)` returns the same model on B rows drawn without replacement, with the likelihood
 * scaled by N/B — an unbiased estimate of the full log joint and of its gradient (Hoffman et al. 2013).
 */
import { assertKey, type Key } from "../../random/key.js";
import { LOG_2PI } from "../../util/constants.js";
import { Stream } from "../../random/stream.js";
import { digest } from "../../util/codec.js";
import { checkPositive, checkPositiveInt, show, toFiniteVector } from "../../util/validate.js";
import { checkLatents, checkLogJoint, type ModelTerm, type Model } from "../model.js";
import { gatherRows, LogisticScratch, logisticBatch, transposeInto } from "./logisticBatch.js";

/** Data and hyperparameters of {@link logisticRegression}. */
export interface LogisticRegressionData {
  /** Design matrix, row-major N × d (include a bias column of ones if wanted). */
  x: ArrayLike<number>;
  /** Labels 0 or 1, length N. */
  y: ArrayLike<number>;
  /** Number of weights d. */
  d: number;
  /** Prior standard deviation τ (default 1). */
  priorScale?: number;
  /** Minibatch size B for `subsample` (default: the full data, N). */
  batchSize?: number;
  /**
   * Run the batch functions' products in WebAssembly SIMD where the engine has it (default true). The results are
   * the same to the bit either way; false keeps everything in TypeScript (for comparison, or a strict CSP).
   */
  simd?: boolean;
}

/** A logistic-regression model with its data. */
export interface LogisticRegressionModel extends Model {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly batchSize: number;
  /** The model on a random minibatch of `batchSize` rows, likelihood scaled by N/B. */
  subsample(k: Key): Model;
}

/** log(1 + eᵗ) without overflow. */
function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

/** x[o..o+d)·z[zo..zo+d) (four partial sums: a shorter dependency chain, same value to rounding). */
function rowDot(x: Float64Array, o: number, z: Float64Array, zo: number, d: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let e = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    a += x[o + j] * z[zo + j];
    b += x[o + j + 1] * z[zo + j + 1];
    c += x[o + j + 2] * z[zo + j + 2];
    e += x[o + j + 3] * z[zo + j + 3];
  }
  for (; j < d; j++) a += x[o + j] * z[zo + j];
  return a + b + (c + e);
}

/** Σ_j z_j² over the d weights. */
function sumOfSquares(z: Float64Array, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += z[j] * z[j];
  return s;
}

/** Row i's log-likelihood y_i η − softplus(η), η = x_iᵀ z (x row-major with d columns). */
function rowLikelihood(x: Float64Array, y: Float64Array, i: number, z: Float64Array, d: number): number {
  const e = rowDot(x, i * d, z, 0, d);
  return y[i] * e - softplus(e);
}

/**
 * The log joint on rows of the data (x, y) — all of them (`rows` null) or a minibatch of row indices — with the
 * likelihood scaled by `weight`. One function builds both the full model and each minibatch, so they cannot disagree.
 * The one-sample functions and terms read the model's own contiguous copy of its rows (made on first use); the
 * batch functions (logisticBatch.ts) gather the rows into the shared scratch instead, so a minibatch used only
 * through them allocates nothing but its row indices.
 */
function build(xAll: Float64Array, yAll: Float64Array, rows: Int32Array | null, d: number, tau: number, weight: number, scratch: LogisticScratch, identity: Record<string, unknown>): Model {
  const n = rows === null ? yAll.length : rows.length;
  const t2 = tau * tau;
  const priorConst = -0.5 * (LOG_2PI + Math.log(t2));
  const constants = { d, t2, priorConst, weight };
  // The one-sample functions' data: this model's rows, contiguous, and xᵀ (d × n), built on first use.
  let own: { x: Float64Array; y: Float64Array; xT: Float64Array } | undefined;
  const data = () => {
    if (own === undefined) {
      if (rows === null) own = { x: xAll, y: yAll, xT: (scratch.xTFull ??= transposeInto(xAll, n, d, new Float64Array(n * d))) };
      else {
        const x = new Float64Array(n * d);
        const y = new Float64Array(n);
        gatherRows(xAll, yAll, rows, d, x, y);
        own = { x, y, xT: transposeInto(x, n, d, new Float64Array(n * d)) };
      }
    }
    return own;
  };
  const batchData = { x: xAll, y: yAll, rows };
  let g: Float64Array | undefined; // the one-sample gradient's per-row weights, allocated on first use
  let terms: ModelTerm[] | undefined;
  return {
    name: "blr",
    dim: d,
    identity,
    logJoint(z) {
      checkLatents("logisticRegression.logJoint", z, d, "the weights");
      const { x, y } = data();
      const prior = sumOfSquares(z, d);
      let lik = 0;
      for (let i = 0; i < n; i++) lik += rowLikelihood(x, y, i, z, d);
      return checkLogJoint("logisticRegression.logJoint", d * priorConst - (0.5 * prior) / t2 + weight * lik, z);
    },
    logJointBatch(z, out) {
      logisticBatch(constants, batchData, z, null, out, scratch);
    },
    gradLogJoint(z, out) {
      checkLatents("logisticRegression.gradLogJoint", z, d, "the weights");
      const { x, y, xT } = data();
      g ??= new Float64Array(n);
      const prior = sumOfSquares(z, d);
      let lik = 0;
      for (let i = 0; i < n; i++) {
        const e = rowDot(x, i * d, z, 0, d);
        // One exponential for both: softplus(η) = max(η, 0) + log1p(e^{−|η|}), σ(η) from the same e^{−|η|}.
        const u = Math.exp(-Math.abs(e));
        const p = e >= 0 ? 1 / (1 + u) : u / (1 + u);
        lik += y[i] * e - (e > 0 ? e : 0) - Math.log1p(u);
        g[i] = weight * (y[i] - p);
      }
      for (let j = 0; j < d; j++) out[j] = rowDot(xT, j * n, g, 0, n) - z[j] / t2;
      return checkLogJoint("logisticRegression.gradLogJoint", d * priorConst - (0.5 * prior) / t2 + weight * lik, z);
    },
    gradLogJointBatch(z, gradOut, valueOut) {
      logisticBatch(constants, batchData, z, gradOut, valueOut, scratch);
    },
    // Built on first use: a minibatch used only through gradLogJoint never pays for n + d closures. The prior terms
    // (the same for every minibatch) and the latents array of the likelihood terms are shared through the scratch;
    // a likelihood term's name is made when read.
    get terms(): ModelTerm[] {
      if (terms === undefined) {
        const shared = (scratch.terms ??= {
          all: Array.from({ length: d }, (_, j) => j),
          prior: Array.from({ length: d }, (_, j) => ({ name: `prior w[${j}]`, latents: [j], logDensity: (z: Float64Array) => priorConst - (0.5 * z[j] * z[j]) / t2 })),
        });
        terms = [
          ...shared.prior,
          ...Array.from({ length: n }, (_, i) => ({
            get name() {
              return `y[${rows === null ? i : rows[i]}]`;
            },
            latents: shared.all,
            logDensity: (z: Float64Array) => {
              const { x, y } = data();
              return weight * rowLikelihood(x, y, i, z, d);
            },
          })),
        ];
      }
      return terms;
    },
  };
}

/**
 * Bayesian logistic regression as a black-box model: latents z = w (d weights), log joint, gradient (one sample or
 * a batch), terms and minibatches.
 * @example
 *   const model = logisticRegression({ x, y, d: 31, batchSize: 32 });
 *   const batch = model.subsample(foldIn(key(0), step)); // an unbiased minibatch log joint for this step
 */
export function logisticRegression(data: LogisticRegressionData): LogisticRegressionModel {
  const fn = "logisticRegression";
  if (data === null || typeof data !== "object") throw new Error(`${fn}: data must be { x, y, d, priorScale?, batchSize? }, got ${show(data)}`);
  const d = checkPositiveInt(fn, "d", data.d);
  const y = toFiniteVector(fn, "y", data.y);
  const n = y.length;
  for (let i = 0; i < n; i++) if (y[i] !== 0 && y[i] !== 1) throw new Error(`${fn}: y[${i}] must be 0 or 1, got ${show(y[i])}`);
  const x = toFiniteVector(fn, "x", data.x, n * d);
  const tau = checkPositive(fn, "priorScale", data.priorScale ?? 1);
  const batchSize = checkPositiveInt(fn, "batchSize", data.batchSize ?? n);
  if (batchSize > n) throw new Error(`${fn}: batchSize must be at most the number of data points ${n}, got ${batchSize}`);
  const identity = { n, d, priorScale: tau, batchSize, data: digest({ x, y }) };
  if (data.simd !== undefined && typeof data.simd !== "boolean") throw new Error(`${fn}: simd must be true or false, got ${show(data.simd)}`);
  const scratch = new LogisticScratch(data.simd ?? true);
  const full = build(x, y, null, d, tau, 1, scratch, identity);
  // perm is the identity between calls: each subsample undoes its swaps (drawn into `swaps`) after copying its rows.
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const swaps = new Int32Array(batchSize);
  return {
    ...full,
    x,
    y,
    n,
    batchSize,
    subsample(k) {
      assertKey("logisticRegression.subsample", k);
      if (batchSize === n) return full;
      // Partial Fisher–Yates on the identity permutation: the first B entries of a random permutation.
      const s = new Stream(k);
      for (let b = 0; b < batchSize; b++) {
        const j = b + s.integer(n - b);
        swaps[b] = j;
        const t = perm[b];
        perm[b] = perm[j];
        perm[j] = t;
      }
      const rows = perm.slice(0, batchSize);
      for (let b = batchSize - 1; b >= 0; b--) {
        const j = swaps[b];
        const t = perm[b];
        perm[b] = perm[j];
        perm[j] = t;
      }
      return build(x, y, rows, d, tau, n / batchSize, scratch, identity);
    },
  };
}

/** Held-out performance of a posterior over the weights, from weight samples. */
export interface PredictiveScore {
  /** Fraction of rows whose label is the class with posterior-predictive probability ≥ ½. */
  readonly accuracy: number;
  /** Mean over rows of log p(y_i | x_i, data) ≈ log (1/S) Σ_s p(y_i | x_i, w_s). */
  readonly logLikelihood: number;
}

/**
 * Accuracy and log predictive likelihood of labels y (0/1) at rows x (N × d) under weight samples w (S × d),
 * averaging the predictive probability over the samples (a Monte Carlo posterior predictive).
 * @example logisticPredictive(test.x, test.y, 31, guideSamples, 1000); // { accuracy ≈ 0.97, logLikelihood ≈ −0.08 }
 */
export function logisticPredictive(x: ArrayLike<number>, y: ArrayLike<number>, d: number, w: ArrayLike<number>, numSamples: number): PredictiveScore {
  const fn = "logisticPredictive";
  checkPositiveInt(fn, "d", d);
  checkPositiveInt(fn, "numSamples", numSamples);
  const yv = toFiniteVector(fn, "y", y);
  const n = yv.length;
  const xv = toFiniteVector(fn, "x", x, n * d);
  const wv = toFiniteVector(fn, "w", w, numSamples * d);
  let correct = 0;
  let ll = 0;
  const lp = new Float64Array(numSamples);
  for (let i = 0; i < n; i++) {
    let p = 0;
    let max = -Infinity;
    for (let s = 0; s < numSamples; s++) {
      let e = 0;
      for (let j = 0; j < d; j++) e += xv[i * d + j] * wv[s * d + j];
      p += sigmoid(e) / numSamples;
      // log p(y_i | w_s) = −softplus(∓η): exact in the tails, where 1 − σ(η) would round to 0.
      lp[s] = -softplus(yv[i] === 1 ? -e : e);
      max = Math.max(max, lp[s]);
    }
    let acc = 0;
    for (let s = 0; s < numSamples; s++) acc += Math.exp(lp[s] - max);
    ll += (max + Math.log(acc / numSamples)) / n;
    if ((p >= 0.5 ? 1 : 0) === yv[i]) correct++;
  }
  return { accuracy: correct / n, logLikelihood: ll };
}
