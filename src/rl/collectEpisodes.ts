/**
 * REINFORCE's batch: whole episodes, the same number on every env, as one sequence (see rollout.ts for the layout,
 * the autoreset and the action conventions).
 */
import { foldIn, assertKey, type Key } from "../random/key.js";
import { checkOptionsObject, checkPositiveInt, show } from "../util/validate.js";
import type { Policy } from "./policy/policy.js";
import { allocate, checkEnvs, checkObservation, stepEnv, type EnvSet, type EpisodeRecord, type Rollout } from "./rollout.js";
import { checkPolicy } from "./policy/parameterization.js";

/** Options of {@link collectEpisodes}. */
export interface CollectEpisodesOptions {
  /** Complete episodes to run on each env (default 1). */
  episodesPerEnv?: number;
  /** If given, env e's first reset uses seed + e; otherwise each env continues its own random stream. */
  seed?: number;
}

/**
 * Runs `episodesPerEnv` complete episodes on each env (lockstepped, one batched policy call per step) and returns them
 * as one sequence (numEnvs = 1): env 0's episodes, then env 1's, …, each ending with terminated or truncated. Every env
 * runs the same number of whole episodes, so no episode length is favoured (stopping after the first K episodes to
 * finish would favour short ones). This is REINFORCE's batch.
 * @example const { rollout } = collectEpisodes(key(1), envs, policy, theta, { episodesPerEnv: 2, seed: 0 });
 */
export function collectEpisodes(
  key: Key,
  envs: EnvSet,
  policy: Policy,
  theta: Float64Array,
  options: CollectEpisodesOptions = {},
): { rollout: Rollout } {
  const fn = "collectEpisodes";
  checkPolicy(fn, policy);
  assertKey(fn, key);
  const list = checkEnvs(fn, envs, policy);
  const { episodesPerEnv = 1, seed } = checkOptionsObject<NonNullable<typeof options>>("collectEpisodes", options);
  checkPositiveInt(fn, "episodesPerEnv", episodesPerEnv);
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error(`${fn}: seed must be a safe integer, got ${show(seed)}`);
  const N = list.length;
  const d = policy.observationDim;
  const A = policy.actionDim;
  const trace = list.map(() => ({ obs: [] as number[], act: [] as number[], logp: [] as number[], rew: [] as number[], term: [] as number[], trunc: [] as number[], next: [] as number[] }));
  const episodes: EpisodeRecord[][] = list.map(() => []);
  const obs = new Float64Array(N * d);
  const left = new Array<number>(N).fill(episodesPerEnv);
  const epReturn = new Float64Array(N);
  const epLength = new Float64Array(N);
  list.forEach((env, e) => obs.set(checkObservation(fn, env, env.reset(seed === undefined ? undefined : { seed: seed + e }).observation, d), e * d));
  const sendBuf = new Float64Array(A);
  for (let t = 0; left.some((c) => c > 0); t++) {
    const active = left.flatMap((c, e) => (c > 0 ? [e] : []));
    const batch = new Float64Array(active.length * d);
    active.forEach((e, j) => batch.set(obs.subarray(e * d, (e + 1) * d), j * d));
    const { actions, logProbs } = policy.act(foldIn(key, t), theta, batch);
    active.forEach((e, j) => {
      const tr = trace[e];
      const a = actions.subarray(j * A, (j + 1) * A);
      const r = stepEnv(fn, list[e], a, sendBuf);
      const next = checkObservation(fn, list[e], r.observation, d);
      tr.obs.push(...obs.subarray(e * d, (e + 1) * d));
      tr.act.push(...a);
      tr.logp.push(logProbs[j]);
      tr.rew.push(r.reward);
      tr.term.push(r.terminated ? 1 : 0);
      tr.trunc.push(!r.terminated && r.truncated ? 1 : 0);
      tr.next.push(...next);
      epReturn[e] += r.reward;
      epLength[e] += 1;
      if (r.terminated || r.truncated) {
        episodes[e].push({ env: e, return: epReturn[e], length: epLength[e], truncated: !r.terminated });
        epReturn[e] = 0;
        epLength[e] = 0;
        left[e] -= 1;
        if (left[e] > 0) obs.set(checkObservation(fn, list[e], list[e].reset().observation, d), e * d);
      } else {
        obs.set(next, e * d);
      }
    });
  }
  const T = trace.reduce((s, tr) => s + tr.rew.length, 0);
  const out = allocate(T, d, A);
  let at = 0;
  for (const tr of trace) {
    out.observations.set(tr.obs, at * d);
    out.actions.set(tr.act, at * A);
    out.logProbs.set(tr.logp, at);
    out.rewards.set(tr.rew, at);
    out.terminated.set(tr.term, at);
    out.truncated.set(tr.trunc, at);
    out.nextObservations.set(tr.next, at * d);
    at += tr.rew.length;
  }
  return { rollout: { numSteps: T, numEnvs: 1, observationDim: d, actionDim: A, ...out, episodes: episodes.flat() } };
}
