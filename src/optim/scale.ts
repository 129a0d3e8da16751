/**
 * Multiplying updates by a constant, the smallest stateless transform.
 */
import { show } from "../util/validate.js";
import { checkGrads, checkUpdates, type EmptyState, type GradientTransformation } from "./transform.js";

/**
 * updates = factor · grads (optax.scale). `chain(adamLikeDirection, scale(-lr))` is the classic way to turn a direction
 * into a descent step; factor may be negative but must be finite.
 * @example chain(clipByGlobalNorm(1), scale(-0.1)) // clipped gradient descent with lr 0.1
 */
export function scale(factor: number): GradientTransformation<EmptyState> {
  if (typeof factor !== "number" || !Number.isFinite(factor)) throw new Error(`scale: factor must be a finite number, got ${show(factor)}`);
  return {
    init: () => ({}),
    update(grads, state) {
      const g = checkGrads("scale.update", grads);
      for (let i = 0; i < g.length; i++) g[i] *= factor;
      return { updates: checkUpdates("scale.update", g), state };
    },
  };
}
