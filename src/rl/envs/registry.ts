/**
 * `makeEnv(id, options?)`: Gymnasium's `gym.make` for the five classic-control envs, each wrapped in its
 * registered TimeLimit (CartPole-v1 500, Acrobot-v1 500, MountainCar-v0 200, MountainCarContinuous-v0 999,
 * Pendulum-v1 200) and carrying Gymnasium's reward threshold.
 */
import { AcrobotEnv } from "./acrobot.js";
import { CartPoleEnv } from "./cartPole.js";
import type { ClassicControlEnv } from "./classicControl.js";
import { MountainCarEnv } from "./mountainCar.js";
import { MountainCarContinuousEnv } from "./mountainCarContinuous.js";
import { PendulumEnv } from "./pendulum.js";
import { TimeLimit } from "./timeLimit.js";
import { show } from "../../util/validate.js";

/**
 * Options of `makeEnv`: `maxEpisodeSteps` overrides the registered limit; the rest are the env's own keyword
 * arguments in Gymnasium (`suttonBartoReward` for CartPole, `goalVelocity` for the mountain cars, `g` for Pendulum).
 */
export interface MakeEnvOptions {
  readonly maxEpisodeSteps?: number;
  readonly suttonBartoReward?: boolean;
  readonly goalVelocity?: number;
  readonly g?: number;
}

type Factory = (options: MakeEnvOptions) => ClassicControlEnv;

const REGISTRY: Readonly<Record<string, { make: Factory; keys: readonly string[] }>> = {
  "CartPole-v1": { make: (o) => new CartPoleEnv({ suttonBartoReward: o.suttonBartoReward }), keys: ["suttonBartoReward"] },
  "Acrobot-v1": { make: () => new AcrobotEnv(), keys: [] },
  "MountainCar-v0": { make: (o) => new MountainCarEnv({ goalVelocity: o.goalVelocity }), keys: ["goalVelocity"] },
  "MountainCarContinuous-v0": { make: (o) => new MountainCarContinuousEnv({ goalVelocity: o.goalVelocity }), keys: ["goalVelocity"] },
  "Pendulum-v1": { make: (o) => new PendulumEnv({ g: o.g }), keys: ["g"] },
};

/** The ids `makeEnv` knows, in registration order. */
export const ENV_IDS: readonly string[] = Object.freeze(Object.keys(REGISTRY));

/**
 * Makes a registered env: the bare env (`.unwrapped`, with its settable `state`) inside a TimeLimit.
 * An unknown id, an option the env does not take, or a bad value is an Error that names it (and lists the ids).
 * @example const env = makeEnv("CartPole-v1"); let { observation } = env.reset({ seed: 0 });
 */
export function makeEnv(id: string, options: MakeEnvOptions = {}): TimeLimit {
  const entry = Object.prototype.hasOwnProperty.call(REGISTRY, id) ? REGISTRY[id] : undefined;
  if (entry === undefined) throw new Error(`makeEnv: id must be one of ${ENV_IDS.join(", ")}, got ${show(id)}`);
  if (typeof options !== "object" || options === null) throw new Error(`makeEnv: options must be an object, got ${show(options)}`);
  for (const k of Object.keys(options)) {
    if (k !== "maxEpisodeSteps" && !entry.keys.includes(k)) {
      const allowed = ["maxEpisodeSteps", ...entry.keys].join(", ");
      throw new Error(`makeEnv: ${id} takes the options ${allowed}, got ${show(k)}`);
    }
  }
  if (options.suttonBartoReward !== undefined && typeof options.suttonBartoReward !== "boolean") {
    throw new Error(`makeEnv: options.suttonBartoReward must be a boolean, got ${show(options.suttonBartoReward)}`);
  }
  const bare = entry.make(options);
  const limit = options.maxEpisodeSteps ?? bare.maxEpisodeSteps;
  if (!Number.isInteger(limit) || (limit as number) < 1) {
    throw new Error(`makeEnv: options.maxEpisodeSteps must be a positive integer, got ${show(options.maxEpisodeSteps)}`);
  }
  return new TimeLimit(bare, limit as number);
}
