/**
 * Composition of gradient transformations, with the state typed as the tuple of the parts' states.
 */
import { show } from "../util/validate.js";
import type { GradientTransformation, StateOf } from "./transform.js";

/** The state of `chain(t1, …, tk)`: a readonly tuple [state1, …, statek]. */
export type ChainState<T extends readonly GradientTransformation<unknown>[]> = { readonly [K in keyof T]: StateOf<T[K]> };

/**
 * Applies the transforms in order: the updates of one are the grads of the next; every part receives the same params
 * (optax.chain). The state is the tuple of the parts' states, inferred without casts:
 * `chain(clipByGlobalNorm(1), adam(o))` has state `readonly [EmptyState, AdamState]`. It is JSON-safe when the parts are.
 * @example
 * const opt = chain(clipByGlobalNorm(10), sgd({ learningRate: 0.1, momentum: 0.9 }));
 * const { updates, state } = opt.update(grad, opt.init(theta));
 */
export function chain<T extends readonly GradientTransformation<unknown>[]>(...transforms: T): GradientTransformation<ChainState<T>> {
  if (transforms.length === 0) throw new Error("chain: needs at least one transform, got none");
  transforms.forEach((t, i) => {
    if (t === null || typeof t !== "object" || typeof t.init !== "function" || typeof t.update !== "function") {
      throw new Error(`chain: transforms[${i}] must be a GradientTransformation { init, update }, got ${show(t)}`);
    }
  });
  return {
    init(params) {
      return transforms.map((t) => t.init(params)) as unknown as ChainState<T>;
    },
    update(grads, state, params) {
      const parts = state as unknown as readonly unknown[];
      if (!Array.isArray(parts) || parts.length !== transforms.length) {
        throw new Error(`chain.update: state must be an array of ${transforms.length} states (from init), got ${show(state)}`);
      }
      let updates = grads;
      const next: unknown[] = [];
      for (let i = 0; i < transforms.length; i++) {
        const r = transforms[i].update(updates, parts[i], params);
        updates = r.updates;
        next.push(r.state);
      }
      return { updates, state: next as unknown as ChainState<T> };
    },
  };
}
