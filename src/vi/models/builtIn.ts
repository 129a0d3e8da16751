/**
 * The three built-in models by name — what `mcgrad fit MODEL` fits, the lab can show, and a user can copy: each with
 * its starting guides, the estimators that apply, its exact answers where they exist (log evidence, ELBO of a guide)
 * and its held-out evaluation. The data come in as CSV text (read by the caller), so this stays browser-safe.
 *
 * - "linreg": conjugate Bayesian linear regression on 100 points drawn from the model (key 0; 50 more held out),
 *   d = 5 (bias + 4 features), σ = 1, τ = 1 — exact posterior, evidence, Gaussian ELBO.
 * - "blr": Bayesian logistic regression on the Wisconsin breast-cancer data (Mohamed et al. 2020 §8.3), 455 training
 *   rows (split by key 0), minibatches of 32 — held-out accuracy and log likelihood.
 * - "mixture": the Iris mixture, one categorical assignment per flower under EM-fixed components — exact evidence
 *   and ELBO of a Categorical guide.
 */
import type { Distribution } from "../../distributions/distribution.js";
import { LOG_2PI } from "../../util/constants.js";
import { MultivariateNormal } from "../../distributions/multivariateNormal.js";
import { Normal } from "../../distributions/normal.js";
import { key, type Key } from "../../random/key.js";
import { show } from "../../util/validate.js";
import type { ElboEstimator } from "../elboCommon.js";
import type { Model } from "../model.js";
import { independentCategorical } from "../../distributions/product.js";
import { breastCancerRegression } from "./breastCancer.js";
import { irisMixture } from "./irisMixture.js";
import { gaussianElbo, linearRegression, meanFieldOptimum, syntheticLinearRegression } from "./linearRegression.js";
import { logisticPredictive } from "./logisticRegression.js";

/** Names of the built-in models. */
export const BUILT_IN_MODELS = ["linreg", "blr", "mixture"] as const;
/** The name of one built-in model in {@link BUILT_IN_MODELS}. */
export type BuiltInModelName = (typeof BUILT_IN_MODELS)[number];

/** Guide families: a diagonal Normal (or one Categorical per discrete latent) or a full-covariance Normal. */
export type GuideKind = "meanfield" | "fullrank";

/** One row of a posterior summary: a latent's name, its mean and sd under the guide, and the exact ones if known. */
export interface LatentSummary {
  readonly name: string;
  readonly mean: number;
  readonly sd: number;
  readonly exactMean?: number;
  readonly exactSd?: number;
  /** The sd of the closed-form mean-field optimum (linreg: 1/√Λ_jj, below the exact marginal sd). */
  readonly meanFieldSd?: number;
}

/** Held-out evaluation of a fitted guide. */
export interface HeldOut {
  readonly accuracy?: number;
  /** Mean log predictive density per held-out point. */
  readonly logLikelihood: number;
}

/** A built-in model with what a fitting run needs to start, compare and report. */
export interface BuiltInModel {
  readonly name: BuiltInModelName;
  readonly description: string;
  readonly model: Model;
  readonly guideKinds: readonly GuideKind[];
  /** The estimators that apply (pathwise ones need gradLogJoint and continuous latents; enumerate discrete ones). */
  readonly estimators: readonly ElboEstimator[];
  /** Suggested run settings. */
  readonly defaults: { readonly estimator: ElboEstimator; readonly steps: number; readonly numSamples: number; readonly learningRate: number };
  /** log p(x) when exact. */
  readonly logEvidence?: number;
  /** The exact ELBO of the best mean-field guide, when closed form (linreg). */
  readonly meanFieldOptimumElbo?: number;
  /** The starting guide (standard normal, or uniform categoricals). */
  initialGuide(kind: GuideKind): Distribution;
  /** The exact ELBO of a guide of this model's family, when it has a closed form. */
  exactElbo?(guide: Distribution): number;
  /** Per-latent mean and sd (for mixture: the expected size of each component). */
  summary(guide: Distribution): LatentSummary[];
  /** Held-out performance, from `numSamples` draws of the guide where needed. */
  heldOut?(guide: Distribution, k: Key, numSamples?: number): HeldOut;
}

const SCORE_FAMILY: readonly ElboEstimator[] = ["score", "score-rb", "score-rb-cv", "vimco"];
const CONTINUOUS: readonly ElboEstimator[] = [...SCORE_FAMILY, "pathwise", "stl", "iwae"];

function gaussianGuide(kind: GuideKind, d: number): Distribution {
  if (kind === "meanfield") return new Normal({ loc: new Float64Array(d), scale: 1 });
  const L = new Float64Array(d * d);
  for (let j = 0; j < d; j++) L[j * d + j] = 1;
  return new MultivariateNormal({ loc: new Float64Array(d), scaleTril: L });
}

function covarianceOf(guide: Distribution): Float64Array {
  const full = (guide as { covariance?: () => Float64Array }).covariance;
  if (typeof full === "function") return full.call(guide);
  const v = guide.variance();
  const d = v.length;
  const S = new Float64Array(d * d);
  for (let j = 0; j < d; j++) S[j * d + j] = v[j];
  return S;
}

function linreg(): BuiltInModel {
  const all = syntheticLinearRegression(key(0), { n: 150, d: 5 });
  const d = 5;
  const n = 100;
  const model = linearRegression({ ...all, x: (all.x as Float64Array).slice(0, n * d), y: (all.y as Float64Array).slice(0, n) });
  const xTest = (all.x as Float64Array).slice(n * d);
  const yTest = (all.y as Float64Array).slice(n);
  const post = model.posterior();
  const mf = meanFieldOptimum(post);
  return {
    name: "linreg",
    description: "Bayesian linear regression, Gaussian prior N(0, I), known noise σ = 1; 100 synthetic points, 5 weights",
    model,
    guideKinds: ["meanfield", "fullrank"],
    estimators: CONTINUOUS,
    defaults: { estimator: "stl", steps: 5000, numSamples: 16, learningRate: 0.01 },
    logEvidence: post.logEvidence,
    meanFieldOptimumElbo: gaussianElbo(post, mf.loc, covarianceOf(new Normal({ loc: mf.loc, scale: mf.scale }))),
    initialGuide: (kind) => gaussianGuide(kind, d),
    exactElbo: (guide) => gaussianElbo(post, guide.mean(), covarianceOf(guide)),
    summary: (guide) => {
      const m = guide.mean();
      const v = guide.variance();
      return Array.from(m, (mean, j) => ({ name: `w[${j}]`, mean, sd: Math.sqrt(v[j]), exactMean: post.mean[j], exactSd: Math.sqrt(post.covariance[j * d + j]), meanFieldSd: mf.scale[j] }));
    },
    heldOut: (guide) => {
      // Exact for a Gaussian guide: y* ~ N(x*ᵀμ, σ² + x*ᵀ S x*).
      const mu = guide.mean();
      const S = covarianceOf(guide);
      let ll = 0;
      for (let i = 0; i < yTest.length; i++) {
        const xi = xTest.subarray(i * d, (i + 1) * d);
        let m = 0;
        let s = 1;
        for (let a = 0; a < d; a++) {
          m += xi[a] * mu[a];
          for (let b = 0; b < d; b++) s += xi[a] * S[a * d + b] * xi[b];
        }
        ll += (-0.5 * (LOG_2PI + Math.log(s)) - (yTest[i] - m) ** 2 / (2 * s)) / yTest.length;
      }
      return { logLikelihood: ll };
    },
  };
}

function blr(breastCancerCsv: string): BuiltInModel {
  const { model, test, weightNames } = breastCancerRegression(breastCancerCsv, key(0));
  return {
    name: "blr",
    description: "Bayesian logistic regression on the Wisconsin breast-cancer data (455 train / 114 test rows, 31 weights, prior N(0, I), minibatches of 32)",
    model,
    guideKinds: ["meanfield", "fullrank"],
    estimators: CONTINUOUS,
    defaults: { estimator: "pathwise", steps: 5000, numSamples: 50, learningRate: 0.01 },
    initialGuide: (kind) => gaussianGuide(kind, model.dim),
    summary: (guide) => {
      const m = guide.mean();
      const v = guide.variance();
      return Array.from(m, (mean, j) => ({ name: weightNames[j], mean, sd: Math.sqrt(v[j]) }));
    },
    heldOut: (guide, k, numSamples = 1000) => logisticPredictive(test.x, test.y, model.dim, guide.sample(k, numSamples), numSamples),
  };
}

function mixture(irisCsv: string): BuiltInModel {
  const { model, data } = irisMixture(irisCsv);
  const K = model.numComponents;
  const n = model.n;
  const sizes = (probs: ArrayLike<number>): number[] => {
    const s = new Array<number>(K).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) s[k] += probs[i * K + k];
    return s;
  };
  const exact = sizes(model.responsibilities);
  return {
    name: "mixture",
    description: `Gaussian mixture on Iris (${n} flowers, ${data.d} measurements), K = ${K} full-covariance components fixed by EM; latents: one categorical assignment per flower`,
    model,
    guideKinds: ["meanfield"],
    estimators: [...SCORE_FAMILY, "enumerate"],
    defaults: { estimator: "score-rb", steps: 4000, numSamples: 32, learningRate: 0.3 },
    logEvidence: model.logEvidence,
    initialGuide: (kind) => {
      if (kind !== "meanfield") throw new Error(`builtInModel("mixture"): the assignments are discrete; the guide must be "meanfield" (one Categorical per flower), got ${show(kind)}`);
      return independentCategorical(new Float64Array(n * K), K);
    },
    exactElbo: (guide) => model.elbo(guide.params),
    summary: (guide) => {
      // The guide's Categorical blocks: θ = logits row by row; component k's expected size is Σ_i q_i(k).
      const probs = new Float64Array(n * K);
      const th = guide.params;
      for (let i = 0; i < n; i++) {
        const row = th.subarray(i * K, (i + 1) * K);
        const m = Math.max(...row);
        let z = 0;
        for (let k = 0; k < K; k++) z += Math.exp(row[k] - m);
        for (let k = 0; k < K; k++) probs[i * K + k] = Math.exp(row[k] - m) / z;
      }
      const s = sizes(probs);
      return s.map((size, k) => {
        let v = 0;
        for (let i = 0; i < n; i++) v += probs[i * K + k] * (1 - probs[i * K + k]);
        let ve = 0;
        for (let i = 0; i < n; i++) ve += model.responsibilities[i * K + k] * (1 - model.responsibilities[i * K + k]);
        return { name: `size of component ${k}`, mean: size, sd: Math.sqrt(v), exactMean: exact[k], exactSd: Math.sqrt(ve) };
      });
    },
  };
}

/** The CSV texts of the shipped data sets (data/*.csv), needed by "blr" and "mixture". */
export interface BuiltInData {
  readonly breastCancerCsv?: string;
  readonly irisCsv?: string;
}

/**
 * A built-in model by name.
 * @example
 *   const m = builtInModel("blr", { breastCancerCsv: readFileSync("data/breast-cancer-wisconsin.csv", "utf8") });
 *   const r = fit(m.model, m.initialGuide("meanfield"), { estimator: "pathwise", steps: 5000, numSamples: 50 });
 *   m.heldOut?.(r.guide, key(1)); // { accuracy ≈ 0.96, logLikelihood ≈ −0.1 }
 */
export function builtInModel(name: BuiltInModelName, data: BuiltInData = {}): BuiltInModel {
  const fn = "builtInModel";
  const need = (text: string | undefined, what: string): string => {
    if (typeof text !== "string") throw new Error(`${fn}: model "${name}" needs data.${what} (the text of the shipped CSV file), got ${show(text)}`);
    return text;
  };
  switch (name) {
    case "linreg":
      return linreg();
    case "blr":
      return blr(need(data?.breastCancerCsv, "breastCancerCsv"));
    case "mixture":
      return mixture(need(data?.irisCsv, "irisCsv"));
    default:
      throw new Error(`${fn}: name must be one of ${BUILT_IN_MODELS.join(", ")}, got ${show(name)}`);
  }
}
