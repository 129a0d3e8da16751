/**
 * Adding updates to parameters (optax.apply_updates).
 */
import { show } from "../util/validate.js";

/** An array or typed array (not a DataView). */
function isArray(v: unknown): boolean {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/**
 * Returns params + updates as a new Float64Array (neither input is modified). Throws on mismatched lengths and if a
 * sum is not finite, so a diverging run stops with the coordinate named instead of carrying NaN forward.
 * @example theta = applyUpdates(theta, opt.update(grad, state).updates)
 */
export function applyUpdates(params: ArrayLike<number>, updates: ArrayLike<number>): Float64Array {
  const fn = "applyUpdates";
  if (!isArray(params)) throw new Error(`${fn}: params must be a Float64Array, got ${show(params)}`);
  if (!isArray(updates)) throw new Error(`${fn}: updates must be a Float64Array, got ${show(updates)}`);
  if (params.length !== updates.length) {
    throw new Error(`${fn}: params and updates must have the same length, got ${params.length} and ${updates.length}`);
  }
  const out = new Float64Array(params.length);
  // Entries of a plain array (or another typed array) must be numbers: a string would concatenate, a BigInt throw.
  for (const [arg, a] of [["params", params], ["updates", updates]] as const) {
    if (a instanceof Float64Array) continue;
    for (let i = 0; i < a.length; i++) if (typeof a[i] !== "number") throw new Error(`${fn}: ${arg}[${i}] must be a number, got ${show(a[i])}`);
  }
  for (let i = 0; i < out.length; i++) {
    out[i] = params[i] + updates[i];
    if (!Number.isFinite(out[i])) {
      throw new Error(`${fn}: params[${i}] + updates[${i}] = ${show(params[i])} + ${show(updates[i])} is not finite`);
    }
  }
  return out;
}
