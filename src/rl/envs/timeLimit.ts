/**
 * Gymnasium's TimeLimit wrapper (with its OrderEnforcing check): truncates after `maxEpisodeSteps` steps, and
 * refuses a step before the first reset or after the episode ended (terminated or truncated) until the next reset.
 */
import type { Action, Env, ResetOptions, ResetResult, StepResult, UnwrappedEnv } from "../env.js";
import { show } from "../../util/validate.js";

/** Where a {@link TimeLimit} is in its episode: steps taken and phase (plain data, for checkpoints). */
export interface TimeLimitCondition {
  readonly elapsed: number;
  readonly phase: "new" | "running" | "terminated" | "truncated";
}

/**
 * Wraps a bare env with a step limit. `truncated` is true on the step that reaches the limit (also when that
 * step terminates: both flags are then true, as in Gymnasium).
 * @example const env = new TimeLimit(new CartPoleEnv(), 500);
 */
export class TimeLimit implements Env {
  readonly id: string;
  readonly maxEpisodeSteps: number;
  readonly rewardThreshold?: number;
  private elapsed = 0;
  private phase: TimeLimitCondition["phase"] = "new";

  constructor(readonly unwrapped: UnwrappedEnv, maxEpisodeSteps: number) {
    const u = unwrapped as Partial<UnwrappedEnv> | null;
    if (u === null || typeof u !== "object" || typeof u.reset !== "function" || typeof u.step !== "function" || typeof u.id !== "string") {
      throw new Error(`TimeLimit: unwrapped must be an env (e.g. new CartPoleEnv()), got ${show(unwrapped)}`);
    }
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new Error(`TimeLimit: maxEpisodeSteps must be a positive integer, got ${show(maxEpisodeSteps)}`);
    }
    this.id = unwrapped.id;
    this.maxEpisodeSteps = maxEpisodeSteps;
    this.rewardThreshold = unwrapped.rewardThreshold;
  }

  get observationSpace(): Env["observationSpace"] {
    return this.unwrapped.observationSpace;
  }

  get actionSpace(): Env["actionSpace"] {
    return this.unwrapped.actionSpace;
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  /** The step count and phase, as plain data. */
  get condition(): TimeLimitCondition {
    return { elapsed: this.elapsed, phase: this.phase };
  }

  /**
   * Sets the step count and phase (restoring a checkpoint; the bare env's state is restored separately). Requires an
   * integer elapsed in [0, maxEpisodeSteps] and one of the four phases.
   */
  restoreCondition(c: TimeLimitCondition): void {
    const phases: readonly string[] = ["new", "running", "terminated", "truncated"];
    if (!Number.isInteger(c?.elapsed) || c.elapsed < 0 || c.elapsed > this.maxEpisodeSteps) {
      throw new Error(`TimeLimit.restoreCondition: elapsed must be an integer in [0, ${this.maxEpisodeSteps}], got ${show(c?.elapsed)}`);
    }
    if (!phases.includes(c.phase)) throw new Error(`TimeLimit.restoreCondition: phase must be one of ${phases.join(", ")}, got ${show(c.phase)}`);
    this.elapsed = c.elapsed;
    this.phase = c.phase;
  }

  reset(options?: ResetOptions): ResetResult {
    const out = this.unwrapped.reset(options);
    this.elapsed = 0;
    this.phase = "running";
    return out;
  }

  /** The wrapped env's step, with `truncated` set once `maxEpisodeSteps` steps are done. Throws before the first reset and after the episode ended. */
  step(action: Action): StepResult {
    if (this.phase === "new") {
      throw new Error(`${this.id}.step: call reset() before step() (no episode has started), got action ${show(action)}`);
    }
    if (this.phase !== "running") {
      throw new Error(
        `${this.id}.step: the episode has ended (${this.phase} after ${this.elapsed} steps); call reset() before stepping again, got action ${show(action)}`,
      );
    }
    const r = this.unwrapped.step(action);
    this.elapsed++;
    const truncated = r.truncated || this.elapsed >= this.maxEpisodeSteps;
    if (r.terminated) this.phase = "terminated";
    else if (truncated) this.phase = "truncated";
    return truncated === r.truncated ? r : { ...r, truncated };
  }
}
