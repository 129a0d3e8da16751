/**
 * An env whose whole condition is plain data, so that a training run can be checkpointed between two steps and
 * resumed to the bit: the bare env (its settable `state`), Gymnasium's time limit, and the position of the env's
 * random stream (the seed and the number of resets since it; a classic-control env draws only at reset, from
 * foldIn(key(seed), resets)). `snapshot()` records that; `restore()` rebuilds it on a fresh env of the same id.
 *
 * It is makeEnv's TimeLimit-wrapped env (truncation at the limit, no step before reset or after the episode ended,
 * all done by the TimeLimit), plus the bookkeeping of the random stream's position.
 */
import type { Action, BoxSpace, Env, ResetOptions, ResetResult, Space, StepResult, UnwrappedEnv } from "./env.js";
import { makeEnv, type MakeEnvOptions } from "./envs/registry.js";
import type { TimeLimit, TimeLimitCondition } from "./envs/timeLimit.js";

/** The plain-data condition of a {@link ResumableEnv}. */
export interface EnvSnapshot {
  readonly seed: number;
  readonly resets: number;
  readonly elapsed: number;
  /** "ended" (checkpoints written before the TimeLimit's own phases were recorded) is read as "terminated". */
  readonly phase: TimeLimitCondition["phase"] | "ended";
  /** The bare env's state during an episode (empty otherwise). */
  readonly state: Float64Array;
  /** MountainCarContinuous's state dtype (the only env whose step depends on more than `state`); "" otherwise. */
  readonly stateDtype: string;
}

/** See the module comment. */
export class ResumableEnv implements Env {
  readonly id: string;
  readonly unwrapped: UnwrappedEnv;
  readonly maxEpisodeSteps: number;
  readonly rewardThreshold?: number;
  private seed = 0;
  private resets = 0;
  private readonly limited: TimeLimit;

  /** @example const env = new ResumableEnv("CartPole-v1"); env.reset({ seed: 0 }); const snap = env.snapshot(); */
  constructor(id: string, options: MakeEnvOptions = {}) {
    const wrapped = makeEnv(id, options);
    this.limited = wrapped;
    this.id = wrapped.id;
    this.unwrapped = wrapped.unwrapped;
    this.maxEpisodeSteps = wrapped.maxEpisodeSteps as number;
    this.rewardThreshold = wrapped.rewardThreshold;
  }

  get observationSpace(): BoxSpace {
    return this.unwrapped.observationSpace;
  }

  get actionSpace(): Space {
    return this.unwrapped.actionSpace;
  }

  reset(options?: ResetOptions): ResetResult {
    const out = this.limited.reset(options);
    if (options?.seed !== undefined) {
      this.seed = options.seed;
      this.resets = 0;
    }
    this.resets++;
    return out;
  }

  /** The TimeLimit's step: truncated at `maxEpisodeSteps`; throws before a reset and after the episode ended. */
  step(action: Action): StepResult {
    return this.limited.step(action);
  }

  /** The env's whole condition as plain data (see {@link EnvSnapshot}), for a checkpoint; {@link ResumableEnv.restore} rebuilds it. */
  snapshot(): EnvSnapshot {
    const dtype = (this.unwrapped as { stateDtype?: unknown }).stateDtype;
    const { elapsed, phase } = this.limited.condition;
    return {
      seed: this.seed,
      resets: this.resets,
      elapsed,
      phase,
      state: phase === "running" ? this.unwrapped.state : new Float64Array(0),
      stateDtype: typeof dtype === "string" ? dtype : "",
    };
  }

  /** Rebuilds a snapshot (taken from an env of the same id and options): replays the resets, then sets the state. */
  restore(s: EnvSnapshot): void {
    if (s.resets > 0) {
      this.unwrapped.reset({ seed: s.seed });
      for (let i = 1; i < s.resets; i++) this.unwrapped.reset();
    }
    this.seed = s.seed;
    this.resets = s.resets;
    this.limited.restoreCondition({ elapsed: s.elapsed, phase: s.phase === "ended" ? "terminated" : s.phase });
    if (s.phase === "running") this.unwrapped.state = s.state;
    if (s.stateDtype !== "") (this.unwrapped as unknown as { stateDtype: string }).stateDtype = s.stateDtype;
  }
}
