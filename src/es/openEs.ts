/**
 * OpenAI-ES: a fixed-shape isotropic Gaussian N(μ, σ² I) whose mean follows the antithetic score-function gradient,
 * passed through an optim transform (adam or sgd). Salimans, Ho, Chen, Sidor & Sutskever, "Evolution Strategies as a
 * Scalable Alternative to Reinforcement Learning", arXiv:1703.03864 (2017).
 */
import { type Key } from "../random/key.js";
import { stream } from "../random/stream.js";
import { adam, type AdamState } from "../optim/adam.js";
import { sgd, type SgdState } from "../optim/sgd.js";
import type { PayloadReader } from "../run/checkpoint.js";
import { show } from "../util/validate.js";
import type { FitnessShaping, ShapingName } from "./shaping.js";
import { fieldPath, readNumberArray, readStateBase, RULES } from "./stateReader.js";
import { assertFiniteFields, tellStep } from "./tellStep.js";
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

/** Options of {@link openEs}.init. */
export interface OpenEsOptions {
  /** Initial noise scale σ > 0 (default 0.1). */
  sigma0?: number;
  /** σ is multiplied by this every generation (in (0, 1], default 1: fixed σ). */
  sigmaDecay?: number;
  /** Lower bound on σ (default 0: none). */
  sigmaMin?: number;
  /** λ, even (antithetic pairs); default 2·(4 + ⌊3 ln d⌋). */
  popSize?: number;
  /** The optim transform on the mean (default "adam"). */
  optimizer?: "adam" | "sgd";
  /** Learning rate of the mean's transform (default 0.05). */
  learningRateMean?: number;
  /** @deprecated Use learningRateMean. */
  learningRate?: number;
  /** Learning rate × this per generation (in (0, 1], default 1). */
  learningRateDecay?: number;
  /** Lower bound on the decayed learning rate (default 0: none). */
  learningRateMin?: number;
  /** Fitness shaping (default "centeredRanks"). */
  shaping?: ShapingName | FitnessShaping;
}

/** OpenAI-ES state: plain data, including the optimizer's (JSON-safe) state. */
export interface OpenEsState extends EsStateBase {
  readonly algorithm: "openEs";
  readonly sigma: number;
  readonly sigmaDecay: number;
  readonly sigmaMin: number;
  readonly optimizer: "adam" | "sgd";
  readonly learningRateMean: number;
  readonly learningRateDecay: number;
  readonly learningRateMin: number;
  readonly optState: AdamState | SgdState;
}

function unitOption(fn: string, name: string, value: unknown): number {
  const v = value ?? 1;
  if (typeof v !== "number" || !(v > 0 && v <= 1)) throw new Error(`${fn}: ${name} must be a number in (0, 1], got ${show(value)}`);
  return v;
}

function nonNegativeOption(fn: string, name: string, value: unknown): number {
  const v = value ?? 0;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new Error(`${fn}: ${name} must be a finite number ≥ 0, got ${show(value)}`);
  return v;
}

/** The transform for a state: the learning-rate schedule is a pure function of the step, so a resumed run matches. */
function transform(state: Pick<OpenEsState, "optimizer" | "learningRateMean" | "learningRateDecay" | "learningRateMin">) {
  const { learningRateMean: lr, learningRateDecay: decay, learningRateMin: lrMin } = state;
  const schedule = (step: number) => Math.max(lrMin, lr * Math.pow(decay, step));
  return state.optimizer === "adam" ? adam({ learningRate: schedule }) : sgd({ learningRate: schedule });
}

function init(k: Key, x0: ArrayLike<number>, givenOptions?: OpenEsOptions | null): OpenEsState {
  const fn = "openEs.init";
  const options: OpenEsOptions = givenOptions ?? {};
  const mean = checkInit(fn, k, x0);
  const d = mean.length;
  const optimizer = options.optimizer ?? "adam";
  if (optimizer !== "adam" && optimizer !== "sgd") throw new Error(`${fn}: optimizer must be "adam" or "sgd", got ${show(optimizer)}`);
  const cfg = {
    optimizer,
    learningRateMean: positiveOption(fn, "learningRateMean", options.learningRateMean ?? options.learningRate, 0.05),
    learningRateDecay: unitOption(fn, "learningRateDecay", options.learningRateDecay),
    learningRateMin: nonNegativeOption(fn, "learningRateMin", options.learningRateMin),
  } as const;
  return {
    ...initialState("openEs", mean, checkPopSize(fn, options.popSize, 2 * defaultPopSize(d), d, true), options.shaping ?? "centeredRanks"),
    sigma: positiveOption(fn, "sigma0", options.sigma0, 0.1),
    sigmaDecay: unitOption(fn, "sigmaDecay", options.sigmaDecay),
    sigmaMin: nonNegativeOption(fn, "sigmaMin", options.sigmaMin),
    ...cfg,
    optState: transform(cfg).init(mean),
  };
}

function ask(k: Key, state: OpenEsState): Population {
  checkAsk("openEs.ask", "openEs", k, state);
  const { dim: d, popSize: n, mean, sigma } = state;
  const half = n / 2;
  const noise = new Float64Array(n * d);
  stream(k).fillNormal(noise, 0, half * d);
  for (let i = 0; i < half * d; i++) noise[half * d + i] = -noise[i];
  const x = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = mean[i % d] + sigma * noise[i];
  return { x, noise, size: n, dim: d };
}

function update(state: OpenEsState, population: Population, u: Float64Array): Partial<OpenEsState> {
  const { dim: d, popSize: n, sigma } = state;
  // Descent direction for the transform: ĝ = −(1/(λσ)) Σ u_i s_i estimates ∇_μ E[f(μ + σ s)] up to the shaping.
  const grad = new Float64Array(d);
  const s = population.noise;
  for (let k = 0; k < n; k++) {
    const w = -u[k] / (n * sigma);
    for (let j = 0; j < d; j++) grad[j] += w * s[k * d + j];
  }
  // A σ so small that 1/(λσ) overflows gives an infinite (or, in adam, overflowing) gradient: report it as this
  // tell's, not the transform's.
  assertFiniteFields("openEs.tell", { gradient: grad });
  let step: ReturnType<ReturnType<typeof transform>["update"]>;
  try {
    step = transform(state).update(grad, state.optState as never, state.mean);
  } catch (e) {
    throw new Error(`openEs.tell: the update made the mean's step overflow (σ = ${sigma}); the search distribution degenerated: ${(e as Error).message}`);
  }
  const { updates, state: optState } = step;
  const mean = state.mean.slice();
  for (let j = 0; j < d; j++) mean[j] += updates[j];
  return { mean, sigma: Math.max(state.sigmaMin, sigma * state.sigmaDecay), optState };
}

function restore(r: PayloadReader, prefix: string, shaping?: FitnessShaping): OpenEsState {
  const p = fieldPath(prefix);
  const base = readStateBase(r, prefix, "openEs", shaping);
  const d = base.dim;
  if (base.popSize % 2 !== 0) r.fail(p("popSize"), "even (antithetic pairs)", base.popSize);
  const optimizer = r.string(p("optimizer"), ["adam", "sgd"]) as "adam" | "sgd";
  const count = r.number(p("optState.count"), RULES.count);
  const optState =
    optimizer === "adam"
      ? { count, mu: readNumberArray(r, p("optState.mu"), d), nu: readNumberArray(r, p("optState.nu"), d) }
      : { count, trace: readNumberArray(r, p("optState.trace"), d) };
  if (optimizer === "adam" && optState.nu?.some((v) => v < 0)) r.fail(p("optState.nu"), "≥ 0 entries", optState.nu);
  return {
    ...base,
    sigma: r.number(p("sigma"), RULES.scale),
    sigmaDecay: r.number(p("sigmaDecay"), { above: 0, max: 1 }),
    sigmaMin: r.number(p("sigmaMin"), { min: 0 }),
    optimizer,
    learningRateMean: r.number(p("learningRateMean"), RULES.positive),
    learningRateDecay: r.number(p("learningRateDecay"), { above: 0, max: 1 }),
    learningRateMin: r.number(p("learningRateMin"), { min: 0 }),
    optState: optState as AdamState | SgdState,
  };
}

/**
 * OpenAI-ES as an ask/tell {@link Strategy} (minimization). Antithetic pairs x = μ ± σ s, shaped utilities u
 * (centered ranks by default), gradient estimate ĝ = −(1/(λσ)) Σ u_i s_i of E[f(μ + σ s)] (the score-function
 * identity ∇_μ E[f] = E[f(μ + σ s) s]/σ), then μ ← μ + transform(ĝ) with adam or sgd; σ fixed or decayed
 * geometrically. Reference: Salimans et al. 2017.
 * @example
 *   let s = openEs.init(key(0), [1, 1], { sigma0: 0.1, learningRateMean: 0.05 });
 *   const pop = openEs.ask(key(1), s);
 *   s = openEs.tell(s, pop, evaluatePopulation(sphere.f, pop));
 */
export const openEs: Strategy<OpenEsState, OpenEsOptions> = {
  name: "openEs",
  init,
  ask,
  tell: tellStep<OpenEsState, Population>("openEs", update, ["sigma"]),
  spread: (s) => {
    checkState("openEs.spread", "openEs", s);
    return s.sigma;
  },
  restore,
};
