/**
 * Policy gradients with parameter-based exploration (PGPE): a diagonal Gaussian N(μ, diag σ²) explored with
 * symmetric pairs μ ± ε, whose mean and per-coordinate σ follow the likelihood-ratio gradient with a baseline.
 * Sehnke, Osendorfer, Rückstieß, Graves, Peters & Schmidhuber, "Parameter-exploring policy gradients",
 * Neural Networks 23 (2010), §2.3 (symmetric sampling).
 */
import { type Key } from "../random/key.js";
import { stream } from "../random/stream.js";
import type { PayloadReader } from "../run/checkpoint.js";
import { show } from "../util/validate.js";
import type { FitnessShaping, ShapingName } from "./shaping.js";
import { fieldPath, readStateBase, RULES } from "./stateReader.js";
import { tellStep } from "./tellStep.js";
import {
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

/** Options of {@link pgpe}.init. */
export interface PgpeOptions {
  /** Initial σ for every coordinate (default 1). */
  sigma0?: number;
  /** λ = 2 × number of symmetric pairs, even; default 2·(4 + ⌊3 ln d⌋). */
  popSize?: number;
  /** α_μ (default 2). */
  learningRateMean?: number;
  /** α_σ (default 0.2). */
  learningRateSigma?: number;
  /** Largest relative change of any σ_j in one generation, in (0, 1) so σ stays positive (default 0.2). */
  maxSigmaChange?: number;
  /** Decay of the baseline's moving average, in [0, 1) (default 0.9). */
  baselineDecay?: number;
  /** Fitness shaping (default "centeredRanks"). */
  shaping?: ShapingName | FitnessShaping;
}

/** PGPE state: plain data. */
export interface PgpeState extends EsStateBase {
  readonly algorithm: "pgpe";
  readonly sigma: Float64Array;
  readonly baseline: number;
  readonly learningRateMean: number;
  readonly learningRateSigma: number;
  readonly maxSigmaChange: number;
  readonly baselineDecay: number;
}

function init(k: Key, x0: ArrayLike<number>, givenOptions?: PgpeOptions | null): PgpeState {
  const fn = "pgpe.init";
  const options: PgpeOptions = givenOptions ?? {};
  const mean = checkInit(fn, k, x0);
  const d = mean.length;
  const decay = options.baselineDecay ?? 0.9;
  if (typeof decay !== "number" || !(decay >= 0 && decay < 1)) throw new Error(`${fn}: baselineDecay must be in [0, 1), got ${show(decay)}`);
  return {
    ...initialState("pgpe", mean, checkPopSize(fn, options.popSize, 2 * defaultPopSize(d), d, true), options.shaping ?? "centeredRanks"),
    sigma: new Float64Array(d).fill(positiveOption(fn, "sigma0", options.sigma0, 1)),
    baseline: 0,
    learningRateMean: positiveOption(fn, "learningRateMean", options.learningRateMean, 2),
    learningRateSigma: positiveOption(fn, "learningRateSigma", options.learningRateSigma, 0.2),
    maxSigmaChange: checkMaxSigmaChange(fn, options.maxSigmaChange),
    baselineDecay: decay,
  };
}

/** maxSigmaChange c must lie in (0, 1): σ_j (1 − c) would reach 0 (c = 1) or turn negative (c > 1). */
function checkMaxSigmaChange(fn: string, value: unknown): number {
  const v = value ?? 0.2;
  if (typeof v !== "number" || !(v > 0 && v < 1)) throw new Error(`${fn}: maxSigmaChange must be a number in (0, 1), got ${show(value)}`);
  return v;
}

/** Rows 0…m−1 are μ + σ⊙s_i, rows m…2m−1 their mirror images μ − σ⊙s_i. */
function ask(k: Key, state: PgpeState): Population {
  checkAsk("pgpe.ask", "pgpe", k, state);
  const { dim: d, popSize: n, mean, sigma } = state;
  const m = n / 2;
  const noise = new Float64Array(n * d);
  stream(k).fillNormal(noise, 0, m * d);
  for (let i = 0; i < m * d; i++) noise[m * d + i] = -noise[i];
  const x = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = mean[i % d] + sigma[i % d] * noise[i];
  return { x, noise, size: n, dim: d };
}

function update(state: PgpeState, population: Population, u: Float64Array): Partial<PgpeState> {
  const { dim: d, popSize: n, sigma } = state;
  const m = n / 2;
  const s = population.noise;
  let pairMean = 0;
  for (let i = 0; i < m; i++) pairMean += (u[i] + u[m + i]) / 2;
  pairMean /= m;
  // The baseline: a moving average of the pairs' mean utility (before this generation's data, so it is not coupled).
  const b = state.generation === 0 ? pairMean : state.baseline;
  const mean = state.mean.slice();
  const newSigma = sigma.slice();
  for (let j = 0; j < d; j++) {
    let gMu = 0;
    let gSigma = 0;
    for (let i = 0; i < m; i++) {
      const eps = sigma[j] * s[i * d + j];
      gMu += ((u[i] - u[m + i]) / 2) * eps;
      gSigma += ((u[i] + u[m + i]) / 2 - b) * ((eps * eps - sigma[j] * sigma[j]) / sigma[j]);
    }
    mean[j] += (state.learningRateMean * gMu) / m;
    const change = Math.max(-state.maxSigmaChange, Math.min(state.maxSigmaChange, (state.learningRateSigma * gSigma) / (m * sigma[j])));
    newSigma[j] = sigma[j] * (1 + change);
  }
  return { mean, sigma: newSigma, baseline: state.baselineDecay * b + (1 - state.baselineDecay) * pairMean };
}

function spread(state: PgpeState): number {
  checkState("pgpe.spread", "pgpe", state);
  let m = 0;
  for (let j = 0; j < state.dim; j++) m = Math.max(m, state.sigma[j]);
  return m;
}

function restore(r: PayloadReader, prefix: string, shaping?: FitnessShaping): PgpeState {
  const p = fieldPath(prefix);
  const base = readStateBase(r, prefix, "pgpe", shaping);
  if (base.popSize % 2 !== 0) r.fail(p("popSize"), "even (symmetric pairs)", base.popSize);
  return {
    ...base,
    sigma: r.vector(p("sigma"), base.dim, RULES.scale),
    baseline: r.number(p("baseline")),
    learningRateMean: r.number(p("learningRateMean"), RULES.positive),
    learningRateSigma: r.number(p("learningRateSigma"), RULES.positive),
    maxSigmaChange: r.number(p("maxSigmaChange"), { above: 0, max: 1 - Number.EPSILON }),
    baselineDecay: r.number(p("baselineDecay"), { min: 0, max: 1 - Number.EPSILON }),
  };
}

/**
 * PGPE as an ask/tell {@link Strategy} (minimization). For m symmetric pairs x = μ ± ε_i, ε_i ~ N(0, diag σ²), with
 * shaped utilities u±_i and a baseline b (moving average of the pairs' mean utility):
 * μ ← μ + (α_μ/m) Σ ((u⁺ − u⁻)/2) ε_i and σ_j ← σ_j (1 + clip((α_σ/(m σ_j)) Σ ((u⁺ + u⁻)/2 − b)(ε_ij² − σ_j²)/σ_j)),
 * i.e. the likelihood-ratio gradient scaled by σ² (natural-gradient-like), with the relative σ change clipped.
 * Reference: Sehnke et al., Neural Networks 23 (2010).
 * @example
 *   let s = pgpe.init(key(0), [1, 1]);
 *   const pop = pgpe.ask(key(1), s);
 *   s = pgpe.tell(s, pop, evaluatePopulation(sphere.f, pop));
 */
export const pgpe: Strategy<PgpeState, PgpeOptions> = { name: "pgpe", init, ask, tell: tellStep<PgpeState, Population>("pgpe", update, ["sigma"]), spread, restore };
