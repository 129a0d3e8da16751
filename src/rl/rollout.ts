/**
 * Collecting experience: N environments stepped in lockstep with a policy, into time-major arrays (step t of env e at
 * t·N + e; see src/rl/returns.ts).
 *
 * Autoreset: an environment whose episode ends (terminated or truncated) is reset within the same step, so its next
 * row starts the new episode; the observation the ending step returned is kept in `nextObservations` (Gymnasium's
 * "final_obs"), so a truncated episode can be bootstrapped from its true last observation. This is Gymnasium's
 * SAME_STEP autoreset mode, done here on plain `Env`s.
 *
 * Actions: the policy's unclipped sample is stored and scored; a Box action is clipped to the action space only when
 * sent to the environment (the SB3/CleanRL convention, see heads.ts).
 */
import { foldIn, assertKey, type Key } from "../random/key.js";
import { checkPositiveInt, show } from "../util/validate.js";
import type { Env, StepResult } from "./env.js";
import { clipAction } from "./policy/heads.js";
import type { Policy } from "./policy/policy.js";
import type { StepArrays } from "./returns.js";

/** One finished episode: which env, its undiscounted return and its length. */
export interface EpisodeRecord {
  readonly env: number;
  readonly return: number;
  readonly length: number;
  /** True if it ended by the time limit rather than a terminal state. */
  readonly truncated: boolean;
}

/** A batch of experience (time-major); see the module comment. */
export interface Rollout extends StepArrays {
  readonly observationDim: number;
  readonly actionDim: number;
  /** s_t, (T·N) × observationDim. */
  readonly observations: Float64Array;
  /** a_t as sampled (unclipped), (T·N) × actionDim. */
  readonly actions: Float64Array;
  /** log π_behaviour(a_t|s_t) at collection time, T·N (the behaviour log-probabilities of off-policy reuse). */
  readonly logProbs: Float64Array;
  /** s'_t, the observation step t returned, before any reset, (T·N) × observationDim. */
  readonly nextObservations: Float64Array;
  /** Episodes that ended in this batch, in the order they ended. */
  readonly episodes: readonly EpisodeRecord[];
}

/** Where N lockstepped environments stand between batches: plain data (the envs hold their own state). */
export interface RolloutState {
  /** The current observation of each env, N × observationDim. */
  readonly observations: Float64Array;
  /** Undiscounted return so far of each env's running episode. */
  readonly episodeReturns: Float64Array;
  /** Steps so far of each env's running episode. */
  readonly episodeLengths: Float64Array;
}

/**
 * Resets env e with seed + e (Gymnasium's vector-env seeding: one seed → N reproducible streams) and returns the
 * starting state of a rollout.
 * @example const envs = [0, 1, 2, 3].map(() => makeEnv("CartPole-v1")); let state = startRollout(envs, 42);
 */
export function startRollout(envs: readonly Env[], seed: number): RolloutState {
  const fn = "startRollout";
  const list = checkEnvs(fn, envs);
  if (!Number.isSafeInteger(seed)) throw new Error(`${fn}: seed must be a safe integer, got ${show(seed)}`);
  const d = list[0].observationSpace.shape[0];
  const observations = new Float64Array(list.length * d);
  list.forEach((env, e) => observations.set(checkObservation(fn, env, env.reset({ seed: seed + e }).observation, d), e * d));
  return { observations, episodeReturns: new Float64Array(list.length), episodeLengths: new Float64Array(list.length) };
}

/**
 * Steps N envs `numSteps` times with actions from π_θ (key foldIn(key, t) at step t, foldIn(·, e) for env e) and
 * returns the batch and the state to continue from. The same key, θ and env states give the same batch.
 * @example
 *   let state = startRollout(envs, 0);
 *   for (let u = 0; u < updates; u++) {
 *     const r = collectRollout(foldIn(runKey, u), envs, policy, theta, state, 128);
 *     state = r.state; // r.rollout: 128 × N steps
 *   }
 */
export function collectRollout(
  key: Key,
  envs: readonly Env[],
  policy: Policy,
  theta: Float64Array,
  state: RolloutState,
  numSteps: number,
): { rollout: Rollout; state: RolloutState } {
  const fn = "collectRollout";
  assertKey(fn, key);
  const list = checkEnvs(fn, envs);
  checkPositiveInt(fn, "numSteps", numSteps);
  const N = list.length;
  const d = policy.observationDim;
  const A = policy.actionDim;
  if (!(state?.observations instanceof Float64Array) || state.observations.length !== N * d) {
    throw new Error(`${fn}: state must come from startRollout or collectRollout for these ${N} envs, got ${show(state)}`);
  }
  const T = numSteps;
  const out = allocate(T * N, d, A);
  const obs = state.observations.slice();
  const epReturn = state.episodeReturns.slice();
  const epLength = state.episodeLengths.slice();
  const episodes: EpisodeRecord[] = [];
  const sendBuf = new Float64Array(A);
  for (let t = 0; t < T; t++) {
    const { actions, logProbs } = policy.act(foldIn(key, t), theta, obs);
    out.observations.set(obs, t * N * d);
    out.actions.set(actions, t * N * A);
    out.logProbs.set(logProbs, t * N);
    for (let e = 0; e < N; e++) {
      const i = t * N + e;
      const r = stepEnv(fn, list[e], actions.subarray(e * A, (e + 1) * A), sendBuf);
      const next = checkObservation(fn, list[e], r.observation, d);
      out.rewards[i] = r.reward;
      out.terminated[i] = r.terminated ? 1 : 0;
      out.truncated[i] = !r.terminated && r.truncated ? 1 : 0;
      out.nextObservations.set(next, i * d);
      epReturn[e] += r.reward;
      epLength[e] += 1;
      if (r.terminated || r.truncated) {
        episodes.push({ env: e, return: epReturn[e], length: epLength[e], truncated: !r.terminated });
        epReturn[e] = 0;
        epLength[e] = 0;
        obs.set(checkObservation(fn, list[e], list[e].reset().observation, d), e * d);
      } else {
        obs.set(next, e * d);
      }
    }
  }
  return {
    rollout: { numSteps: T, numEnvs: N, observationDim: d, actionDim: A, ...out, episodes },
    state: { observations: obs, episodeReturns: epReturn, episodeLengths: epLength },
  };
}

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
  envs: readonly Env[],
  policy: Policy,
  theta: Float64Array,
  options: CollectEpisodesOptions = {},
): { rollout: Rollout } {
  const fn = "collectEpisodes";
  assertKey(fn, key);
  const list = checkEnvs(fn, envs);
  const { episodesPerEnv = 1, seed } = options ?? {};
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

function allocate(M: number, d: number, A: number) {
  return {
    observations: new Float64Array(M * d),
    actions: new Float64Array(M * A),
    logProbs: new Float64Array(M),
    rewards: new Float64Array(M),
    terminated: new Uint8Array(M),
    truncated: new Uint8Array(M),
    nextObservations: new Float64Array(M * d),
  };
}

/** Sends the (clipped, for a Box) action and checks the reward is finite. */
function stepEnv(fn: string, env: Env, action: Float64Array, buf: Float64Array): StepResult {
  const space = env.actionSpace;
  const r = space.kind === "discrete" ? env.step(action[0]) : env.step(clipAction(action, space, buf));
  if (typeof r?.reward !== "number" || !Number.isFinite(r.reward)) throw new Error(`${fn}: ${env.id}.step returned reward ${show(r?.reward)}; it must be finite`);
  return r;
}

function checkObservation(fn: string, env: Env, o: unknown, d: number): Float64Array {
  if (!(o instanceof Float64Array) || o.length !== d) throw new Error(`${fn}: ${env.id} returned observation ${show(o)}; expected a Float64Array of length ${d}`);
  return o;
}

function checkEnvs(fn: string, envs: readonly Env[]): readonly Env[] {
  if (!Array.isArray(envs) || envs.length === 0) throw new Error(`${fn}: envs must be a non-empty array of Env (e.g. [makeEnv("CartPole-v1")]), got ${show(envs)}`);
  const d = envs[0]?.observationSpace?.shape?.[0];
  envs.forEach((env, e) => {
    if (env === null || typeof env !== "object" || typeof env.step !== "function" || typeof env.reset !== "function") {
      throw new Error(`${fn}: envs[${e}] must be an Env (with reset and step), got ${show(env)}`);
    }
    if (env.observationSpace?.shape?.[0] !== d) throw new Error(`${fn}: envs[${e}] has observation size ${env.observationSpace?.shape?.[0]}, envs[0] has ${d}; all envs must match`);
  });
  return envs;
}
