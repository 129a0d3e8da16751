/**
 * MountainCarContinuous-v0, transcribed from Gymnasium 1.x's `classic_control/continuous_mountain_car.py` with
 * its dtypes: the action is the float32 value of the Box(float32) space; the state is float64 after reset and
 * float32 after every step (Gymnasium stores `np.array([position, velocity], dtype=np.float32)`), so from the
 * second step on `3·position`, the velocity and position updates and the comparisons with the bounds run in
 * float32 (NumPy's rules for a float32 scalar and a Python float), reproduced here with Math.fround.
 */
import type { StepResult } from "../env.js";
import type { Stream } from "../../random/stream.js";
import { boxSpace } from "../spaces.js";
import { ClassicControlEnv, NO_INFO, resetBounds, uniformIn } from "./classicControl.js";
import { checkOptionsObject } from "../../util/validate.js";

const MIN_ACTION = -1.0;
const MAX_ACTION = 1.0;
const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.45;
const POWER = 0.0015;
const f32 = Math.fround;

/** Options of {@link MountainCarContinuousEnv} (Gymnasium's MountainCarContinuous-v0 keyword arguments). */
export interface MountainCarContinuousOptions {
  /** Gymnasium's `goal_velocity` (default 0). */
  readonly goalVelocity?: number;
}

/** A Python comparison bound seen from a value that is (isF32) or is not a NumPy float32. */
function bound(c: number, isF32: boolean): number {
  return isF32 ? f32(c) : c;
}

/**
 * The bare MountainCarContinuous env. State `[position, velocity]`; Box([−1], [1]) force (clipped, while the
 * reward's action cost −0.1·a² uses the unclipped action, as in Gymnasium); reward +100 on reaching position ≥ 0.45
 * with velocity ≥ goalVelocity. Reset draws the position from [−0.6, −0.4) (`options: { low, high }`), velocity 0.
 * `stateDtype` says whether the state is float64 (after reset or an assignment to `state`) or float32 (after a step).
 * @example const env = new MountainCarContinuousEnv(); env.reset({ seed: 1 }); env.step([0.7]);
 */
export class MountainCarContinuousEnv extends ClassicControlEnv {
  readonly id = "MountainCarContinuous-v0";
  readonly observationSpace = boxSpace([MIN_POSITION, -MAX_SPEED].map(f32), [MAX_POSITION, MAX_SPEED].map(f32));
  readonly actionSpace = boxSpace([MIN_ACTION], [MAX_ACTION]);
  readonly rewardThreshold = 90;
  readonly maxEpisodeSteps = 999;
  protected readonly stateSize = 2;
  /**
   * The NumPy dtype of Gymnasium's `env.unwrapped.state`: "float64" after reset or after assigning `state`,
   * "float32" after a step. Settable, to reproduce a step from a stored float32 state.
   */
  stateDtype: "float32" | "float64" = "float64";
  private readonly goalVelocity: number;

  constructor(options: MountainCarContinuousOptions = {}) {
    super();
    const { goalVelocity = 0 } = checkOptionsObject<MountainCarContinuousOptions>("MountainCarContinuousEnv", options);
    if (typeof goalVelocity !== "number" || !Number.isFinite(goalVelocity)) {
      throw new Error(`MountainCarContinuousEnv: goalVelocity must be a finite number, got ${String(goalVelocity)}`);
    }
    this.goalVelocity = goalVelocity;
  }

  protected initialState(draws: Stream, options: Readonly<Record<string, number>>): Float64Array {
    const [low, high] = resetBounds(`${this.id}.reset`, options, ["low", "high"], [-0.6, -0.4]);
    this.stateDtype = "float64";
    return Float64Array.of(uniformIn(draws, low, high), 0);
  }

  protected override onStateSet(): void {
    this.stateDtype = "float64";
  }

  protected transition(s: Float64Array, action: number | Float64Array): StepResult {
    const a = (action as Float64Array)[0]; // a float32 value
    const stateF32 = this.stateDtype === "float32";
    let position = s[0];
    let velocity = s[1];
    // force = min(max(a, −1), 1): a Python float when clipped, else the float32 scalar.
    const clipped = a < MIN_ACTION || a > MAX_ACTION;
    const cosTerm = 0.0025 * Math.cos(stateF32 ? f32(3 * position) : 3 * position);
    const dv = clipped ? (a < MIN_ACTION ? MIN_ACTION : MAX_ACTION) * POWER - cosTerm : f32(f32(a * f32(POWER)) - f32(cosTerm));
    let vF32 = stateF32;
    velocity = stateF32 ? f32(velocity + f32(dv)) : velocity + dv;
    if (velocity > bound(MAX_SPEED, vF32)) {
      velocity = MAX_SPEED;
      vF32 = false;
    }
    if (velocity < bound(-MAX_SPEED, vF32)) {
      velocity = -MAX_SPEED;
      vF32 = false;
    }
    let pF32 = stateF32;
    position = stateF32 ? f32(position + f32(velocity)) : position + velocity;
    if (position > bound(MAX_POSITION, pF32)) {
      position = MAX_POSITION;
      pF32 = false;
    }
    if (position < bound(MIN_POSITION, pF32)) {
      position = MIN_POSITION;
      pF32 = false;
    }
    if (position === bound(MIN_POSITION, pF32) && velocity < 0) {
      velocity = 0;
      vF32 = false;
    }
    const terminated = position >= bound(GOAL_POSITION, pF32) && velocity >= bound(this.goalVelocity, vF32);
    const reward = (terminated ? 100.0 : 0) - a * a * 0.1;
    s[0] = f32(position);
    s[1] = f32(velocity);
    this.stateDtype = "float32";
    return { observation: this.observe(s), reward, terminated, truncated: false, info: NO_INFO };
  }

  protected observe(s: Float64Array): Float64Array {
    return Float64Array.of(f32(s[0]), f32(s[1]));
  }
}
