/**
 * The hyper-parameters of PPO's update (`ppoUpdate` in ./ppo.ts) with CleanRL's ppo.py defaults, and their checks.
 */
import { checkKnownKeys, checkOptionsObject, checkPositive, checkPositiveInt, fail } from "../util/validate.js";

/** Hyper-parameters of `ppoUpdate`; defaults are CleanRL's ppo.py (discrete actions). */
export interface PpoOptions {
  /** Adam step size (default 2.5e-4). */
  readonly learningRate?: number;
  /** Clip range ε of the ratio (default 0.2). */
  readonly clipCoef?: number;
  /** Clip the value loss around the old values with the same ε (default true). */
  readonly clipValueLoss?: boolean;
  /** c_V (default 0.5). */
  readonly valueCoef?: number;
  /** c_H, the entropy bonus (default 0.01). */
  readonly entropyCoef?: number;
  /** Passes over the batch (default 4). */
  readonly epochs?: number;
  /** Minibatches per pass (default 4). */
  readonly minibatches?: number;
  /** Global-norm clip of the joint gradient (default 0.5). */
  readonly maxGradNorm?: number;
  /** Standardize advantages within each minibatch (default true). */
  readonly normalizeAdvantages?: boolean;
  /** Stop the epochs early once an epoch's mean approximate KL exceeds this (default null: never). */
  readonly targetKl?: number | null;
  /** Adam's ε (default 1e-5, as CleanRL). */
  readonly adamEps?: number;
}

/** Filled-in {@link PpoOptions}. */
export type PpoConfig = Required<Omit<PpoOptions, "targetKl">> & { readonly targetKl: number | null };

/** The defaults of {@link PpoOptions}. */
export const PPO_DEFAULTS: PpoConfig = Object.freeze({
  learningRate: 2.5e-4,
  clipCoef: 0.2,
  clipValueLoss: true,
  valueCoef: 0.5,
  entropyCoef: 0.01,
  epochs: 4,
  minibatches: 4,
  maxGradNorm: 0.5,
  normalizeAdvantages: true,
  targetKl: null,
  adamEps: 1e-5,
});

/**
 * The keys `train`'s PPO adds to {@link PpoOptions} (PpoHyper: rollout shape, returns, annealing, reward scale). A
 * filled-in PpoHyper is accepted wherever PpoOptions are (ppoInit, ppoUpdate), so {@link ppoConfig} knows them too.
 */
export const PPO_HYPER_KEYS = ["numEnvs", "numSteps", "gamma", "gaeLambda", "annealLr", "rewardScale"] as const;

/**
 * Fills in defaults and checks every value (an Error names the option and the value).
 * @example ppoConfig({ clipCoef: 0.1 }).epochs // 4, CleanRL's default; ppoConfig({ clipCoef: -1 }) throws naming clipCoef
 */
export function ppoConfig(options: PpoOptions = {}): PpoConfig {
  const fn = "ppo";
  const given = checkOptionsObject<PpoOptions>(fn, options);
  checkKnownKeys(fn, given, [...Object.keys(PPO_DEFAULTS), ...PPO_HYPER_KEYS]);
  const c = { ...PPO_DEFAULTS, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) } as PpoConfig;
  for (const name of ["learningRate", "clipCoef", "maxGradNorm", "adamEps"] as const) checkPositive(fn, name, c[name]);
  for (const name of ["valueCoef", "entropyCoef"] as const) {
    if (typeof c[name] !== "number" || !Number.isFinite(c[name]) || c[name] < 0) fail(fn, name, "a finite number ≥ 0", c[name]);
  }
  checkPositiveInt(fn, "epochs", c.epochs);
  checkPositiveInt(fn, "minibatches", c.minibatches);
  for (const name of ["clipValueLoss", "normalizeAdvantages"] as const) if (typeof c[name] !== "boolean") fail(fn, name, "true or false", c[name]);
  if (c.targetKl !== null) checkPositive(fn, "targetKl", c.targetKl);
  return c;
}
