/**
 * MountainCar-v0 (Moore 1990), transcribed from Gymnasium 1.x's `classic_control/mountain_car.py`: float64
 * dynamics, observations rounded to float32, reward −1 per step.
 */
import type { StepResult } from "../env.js";
import type { Stream } from "../../random/stream.js";
import { boxSpace, discreteSpace } from "../spaces.js";
import { ClassicControlEnv, NO_INFO, resetBounds, uniformIn } from "./classicControl.js";
import { checkOptionsObject } from "../../util/validate.js";

const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.5;
const FORCE = 0.001;
const GRAVITY = 0.0025;

/** Options of {@link MountainCarEnv} (Gymnasium's MountainCar-v0 keyword arguments). */
export interface MountainCarOptions {
  /** Gymnasium's `goal_velocity`: the episode terminates at position ≥ 0.5 with velocity ≥ this (default 0). */
  readonly goalVelocity?: number;
}

/**
 * The bare MountainCar env. State `[position, velocity]` (float64); Discrete(3) actions accelerate left (0),
 * not at all (1) or right (2); terminates at position ≥ 0.5 with velocity ≥ goalVelocity. Reset draws the position
 * uniformly from [−0.6, −0.4) (`options: { low, high }`) with velocity 0.
 * @example const env = new MountainCarEnv(); env.reset({ seed: 1 }); env.step(2);
 */
export class MountainCarEnv extends ClassicControlEnv {
  readonly id = "MountainCar-v0";
  readonly observationSpace = boxSpace([MIN_POSITION, -MAX_SPEED].map(Math.fround), [MAX_POSITION, MAX_SPEED].map(Math.fround));
  readonly actionSpace = discreteSpace(3);
  readonly rewardThreshold = -110;
  readonly maxEpisodeSteps = 200;
  protected readonly stateSize = 2;
  private readonly goalVelocity: number;

  constructor(options: MountainCarOptions = {}) {
    super();
    const { goalVelocity = 0 } = checkOptionsObject<MountainCarOptions>("MountainCarEnv", options);
    if (typeof goalVelocity !== "number" || !Number.isFinite(goalVelocity)) {
      throw new Error(`MountainCarEnv: goalVelocity must be a finite number, got ${String(goalVelocity)}`);
    }
    this.goalVelocity = goalVelocity;
  }

  protected initialState(draws: Stream, options: Readonly<Record<string, number>>): Float64Array {
    const [low, high] = resetBounds(`${this.id}.reset`, options, ["low", "high"], [-0.6, -0.4]);
    return Float64Array.of(uniformIn(draws, low, high), 0);
  }

  protected transition(s: Float64Array, action: number | Float64Array): StepResult {
    let position = s[0];
    let velocity = s[1];
    velocity = velocity + (((action as number) - 1) * FORCE + Math.cos(3 * position) * -GRAVITY);
    velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
    position = position + velocity;
    position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
    if (position === MIN_POSITION && velocity < 0) velocity = 0;
    const terminated = position >= GOAL_POSITION && velocity >= this.goalVelocity;
    s[0] = position;
    s[1] = velocity;
    return { observation: this.observe(s), reward: -1.0, terminated, truncated: false, info: NO_INFO };
  }

  protected observe(s: Float64Array): Float64Array {
    return Float64Array.of(Math.fround(s[0]), Math.fround(s[1]));
  }
}
