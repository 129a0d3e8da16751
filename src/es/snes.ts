/**
 * Separable natural evolution strategies (SNES): a diagonal Gaussian N(μ, diag σ²) updated along the natural
 * gradient of E[f], with σ in log coordinates. O(λd) per generation, suited to high dimensions.
 * Schaul, Glasmachers & Schmidhuber, "High dimensions and heavy tails for natural evolution strategies", GECCO 2011;
 * Wierstra et al., JMLR 15 (2014), Algorithm 6.
 */
import { type Key } from "../random/key.js";
import { stream } from "../random/stream.js";
import { cumulationParameters, updatePaths, type CumulationParameters } from "./cumulation.js";
import type { PayloadReader } from "../run/checkpoint.js";
import type { FitnessShaping, ShapingName } from "./shaping.js";
import { fieldPath, readCumulation, readStateBase, RULES } from "./stateReader.js";
import { tellStep } from "./tellStep.js";
import {
  checkAdaptation,
  checkInit,
  checkPopSize,
  checkAsk,
  defaultPopSize,
  initialState,
  positiveOption,
  type EsStateBase,
  type Population,
  type Strategy,
  checkState,
} from "./strategy.js";

/** Options of {@link snes}.init. Defaults are the paper's. */
export interface SnesOptions {
  /** Initial step size σ0 > 0 for every coordinate (default 1). */
  sigma0?: number;
  /** λ (default 4 + ⌊3 ln d⌋). */
  popSize?: number;
  /** η_μ, the mean's learning rate (default 1). */
  learningRateMean?: number;
  /** η_σ, the log-σ learning rate (default (3 + ln d) / (5 √d)). */
  learningRateSigma?: number;
  /** @deprecated Use learningRateMean. */
  etaMu?: number;
  /** @deprecated Use learningRateSigma. */
  etaSigma?: number;
  /** Fitness shaping (default "nes" utilities). */
  shaping?: ShapingName | FitnessShaping;
  /**
   * "nes" (default, the paper's): every σ_j follows its natural gradient. "path": the overall scale follows a
   * cumulative step-size path and only the shape (log σ_j minus its mean over j) the natural gradient — see {@link snes}.
   */
  stepSizeAdaptation?: "nes" | "path";
}

/** SNES state: plain data; `sigma` holds the d per-coordinate standard deviations. */
export interface SnesState extends EsStateBase {
  readonly algorithm: "snes";
  readonly sigma: Float64Array;
  readonly learningRateMean: number;
  readonly learningRateSigma: number;
  readonly stepSizeAdaptation: "nes" | "path";
  /** Cumulation constants and paths (used only when stepSizeAdaptation = "path"). */
  readonly cumulation: CumulationParameters;
  readonly pathSigma: Float64Array;
  readonly pathC: Float64Array;
}

function init(k: Key, x0: ArrayLike<number>, givenOptions?: SnesOptions | null): SnesState {
  const fn = "snes.init";
  const options: SnesOptions = givenOptions ?? {};
  const mean = checkInit(fn, k, x0);
  const d = mean.length;
  const sigma0 = positiveOption(fn, "sigma0", options.sigma0, 1);
  const popSize = checkPopSize(fn, options.popSize, defaultPopSize(d), d);
  const adaptation = checkAdaptation(fn, options.stepSizeAdaptation);
  return {
    ...initialState("snes", mean, popSize, options.shaping ?? "nes"),
    sigma: new Float64Array(d).fill(sigma0),
    learningRateMean: positiveOption(fn, "learningRateMean", options.learningRateMean ?? options.etaMu, 1),
    learningRateSigma: positiveOption(fn, "learningRateSigma", options.learningRateSigma ?? options.etaSigma, (3 + Math.log(d)) / (5 * Math.sqrt(d))),
    stepSizeAdaptation: adaptation,
    cumulation: cumulationParameters(d, popSize),
    pathSigma: new Float64Array(d),
    pathC: new Float64Array(d),
  };
}

function ask(k: Key, state: SnesState): Population {
  checkAsk("snes.ask", "snes", k, state);
  const { dim: d, popSize: n, mean, sigma } = state;
  const noise = new Float64Array(n * d);
  stream(k).fillNormal(noise);
  const x = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    for (let j = 0; j < d; j++) x[o + j] = mean[j] + sigma[j] * noise[o + j];
  }
  return { x, noise, size: n, dim: d };
}

/** The natural-gradient sums G_μ = Σ u_k s_k and G_σ = Σ u_k (s_k² − 1), per coordinate. */
function gradients(state: SnesState, population: Population, u: Float64Array): { gMu: Float64Array; gSigma: Float64Array } {
  const { dim: d, popSize: n } = state;
  const s = population.noise;
  const gMu = new Float64Array(d);
  const gSigma = new Float64Array(d);
  for (let k = 0; k < n; k++) {
    const o = k * d;
    for (let j = 0; j < d; j++) {
      gMu[j] += u[k] * s[o + j];
      gSigma[j] += u[k] * (s[o + j] * s[o + j] - 1);
    }
  }
  return { gMu, gSigma };
}

function update(state: SnesState, population: Population, u: Float64Array): Partial<SnesState> {
  const { gMu, gSigma } = gradients(state, population, u);
  if (state.stepSizeAdaptation === "path") return updatePath(state, u, gMu, gSigma);
  const d = state.dim;
  const mean = state.mean.slice();
  const sigma = state.sigma.slice();
  for (let j = 0; j < d; j++) {
    mean[j] += state.learningRateMean * state.sigma[j] * gMu[j];
    sigma[j] *= Math.exp((state.learningRateSigma / 2) * gSigma[j]);
  }
  return { mean, sigma };
}

/**
 * The "path" variant: z = G_μ/‖u‖ drives CSA for the overall scale and a rank-one evolution path; the per-coordinate
 * log σ_j move by η_σ/2 times the centred natural gradient G_j − mean(G) plus (c₁/η_σ)(p_c,j² − |p_c|²/d), the
 * diagonal of xNES's "path" update (separable CMA-ES's rank-one term, Ros & Hansen 2008).
 */
function updatePath(state: SnesState, u: Float64Array, gMu: Float64Array, gSigma: Float64Array): Partial<SnesState> {
  const d = state.dim;
  const { pathSigma, pathC, sigmaFactor } = updatePaths(state.cumulation, state.pathSigma, state.pathC, u, gMu, state.generation);
  const r = state.cumulation.c1 / state.learningRateSigma;
  let pc2 = 0;
  let gBar = 0;
  for (let j = 0; j < d; j++) {
    pc2 += pathC[j] * pathC[j];
    gBar += gSigma[j];
  }
  gBar /= d;
  const mean = state.mean.slice();
  const sigma = state.sigma.slice();
  for (let j = 0; j < d; j++) {
    mean[j] += state.learningRateMean * state.sigma[j] * gMu[j];
    const g = gSigma[j] - gBar + r * (pathC[j] * pathC[j] - pc2 / d);
    sigma[j] *= sigmaFactor * Math.exp((state.learningRateSigma / 2) * g);
  }
  return { mean, sigma, pathSigma, pathC };
}

function spread(state: SnesState): number {
  checkState("snes.spread", "snes", state);
  let m = 0;
  for (let j = 0; j < state.dim; j++) m = Math.max(m, state.sigma[j]);
  return m;
}

function restore(r: PayloadReader, prefix: string, shaping?: FitnessShaping): SnesState {
  const p = fieldPath(prefix);
  const base = readStateBase(r, prefix, "snes", shaping);
  const d = base.dim;
  return {
    ...base,
    sigma: r.vector(p("sigma"), d, RULES.scale),
    learningRateMean: r.number(p("learningRateMean"), RULES.positive),
    learningRateSigma: r.number(p("learningRateSigma"), RULES.positive),
    stepSizeAdaptation: r.string(p("stepSizeAdaptation"), ["nes", "path"]) as "nes" | "path",
    cumulation: readCumulation(r, p("cumulation")),
    pathSigma: r.vector(p("pathSigma"), d),
    pathC: r.vector(p("pathC"), d),
  };
}

/**
 * SNES as an ask/tell {@link Strategy} (minimization). With s_k ~ N(0, I), x_k = μ + σ ⊙ s_k and utilities u_k:
 * μ ← μ + η_μ σ ⊙ Σ u_k s_k;  σ ← σ ⊙ exp(η_σ/2 · Σ u_k (s_k² − 1)) — the natural gradient of E[u] for a diagonal
 * Gaussian (Fisher-preconditioned score-function estimate). Requires only f values. It is the special case of
 * {@link naturalSearch} on a diagonal `Normal` with learning rates η_μ (locations) and η_σ (log-scales): the same
 * population and utilities give the same new state, to rounding (tested).
 * Reference: Schaul, Glasmachers & Schmidhuber, GECCO 2011; Wierstra et al., JMLR 15 (2014).
 *
 * Option `stepSizeAdaptation: "path"` (default "nes", the paper's): the overall scale follows CMA-ES's cumulative
 * step-size path and the σ_j keep only the centred part of their natural gradient plus the diagonal rank-one term of
 * an evolution path (as separable CMA-ES, Ros & Hansen 2008). Measured (`npm run bench -- es`, evaluations to
 * f ≤ 1e-10, median [min–max] of 9 seeds, default → path): sphere d = 10 2330 [2240–2390] → 2230 [2020–2340],
 * d = 100 30787 [30430–31416] → 13294 [13090–13736] (pycma: 1.6k, 13k).
 * @example
 *   let s = snes.init(key(0), new Float64Array(100).fill(1));
 *   const pop = snes.ask(key(1), s);
 *   s = snes.tell(s, pop, evaluatePopulation(sphere.f, pop));
 */
export const snes: Strategy<SnesState, SnesOptions> = { name: "snes", init, ask, tell: tellStep<SnesState, Population>("snes", update, ["sigma"]), spread, restore };
