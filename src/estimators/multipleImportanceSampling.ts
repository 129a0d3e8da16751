/**
 * Multiple importance sampling (Veach & Guibas 1995): n_j samples from each of several proposals q_j, combined by
 * weighting functions w_j(x) that sum to 1 wherever p f ≠ 0,
 *
 *   F = Σ_j (1/n_j) Σ_i w_j(x_ij) p(x_ij) g(x_ij) / q_j(x_ij),   E[F] = E_p[g]
 *
 * with g = f (the value) or g = f ∇θ log pθ (the gradient). Heuristics:
 *   balance  w_j = n_j q_j / Σ_k n_k q_k                (then the term is p g / Σ_k n_k q_k)
 *   power    w_j = (n_j q_j)^β / Σ_k (n_k q_k)^β       (β = 2 in Veach & Guibas)
 * Unbiased whenever the proposals together cover the support of p. Weights are formed in log space.
 * References: Veach & Guibas (SIGGRAPH 1995) "Optimally combining sampling techniques for Monte Carlo rendering";
 * Owen & Zhou (JASA 2000); Elvira, Martino, Luengo & Bugallo (Statistical Science 2019).
 */
import type { Distribution } from "../distributions/distribution.js";
import { assertKey, split, type Key } from "../random/key.js";
import { checkOptionsObject, checkSize, show } from "../util/validate.js";
import { perSampleWidth, type GradientEstimate, type SampleFunction } from "./result.js";
import {
  assertFiniteEstimate, checkDistributions, checkEss, checkOptions, checkSupportCovers, logProbOrNegInf, logSumExp, valueAndScoreTerms,
} from "./importanceWeights.js";

/** Weighting heuristic of {@link multipleImportanceSampling}. */
export type MisHeuristic = "balance" | "power";

/** Options of {@link multipleImportanceSampling}. */
export interface MultipleImportanceSamplingOptions {
  /** Samples per proposal: one number for all (default 1000) or one count per proposal. */
  numSamples?: number | readonly number[];
  /** "balance" (default) or "power". */
  heuristic?: MisHeuristic;
  /** Exponent β of the power heuristic (default 2; β = 1 is the balance heuristic). */
  beta?: number;
  /** Throw if the effective sample size of the combined weights is below this (default 0). */
  minEss?: number;
  /** Target samples drawn to check that the proposals together cover p's support (default 1000; 0 skips). */
  supportCheckSamples?: number;
}

/** A multiple-importance-sampling gradient plus the value estimate and weight diagnostics. */
export interface MultipleImportanceSamplingEstimate extends GradientEstimate {
  /** The estimate of E_p[f] and its standard error. */
  readonly value: number;
  readonly valueStderr: number;
  /** Kish's ESS of the combined per-sample weights u_ij = (N/n_j) w_j p/q_j. */
  readonly ess: number;
  /** log u_ij in sample order (proposal 0's samples first); −∞ where the sample is outside the target's support. */
  readonly logWeights: Float64Array;
  /** Samples drawn from each proposal. */
  readonly counts: readonly number[];
  readonly heuristic: MisHeuristic;
}

/**
 * Multiple-importance-sampling gradient of E_{x~target}[f(x)] with respect to target.params (θ), and of the value
 * E_target[f], from `numSamples` draws of each proposal.
 *
 * `rows` holds the N = Σ n_j per-sample terms u_ij g(x_ij) (proposal 0 first) and `mean` their average (the
 * estimate). The samples are stratified by proposal, so `stderr` is the stratified one, √(Σ_j n_j V_j)/N with V_j
 * the within-proposal sample variance, and `variance` is N·stderr² (not the plain variance of the rows, which
 * would add the between-proposal spread).
 * @example
 *   const p = new Normal({ loc: 1, scale: 2 });
 *   const qs = [new Normal({ loc: -2, scale: 1 }), new Normal({ loc: 3, scale: 1 })];
 *   const g = multipleImportanceSampling((x) => x[0] ** 2, p, qs, key(0), { numSamples: 5000 });
 *   g.value; g.mean; // ≈ 5, ≈ [2, 8]
 */
export function multipleImportanceSampling(
  f: SampleFunction,
  target: Distribution,
  proposals: readonly Distribution[],
  key: Key,
  options: MultipleImportanceSamplingOptions = {},
): MultipleImportanceSamplingEstimate {
  const fn = "multipleImportanceSampling";
  const { numSamples = 1000, heuristic = "balance", beta = 2, minEss = 0, supportCheckSamples = 1000 } = checkOptionsObject<NonNullable<typeof options>>("multipleImportanceSampling", options, "options", ["numSamples", "heuristic", "beta", "minEss", "supportCheckSamples"]);
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  if (!Array.isArray(proposals) || proposals.length === 0) throw new Error(`${fn}: proposals must be a non-empty array of distributions, got ${show(proposals)}`);
  checkDistributions(fn, target, proposals);
  assertKey(fn, key);
  const J = proposals.length;
  const isList = Array.isArray(numSamples) || (ArrayBuffer.isView(numSamples) && !(numSamples instanceof DataView));
  if (typeof numSamples !== "number" && !(isList && (numSamples as ArrayLike<unknown>).length === J)) {
    throw new Error(`${fn}: numSamples must be a number or ${J} counts (one per proposal), got ${show(numSamples)}`);
  }
  const counts = typeof numSamples === "number" ? new Array<number>(J).fill(numSamples) : Array.from(numSamples);
  counts.forEach((c, j) => checkSize(fn, `numSamples[${j}]`, c, perSampleWidth(target)));
  if (heuristic !== "balance" && heuristic !== "power") throw new Error(`${fn}: options.heuristic must be "balance" or "power", got ${show(heuristic)}`);
  if (typeof beta !== "number" || !Number.isFinite(beta) || beta <= 0) throw new Error(`${fn}: options.beta must be a finite number > 0, got ${show(beta)}`);
  checkOptions(fn, minEss, supportCheckSamples);
  const b = heuristic === "balance" ? 1 : beta;

  const keys = split(key, J + 1);
  checkSupportCovers(fn, target, proposals, keys[J], supportCheckSamples);
  const d = target.dim;
  const P = target.paramSize;
  const N = counts.reduce((s, c) => s + c, 0);
  const x = new Float64Array(N * d);
  const owner = new Int32Array(N);
  let at = 0;
  proposals.forEach((q, j) => {
    x.set(q.sample(keys[j], counts[j]), at * d);
    owner.fill(j, at, at + counts[j]);
    at += counts[j];
  });
  // log(n_k q_k(x_i)) for every sample and proposal (−∞ outside q_k's support).
  const logNq = proposals.map((q, k) => logProbOrNegInf(fn, `proposal ${k}`, q, x, N).map((l) => l + Math.log(counts[k])));
  const logP = logProbOrNegInf(fn, "target", target, x, N);
  const logWeights = new Float64Array(N);
  const terms = new Float64Array(J);
  for (let i = 0; i < N; i++) {
    const j = owner[i];
    if (!(logNq[j][i] > -Infinity)) throw new Error(`${fn}: proposal ${j} (${proposals[j].name}).logProb is −Infinity at its own sample ${i}`);
    for (let k = 0; k < J; k++) terms[k] = b * logNq[k][i];
    // log u_i = log N − log n_j + log w_j + log p − log q_j, and log w_j = β log(n_j q_j) − logsumexp_k β log(n_k q_k).
    const logWj = b * logNq[j][i] - logSumExp(terms, fn);
    logWeights[i] = Math.log(N) + logWj + logP[i] - logNq[j][i];
  }
  const ess = checkEss(fn, logWeights, minEss);
  const { fx, fs } = valueAndScoreTerms(fn, f, target, x, logP, N);
  const rows = new Float64Array(N * P);
  const valueRows = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const u = Math.exp(logWeights[i]);
    if (!Number.isFinite(u)) throw new Error(`${fn}: importance weight ${i} overflows (log-weight ${logWeights[i]}); use proposals closer to the target`);
    valueRows[i] = u * fx[i];
    for (let k = 0; k < P; k++) rows[i * P + k] = u * fs[i * P + k];
  }
  const grad = stratifiedEstimate(fn, rows, owner, counts, P);
  const val = stratifiedEstimate(fn, valueRows, owner, counts, 1);
  assertFiniteEstimate(fn, grad, val.mean[0]);
  return { ...grad, value: val.mean[0], valueStderr: val.stderr[0], ess, logWeights, counts, heuristic };
}

/**
 * Mean of all rows and the stratified standard error Σ_j n_j V_j / N² (V_j: within-stratum sample variance).
 * Each column is first divided by a power of two near its largest entry (exact), so finite rows near float64's limit
 * cannot overflow the sums; the results are scaled back, and a variance beyond float64's range throws.
 */
function stratifiedEstimate(fn: string, rowsIn: Float64Array, owner: Int32Array, counts: readonly number[], P: number): GradientEstimate {
  const N = owner.length;
  const J = counts.length;
  const colScale = new Float64Array(P).fill(1);
  for (let i = 0; i < N; i++) for (let k = 0; k < P; k++) colScale[k] = Math.max(colScale[k], Math.abs(rowsIn[i * P + k]));
  for (let k = 0; k < P; k++) colScale[k] = 2 ** Math.min(1023, Math.floor(Math.log2(colScale[k])));
  const rows = rowsIn.map((v, i) => v / colScale[i % P]);
  const mean = new Float64Array(P);
  const within = new Float64Array(J * P);
  for (let i = 0; i < N; i++) for (let k = 0; k < P; k++) within[owner[i] * P + k] += rows[i * P + k];
  for (let j = 0; j < J; j++) for (let k = 0; k < P; k++) {
    mean[k] += within[j * P + k] / N;
    within[j * P + k] /= counts[j];
  }
  const ss = new Float64Array(J * P);
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < P; k++) {
      const r = rows[i * P + k] - within[owner[i] * P + k];
      ss[owner[i] * P + k] += r * r;
    }
  }
  const variance = new Float64Array(P);
  for (let j = 0; j < J; j++) {
    // V_j with divisor n_j − 1 (0 when n_j = 1); Σ_j n_j V_j / N² is the variance of the mean; ×N per sample.
    if (counts[j] < 2) continue;
    for (let k = 0; k < P; k++) variance[k] += (counts[j] * ss[j * P + k]) / (counts[j] - 1) / N;
  }
  const stderr = variance.map((v, k) => Math.sqrt(v / N) * colScale[k]);
  for (let k = 0; k < P; k++) {
    mean[k] *= colScale[k];
    variance[k] *= colScale[k] * colScale[k];
    if (!Number.isFinite(variance[k])) {
      throw new Error(`${fn}: the sample variance of coordinate ${k} is beyond float64's range (weighted terms up to ${show(colScale[k])}·2); use proposals closer to the target or rescale f`);
    }
  }
  return { mean, variance, stderr, rows: rowsIn, numSamples: N, paramSize: P };
}
