/**
 * Optimizers given as data, so that a checkpoint can record them: the adam and sgd transforms of src/optim with their
 * options, and an optional decaying learning rate.
 */
import { adam } from "../optim/adam.js";
import { sgd } from "../optim/sgd.js";
import type { GradientTransformation } from "../optim/transform.js";
import { show } from "../util/validate.js";

/**
 * An optimizer given as data (so a checkpoint can record it): adam or sgd of src/optim with these options. With
 * `decaySteps` the rate decays as learningRate / (1 + t / decaySteps) (Robbins–Monro: the noise of a stochastic
 * gradient then averages out instead of leaving the iterate jittering around the optimum).
 */
export type OptimizerSpec =
  | { readonly name: "adam"; readonly learningRate: number; readonly decaySteps?: number; readonly b1?: number; readonly b2?: number; readonly eps?: number }
  | { readonly name: "sgd"; readonly learningRate: number; readonly decaySteps?: number; readonly momentum?: number; readonly nesterov?: boolean };

/**
 * The transform of an {@link OptimizerSpec} (or a GradientTransformation passed through as "custom") and the plain
 * data that identifies it in a checkpoint. Without a spec: adam at 0.01, or sgd at 0.1 for natural gradients.
 * @example const { optimizer } = makeOptimizer("fit", { name: "adam", learningRate: 0.05, decaySteps: 100 }, false);
 */
export function makeOptimizer(fn: string, spec: OptimizerSpec | GradientTransformation<unknown> | undefined, natural: boolean): { optimizer: GradientTransformation<unknown>; optimizerId: unknown } {
  const s: OptimizerSpec | GradientTransformation<unknown> = spec ?? (natural ? { name: "sgd", learningRate: 0.1 } : { name: "adam", learningRate: 0.01 });
  if (s !== null && typeof s === "object" && typeof (s as GradientTransformation<unknown>).update === "function" && typeof (s as GradientTransformation<unknown>).init === "function") {
    return { optimizer: s as GradientTransformation<unknown>, optimizerId: "custom" };
  }
  const named = s as OptimizerSpec;
  if (named?.name !== "adam" && named?.name !== "sgd") {
    throw new Error(`${fn}: optimizer must be { name: "adam" | "sgd", learningRate, … } or a GradientTransformation { init, update }, got ${show(spec)}`);
  }
  const rate = named.learningRate;
  const decay = named.decaySteps;
  if (decay !== undefined && (typeof decay !== "number" || !Number.isFinite(decay) || decay <= 0)) {
    throw new Error(`${fn}: optimizer.decaySteps must be a finite number > 0, got ${show(decay)}`);
  }
  const learningRate = decay === undefined || typeof rate !== "number" ? rate : (t: number) => rate / (1 + t / decay);
  if (named.name === "adam") {
    return { optimizer: adam({ learningRate, b1: named.b1, b2: named.b2, eps: named.eps }) as GradientTransformation<unknown>, optimizerId: { ...named } };
  }
  return { optimizer: sgd({ learningRate, momentum: named.momentum, nesterov: named.nesterov }) as GradientTransformation<unknown>, optimizerId: { ...named } };
}
