/**
 * Acrobot-v1 (Sutton 1996; Sutton & Barto's book dynamics), transcribed from Gymnasium 1.x's
 * `classic_control/acrobot.py`: one RK4 step of 0.2 s on the state augmented with the torque, then the angles
 * wrapped into [−π, π] and the velocities clamped (in that order), reward −1 per step and 0 on termination.
 */
import type { StepResult } from "../env.js";
import type { Stream } from "../../random/stream.js";
import { boxSpace, discreteSpace } from "../spaces.js";
import { ClassicControlEnv, NO_INFO, resetBounds, uniformIn } from "./classicControl.js";
import { show } from "../../util/validate.js";

const DT = 0.2;
const L1 = 1.0; // link lengths, masses, centres of mass, moments of inertia
const M1 = 1.0;
const M2 = 1.0;
const LC1 = 0.5;
const LC2 = 0.5;
const I1 = 1.0;
const I2 = 1.0;
const G = 9.8;
const MAX_VEL_1 = 4 * Math.PI;
const MAX_VEL_2 = 9 * Math.PI;
const TORQUES = [-1.0, 0.0, 1.0];

/** ds/dt of the augmented state [θ₁, θ₂, θ̇₁, θ̇₂, torque] (the "book" equations), written into `out`. */
function dsdt(y: Float64Array, out: Float64Array): void {
  const theta1 = y[0];
  const theta2 = y[1];
  const dtheta1 = y[2];
  const dtheta2 = y[3];
  const a = y[4];
  const cos2 = Math.cos(theta2);
  const sin2 = Math.sin(theta2);
  const d1 = M1 * LC1 * LC1 + M2 * (L1 * L1 + LC2 * LC2 + 2 * L1 * LC2 * cos2) + I1 + I2;
  const d2 = M2 * (LC2 * LC2 + L1 * LC2 * cos2) + I2;
  const phi2 = M2 * LC2 * G * Math.cos(theta1 + theta2 - Math.PI / 2.0);
  const phi1 =
    -M2 * L1 * LC2 * (dtheta2 * dtheta2) * sin2 -
    2 * M2 * L1 * LC2 * dtheta2 * dtheta1 * sin2 +
    (M1 * LC1 + M2 * L1) * G * Math.cos(theta1 - Math.PI / 2) +
    phi2;
  const ddtheta2 =
    (a + (d2 / d1) * phi1 - M2 * L1 * LC2 * (dtheta1 * dtheta1) * sin2 - phi2) / (M2 * LC2 * LC2 + I2 - (d2 * d2) / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  out[0] = dtheta1;
  out[1] = dtheta2;
  out[2] = ddtheta1;
  out[3] = ddtheta2;
  out[4] = 0.0;
}

/** Gymnasium's `rk4(derivs, y0, [0, dt])`: one classical Runge–Kutta step; returns the first four coordinates. */
function rk4(y0: Float64Array, dt: number): Float64Array {
  const dt2 = dt / 2.0;
  const k1 = new Float64Array(5);
  const k2 = new Float64Array(5);
  const k3 = new Float64Array(5);
  const k4 = new Float64Array(5);
  const y = new Float64Array(5);
  dsdt(y0, k1);
  for (let i = 0; i < 5; i++) y[i] = y0[i] + dt2 * k1[i];
  dsdt(y, k2);
  for (let i = 0; i < 5; i++) y[i] = y0[i] + dt2 * k2[i];
  dsdt(y, k3);
  for (let i = 0; i < 5; i++) y[i] = y0[i] + dt * k3[i];
  dsdt(y, k4);
  const out = new Float64Array(4);
  for (let i = 0; i < 4; i++) out[i] = y0[i] + (dt / 6.0) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  return out;
}

/** Most shifts `wrap` makes before giving up (Gymnasium would loop ~|x|/2π times, forever once x − 2π = x). */
const MAX_WRAPS = 1_000_000;

/** Gymnasium's `wrap(x, m, M)`: shifts x by M − m until it lies in [m, M]. */
function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  const x0 = x;
  let shifts = 0;
  while (x > M && shifts++ < MAX_WRAPS) x = x - diff;
  while (x < m && shifts++ < MAX_WRAPS) x = x + diff;
  if (shifts > MAX_WRAPS) throw new Error(`Acrobot-v1.step: angle ${show(x0)} is too far out to wrap into [−π, π] (more than ${MAX_WRAPS} turns); set a state within a few turns`);
  return x;
}

/** Gymnasium's `bound(x, m, M)` = min(max(x, m), M). */
function bound(x: number, m: number, M: number): number {
  return Math.min(Math.max(x, m), M);
}

/**
 * The bare Acrobot env. State `[θ₁, θ₂, θ̇₁, θ̇₂]` (float64 after a step; the reset draws are float32, as
 * Gymnasium stores them); Discrete(3) torques −1, 0, +1 on the second joint; terminates when the tip rises above
 * one link length over the pivot (−cos θ₁ − cos(θ₁ + θ₂) > 1). Observation `[cos θ₁, sin θ₁, cos θ₂, sin θ₂, θ̇₁, θ̇₂]`.
 * Reset draws each state coordinate uniformly from [−0.1, 0.1) (`options: { low, high }`).
 * @example const env = new AcrobotEnv(); env.reset({ seed: 1 }); env.step(2);
 */
export class AcrobotEnv extends ClassicControlEnv {
  readonly id = "Acrobot-v1";
  readonly observationSpace = boxSpace(
    [-1, -1, -1, -1, -MAX_VEL_1, -MAX_VEL_2].map(Math.fround),
    [1, 1, 1, 1, MAX_VEL_1, MAX_VEL_2].map(Math.fround),
  );
  readonly actionSpace = discreteSpace(3);
  readonly rewardThreshold = -100;
  readonly maxEpisodeSteps = 500;
  protected readonly stateSize = 4;

  protected initialState(draws: Stream, options: Readonly<Record<string, number>>): Float64Array {
    const [low, high] = resetBounds(`${this.id}.reset`, options, ["low", "high"], [-0.1, 0.1]);
    const s = new Float64Array(4);
    for (let i = 0; i < 4; i++) s[i] = Math.fround(uniformIn(draws, low, high));
    return s;
  }

  protected transition(s: Float64Array, action: number | Float64Array): StepResult {
    const augmented = Float64Array.of(s[0], s[1], s[2], s[3], TORQUES[action as number]);
    const ns = rk4(augmented, DT);
    s[0] = wrap(ns[0], -Math.PI, Math.PI);
    s[1] = wrap(ns[1], -Math.PI, Math.PI);
    s[2] = bound(ns[2], -MAX_VEL_1, MAX_VEL_1);
    s[3] = bound(ns[3], -MAX_VEL_2, MAX_VEL_2);
    const terminated = -Math.cos(s[0]) - Math.cos(s[1] + s[0]) > 1.0;
    return { observation: this.observe(s), reward: terminated ? 0.0 : -1.0, terminated, truncated: false, info: NO_INFO };
  }

  protected observe(s: Float64Array): Float64Array {
    return Float64Array.of(
      Math.fround(Math.cos(s[0])),
      Math.fround(Math.sin(s[0])),
      Math.fround(Math.cos(s[1])),
      Math.fround(Math.sin(s[1])),
      Math.fround(s[2]),
      Math.fround(s[3]),
    );
  }
}
