/**
 * Fitting a guide by stochastic optimization of the ELBO: at each step, one ELBO gradient estimate (elboGradient),
 * optionally preconditioned by the guide's exact Fisher (natural-gradient VI), turned into an update by an optax-style
 * transform of src/optim (ascent: the transform receives −∇L).
 *
 * Natural-gradient VI (Hoffman, Blei, Wang & Paisley 2013; Khan & Nielsen 2018): the steepest-ascent direction under
 * the KL geometry of q is F(θ)⁻¹ ∇θ L, with F the guide's exact Fisher from the core (block by block for a
 * Product, whose Fisher is block-diagonal), solved by src/fisher naturalGradient with damping λ.
 *
 * Randomness: step t uses foldIn(key, t), split into the sampling key and the minibatch key, so a run is a pure
 * function of its options and a resumed run continues exactly to the bit (the checkpoint holds θ, the optimizer state,
 * the traces and the step; its identity holds everything that determines the run except `steps`, so a finished run
 * can be extended).
 */
import type { Distribution } from "../distributions/distribution.js";
import { applyUpdates } from "../optim/applyUpdates.js";
import type { GradientTransformation, InPlaceStep } from "../optim/transform.js";
import { assertKey, foldIn, key as makeKey, split, type Key } from "../random/key.js";
import { readCheckpoint, writeCheckpoint, type CheckpointSpec, type PayloadReader } from "../run/checkpoint.js";
import type { ProgressListener } from "../run/progress.js";
import { checkOptionsObject, checkPositiveInt, show } from "../util/validate.js";
import { elboGradient, defaultEstimator } from "./elbo.js";
import { ELBO_ESTIMATORS, type ElboEstimator, type EntropyMode } from "./elboCommon.js";
import { pathStep } from "./elboPathwise.js";
import { PathwiseBuffers } from "./locationScalePath.js";
import { checkGuide } from "./guide.js";
import { checkModel, type Model } from "./model.js";
import { naturalDamping, naturalDirection } from "./naturalGradient.js";
import { makeOptimizer, type OptimizerSpec } from "./optimizerSpec.js";

/** Options of {@link fit}. */
export interface FitOptions {
  /** ELBO gradient estimator (default as in elboGradient: pathwise where possible, else score-rb-cv or score). */
  estimator?: ElboEstimator;
  /** Samples per step (K for iwae/vimco); default 16. */
  numSamples?: number;
  /** iwae/vimco: bounds per step (default 1). */
  numBounds?: number;
  /** Entropy mode passed to the estimator (see ElboGradientOptions.entropy). */
  entropy?: EntropyMode;
  /** Optimizer steps (default 1000). */
  steps?: number;
  /** Root key (default key(0)). */
  key?: Key;
  /**
   * An {@link OptimizerSpec} (default { name: "adam", learningRate: 0.01 }, or { name: "sgd", learningRate: 0.1 } with
   * `natural`), or any GradientTransformation — recorded in checkpoints only as "custom", so resuming with a different
   * custom optimizer is not detected.
   */
  optimizer?: OptimizerSpec | GradientTransformation<unknown>;
  /** Natural-gradient VI: precondition by the guide's exact Fisher; `{ damping }` sets λ (default 1e-4). */
  natural?: boolean | { readonly damping?: number };
  /** Use model.subsample(key) each step when the model has it (default true). */
  subsample?: boolean;
  /** Called every `progressEvery` steps (default steps/200) with { elbo, elboStderr }. */
  onProgress?: ProgressListener;
  progressEvery?: number;
  /** Called every `checkpointEvery` steps (default 100) with a checkpoint string (src/run/checkpoint.ts). */
  checkpoint?: (json: string) => void;
  checkpointEvery?: number;
  /** A checkpoint string of an earlier run with the same model, guide, options and key: continue it exactly. */
  resume?: string;
  /** Every this many steps (default 0: never), record the per-coordinate variance of the step's gradient rows. */
  diagnosticsEvery?: number;
}

/** Per-coordinate variance of the per-sample gradient rows at one step: the estimator's noise where the run was. */
export interface GradientDiagnostic {
  /** Steps completed when recorded (the gradient was taken at the guide before update `step`). */
  readonly step: number;
  readonly variance: Float64Array;
  readonly meanVariance: number;
  readonly elbo: number;
}

/** What {@link fit} returns. */
export interface FitResult<G extends Distribution> {
  /** The fitted guide (guide.withParams(θ_final)). */
  readonly guide: G;
  readonly estimator: ElboEstimator;
  readonly steps: number;
  /** The ELBO estimate at each step (of the subsampled model when subsampling), and its standard error. */
  readonly elboTrace: Float64Array;
  readonly elboStderrTrace: Float64Array;
  readonly diagnostics: readonly GradientDiagnostic[];
}

const KIND = "mcgrad.vi.fit";
const SUBSAMPLE_FN = "fit: model.subsample(key)";

/** The keys of {@link FitOptions}: any other key is refused (a misspelt `step` would silently run 1000 steps). */
const FIT_OPTION_KEYS: readonly (keyof FitOptions)[] = [
  "estimator", "numSamples", "numBounds", "entropy", "steps", "key", "optimizer", "natural", "subsample", "onProgress", "progressEvery",
  "checkpoint", "checkpointEvery", "resume", "diagnosticsEvery",
];

/**
 * Maximizes the ELBO of `model` over the guide's θ, starting from `guide.params`.
 * @example
 *   const r = fit(model, new Normal({ loc: [0, 0], scale: 1 }), { estimator: "pathwise", steps: 2000, key: key(1) });
 *   r.guide.loc; r.elboTrace[r.steps - 1];
 * References: Ranganath, Gerrish & Blei (2014); Hoffman et al. (JMLR 2013); Khan & Nielsen (2018); Kingma & Ba (2015).
 */
export function fit<G extends Distribution>(model: Model, guide: G, options: FitOptions = {}): FitResult<G> {
  const run = startFit("fit", model, guide, options);
  while (!run.done()) run.step();
  return run.result();
}

/** A fit under way, one step at a time (what {@link fit} and fitAsync drive). */
export interface FitRun<G extends Distribution> {
  /** True once every step is taken. */
  done(): boolean;
  /** Takes the next step (reports progress and writes the periodic checkpoint as fit does). */
  step(): void;
  /** Hands the checkpoint of the steps taken so far to `options.checkpoint` (if given); returns that step count. */
  save(): number;
  /** The result so far (the fitted guide at the current θ). */
  result(): FitResult<G>;
}

/**
 * Checks the options, reads `options.resume` and returns the run, ready for its next step: the loop of {@link fit},
 * cut at step boundaries so a caller can stop between steps and save exactly where it stopped.
 * @example const run = startFit("fit", model, guide, options); while (!run.done()) run.step(); run.result();
 */
export function startFit<G extends Distribution>(fn: string, model: Model, guide: G, options: FitOptions = {}): FitRun<G> {
  const loop = fitLoop(fn, model, guide, options);
  let at = loop.next(false); // the checks and the resume run here; the loop then waits before its first step
  const done = () => at.done === true;
  return {
    done,
    step() {
      if (!done()) at = loop.next(false);
    },
    save() {
      at = loop.next(true);
      return at.value as number;
    },
    result: () => at.value as FitResult<G>,
  };
}

/**
 * The loop of {@link fit} as a generator: it pauses before each step; resumed with false it takes the step, with true
 * it hands the checkpoint of the steps taken so far to `options.checkpoint` and returns their count. Returns the
 * result after the last step. (One loop with its state in locals: a step closure over that state measured ≈ 10 %
 * slower on the breast-cancer fit, bench/vi.bench.ts.)
 */
function* fitLoop<G extends Distribution>(fn: string, model: Model, guide: G, options: FitOptions): Generator<void, FitResult<G> | number, boolean> {
  checkGuide(fn, guide);
  checkModel(fn, model, guide.dim);
  const o = checkOptionsObject<NonNullable<typeof options>>(fn, options, "options", FIT_OPTION_KEYS);
  const steps = checkPositiveInt(fn, "steps", o.steps ?? 1000);
  const root = assertKey(fn, o.key ?? makeKey(0));
  const estimator = o.estimator ?? defaultEstimator(model, guide);
  if (!ELBO_ESTIMATORS.includes(estimator)) throw new Error(`${fn}: estimator must be one of ${ELBO_ESTIMATORS.join(", ")}, got ${show(estimator)}`);
  const numSamples = checkPositiveInt(fn, "numSamples", o.numSamples ?? 16);
  const numBounds = checkPositiveInt(fn, "numBounds", o.numBounds ?? 1);
  const damping = naturalDamping(fn, o.natural);
  const subsample = o.subsample ?? true;
  if (typeof subsample !== "boolean") throw new Error(`${fn}: subsample must be true or false, got ${show(subsample)}`);
  const useSubsample = subsample && typeof model.subsample === "function";
  const { optimizer, optimizerId } = makeOptimizer(fn, o.optimizer, damping !== null);
  const every = (name: string, v: unknown, dflt: number) => (v === undefined ? dflt : checkPositiveInt(fn, name, v));
  const progressEvery = every("progressEvery", o.progressEvery, Math.max(1, Math.floor(steps / 200)));
  const checkpointEvery = every("checkpointEvery", o.checkpointEvery, 100);
  const diagnosticsEvery = o.diagnosticsEvery === undefined || o.diagnosticsEvery === 0 ? 0 : checkPositiveInt(fn, "diagnosticsEvery", o.diagnosticsEvery);
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") throw new Error(`${fn}: onProgress must be a function, got ${show(o.onProgress)}`);
  if (o.checkpoint !== undefined && typeof o.checkpoint !== "function") throw new Error(`${fn}: checkpoint must be a function (json: string) => void, got ${show(o.checkpoint)}`);
  const gradientOptions = { estimator, numSamples, numBounds, entropy: o.entropy };

  const P = guide.paramSize;
  const spec: CheckpointSpec = {
    kind: KIND,
    version: 1,
    identity: {
      model: model.name,
      modelIdentity: model.identity ?? null,
      guide: guide.name,
      guideDim: guide.dim,
      initialParams: guide.params,
      estimator,
      numSamples,
      numBounds,
      entropy: o.entropy ?? null,
      optimizer: optimizerId,
      natural: damping,
      subsample: useSubsample,
      diagnosticsEvery,
      key: { hi: root.hi, lo: root.lo },
    },
  };

  let step = 0;
  let theta = guide.params;
  let optState = optimizer.init(theta);
  const elboTrace = new Float64Array(steps);
  const elboStderrTrace = new Float64Array(steps);
  const diagnostics: GradientDiagnostic[] = [];
  if (o.resume !== undefined) {
    const r: PayloadReader = readCheckpoint(fn, o.resume, spec);
    step = r.number("step", { integer: true, min: 0, max: steps });
    theta = r.vector("params", P);
    elboTrace.set(r.vector("elboTrace", step));
    elboStderrTrace.set(r.vector("elboStderrTrace", step, { min: 0 }));
    const state = r.get("optimizerState");
    if (state === null || typeof state !== "object") r.fail("optimizerState", "the optimizer's state object", state);
    optState = state;
    const diag = r.get("diagnostics");
    if (!Array.isArray(diag)) r.fail("diagnostics", "an array", diag);
    diag.forEach((_, k) => {
      const s = r.number(`diagnostics.${k}.step`, { integer: true, min: 1, max: step });
      diagnostics.push({ step: s, variance: r.vector(`diagnostics.${k}.variance`, P, { min: 0 }), meanVariance: r.number(`diagnostics.${k}.meanVariance`, { min: 0 }), elbo: r.number(`diagnostics.${k}.elbo`) });
    });
  }

  let q = withParams(fn, guide, theta, step);
  // The built-in adam runs in place (same bits as update + applyUpdates; its state() is what checkpoints hold). A
  // resumed state it refuses goes the generic way, so update rejects it at the first step with the step named.
  const inPlace = inPlaceRunner(optimizer, optState);
  if (inPlace !== null) theta = theta.slice();
  const descent = new Float64Array(P);
  // "pathwise" and "stl" reuse buffers across steps and form per-sample rows only on diagnostic steps.
  const buffers = estimator === "pathwise" || estimator === "stl" ? new PathwiseBuffers() : null;
  // θ and the optimizer state are passed in, not captured, so they stay locals of the loop.
  const save = (done: number, params: Float64Array, optimizerState: unknown): void => {
    o.checkpoint?.(
      writeCheckpoint(spec, {
        step: done,
        params,
        optimizerState,
        elboTrace: elboTrace.slice(0, done),
        elboStderrTrace: elboStderrTrace.slice(0, done),
        diagnostics,
      }),
    );
  };
  for (; step < steps; step++) {
    if (yield) {
      save(step, theta, inPlace === null ? optState : inPlace.state());
      return step;
    }
    const [kSample, kData] = split(foldIn(root, step), 2);
    let g: Float64Array;
    let elbo: number;
    let variance: Float64Array | null;
    const diagnose = diagnosticsEvery > 0 && (step + 1) % diagnosticsEvery === 0;
    try {
      const m = useSubsample ? checkModel(SUBSAMPLE_FN, (model.subsample as (k: Key) => Model)(kData), guide.dim) : model;
      let r: { mean: Float64Array; variance: Float64Array | null; elbo: number; elboStderr: number };
      if (buffers !== null) r = pathStep(estimator as "pathwise" | "stl", m, q, kSample, gradientOptions, buffers, diagnose);
      else {
        const e = elboGradient(m, q, kSample, gradientOptions);
        r = { mean: e.gradient.mean, variance: e.gradient.variance, elbo: e.elbo, elboStderr: e.elboStderr };
      }
      if (!Number.isFinite(r.elbo) || !Number.isFinite(r.elboStderr)) {
        throw new Error(`the ELBO estimate is ${show(r.elbo)} ± ${show(r.elboStderr)} at θ = ${show(theta)}; the run diverged — lower the learning rate`);
      }
      g = damping === null ? r.mean : naturalDirection(q, r.mean, damping);
      elbo = r.elbo;
      elboTrace[step] = r.elbo;
      elboStderrTrace[step] = r.elboStderr;
      variance = r.variance;
      for (let p = 0; p < P; p++) descent[p] = -g[p];
      if (inPlace !== null) inPlace.step(descent, theta);
      else {
        const out = optimizer.update(descent.slice(), optState, theta);
        theta = applyUpdates(theta, out.updates);
        optState = out.state;
      }
    } catch (e) {
      throw new Error(`${fn}: step ${step} (estimator ${estimator}): ${(e as Error).message}`);
    }
    // In place, θ changes under the guide; a copy keeps a guide that holds on to its θ (a user's family may) correct.
    q = withParams(fn, guide, inPlace === null ? theta : theta.slice(), step + 1);
    const done = step + 1;
    if (diagnose && variance !== null) {
      let mv = 0;
      for (const v of variance) mv += v;
      diagnostics.push({ step: done, variance, meanVariance: mv / P, elbo });
    }
    if (o.onProgress !== undefined && (done % progressEvery === 0 || done === steps)) {
      o.onProgress({ done, total: steps, metrics: { elbo, elboStderr: elboStderrTrace[step] } });
    }
    if (o.checkpoint !== undefined && (done % checkpointEvery === 0 || done === steps)) save(done, theta, inPlace === null ? optState : inPlace.state());
  }
  return { guide: q, estimator, steps, elboTrace, elboStderrTrace, diagnostics };
}

/** The guide at θ, with a step-naming error if θ left the family's domain (e.g. a log-scale overflowed). */
function withParams<G extends Distribution>(fn: string, guide: G, theta: Float64Array, step: number): G {
  try {
    return guide.withParams(theta) as G;
  } catch (e) {
    throw new Error(`${fn}: after step ${step}, θ = ${show(theta)} is not a valid guide: ${(e as Error).message}; lower the learning rate`);
  }
}

/** The optimizer's in-place runner from this state, or null (it has none, or it refuses the state: the generic path reports why). */
function inPlaceRunner(optimizer: GradientTransformation<unknown>, state: unknown): InPlaceStep<unknown> | null {
  if (typeof optimizer.inPlace !== "function") return null;
  try {
    return optimizer.inPlace(state);
  } catch {
    return null;
  }
}
