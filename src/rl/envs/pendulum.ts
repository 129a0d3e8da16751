/**
 * Pendulum-v1, transcribed from Gymnasium 1.x's `classic_control/pendulum.py`, with its mixed precision: the
 * action is the float32 value of the Box(float32) space, clipped to [−2, 2] in float32; `0.001·u²` and `3·u` are
 * float32 products (NumPy's rules for a float32 scalar and a Python float); the rest is float64.
 */
import type { StepResult } from "../env.js";
import type { Stream } from "../../random/stream.js";
import { boxSpace } from "../spaces.js";
import { ClassicControlEnv, NO_INFO, resetBounds, uniformIn } from "./classicControl.js";
import { checkOptionsObject } from "../../util/validate.js";

const MAX_SPEED = 8;
const MAX_TORQUE = 2.0;
const DT = 0.05;
const M = 1.0;
const L = 1.0;
const F32_TORQUE_COST = Math.fround(0.001);

/** Gymnasium's `angle_normalize`: ((x + π) mod 2π) − π with NumPy's floored (sign of the divisor) modulo. */
export function angleNormalize(x: number): number {
  const twoPi = 2 * Math.PI;
  let r = (x + Math.PI) % twoPi;
  if (r < 0) r += twoPi;
  else if (r === 0) r = 0; // NumPy returns +0 for a zero remainder
  return r - Math.PI;
}

/** Options of {@link PendulumEnv} (Gymnasium's Pendulum-v1 keyword arguments). */
export interface PendulumOptions {
  /** Gymnasium's `g`, the gravitational acceleration (default 10.0). */
  readonly g?: number;
}

/**
 * The bare Pendulum env. State `[θ, θ̇]` (float64; θ is not wrapped, as in Gymnasium); Box([−2], [2]) torque,
 * clipped; never terminates (the time limit truncates at 200); reward −(angle_normalize(θ)² + 0.1·θ̇² + 0.001·u²).
 * Observation `[cos θ, sin θ, θ̇]`. Reset draws θ uniformly from [−π, π) and θ̇ from [−1, 1)
 * (`options: { xInit, yInit }` replace π and 1).
 * @example const env = new PendulumEnv(); env.reset({ seed: 1 }); env.step(0.5);
 */
export class PendulumEnv extends ClassicControlEnv {
  readonly id = "Pendulum-v1";
  readonly observationSpace = boxSpace([-1, -1, -MAX_SPEED], [1, 1, MAX_SPEED]);
  readonly actionSpace = boxSpace([-MAX_TORQUE], [MAX_TORQUE]);
  readonly rewardThreshold = undefined;
  readonly maxEpisodeSteps = 200;
  protected readonly stateSize = 2;
  private readonly g: number;

  constructor(options: PendulumOptions = {}) {
    super();
    const { g = 10.0 } = checkOptionsObject<PendulumOptions>("PendulumEnv", options);
    if (typeof g !== "number" || !Number.isFinite(g)) throw new Error(`PendulumEnv: g must be a finite number, got ${String(g)}`);
    this.g = g;
  }

  protected initialState(draws: Stream, options: Readonly<Record<string, number>>): Float64Array {
    const [x, y] = resetBounds(`${this.id}.reset`, options, ["xInit", "yInit"], [Math.PI, 1.0], false);
    const th = uniformIn(draws, -x, x);
    const thdot = uniformIn(draws, -y, y);
    return Float64Array.of(th, thdot);
  }

  protected transition(s: Float64Array, action: number | Float64Array): StepResult {
    const th = s[0];
    const thdot = s[1];
    const u = Math.min(Math.max((action as Float64Array)[0], -MAX_TORQUE), MAX_TORQUE);
    const an = angleNormalize(th);
    const costs = an * an + 0.1 * (thdot * thdot) + Math.fround(F32_TORQUE_COST * Math.fround(u * u));
    let newthdot = thdot + (((3 * this.g) / (2 * L)) * Math.sin(th) + Math.fround((3.0 / (M * L * L)) * u)) * DT;
    newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
    s[0] = th + newthdot * DT;
    s[1] = newthdot;
    return { observation: this.observe(s), reward: -costs, terminated: false, truncated: false, info: NO_INFO };
  }

  protected observe(s: Float64Array): Float64Array {
    return Float64Array.of(Math.fround(Math.cos(s[0])), Math.fround(Math.sin(s[0])), Math.fround(s[1]));
  }
}
