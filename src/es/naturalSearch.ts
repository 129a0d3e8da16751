/**
 * Natural-gradient search over any mcgrad distribution: the black-box optimizer of the seed note in full. The search
 * distribution p_θ is any family of src/distributions/ (a diagonal Normal for continuous x, Bernoulli logits for
 * binary strings, Categorical logits for a choice among K, …) or a CategoricalProduct (d choices among K); the update is the score-function gradient of E[f]
 * with fitness shaping, preconditioned by the family's exact Fisher information.
 * Wierstra, Schaul, Glasmachers, Sun, Peters & Schmidhuber, "Natural Evolution Strategies", JMLR 15 (2014), §2–3.
 */
import type { Distribution } from "../distributions/distribution.js";
import { checkDistribution } from "../distributions/distribution.js";
import { naturalGradient } from "../fisher/naturalGradient.js";
import { Normal } from "../distributions/normal.js";
import type { Key } from "../random/key.js";
import type { PayloadReader } from "../run/checkpoint.js";
import { show } from "../util/validate.js";
import { searchDistribution, SEARCH_FAMILIES } from "./searchFamilies.js";
import type { FitnessShaping, ShapingName } from "./shaping.js";
import { fieldPath, readStateBase, RULES } from "./stateReader.js";
import { checkAsk, checkInit, checkPopSize, checkState, defaultPopSize, initialState, positiveOption, type EsStateBase, type Population, type Strategy } from "./strategy.js";
import { tellStep } from "./tellStep.js";

/** Options of {@link naturalSearch}.init. */
export interface NaturalSearchOptions {
  /**
   * The search distribution at the start (any family of src/distributions/; its θ is what the search moves). x0 must
   * have its event dimension and is only the best point until a finite f arrives. Default: a diagonal
   * Normal({ loc: x0, scale: sigma0 }) — then the search is SNES.
   */
  distribution?: Distribution;
  /** σ0 of the default Normal (default 1). */
  sigma0?: number;
  /** λ (default 4 + ⌊3 ln d⌋ with d the larger of the event dimension and P/2). */
  popSize?: number;
  /**
   * η: one learning rate, or one per θ coordinate (length P). Default: SNES's rates for the default Normal
   * (1 for the locations, (3 + ln d)/(5√d) for the log-scales), 0.1 otherwise.
   */
  learningRate?: number | ArrayLike<number>;
  /** Tikhonov damping λ ≥ 0 added to the Fisher before the solve (default 1e-8; a Categorical's Fisher is singular). */
  damping?: number;
  /** Fitness shaping (default "nes" utilities). */
  shaping?: ShapingName | FitnessShaping;
}

/** The search state: plain data; the distribution is rebuilt from (family, dim, θ). */
export interface NaturalSearchState extends EsStateBase {
  readonly algorithm: "naturalSearch";
  /** The family's name, e.g. "Bernoulli". */
  readonly family: string;
  /** θ of the search distribution (length P). */
  readonly theta: Float64Array;
  /** η per θ coordinate (length P). */
  readonly learningRate: Float64Array;
  readonly damping: number;
}

/**
 * The search distribution of a state.
 * @example searchDistributionOf(r.state as NaturalSearchState).mean() // e.g. a Bernoulli's probabilities after minimize
 */
export function searchDistributionOf(state: NaturalSearchState): Distribution {
  checkState("searchDistributionOf", "naturalSearch", state);
  return searchDistribution("naturalSearch", state.family, state.dim, state.theta);
}

function learningRates(fn: string, value: unknown, P: number, fallback: Float64Array): Float64Array {
  if (value === undefined) return fallback;
  if (typeof value === "number") return new Float64Array(P).fill(positiveOption(fn, "learningRate", value, 0.1));
  const v = value as ArrayLike<number> | null;
  if (v === null || typeof v !== "object" || v.length !== P) throw new Error(`${fn}: learningRate must be a number > 0 or ${P} of them (one per θ coordinate), got ${show(value)}`);
  return Float64Array.from({ length: P }, (_, j) => positiveOption(fn, `learningRate[${j}]`, v[j], 0.1));
}

function init(k: Key, x0: ArrayLike<number>, givenOptions?: NaturalSearchOptions | null): NaturalSearchState {
  const fn = "naturalSearch.init";
  const options: NaturalSearchOptions = givenOptions ?? {};
  if (typeof options !== "object") throw new Error(`${fn}: options must be an object, got ${show(options)}`);
  const start = checkInit(fn, k, x0);
  const d = start.length;
  let dist: Distribution;
  let fallback: Float64Array;
  if (options.distribution === undefined) {
    dist = new Normal({ loc: start, scale: positiveOption(fn, "sigma0", options.sigma0, 1) });
    const etaSigma = (3 + Math.log(d)) / (5 * Math.sqrt(d));
    fallback = Float64Array.from({ length: 2 * d }, (_, j) => (j < d ? 1 : etaSigma));
  } else {
    dist = checkDistribution(fn, options.distribution, "distribution");
    if (!SEARCH_FAMILIES.includes(dist.name)) throw new Error(`${fn}: distribution must be one of the families ${SEARCH_FAMILIES.join(", ")}, got ${show(dist.name)}`);
    if (dist.dim !== d) throw new Error(`${fn}: x0 must have the distribution's dimension ${dist.dim}, got length ${d}`);
    fallback = new Float64Array(dist.paramSize).fill(0.1);
  }
  const P = dist.paramSize;
  const damping = options.damping ?? 1e-8;
  if (typeof damping !== "number" || !Number.isFinite(damping) || damping < 0) throw new Error(`${fn}: damping must be a finite number ≥ 0, got ${show(damping)}`);
  const popSize = checkPopSize(fn, options.popSize, defaultPopSize(Math.max(d, Math.ceil(P / 2))), Math.max(d, P));
  return {
    ...initialState("naturalSearch", dist.mean(), popSize, options.shaping ?? "nes"),
    bestX: start,
    family: dist.name,
    theta: dist.params.slice(),
    learningRate: learningRates(fn, options.learningRate, P, fallback),
    damping,
  };
}

/** λ draws of the search distribution; `noise` holds the same draws (there is no separate base noise in general). */
function ask(k: Key, state: NaturalSearchState): Population {
  checkAsk("naturalSearch.ask", "naturalSearch", k, state);
  const x = searchDistributionOf(state).sample(k, state.popSize);
  return { x, noise: x.slice(), size: state.popSize, dim: state.dim };
}

/**
 * The natural-gradient step: ĝ = Σ_k u_k ∇θ log p_θ(x_k) (the score-function estimate of ∇θ E[u], utilities summing
 * to zero serve as the baseline), v = (F(θ) + λI)⁻¹ ĝ with the family's exact Fisher, θ ← θ + η ⊙ v.
 */
function update(state: NaturalSearchState, population: Population, u: Float64Array): Partial<NaturalSearchState> {
  const dist = searchDistributionOf(state);
  const P = dist.paramSize;
  const scores = dist.score(population.x);
  const g = new Float64Array(P);
  for (let k = 0; k < population.size; k++) {
    if (u[k] === 0) continue;
    for (let j = 0; j < P; j++) g[j] += u[k] * scores[k * P + j];
  }
  const v = naturalGradient(dist.fisher(), g, { damping: state.damping, method: "cholesky" });
  const theta = state.theta.slice();
  for (let j = 0; j < P; j++) theta[j] += state.learningRate[j] * v[j];
  return { theta, mean: searchDistribution("naturalSearch.tell", state.family, state.dim, theta).mean() };
}

/** The largest standard deviation of a coordinate of the search distribution. */
function spread(state: NaturalSearchState): number {
  checkState("naturalSearch.spread", "naturalSearch", state);
  const v = searchDistributionOf(state).variance();
  let m = 0;
  for (let j = 0; j < v.length; j++) m = Math.max(m, Math.sqrt(v[j]));
  return m;
}

function restore(r: PayloadReader, prefix: string, shaping?: FitnessShaping): NaturalSearchState {
  const p = fieldPath(prefix);
  const base = readStateBase(r, prefix, "naturalSearch", shaping);
  const family = r.string(p("family"), SEARCH_FAMILIES);
  const theta = r.vector(p("theta"));
  // θ first (the family rebuilt from it), then the fields whose length follows from θ's.
  try {
    searchDistribution("naturalSearch", family, base.dim, theta);
  } catch (e) {
    r.fail(p("theta"), `parameters of a ${family} of dimension ${base.dim} (${(e as Error).message})`, theta);
  }
  return {
    ...base,
    family,
    theta,
    learningRate: r.vector(p("learningRate"), theta.length, RULES.positive),
    damping: r.number(p("damping"), { min: 0 }),
  };
}

/**
 * Natural-gradient search as an ask/tell {@link Strategy} (minimization) over ANY distribution family: sample
 * x_k ~ p_θ, shape the fitness into utilities u_k, estimate the search gradient ĝ = Σ u_k ∇θ log p_θ(x_k) with the
 * family's closed-form score, and step θ ← θ + η ⊙ (F(θ) + λI)⁻¹ ĝ with its exact Fisher F (Wierstra et al. 2014,
 * eq. 4 and §2.3). Requires only f values; x may be binary (Bernoulli logits: OneMax, knapsack, MAX-SAT),
 * categorical (Categorical logits), counts, or continuous. On a diagonal Normal with learning rates η_μ for the
 * locations and η_σ for the log-scales this is exactly {@link snes}'s update; {@link xnes} is the fast special case
 * for a full-covariance Normal (O(d²λ) instead of a P×P solve).
 * Cost per generation: λ score rows (λP) plus a Cholesky solve of the P×P Fisher (P³/3): meant for P up to a few
 * hundred.
 * @example
 *   // 20 bits, f = number of zeros (OneMax as minimization)
 *   const r = minimize((x) => x.reduce((s, v) => s + 1 - v, 0), new Float64Array(20), {
 *     algorithm: "naturalSearch", algorithmOptions: { distribution: new Bernoulli({ logits: new Float64Array(20) }), popSize: 20 } });
 *   r.fx; // 0
 */
export const naturalSearch: Strategy<NaturalSearchState, NaturalSearchOptions> = {
  name: "naturalSearch",
  init,
  ask,
  tell: tellStep<NaturalSearchState, Population>("naturalSearch", update),
  spread,
  restore,
};
