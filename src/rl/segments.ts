/**
 * Segments of a batch and per-segment policy-gradient rows.
 *
 * A segment is one env's run of consecutive steps between episode ends (a whole episode in a batch from
 * collectEpisodes; an episode cut by the batch boundary in a fixed-length rollout). Segments are the batch's
 * independent samples: the per-segment gradient rows Σ_{t∈i} ψ_t ∇θ log π(a_t|s_t) are what a variance, a standard
 * error or a per-coordinate baseline needs. They are accumulated from per-step score rows in chunks, so memory is
 * O(chunk · P + segments · P), never O(steps · P).
 */
import { checkOptionsObject, checkPositiveInt, show } from "../util/validate.js";
import type { Policy } from "./policy/policy.js";
import { checkPolicy, checkWeights } from "./policy/parameterization.js";
import type { Rollout } from "./rollout.js";
import { checkSteps, type StepArrays } from "./returns.js";

/** Segment bookkeeping of a batch: per step its segment and its index within the segment. */
export interface Segments {
  /** Number of segments (numbered env by env, in time order within an env). */
  readonly count: number;
  /** Segment of each step (time-major index t·N + e). */
  readonly id: Int32Array;
  /** Position of each step within its segment (0 at the segment's first step). */
  readonly position: Int32Array;
  /** Length of each segment. */
  readonly length: Int32Array;
  /** True for each segment that ends with terminated or truncated (false: cut by the end of the batch). */
  readonly complete: Uint8Array;
}

/**
 * Splits a batch into segments (see the module comment).
 * @example const seg = segments(collectRollout(k, envs, policy, theta, state, 128).rollout); // seg.length[i]: steps of episode piece i
 */
export function segments(steps: StepArrays): Segments {
  const { numSteps: T, numEnvs: N } = checkSteps("segments", steps);
  const id = new Int32Array(T * N);
  const position = new Int32Array(T * N);
  const lengths: number[] = [];
  const complete: number[] = [];
  let count = 0;
  for (let e = 0; e < N; e++) {
    let k = 0;
    for (let t = 0; t < T; t++) {
      const i = t * N + e;
      id[i] = count;
      position[i] = k++;
      const done = steps.terminated[i] === 1 || steps.truncated[i] === 1;
      if (done || t === T - 1) {
        lengths.push(k);
        complete.push(done ? 1 : 0);
        count++;
        k = 0;
      }
    }
  }
  return { count, id, position, length: Int32Array.from(lengths), complete: Uint8Array.from(complete) };
}

/** Options of {@link segmentGradientRows}. */
export interface SegmentRowsOptions {
  /** Steps per chunk of score rows (default 256). */
  chunkSize?: number;
}

/**
 * For each weight vector ψ (per step), the per-segment rows G_ψ[i] = Σ_{t∈segment i} ψ_t ∇θ log π(a_t|s_t), each a
 * row-major (segments × P) matrix. All variants share one pass over the per-step scores (computed in chunks).
 * @example const [rows] = segmentGradientRows(policy, theta, rollout, [psi]); // E × P
 */
export function segmentGradientRows(
  policy: Policy,
  theta: Float64Array,
  rollout: Rollout,
  weights: readonly Float64Array[],
  options: SegmentRowsOptions = {},
): Float64Array[] {
  const fn = "segmentGradientRows";
  checkPolicy(fn, policy);
  const { chunkSize = 256 } = checkOptionsObject<NonNullable<typeof options>>("segmentGradientRows", options);
  checkPositiveInt(fn, "chunkSize", chunkSize);
  const seg = segments(rollout);
  const M = rollout.numSteps * rollout.numEnvs;
  if (!Array.isArray(weights) || weights.length === 0) throw new Error(`${fn}: weights must be a non-empty array of per-step weight vectors, got ${show(weights)}`);
  weights.forEach((w, v) => checkWeights(fn, w, M, `weights[${v}]`));
  const P = policy.paramSize;
  const d = rollout.observationDim;
  const A = rollout.actionDim;
  const out = weights.map(() => new Float64Array(seg.count * P));
  const buf = new Float64Array(Math.min(chunkSize, M) * P);
  for (let start = 0; start < M; start += chunkSize) {
    const c = Math.min(chunkSize, M - start);
    const rows = policy.scoreRows(
      theta,
      rollout.observations.subarray(start * d, (start + c) * d),
      rollout.actions.subarray(start * A, (start + c) * A),
      c * P === buf.length ? buf : buf.subarray(0, c * P),
    );
    for (let r = 0; r < c; r++) {
      const i = start + r;
      const base = seg.id[i] * P;
      for (let v = 0; v < weights.length; v++) {
        const w = weights[v][i];
        if (w === 0) continue;
        const dst = out[v];
        for (let j = 0; j < P; j++) dst[base + j] += w * rows[r * P + j];
      }
    }
  }
  return out;
}
