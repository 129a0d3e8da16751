/**
 * Gradient clipping, by global Euclidean norm and per coordinate (stateless transforms).
 */
import { show } from "../util/validate.js";
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
      // ‖g‖ = m·‖g/m‖ with m = max|g_i|, so a gradient whose norm overflows float64 is still clipped correctly.
      let m = 0;
      for (let i = 0; i < g.length; i++) m = Math.max(m, Math.abs(g[i]));
      if (m > 0) {
        let ss = 0;
        for (let i = 0; i < g.length; i++) ss += (g[i] / m) * (g[i] / m);
        const r = Math.sqrt(ss);
        if (m * r > maxNorm) for (let i = 0; i < g.length; i++) g[i] = (g[i] / m) * (maxNorm / r);
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
