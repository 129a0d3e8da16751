/**
 * Fuzz targets for the "mcgrad/vi" exports that test/fuzz/subpathTargets.ts does not cover: the model and guide
 * helpers, every ELBO estimator by name, fit, the natural direction, the built-in models and the data helpers. Each
 * is built around one valid call (test/fuzz/aroundValid.ts) on a small model with declared terms, so every
 * argument's check is reached with the others well formed. Data sets are the shipped CSV files, cut short.
 */
import { readFileSync } from "node:fs";
import * as vi from "../../src/vi/index.js";
import { Bernoulli, Normal, key } from "../../src/index.js";
import { WILD_CALLER_NAME, validTarget } from "./aroundValid.js";
import type { FuzzTarget } from "./targets.js";

const lines = (file: string, n: number): string => readFileSync(new URL(`../../data/${file}`, import.meta.url), "utf8").split("\n").slice(0, n + 1).join("\n");
const IRIS = lines("iris.csv", 150);
const CANCER = lines("breast-cancer-wisconsin.csv", 60);

const t0 = (z: Float64Array): number => -0.5 * (z[0] - 1) ** 2;
const t1 = (z: Float64Array): number => -0.5 * (z[1] + 1) ** 2 - 0.1 * z[0] * z[1];
/** A 2-D model with a gradient and declared terms (the Rao-Blackwellized estimators need them). */
const model: vi.Model = {
  name: "fuzzTerms",
  dim: 2,
  logJoint: (z) => t0(z) + t1(z),
  gradLogJoint: (z, out) => {
    out[0] = -(z[0] - 1) - 0.1 * z[1];
    out[1] = -(z[1] + 1) - 0.1 * z[0];
    return t0(z) + t1(z);
  },
  terms: [{ latents: [0], logDensity: t0 }, { latents: [0, 1], logDensity: t1 }],
};
const normal = (): Normal => new Normal({ loc: [0.5, -0.5], scale: [1, 1.5] });
const bernoulli = (): Bernoulli => new Bernoulli({ logits: [0.3, -0.2] });
const z = (): Float64Array => Float64Array.of(0.1, -0.3, 1.2, 0.4, -1, 2);
const mixture = { weights: Float64Array.of(0.4, 0.6), means: Float64Array.of(-1, 2), covariances: Float64Array.of(1, 0.5) };
const points = (): Float64Array => Float64Array.of(-1.5, -0.2, 0.3, 1.8, 2.5, 2.2);
/** A short fit: the generated options with 3 steps; null/undefined (all defaults: 1000 steps) become { steps: 3 }. */
const fitOptions = (o: unknown): unknown => (o === null || o === undefined ? { steps: 3 } : typeof o === "object" && !Array.isArray(o) ? { ...o, steps: 3 } : o);

/** fitAsync's options: a signal added to an object, a non-object passed on unchanged (to be refused). */
const withSignal = (o: unknown, abort: boolean): unknown => (typeof o === "object" && o !== null && !Array.isArray(o) ? { ...o, signal: abort ? AbortSignal.abort() : undefined } : o);

const t = (name: string, valid: () => unknown[], call: (...a: unknown[]) => unknown, extra: Parameters<typeof validTarget>[4] = {}): FuzzTarget =>
  validTarget(`vi.${name}`, "vi", valid, call, extra);

/** An ELBO estimator by name on the model, a guide and options. */
const elbo = (name: "elboScore" | "elboScoreRb" | "elboScoreRbCv" | "elboEnumerate" | "elboPathwise" | "elboStl" | "elboIwae" | "elboVimco", guide: () => unknown, options: object): FuzzTarget =>
  t(name, () => [model, guide(), key(3), options], (m, g, k, o) => vi[name](m as never, g as never, k as never, o as never));

export const VI_TARGETS: readonly FuzzTarget[] = [
  t("checkModel", () => ["fit", model, 2], (fn, m, d) => vi.checkModel(fn as never, m, d as never).name, { namedErrorPrefix: WILD_CALLER_NAME }),
  t("logJointRows", () => ["fit", model, z(), 3], (fn, m, zz, n) => vi.logJointRows(fn as never, m as never, zz as never, n as never), { namedErrorPrefix: WILD_CALLER_NAME }),
  t("gradLogJointRows", () => ["fit", model, z(), 3], (fn, m, zz, n) => vi.gradLogJointRows(fn as never, m as never, zz as never, n as never), { namedErrorPrefix: WILD_CALLER_NAME }),
  t("checkDependencies", () => [model, [0.2, -0.4], key(1), { draws: 2 }], (m, zz, k, o) => vi.checkDependencies(m as never, zz as never, k as never, o as never),
    { nonFinite: "sumMismatch is ±∞ when exactly one of Σ terms and logJoint is infinite (then ok is false and the message says so)", nonFinitePaths: /^result\.sumMismatch$/ }),
  t("guideFactors", () => [normal()], (g) => vi.guideFactors(g as never).map((f) => ({ latents: f.latents, params: f.params }))),
  t("logProbGradZ", () => [normal(), z(), 3], (g, zz, n) => vi.logProbGradZ(g as never, zz as never, n as never)),
  t("hasLogProbGradZ", () => [normal()], (g) => vi.hasLogProbGradZ(g as never)),
  t("guideEntropyGradient", () => [normal()], (g) => vi.guideEntropyGradient(g as never)),
  t("finiteSupport", () => [new Bernoulli({ logits: [0.4] })], (d) => vi.finiteSupport(d as never)),
  t("defaultEstimator", () => [model, normal()], (m, g) => vi.defaultEstimator(m as never, g as never)),
  elbo("elboScore", normal, { numSamples: 6 }),
  elbo("elboScoreRb", normal, { numSamples: 6 }),
  elbo("elboScoreRbCv", normal, { numSamples: 6 }),
  elbo("elboEnumerate", bernoulli, { numSamples: 4 }),
  elbo("elboPathwise", normal, { numSamples: 6, entropy: "sample" }),
  elbo("elboStl", normal, { numSamples: 6 }),
  elbo("elboIwae", normal, { numSamples: 3, numBounds: 2 }),
  elbo("elboVimco", bernoulli, { numSamples: 3, numBounds: 2 }),
  t("fit", () => [model, normal(), { estimator: "pathwise", numSamples: 4, key: key(2) }], (m, g, o) => {
    const r = vi.fit(m as never, g as Normal, fitOptions(o) as never);
    return { params: r.guide.params, elbo: r.elboTrace };
  }),
  t("fitAsync", () => [model, normal(), { estimator: "pathwise", numSamples: 4, key: key(3) }, false], async (m, g, o, abort) => {
    const r = await vi.fitAsync(m as never, g as Normal, withSignal(fitOptions(o), abort === true) as never);
    return { params: r.guide.params, elbo: r.elboTrace };
  }),
  t("FitAborted", () => [model, normal(), { estimator: "score", numSamples: 4, key: key(4) }], async (m, g, o) => {
    try {
      return await vi.fitAsync(m as never, g as Normal, withSignal(fitOptions(o), true) as never);
    } catch (e) {
      if (e instanceof vi.FitAborted) return { steps: e.steps, saved: e.saved };
      throw e;
    }
  }),
  t("naturalDirection", () => [normal(), Float64Array.of(1, -1, 0.5, 0.2), 1e-3], (g, v, damping) => vi.naturalDirection(g as never, v as never, damping as never)),
  t("meanFieldOptimum", () => [{ d: 2, mean: Float64Array.of(1, -1), precision: Float64Array.of(2, 0.3, 0.3, 1), covariance: Float64Array.of(0.52, -0.16, -0.16, 1.05), logEvidence: -3 }],
    (post) => vi.meanFieldOptimum(post as never)),
  t("logisticRegression", () => [{ x: [1, 0.5, 1, -1, 1, 2], y: [1, 0, 1], d: 2, priorScale: 2 }, Float64Array.of(0.3, -0.2)], (data, w) => vi.logisticRegression(data as never).logJoint(w as never)),
  t("logisticPredictive", () => [[1, 0.5, 1, -1], [1, 0], 2, [0.3, -0.2, 0.1, 0.4], 2], (x, y, d, w, n) => vi.logisticPredictive(x as never, y as never, d as never, w as never, n as never)),
  t("breastCancer", () => [CANCER], (text) => vi.breastCancer(text as never).d),
  t("breastCancerRegression", () => [CANCER, key(4), { testFraction: 0.25, batchSize: 8 }], (text, k, o) => vi.breastCancerRegression(text as never, k as never, o as never).model.dim),
  t("iris", () => [IRIS], (text) => vi.iris(text as never).d),
  t("irisMixture", () => [IRIS, { components: 2 }], (text, o) => vi.irisMixture(text as never, o as never).model.logEvidence),
  t("gaussianMixture", () => [points(), 1, mixture], (x, d, p) => vi.gaussianMixture(x as never, d as never, p as never).logEvidence),
  t("mixtureLogLikelihoods", () => [points(), 1, mixture], (x, d, p) => vi.mixtureLogLikelihoods(x as never, d as never, p as never)),
  t("fitMixtureEm", () => [points(), 1, 2, { iterations: 5 }], (x, d, K, o) => vi.fitMixtureEm(x as never, d as never, K as never, o as never)),
  t("selectRows", () => [points(), 2, [2, 0]], (x, d, rows) => vi.selectRows(x as never, d as never, rows as never)),
  t("standardizeColumns", () => [points(), 2, { mean: Float64Array.of(0, 1), sd: Float64Array.of(1, 2) }, { bias: false }], (x, d, s, o) => vi.standardizeColumns(x as never, d as never, s as never, o as never)),
  t("builtInModel", () => ["mixture", { irisCsv: IRIS }], (name, data) => {
    const m = vi.builtInModel(name as never, data as never);
    return { dim: m.model.dim, guide: m.initialGuide(m.guideKinds[0]).params };
  }),
];

/** Constants of mcgrad/vi (data, not callables). */
export const VI_CONSTANTS = ["BUILT_IN_MODELS", "ELBO_ESTIMATORS"];
