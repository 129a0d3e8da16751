/**
 * CartPole-v1 (Barto, Sutton & Anderson 1983), transcribed from Gymnasium 1.x's `classic_control/cartpole.py`:
 * the Euler integrator in float64, observations rounded to float32, reward +1 per step including the terminal one,
 * and Gymnasium's `steps_beyond_terminated` rule on the bare env (stepping past termination pays 0).
 */
import type { StepResult } from "../env.js";
import type { Stream } from "../../random/stream.js";
import { boxSpace, discreteSpace } from "../spaces.js";
import { ClassicControlEnv, NO_INFO, resetBounds, uniformIn } from "./classicControl.js";
import { checkOptionsObject, fail } from "../../util/validate.js";

const GRAVITY = 9.8;
const MASSCART = 1.0;
const MASSPOLE = 0.1;
const TOTAL_MASS = MASSPOLE + MASSCART;
const LENGTH = 0.5; // half the pole's length
const POLEMASS_LENGTH = MASSPOLE * LENGTH;
const FORCE_MAG = 10.0;
const TAU = 0.02;
/** ±12° in radians, as Gymnasium computes it (12·2·π/360). */
export const CARTPOLE_THETA_THRESHOLD = (12 * 2 * Math.PI) / 360;
export const CARTPOLE_X_THRESHOLD = 2.4;

/** Options of {@link CartPoleEnv} (Gymnasium's CartPole-v1 keyword arguments). */
export interface CartPoleOptions {
  /** Gymnasium's `sutton_barto_reward`: 0 per non-terminal step and −1 on termination (default false). */
  readonly suttonBartoReward?: boolean;
}

/**
 * The bare CartPole env. State `[x, ẋ, θ, θ̇]` (float64, as Gymnasium's `env.unwrapped.state`); Discrete(2)
 * actions push left (0) or right (1) with 10 N; terminates when |x| > 2.4 or |θ| > 12°. Reset draws each state
 * coordinate uniformly from [−0.05, 0.05) (`options: { low, high }` changes the range).
 * @example const env = new CartPoleEnv(); env.reset({ seed: 1 }); env.step(1);
 */
export class CartPoleEnv extends ClassicControlEnv {
  readonly id = "CartPole-v1";
  readonly observationSpace = boxSpace(
    [-CARTPOLE_X_THRESHOLD * 2, -Infinity, -CARTPOLE_THETA_THRESHOLD * 2, -Infinity].map(Math.fround),
    [CARTPOLE_X_THRESHOLD * 2, Infinity, CARTPOLE_THETA_THRESHOLD * 2, Infinity].map(Math.fround),
  );
  readonly actionSpace = discreteSpace(2);
  readonly rewardThreshold = 475;
  readonly maxEpisodeSteps = 500;
  protected readonly stateSize = 4;
  private readonly suttonBarto: boolean;
  /** Gymnasium's `steps_beyond_terminated`: null until the step that terminates, then counts further steps. */
  private stepsBeyondTerminated: number | null = null;

  constructor(options: CartPoleOptions = {}) {
    super();
    const { suttonBartoReward = false } = checkOptionsObject<CartPoleOptions>("CartPoleEnv", options);
    if (typeof suttonBartoReward !== "boolean") fail("CartPoleEnv", "options.suttonBartoReward", "true or false", suttonBartoReward);
    this.suttonBarto = suttonBartoReward;
  }

  protected initialState(draws: Stream, options: Readonly<Record<string, number>>): Float64Array {
    const [low, high] = resetBounds(`${this.id}.reset`, options, ["low", "high"], [-0.05, 0.05]);
    this.stepsBeyondTerminated = null;
    const s = new Float64Array(4);
    for (let i = 0; i < 4; i++) s[i] = uniformIn(draws, low, high);
    return s;
  }

  protected transition(s: Float64Array, action: number | Float64Array): StepResult {
    const force = action === 1 ? FORCE_MAG : -FORCE_MAG;
    const [x, xDot, theta, thetaDot] = s;
    const cosTheta = Math.cos(theta);
    const sinTheta = Math.sin(theta);
    const temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sinTheta) / TOTAL_MASS;
    const thetaAcc =
      (GRAVITY * sinTheta - cosTheta * temp) / (LENGTH * (4.0 / 3.0 - (MASSPOLE * (cosTheta * cosTheta)) / TOTAL_MASS));
    const xAcc = temp - (POLEMASS_LENGTH * thetaAcc * cosTheta) / TOTAL_MASS;
    s[0] = x + TAU * xDot;
    s[1] = xDot + TAU * xAcc;
    s[2] = theta + TAU * thetaDot;
    s[3] = thetaDot + TAU * thetaAcc;
    const terminated =
      s[0] < -CARTPOLE_X_THRESHOLD || s[0] > CARTPOLE_X_THRESHOLD || s[2] < -CARTPOLE_THETA_THRESHOLD || s[2] > CARTPOLE_THETA_THRESHOLD;
    let reward: number;
    if (!terminated) {
      reward = this.suttonBarto ? 0 : 1;
    } else if (this.stepsBeyondTerminated === null) {
      this.stepsBeyondTerminated = 0;
      reward = this.suttonBarto ? -1 : 1;
    } else {
      this.stepsBeyondTerminated++;
      reward = this.suttonBarto ? -1 : 0;
    }
    return { observation: this.observe(s), reward, terminated, truncated: false, info: NO_INFO };
  }

  protected observe(s: Float64Array): Float64Array {
    return Float64Array.of(Math.fround(s[0]), Math.fround(s[1]), Math.fround(s[2]), Math.fround(s[3]));
  }
}
