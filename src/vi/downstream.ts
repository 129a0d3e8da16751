/**
 * The bookkeeping of Rao-Blackwellization for the ELBO: which model terms each guide factor's score must multiply.
 *
 * With q(z) = Π_g q_g(z_g) and log p(x, z) = Σ_t ℓ_t(z), the score of θ_g (the parameters of factor g) depends on
 * z_g alone and has mean zero, so every term independent of z_g drops out of its estimator:
 *
 *   ∂L/∂θ_g = E[ s_g(z) · ( Σ_{t reads z_g} ℓ_t(z) − log q_g(z_g) ) ]
 *
 * This is the downstream-cost rule of src/variance/downstream.ts (Schulman et al. 2015; Pyro's TraceGraph_ELBO),
 * generalized from single coordinates to blocks of latents (a full-rank Normal is one block) and with the guide's
 * own −log q_g as a term of its block. A model without terms is one term reading every latent (then only the
 * other factors' −log q drop out).
 */
import type { Distribution } from "../distributions/distribution.js";
import { diagonalLocationScale, guideFactors, type GuideFactor } from "./guide.js";
import { checkLogValue, checkTerms, termLabel, type Model, type ModelTerm } from "./model.js";

/**
 * Factors of the guide, the model's terms and which terms read each factor. Terms that declare the same set of
 * latents are read by the same factors, so they are summed once as a group (all the likelihood terms of a regression
 * that reads every weight form one group): the per-factor sums then cost one addition per group, not per term.
 */
export interface DownstreamStructure {
  readonly factors: readonly GuideFactor[];
  readonly terms: readonly ModelTerm[];
  /** groups[h]: indices of the terms that declare one same set of latents. */
  readonly groups: readonly (readonly number[])[];
  /** groupsOf[g]: the groups that read at least one latent of factor g. */
  readonly groupsOf: readonly (readonly number[])[];
  /** The group whose terms read every latent, or −1. */
  readonly full: number;
}

/** Builds the {@link DownstreamStructure} of a model and a guide. */
export function downstreamStructure(fn: string, model: Model, guide: Distribution): DownstreamStructure {
  const d = model.dim;
  const terms: readonly ModelTerm[] =
    model.terms === undefined ? [{ latents: Array.from({ length: d }, (_, j) => j), logDensity: (z) => model.logJoint(z), name: "logJoint" }] : checkTerms(fn, model.terms, d);
  const groupIndex = new Map<string, number>();
  const groups: number[][] = [];
  const readers: number[][] = Array.from({ length: d }, () => []);
  // Terms often share one latents array (every likelihood term of a regression): its key is built once.
  const keys = new Map<readonly number[], { latents: number[]; id: string }>();
  terms.forEach((t, k) => {
    let known = keys.get(t.latents);
    if (known === undefined) {
      const sorted = [...new Set(t.latents)].sort((a, b) => a - b);
      keys.set(t.latents, (known = { latents: sorted, id: sorted.join(",") }));
    }
    const { latents, id } = known;
    let h = groupIndex.get(id);
    if (h === undefined) {
      h = groups.length;
      groupIndex.set(id, h);
      groups.push([]);
      for (const j of latents) readers[j].push(h);
    }
    groups[h].push(k);
  });
  const full = groups.findIndex((g) => keys.get(terms[g[0]].latents)?.latents.length === d);
  const factors = guideFactors(guide);
  const groupsOf = factors.map((f) => {
    const set = new Set<number>();
    for (const j of f.latents) for (const h of readers[j]) set.add(h);
    return [...set].sort((a, b) => a - b);
  });
  return { factors, terms, groups, groupsOf, full };
}

/**
 * Σ of the terms of each group at each row (groups × n), every term value checked finite (the error names the term,
 * the sample and z); also the log joint Σ_t ℓ_t(z_i) (length n). With a batch log joint (model.logJointBatch), the
 * group that reads every latent — all the likelihood terms of a regression, or the whole model when it has no terms —
 * is not summed term by term but taken as log p(x, z) − (the other groups), which the terms' contract makes equal to
 * rounding; a non-finite batch value sends it back to the term-by-term sum, whose checks name the term.
 */
export function groupValues(fn: string, structure: DownstreamStructure, model: Model, z: Float64Array, n: number, d: number): { values: Float64Array[]; logJoint: Float64Array } {
  const { terms, full } = structure;
  let rows: Float64Array[] | undefined; // row views, made only if a group is summed term by term
  const sumTerms = (group: readonly number[]) => {
    rows ??= Array.from({ length: n }, (_, i) => z.subarray(i * d, (i + 1) * d));
    const out = new Float64Array(n);
    for (const k of group) {
      const t = terms[k];
      for (let i = 0; i < n; i++) {
        const v = t.logDensity(rows[i]);
        out[i] += Number.isFinite(v) ? v : checkTermValue(fn, terms, k, v, i, rows[i]);
      }
    }
    return out;
  };
  const batch = full >= 0 && typeof model.logJointBatch === "function" ? new Float64Array(n) : null;
  if (batch !== null) {
    (model.logJointBatch as NonNullable<Model["logJointBatch"]>)(z.subarray(0, n * d), batch);
    let check = 0;
    for (let i = 0; i < n; i++) check += batch[i] - batch[i];
    if (check === 0) {
      const values = structure.groups.map((group, h) => (h === full ? batch.slice() : sumTerms(group)));
      values.forEach((v, h) => {
        if (h !== full) for (let i = 0; i < n; i++) values[full][i] -= v[i];
      });
      return { values, logJoint: batch };
    }
  }
  const logJoint = new Float64Array(n);
  const values = structure.groups.map((group) => {
    const out = sumTerms(group);
    for (let i = 0; i < n; i++) logJoint[i] += out[i];
    return out;
  });
  return { values, logJoint };
}

/** Throws the error of a non-finite term value (built only on failure: labels cost a string per term). */
export function checkTermValue(fn: string, terms: readonly ModelTerm[], k: number, v: unknown, i: number, z: Float64Array): number {
  return checkLogValue(fn, `model.${termLabel(terms, k)}.logDensity`, v, i, z);
}

/**
 * log q_g(z_{i,g}) for every factor g and row i (factors × n). For a diagonal location–scale guide whose factors
 * are its coordinates (a mean-field Normal or Laplace) in one call instead of one per coordinate: log q_j(z) =
 * log p₀((z − μ_j)/σ_j) − log σ_j with p₀ the family's standard member (θ = 0), equal to the marginals' own values to
 * rounding.
 */
export function factorLogProbs(factors: readonly GuideFactor[], z: Float64Array, n: number, d: number, guide?: Distribution): Float64Array[] {
  const ls = guide !== undefined && factors.length === d && d > 1 && typeof guide.marginal === "function" ? diagonalLocationScale(guide) : null;
  if (ls !== null && factors.every((f, j) => f.latents.length === 1 && f.latents[0] === j)) {
    const { loc, scale } = ls;
    const eps = new Float64Array(n * d);
    for (let j = 0; j < d; j++) {
      const mu = loc[j];
      const sigma = scale[j];
      for (let k = j; k < n * d; k += d) eps[k] = (z[k] - mu) / sigma;
    }
    const standard = (guide as Distribution & { marginal(j: number): Distribution }).marginal(0);
    const base = standard.withParams(new Float64Array(standard.paramSize)).logProb(eps);
    return factors.map((_, j) => {
      const out = new Float64Array(n);
      const logSigma = Math.log(scale[j]);
      for (let i = 0; i < n; i++) out[i] = base[i * d + j] - logSigma;
      return out;
    });
  }
  return factors.map((f) => {
    const L = f.latents;
    const dg = L.length;
    const zg = new Float64Array(n * dg);
    for (let i = 0; i < n; i++) for (let j = 0; j < dg; j++) zg[i * dg + j] = z[i * d + L[j]];
    return f.dist.logProb(zg);
  });
}

/**
 * Rao-Blackwellized score rows (n×P): row_{i,p} = s_{i,p} · (Σ_{t reads factor g} ℓ_t(z_i) − [sample entropy]
 * log q_g(z_{i,g})) + [analytic entropy] ∂H/∂θ_p, for p in factor g; `gv` are the group sums of {@link groupValues}.
 */
export function downstreamRows(
  structure: DownstreamStructure,
  gv: readonly Float64Array[],
  lq: readonly Float64Array[] | null,
  scores: Float64Array,
  n: number,
  P: number,
  entropyGrad: Float64Array | null,
): Float64Array {
  const rows = new Float64Array(n * P);
  const cost = new Float64Array(n);
  structure.factors.forEach((f, g) => {
    cost.fill(0);
    for (const h of structure.groupsOf[g]) for (let i = 0; i < n; i++) cost[i] += gv[h][i];
    if (lq !== null) for (let i = 0; i < n; i++) cost[i] -= lq[g][i];
    for (const p of f.params) {
      const h = entropyGrad === null ? 0 : entropyGrad[p];
      for (let i = 0; i < n; i++) rows[i * P + p] = cost[i] * scores[i * P + p] + h;
    }
  });
  return rows;
}
