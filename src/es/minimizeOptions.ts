/**
 * The options and the result of {@link minimize} and minimizeAsync (src/es/minimize.ts).
 */
import type { Key } from "../random/key.js";
import type { ProgressListener } from "../run/progress.js";
import type { RestartRecord } from "./minimizeCheckpoint.js";
import type { NaturalSearchOptions } from "./naturalSearch.js";
import type { OpenEsOptions } from "./openEs.js";
import type { PgpeOptions } from "./pgpe.js";
import type { AlgorithmName } from "./registry.js";
import type { SnesOptions } from "./snes.js";
import type { EsStateBase } from "./strategy.js";
import type { XnesOptions } from "./xnes.js";

/** What {@link minimize} reports after every generation. */
export interface GenerationInfo {
  readonly generation: number;
  readonly evals: number;
  readonly bestF: number;
  readonly restart: number;
  readonly state: EsStateBase;
}

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /** Default "xnes". */
  algorithm?: AlgorithmName;
  /** Initial step size (default 1). For openEs it is the noise scale σ; see the per-algorithm defaults below. */
  sigma0?: number;
  /** Seed of the run's key (default 0). */
  seed?: number;
  /**
   * Evaluation budget (default 10⁴·d), never exceeded: when fewer than λ evaluations remain, the last generation is
   * cut to its first `maxEvals − evals` candidates, which are evaluated and count toward the best point, but the
   * search distribution is not updated from that partial population (the run then stops with "maxEvals").
   */
  maxEvals?: number;
  /** Stop once the best f ≤ target (default −Infinity: never). */
  target?: number;
  /** Stop (or restart) when the search distribution's largest standard deviation falls below this (default 1e-15·(1 + ‖x‖∞)). */
  tolSpread?: number;
  /**
   * Stagnation: stop (or restart) after 10 + ⌈30 d/λ⌉ generations in a row whose f values (finite ones) span less than
   * tolFun (default 1e-12), as pycma's tolfun.
   */
  tolFun?: number;
  /** Restarts with doubled population after stagnation, while budget remains (IPOP-style; default 0). */
  restarts?: number;
  /** Extra options for the algorithm's init (override the defaults minimize picks). */
  algorithmOptions?: XnesOptions | SnesOptions | OpenEsOptions | PgpeOptions | NaturalSearchOptions;
  /** Called after every generation (e.g. for a progress bar). */
  onGeneration?: (info: GenerationInfo) => void;
  /** Progress events (src/run/progress.ts) after every generation: done/total evaluations and { bestF, generation, restart }. */
  onProgress?: ProgressListener;
  /**
   * Called every `checkpointEvery` generations with a JSON string holding the whole run (optimizer state, restart,
   * budget used, best point, history). Write it to disk; pass it back as `resume` to continue the run exactly.
   */
  checkpoint?: (json: string) => void;
  /**
   * Stops the run at the end of the generation under way: a checkpoint of that point goes to `checkpoint` (when
   * given) and the run throws MinimizeAborted. For Ctrl-C in a command line, or a time limit.
   */
  signal?: AbortSignal;
  /** Generations between checkpoints (default 50). */
  checkpointEvery?: number;
  /**
   * A checkpoint string from an earlier run of the same objective with the same x0 and options: the run continues
   * from there and ends exactly as the uninterrupted run would have (same draws, same result, bit for bit). A
   * checkpoint written for another objective, algorithm, seed, x0, σ0, budget, target, tolerance, restarts or
   * algorithm option is refused, naming the field; so is a damaged or edited one (naming the field and its value).
   * A custom shaping function is not stored: pass the same one again in algorithmOptions.shaping.
   */
  resume?: string;
  /** Names `resume` in error messages (e.g. the checkpoint's file name; default "resume"). */
  resumeSource?: string;
  /**
   * The objective's identity recorded in checkpoints (a name such as "rosenbrock", or a digest of its definition).
   * Default: a digest of f's source text, which cannot tell apart closures over different values — pass an id then.
   * Required by minimizeAsync when checkpointing or resuming (an evaluator does not identify its objective).
   */
  objectiveId?: string;
}

/** Result of {@link minimize}. */
export interface MinimizeResult {
  /** Best candidate found. */
  readonly x: Float64Array;
  /** f at x. */
  readonly fx: number;
  /** Function evaluations used. */
  readonly evals: number;
  readonly generations: number;
  /** Non-finite f values met (each ranked worst). */
  readonly nonFinite: number;
  readonly restartsUsed: number;
  /** Each restart: the evaluations used before it and the stagnation test that triggered it. */
  readonly restarts: readonly RestartRecord[];
  /** Why the run ended. */
  readonly stop: "target" | "maxEvals" | "tolSpread" | "tolFun";
  /** Per generation: evaluations so far and the best f so far. */
  readonly history: { readonly evals: number[]; readonly bestF: number[] };
  /** The final optimizer state (serializable with serializeState). */
  readonly state: EsStateBase;
}

/**
 * Where a population handed to a {@link PopulationEvaluator} came from: its rows are the first `size` rows of
 * `strategies[algorithm].ask(key, state).x`. An evaluator on other machines can send this (keys and the search
 * distribution's parameters) instead of the rows, and have each worker rebuild its candidates (Salimans et al. 2017).
 */
export interface PopulationOrigin {
  readonly algorithm: AlgorithmName;
  readonly key: Key;
  readonly state: EsStateBase;
}

/**
 * Evaluates a whole population (λ×d row-major) asynchronously; returns λ fitness values. minimizeAsync also passes
 * the population's {@link PopulationOrigin}; an evaluator may ignore it.
 */
export type PopulationEvaluator = (x: Float64Array, size: number, dim: number, origin?: PopulationOrigin) => Promise<Float64Array>;
