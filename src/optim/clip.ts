/**
 * Gradient clipping, by global Euclidean norm and per coordinate (stateless transforms).
 */
import { show } from "../util/validate.js";
import { norm2 } from "../util/linalg.js";
import { checkGrads, type EmptyState, type GradientTransformation } from "./transform.js";

/**
 * Rescales the whole vector when it is too long: g · min(1, maxNorm / ‖g‖₂) (Pascanu, Mikolov & Bengio, ICML 2013;
 * optax.clip_by_global_norm). Keeps the direction; only the length changes. maxNorm must be finite and > 0.
 * @example clipByGlobalNorm(1).update(new Float64Array([3, 4]), {}).updates // → [0.6, 0.8]
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<EmptyState> {
  if (typeof maxNorm !== "number" || !Number.isFinite(maxNorm) || maxNorm <= 0) {
    throw new Error(`clipByGlobalNorm: maxNorm must be a finite number > 0, got ${show(maxNorm)}`);
  }
  return {
    init: () => ({}),
    update(grads, state) {
      const g = checkGrads("clipByGlobalNorm.update", grads);
      const norm = norm2(g);
      if (norm > maxNorm) {
        const factor = maxNorm / norm;
        for (let i = 0; i < g.length; i++) g[i] *= factor;
      }
      return { updates: g, state };
    },
  };
}

/**
 * Clamps every coordinate to [−maxAbs, maxAbs] (optax.clip). Changes the direction when some coordinates are clipped.
 * maxAbs must be finite and > 0.
 * @example clipPerCoordinate(1).update(new Float64Array([3, -0.5]), {}).updates // → [1, -0.5]
 */
export function clipPerCoordinate(maxAbs: number): GradientTransformation<EmptyState> {
  if (typeof maxAbs !== "number" || !Number.isFinite(maxAbs) || maxAbs <= 0) {
    throw new Error(`clipPerCoordinate: maxAbs must be a finite number > 0, got ${show(maxAbs)}`);
  }
  return {
    init: () => ({}),
    update(grads, state) {
      const g = checkGrads("clipPerCoordinate.update", grads);
      for (let i = 0; i < g.length; i++) g[i] = Math.min(maxAbs, Math.max(-maxAbs, g[i]));
      return { updates: g, state };
    },
  };
}
