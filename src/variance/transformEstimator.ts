/**
 * A variance transform (a control variate, a baseline, a chain of them) as an estimator that `compareEstimators`
 * can measure beside the plain ones: each batch runs the score-function estimator through the transform from its
 * initial state.
 */
import type { CandidateEstimator } from "../diagnostics/compareEstimators.js";
import { checkDistribution, type Distribution } from "../distributions/distribution.js";
import { show } from "../util/validate.js";
import { checkTransform, scoreFunctionWithTransform, type VarianceTransform } from "./transform.js";

/**
 * `{ name, run }` for `compareEstimators`'s `extra` option: the score-function estimator of `dist` followed by
 * `transform`, started from `transform.init()` on every batch (so a stateful transform is measured from scratch;
 * its returned state is used within the batch only). Evaluations of f the transform makes (a control variate that
 * calls f) are counted like any other.
 * @example
 *   const cv = controlVariateTransform(deltaMethodControlVariate(f, grad, hessian));
 *   compareEstimators(f, dist, key(0), { extra: [transformEstimator(dist, cv)] });
 */
export function transformEstimator<S>(dist: Distribution, transform: VarianceTransform<S>, name?: string): CandidateEstimator {
  const fn = "transformEstimator";
  checkDistribution(fn, dist);
  checkTransform(fn, "transform", transform);
  if (name !== undefined && typeof name !== "string") throw new Error(`${fn}: name must be a string, got ${show(name)}`);
  return {
    name: name ?? `score function + ${transform.name}`,
    run: (f, key, numSamples) => scoreFunctionWithTransform(f, dist, key, transform, transform.init(), { numSamples }).estimate,
  };
}
