/**
 * Composition of variance transforms, like optax.chain: apply each transform in order to the rows the previous one
 * returned; the state is the tuple of the transforms' states, typed element by element.
 */
import { checkRows, checkScoreBatch, checkTransform, withRows, type ScoreBatch, type TransformResult, type VarianceTransform } from "./transform.js";

/** The tuple of states of a tuple of transforms: [VarianceTransform<A>, VarianceTransform<B>] ↦ readonly [A, B]. */
export type VarianceChainState<T extends readonly VarianceTransform<unknown>[]> = {
  readonly [K in keyof T]: T[K] extends VarianceTransform<infer S> ? S : never;
};

/**
 * Chains variance transforms: `chainVariance(a, b).apply(batch, [sa, sb])` applies a to the batch, then b to the
 * batch with a's rows, and returns the rows of b with the state [sa', sb']. Typed without casts at the call site:
 * the state of `chainVariance(ema, cv)` is `readonly [EmaState, CvState]`.
 *
 * Refuses (throws) a chain where a transform that needs independent input rows (a leave-one-out coefficient)
 * follows one that couples rows (a leave-one-out baseline): that order would be biased. Put control variates first.
 * Named `chainVariance` to stay apart from the optimizer `chain` of src/optim.
 * @example
 *   const t = chainVariance(controlVariateTransform(scoreControlVariate()), baselineTransform("mean"));
 *   const { estimate, state } = scoreFunctionWithTransform(f, dist, key(0), t, t.init(), { numSamples: 64 });
 * Reference: Babuschkin et al., Optax (2020), `optax.chain`.
 */
export function chainVariance<T extends readonly VarianceTransform<unknown>[]>(...transforms: T): VarianceTransform<VarianceChainState<T>> {
  const fn = "chainVariance";
  if (transforms.length === 0) throw new Error(`${fn}: needs at least one transform, got none`);
  transforms.forEach((t, i) => checkTransform(fn, `transforms[${i}]`, t));
  let coupledBy: string | null = null;
  for (const t of transforms) {
    if (t.needsIndependentRows && coupledBy !== null) {
      throw new Error(
        `${fn}: ${t.name} estimates a leave-one-out coefficient and needs independent rows, but it follows ${coupledBy}, which couples them; put ${t.name} first`,
      );
    }
    if (t.couplesRows) coupledBy = t.name;
  }
  const name = `chain(${transforms.map((t) => t.name).join(", ")})`;
  return {
    name,
    couplesRows: transforms.some((t) => t.couplesRows),
    needsIndependentRows: transforms.some((t) => t.needsIndependentRows),
    // A mapped tuple cannot be built element by element in TypeScript; this one assertion is the only cast.
    init: () => transforms.map((t) => t.init()) as unknown as VarianceChainState<T>,
    apply(batch: ScoreBatch, state: VarianceChainState<T>): TransformResult<VarianceChainState<T>> {
      checkScoreBatch(`${fn}.apply`, batch);
      const states = state as readonly unknown[];
      if (!Array.isArray(states) || states.length !== transforms.length) {
        throw new Error(`${fn}: state must be an array of ${transforms.length} transform states (from init()), got ${Array.isArray(states) ? `length ${states.length}` : typeof states}`);
      }
      let current = batch;
      const next: unknown[] = [];
      transforms.forEach((t, i) => {
        const out = t.apply(current, states[i]);
        current = withRows(current, checkRows(fn, t.name, out.rows, batch.n, batch.paramSize));
        next.push(out.state);
      });
      return { rows: current.rows, state: next as unknown as VarianceChainState<T> };
    },
  };
}
