/**
 * Gradients of the evidence lower bound
 *
 *   L(θ) = E_{z~qθ}[log p(x, z) − log qθ(z)] ≤ log p(x)
 *
 * with respect to the guide's θ. Each estimator is one of the core's estimators applied to
 * f(z) = log p(x, z) − log qθ(z) (Ranganath, Gerrish & Blei 2014, "Black box variational inference"; Mohamed et al.
 * JMLR 2020 §8.3). `elboGradient` picks one by name; each also exists as its own function:
 *
 * | estimator      | needs                                  | function            |
 * |----------------|----------------------------------------|---------------------|
 * | "score"        | logJoint                               | {@link elboScore}       |
 * | "score-rb"     | logJoint (terms for Rao-Blackwellization) | {@link elboScoreRb}  |
 * | "score-rb-cv"  | as score-rb, numSamples ≥ 2            | {@link elboScoreRbCv}   |
 * | "enumerate"    | discrete guide factors (few values)    | {@link elboEnumerate}   |
 * | "pathwise"     | gradLogJoint, reparameterizable guide  | {@link elboPathwise}    |
 * | "stl"          | as pathwise, a location-family guide   | {@link elboStl}         |
 * | "iwae"         | as stl                                 | {@link elboIwae}        |
 * | "vimco"        | logJoint, numSamples ≥ 2               | {@link elboVimco}       |
 *
 * Every value is computed in log space; a log joint or log q that is not finite throws, naming the sample and z.
 */
import { isReparameterizable, type Distribution } from "../distributions/distribution.js";
import type { Key } from "../random/key.js";
import { show } from "../util/validate.js";
import { ELBO_ESTIMATORS, estimatorArgs, meanAndStderr, type ElboEstimator, type ElboGradient, type ElboGradientOptions, type EntropyMode } from "./elboCommon.js";
import { elboIwae, elboVimco } from "./elboMultiSample.js";
import { elboPathwise, elboStl } from "./elboPathwise.js";
import { elboEnumerate, elboScore, elboScoreRb, elboScoreRbCv } from "./elboScore.js";
import { checkGuide } from "./guide.js";
import { checkGuideLogProbs, checkModel, logJointRows, type Model } from "./model.js";

/**
 * ∇θ of the ELBO of `model` under the guide `guide` (θ = guide.params), by the estimator `options.estimator`.
 * @example
 *   const r = elboGradient(model, new Normal({ loc: [0, 0], scale: 1 }), key(0), { estimator: "score-rb-cv", numSamples: 32 });
 *   r.gradient.mean; r.elbo; r.elboStderr;
 * References: Ranganath, Gerrish & Blei (AISTATS 2014); Kingma & Welling (ICLR 2014); Roeder, Wu & Duvenaud
 * (NeurIPS 2017); Burda, Grosse & Salakhutdinov (ICLR 2016); Mnih & Rezende (ICML 2016).
 */
export function elboGradient(model: Model, guide: Distribution, key: Key, options: ElboGradientOptions = {}): ElboGradient {
  const fn = "elboGradient";
  checkGuide(fn, guide);
  checkModel(fn, model, guide.dim);
  const estimator = options?.estimator ?? defaultEstimator(model, guide);
  switch (estimator) {
    case "score":
      return elboScore(model, guide, key, options);
    case "score-rb":
      return elboScoreRb(model, guide, key, options);
    case "score-rb-cv":
      return elboScoreRbCv(model, guide, key, options);
    case "enumerate":
      return elboEnumerate(model, guide, key, options);
    case "pathwise":
      return elboPathwise(model, guide, key, options);
    case "stl":
      return elboStl(model, guide, key, options);
    case "iwae":
      return elboIwae(model, guide, key, options);
    case "vimco":
      return elboVimco(model, guide, key, options);
    default:
      throw new Error(`${fn}: options.estimator must be one of ${ELBO_ESTIMATORS.join(", ")}, got ${show(estimator)}`);
  }
}

/**
 * The estimator `elboGradient` uses when none is named: "pathwise" when the model has gradLogJoint and the guide is
 * reparameterizable, else "score-rb-cv" when the model has terms, else "score".
 * @example defaultEstimator(model, new Bernoulli({ logits: [0, 0] })) // "score-rb-cv" for a model with terms
 */
export function defaultEstimator(model: Model, guide: Distribution): ElboEstimator {
  checkGuide("defaultEstimator", guide);
  checkModel("defaultEstimator", model, guide.dim);
  if (typeof model.gradLogJoint === "function" && isReparameterizable(guide)) return "pathwise";
  return model.terms !== undefined ? "score-rb-cv" : "score";
}

/** Options of {@link estimateElbo}. */
export interface EstimateElboOptions {
  /** Samples (default 10 000). */
  numSamples?: number;
  /** "analytic" (default where the guide has a closed-form entropy): E[log p] + H; "sample": E[log p − log q]. */
  entropy?: EntropyMode;
}

/**
 * The ELBO of `model` under `guide`, E_q[log p(x, z) − log q(z)], by Monte Carlo with its standard error (the
 * entropy in closed form where the guide has one). Use the full model (not a subsample) to report a fitted guide.
 * @example const { elbo, stderr } = estimateElbo(model, r.guide, key(9), { numSamples: 10_000 });
 */
export function estimateElbo(model: Model, guide: Distribution, key: Key, options: EstimateElboOptions = {}): { elbo: number; stderr: number; numSamples: number } {
  const fn = "estimateElbo";
  const { n, entropy } = estimatorArgs(fn, model, guide, key, { numSamples: options?.numSamples ?? 10_000, entropy: options?.entropy }, 1, "analytic");
  const { x: z, logProb: logq } = guide.sampleAndLogProb(key, n);
  const logp = logJointRows(fn, model, z, n);
  const h = entropy === "analytic" ? guide.entropy() : 0;
  if (entropy === "sample") checkGuideLogProbs(fn, logq, z, guide.dim);
  const values = logp.map((v, i) => (entropy === "analytic" ? v + h : v - logq[i]));
  const { mean, stderr } = meanAndStderr(values);
  return { elbo: mean, stderr, numSamples: n };
}
