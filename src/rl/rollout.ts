/**
 * Collecting experience: N environments stepped in lockstep with a policy, into time-major arrays (step t of env e at
 * t·N + e; see src/rl/returns.ts).
 *
 * Autoreset: an environment whose episode ends (terminated or truncated) is reset within the same step, so its next
 * row starts the new episode; the observation the ending step returned is kept in `nextObservations` (Gymnasium's
 * "final_obs"), so a truncated episode can be bootstrapped from its true last observation. This is Gymnasium's
 * SAME_STEP autoreset mode, done here on plain `Env`s. A vector env (anything with an `envs` array of copies, such as
 * `makeVectorEnv(id, n)`) is accepted too: its copies are stepped here with these same-step semantics whatever its own
 * autoreset mode, so do not step the vector env itself between batches.
 *
 * Actions: the policy's unclipped sample is stored and scored; a Box action is clipped to the action space only when
 * sent to the environment (the SB3/CleanRL convention, see heads.ts).
 */
import { foldIn, assertKey, type Key } from "../random/key.js";
import { checkSize, show } from "../util/validate.js";
import type { Env, StepResult } from "./env.js";
import { clipAction } from "./policy/heads.js";
import type { Policy } from "./policy/policy.js";
import type { StepArrays } from "./returns.js";
import { checkPolicy } from "./policy/parameterization.js";

// collectEpisodes lives in its own file; re-exported here, where it was first defined.
export { collectEpisodes, type CollectEpisodesOptions } from "./collectEpisodes.js";

/** N environments: an array of envs, or a vector env exposing its copies as `envs`. */
export type EnvSet = readonly Env[] | { readonly envs: readonly Env[] };

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
export function startRollout(envs: EnvSet, seed: number): RolloutState {
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
  envs: EnvSet,
  policy: Policy,
  theta: Float64Array,
  state: RolloutState,
  numSteps: number,
): { rollout: Rollout; state: RolloutState } {
  const fn = "collectRollout";
  assertKey(fn, key);
  checkPolicy(fn, policy);
  const list = checkEnvs(fn, envs, policy);
  const N = list.length;
  // Per step and env: an observation and a next observation (d each), an action (A), log-prob, reward and flags.
  checkSize(fn, "numSteps", numSteps, N * (2 * policy.observationDim + policy.actionDim + 3));
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

/** Zeroed step arrays for M steps. */
export function allocate(M: number, d: number, A: number) {
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
export function stepEnv(fn: string, env: Env, action: Float64Array, buf: Float64Array): StepResult {
  const space = env.actionSpace;
  const r = space.kind === "discrete" ? env.step(action[0]) : env.step(clipAction(action, space, buf));
  if (typeof r?.reward !== "number" || !Number.isFinite(r.reward)) throw new Error(`${fn}: ${env.id}.step returned reward ${show(r?.reward)}; it must be finite`);
  return r;
}

/** Checks an observation returned by `env` (a Float64Array of length d). */
export function checkObservation(fn: string, env: Env, o: unknown, d: number): Float64Array {
  if (!(o instanceof Float64Array) || o.length !== d) throw new Error(`${fn}: ${env.id} returned observation ${show(o)}; expected a Float64Array of length ${d}`);
  return o;
}

/** The envs of an {@link EnvSet}, checked (and matched to the policy's observation size when given). */
export function checkEnvs(fn: string, envSet: EnvSet, policy?: Policy): readonly Env[] {
  const envs = Array.isArray(envSet) ? envSet : (envSet as { envs?: unknown } | null)?.envs;
  if (!Array.isArray(envs) || envs.length === 0) {
    throw new Error(`${fn}: envs must be a non-empty array of Env (e.g. [makeEnv("CartPole-v1")]) or a vector env, got ${show(envSet)}`);
  }
  const d = policy?.observationDim ?? envs[0]?.observationSpace?.shape?.[0];
  envs.forEach((env: Env, e: number) => {
    if (env === null || typeof env !== "object" || typeof env.step !== "function" || typeof env.reset !== "function") {
      throw new Error(`${fn}: envs[${e}] must be an Env (with reset and step), got ${show(env)}`);
    }
    if (env.observationSpace?.shape?.[0] !== d) {
      throw new Error(`${fn}: envs[${e}] (${env.id}) has observation size ${env.observationSpace?.shape?.[0]}, expected ${d}${policy ? " (the policy's observationDim)" : ""}`);
    }
  });
  return envs as readonly Env[];
}
