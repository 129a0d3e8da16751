/**
 * Score-function (black-box) ELBO gradients: the core's score-function estimator applied to
 * f(z) = log p(x, z) − log qθ(z),
 *
 *   ∇θ L = E_q[(log p(x, z) − log qθ(z)) ∇θ log qθ(z)]       (the −E[∇θ log q] term is zero)
 *
 * needing only evaluations of log p (Ranganath, Gerrish & Blei 2014; Wingate & Weber 2013). Variants:
 * Rao-Blackwellized by the model's terms (downstream.ts), the score as a control variate with the per-coordinate
 * coefficient estimated leave-one-out (the core's controlVariateTransform(scoreControlVariate()): exactly unbiased,
 * Ranganath et al. §3.2), and exact enumeration of discrete factors.
 */
import type { Distribution } from "../distributions/distribution.js";
import type { Key } from "../random/key.js";
import { controlVariateTransform, scoreControlVariate } from "../variance/controlVariate.js";
import { checkTermValue, downstreamRows, downstreamStructure, factorLogProbs, groupValues, type DownstreamStructure } from "./downstream.js";
import { elboResult, estimatorArgs, type ElboGradient, type ElboGradientOptions, type EntropyMode } from "./elboCommon.js";
import { finiteSupport } from "./guide.js";
import { checkGuideLogProbs, logJointRows, type Model } from "./model.js";

/** The draws every score-function ELBO estimator starts from; scores are computed before the model sees z. */
function draw(fn: string, guide: Distribution, key: Key, n: number): { z: Float64Array; logq: Float64Array; scores: Float64Array } {
  const { x: z, logProb: logq } = guide.sampleAndLogProb(key, n);
  const d = guide.dim;
  checkGuideLogProbs(fn, logq, z, d);
  return { z, logq, scores: guide.score(z) };
}

/** Per-sample ELBO values: log p − log q (sample entropy) or log p + H (analytic). */
function elboValues(logp: Float64Array, logq: Float64Array, entropy: EntropyMode, guide: Distribution): Float64Array {
  const h = entropy === "analytic" ? guide.entropy() : 0;
  return logp.map((v, i) => (entropy === "analytic" ? v + h : v - logq[i]));
}

/**
 * Plain score-function ELBO gradient: row i = (log p(x, z_i) − log q(z_i)) ∇θ log q(z_i) (with `entropy:
 * "analytic"`, log p(x, z_i) ∇θ log q(z_i) + ∇θ H). Unbiased for any guide; the variance is often large.
 * @example elboScore(model, new Normal({ loc: [0, 0], scale: 1 }), key(0), { numSamples: 64 }).gradient.mean
 */
export function elboScore(model: Model, guide: Distribution, key: Key, options: ElboGradientOptions = {}): ElboGradient {
  const fn = "elboScore";
  const { n, entropy, entropyGrad } = estimatorArgs(fn, model, guide, key, options);
  const { z, logq, scores } = draw(fn, guide, key, n);
  const logp = logJointRows(fn, model, z, n);
  const values = elboValues(logp, logq, entropy, guide);
  const P = guide.paramSize;
  const rows = new Float64Array(n * P);
  for (let i = 0; i < n; i++) {
    const w = entropy === "analytic" ? logp[i] : values[i];
    for (let p = 0; p < P; p++) rows[i * P + p] = w * scores[i * P + p] + (entropyGrad === null ? 0 : entropyGrad[p]);
  }
  return elboResult(fn, "score", rows, n, P, values);
}

/** Rao-Blackwellized rows and the ELBO values, shared by score-rb and score-rb-cv. */
function raoBlackwellized(fn: string, model: Model, guide: Distribution, key: Key, options: ElboGradientOptions, minSamples: number) {
  const { n, entropy, entropyGrad } = estimatorArgs(fn, model, guide, key, options, minSamples);
  const structure = downstreamStructure(fn, model, guide);
  const { z, logq, scores } = draw(fn, guide, key, n);
  const d = guide.dim;
  const { values: gv, logJoint: logp } = groupValues(fn, structure, model, z, n, d);
  const lq = entropy === "sample" ? factorLogProbs(structure.factors, z, n, d, guide) : null;
  const rows = downstreamRows(structure, gv, lq, scores, n, guide.paramSize, entropyGrad);
  return { n, z, scores, rows, values: elboValues(logp, logq, entropy, guide), logp, structure };
}

/**
 * Rao-Blackwellized score-function ELBO gradient: the score of each guide factor multiplies only the model terms
 * that read its latents, minus its own log q (see downstream.ts). Unbiased when the terms' declared latents are
 * right — audit them with `checkDependencies`.
 * @example elboScoreRb(model, guide, key(0), { numSamples: 64 })
 */
export function elboScoreRb(model: Model, guide: Distribution, key: Key, options: ElboGradientOptions = {}): ElboGradient {
  const fn = "elboScoreRb";
  const { n, rows, values } = raoBlackwellized(fn, model, guide, key, options, 1);
  return elboResult(fn, "score-rb", rows, n, guide.paramSize, values);
}

/**
 * Rao-Blackwellized score-function ELBO gradient with the score as a control variate: row_{i,p} − c_{i,p} s_{i,p},
 * c_{i,p} = Σ_{k≠i} row_{k,p} s_{k,p} / Σ_{k≠i} s_{k,p}² — the per-coordinate optimal scaling of Ranganath et al.
 * (2014, eq. 8) estimated leave-one-out, so the estimate stays exactly unbiased. Needs numSamples ≥ 2.
 * @example elboScoreRbCv(model, guide, key(0), { numSamples: 32 })
 */
export function elboScoreRbCv(model: Model, guide: Distribution, key: Key, options: ElboGradientOptions = {}): ElboGradient {
  const fn = "elboScoreRbCv";
  const { n, z, scores, rows, logp, values } = raoBlackwellized(fn, model, guide, key, options, 2);
  const P = guide.paramSize;
  const t = controlVariateTransform(scoreControlVariate());
  const out = t.apply({ dist: guide, x: z, fx: logp, scores, rows, n, dim: guide.dim, paramSize: P }, t.init());
  return elboResult(fn, "score-rb-cv", out.rows, n, P, values);
}

/**
 * Score-function ELBO gradient with every discrete factor of the guide (a 1-D Bernoulli, a Categorical) summed
 * exactly over its support, given the other latents of the sample — the conditional expectation of the
 * Rao-Blackwellized row: the rule of the core's enumeratedScoreFunction (src/variance/enumerate.ts) applied factor by
 * factor, re-evaluating only the terms that read the factor (Pyro's TraceEnum_ELBO does the same):
 *
 *   row_{i,p} = Σ_v q_g(v) (Σ_{t reads z_g} ℓ_t(z_i with z_g = v) − log q_g(v)) ∂θ_p log q_g(v),   p in factor g
 *
 * Continuous factors keep their Rao-Blackwellized rows. Costs |support| evaluations of each term that reads the
 * factor, per sample. With only discrete latents, each read by terms of its own, the gradient is exact.
 * @example elboEnumerate(mixtureModel, independentCategorical(logits), key(0), { numSamples: 4 })
 */
export function elboEnumerate(model: Model, guide: Distribution, key: Key, options: ElboGradientOptions = {}): ElboGradient {
  const fn = "elboEnumerate";
  const { n, z, rows, values, structure } = raoBlackwellized(fn, model, guide, key, options, 1);
  let enumerated = 0;
  structure.factors.forEach((f, g) => {
    const support = finiteSupport(f.dist);
    if (support === null) return;
    enumerated++;
    enumerateFactor(fn, structure, g, support, z, n, guide.dim, guide.paramSize, rows);
  });
  if (enumerated === 0) {
    throw new Error(`${fn}: the guide (${guide.name}) has no discrete factor (Bernoulli, Categorical) to enumerate; use "score-rb-cv" or a pathwise estimator`);
  }
  return elboResult(fn, "enumerate", rows, n, guide.paramSize, values);
}

/** Overwrites the rows of factor g's parameters with the exact sum over its support (see {@link elboEnumerate}). */
function enumerateFactor(
  fn: string,
  structure: DownstreamStructure,
  g: number,
  support: number[],
  z: Float64Array,
  n: number,
  d: number,
  P: number,
  rows: Float64Array,
): void {
  const f = structure.factors[g];
  const j = f.latents[0];
  const V = support.length;
  const x = Float64Array.from(support);
  const lq = f.dist.logProb(x);
  const s = f.dist.score(x);
  const Pg = f.params.length;
  const zi = new Float64Array(d);
  const acc = new Float64Array(Pg);
  for (let i = 0; i < n; i++) {
    acc.fill(0);
    for (let v = 0; v < V; v++) {
      const q = Math.exp(lq[v]);
      if (q === 0) continue;
      zi.set(z.subarray(i * d, (i + 1) * d));
      zi[j] = support[v];
      let cost = -lq[v];
      for (const h of structure.groupsOf[g]) {
        for (const k of structure.groups[h]) {
          const t = structure.terms[k].logDensity(zi);
          cost += Number.isFinite(t) ? t : checkTermValue(fn, structure.terms, k, t, i, zi);
        }
      }
      for (let p = 0; p < Pg; p++) acc[p] += q * cost * s[v * Pg + p];
    }
    f.params.forEach((p, k) => (rows[i * P + p] = acc[k]));
  }
}
