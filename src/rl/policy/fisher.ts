/**
 * Fisher-vector products of a policy over a batch of states, matrix-free (never a P × P matrix, never an M × P one):
 *
 *   exact:      F v = (1/M) Σ_t J_tᵀ F_dist(s_t) J_t v            (Kakade 2001; the metric of TRPO, Schulman et al. 2015)
 *   empirical:  F̂ v = (1/M) Σ_t s_t (s_tᵀ v),  s_t = ∇θ log π(a_t|s_t)
 *
 * J_t = ∂(distribution parameters at s_t)/∂θ, F_dist the distribution's closed-form `fisher()` (src/distributions).
 * The exact form needs J_t v, which is read off the VJPs with unit cotangents (⟨J_tᵀ e_k, v⟩, one chunked pass per
 * network output), then one batched VJP of the cotangents F_dist J_t v. The empirical form forms the score rows in
 * chunks and applies the core's `fisherVectorProduct` to each chunk. Use either with conjugate gradients
 * (`naturalGradient(fvp, g, { method: "cg" })` or `conjugateGradient` from the core).
 *
 * The rows neither form depends on v (score rows; the network's VJP rows for unit cotangents) are computed at the
 * first product and kept for the next ones — conjugate gradients call the product ten times or more — when they fit
 * in `cacheBytes`; above it they are recomputed chunk by chunk at every product (memory O(chunkSize · P)).
 */
import { fisherVectorProduct } from "../../fisher/empiricalFisher.js";
import { checkOptionsObject, checkPositiveInt, show } from "../../util/validate.js";
import { checkBatch, checkPolicy } from "./parameterization.js";
import type { Policy } from "./policy.js";

/** Options of {@link policyFisherVectorProduct}. */
export interface PolicyFisherOptions {
  /** "exact" (default; E over actions in closed form) or "empirical" (the sampled actions' scores; needs `actions`). */
  kind?: "exact" | "empirical";
  /** The batch's actions (n × actionDim), required by "empirical". */
  actions?: Float64Array;
  /** λ ≥ 0 added as λ v (default 0). */
  damping?: number;
  /** Rows per chunk (default 256). */
  chunkSize?: number;
  /** Keep the v-independent rows between products when they take at most this many bytes (default 64 MiB; 0: never). */
  cacheBytes?: number;
}

/**
 * v ↦ (F + λI) v for the policy's Fisher averaged over the n states of `observations` (see the module comment).
 * θ and the observations are captured by reference: do not modify them while the product is in use.
 * @example
 *   const fvp = policyFisherVectorProduct(policy, theta, rollout.observations, { damping: 0.1 });
 *   const step = naturalGradient(fvp, gradient, { method: "cg", damping: 0 });
 */
export function policyFisherVectorProduct(
  policy: Policy,
  theta: Float64Array,
  observations: Float64Array,
  options: PolicyFisherOptions = {},
): (v: Float64Array) => Float64Array {
  const fn = "policyFisherVectorProduct";
  checkPolicy(fn, policy);
  const { kind = "exact", actions, damping = 0, chunkSize = 256, cacheBytes = 64 * 2 ** 20 } = checkOptionsObject<NonNullable<typeof options>>("policyFisherVectorProduct", options);
  if (typeof cacheBytes !== "number" || !(cacheBytes >= 0)) throw new Error(`${fn}: cacheBytes must be a number ≥ 0, got ${show(cacheBytes)}`);
  if (kind !== "exact" && kind !== "empirical") throw new Error(`${fn}: kind must be "exact" or "empirical", got ${show(kind)}`);
  if (typeof damping !== "number" || !Number.isFinite(damping) || damping < 0) throw new Error(`${fn}: damping must be a finite number ≥ 0, got ${show(damping)}`);
  checkPositiveInt(fn, "chunkSize", chunkSize);
  const n = checkBatch(fn, "observations", observations, policy.observationDim);
  if (kind === "empirical") checkBatch(fn, "actions", actions, policy.actionDim, n);
  const P = policy.paramSize;
  const { network, head } = policy;
  const Pn = network.paramSize;
  const K = head.networkOutputs;
  const D = head.distParamSize;
  const d = policy.observationDim;
  const A = policy.actionDim;
  // Per state, F_dist (D × D) from the family's closed form; computed once.
  const fisherRows = kind === "exact" ? policy.distributions(theta, observations).map((dist) => dist.fisher()) : [];
  // The v-independent rows of each chunk (score rows, or the K unit-cotangent VJP rows), kept when they fit.
  const cached: Float64Array[][] | null = (kind === "empirical" ? n * P : K * n * Pn) * 8 <= cacheBytes ? [] : null;
  const chunkRows = (index: number, make: () => Float64Array[]): Float64Array[] => {
    if (cached === null) return make();
    return (cached[index] ??= make());
  };

  return (v: Float64Array): Float64Array => {
    if (!(v instanceof Float64Array) || v.length !== P) throw new Error(`${fn}: v must be a Float64Array of length P = ${P}, got ${show(v)}`);
    const out = new Float64Array(P);
    for (let start = 0; start < n; start += chunkSize) {
      const c = Math.min(chunkSize, n - start);
      const obs = observations.subarray(start * d, (start + c) * d);
      const index = start / chunkSize;
      if (kind === "empirical") {
        const [rows] = chunkRows(index, () => [policy.scoreRows(theta, obs, (actions as Float64Array).subarray(start * A, (start + c) * A))]);
        const part = fisherVectorProduct(rows, c, P)(v);
        for (let j = 0; j < P; j++) out[j] += (part[j] * c) / n;
        continue;
      }
      // J_t v: network outputs from ⟨J_tᵀ e_k, v⟩, shared entries directly.
      const Jv = new Float64Array(c * D);
      const unitRows = chunkRows(index, () =>
        Array.from({ length: K }, (_, k) => {
          const unit = new Float64Array(c * K);
          for (let r = 0; r < c; r++) unit[r * K + k] = 1;
          return network.vjpRows(theta.subarray(0, Pn), obs, unit);
        }),
      );
      for (let k = 0; k < K; k++) {
        const rows = unitRows[k];
        for (let r = 0; r < c; r++) {
          let s = 0;
          for (let j = 0; j < Pn; j++) s += rows[r * Pn + j] * v[j];
          Jv[r * D + k] = s;
        }
      }
      for (let r = 0; r < c; r++) for (let k = K; k < D; k++) Jv[r * D + k] = v[Pn + k - K];
      // Cotangents F_dist J v, pulled back by one VJP (network part) and summed directly (shared part).
      const cot = new Float64Array(c * K);
      for (let r = 0; r < c; r++) {
        const F = fisherRows[start + r];
        for (let a = 0; a < D; a++) {
          let s = 0;
          for (let b = 0; b < D; b++) s += F[a * D + b] * Jv[r * D + b];
          if (a < K) cot[r * K + a] = s / n;
          else out[Pn + a - K] += s / n;
        }
      }
      const g = network.vjp(theta.subarray(0, Pn), obs, cot);
      for (let j = 0; j < Pn; j++) out[j] += g[j];
    }
    if (damping > 0) for (let j = 0; j < P; j++) out[j] += damping * v[j];
    return out;
  };
}
