/**
 * Learning rates: a constant or a schedule `step ↦ rate` (step = number of updates already applied, from 0),
 * as in optax. A schedule's value is checked every step, so a schedule that returns NaN or a non-positive rate fails
 * loudly instead of corrupting the parameters.
 */
import { show } from "../util/validate.js";

/** A learning-rate schedule: step (0, 1, 2, …) ↦ rate > 0. */
export type Schedule = (step: number) => number;

/** A constant learning rate or a {@link Schedule}. */
export type LearningRate = number | Schedule;

/** Validates a learning rate at construction time (a constant must be finite and > 0). */
export function checkLearningRate(fn: string, learningRate: unknown): LearningRate {
  if (typeof learningRate === "function") return learningRate as Schedule;
  if (typeof learningRate !== "number" || !Number.isFinite(learningRate) || learningRate <= 0) {
    throw new Error(`${fn}: learningRate must be a finite number > 0 or a schedule function, got ${show(learningRate)}`);
  }
  return learningRate;
}

/** The learning rate at `step`, checked to be finite and > 0. */
export function learningRateAt(fn: string, learningRate: LearningRate, step: number): number {
  const lr = typeof learningRate === "number" ? learningRate : learningRate(step);
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr <= 0) {
    throw new Error(`${fn}: the learning-rate schedule must return a finite number > 0, got ${show(lr)} at step ${step}`);
  }
  return lr;
}
