/**
 * mcgrad/es — Black-box optimizers (xNES, SNES, OpenAI-ES, PGPE), fitness shaping, minimize and test functions. The Node-only worker pool is mcgrad/es/parallel.
 * Explicit named re-exports only (no `export *`); everything here is public API.
 *
 * @module mcgrad/es
 */
export { type Population, type EsStateBase, type Strategy, evaluatePopulation } from "./strategy.js";
export { xnes, type XnesOptions, type XnesState, type XnesPopulation } from "./xnes.js";
export { snes, type SnesOptions, type SnesState } from "./snes.js";
export { type CumulationParameters } from "./cumulation.js";
export { openEs, type OpenEsOptions, type OpenEsState } from "./openEs.js";
export { pgpe, type PgpeOptions, type PgpeState } from "./pgpe.js";
export { nesUtilities, centeredRankUtilities, zScoreUtilities, type FitnessShaping, type ShapingName } from "./shaping.js";
export { naturalSearch, searchDistributionOf, type NaturalSearchOptions, type NaturalSearchState } from "./naturalSearch.js";
export { oneMax, leadingOnes, knapsack12, maxSat14, type BinaryProblem } from "./discreteProblems.js";

export { serializeState, deserializeState } from "./serialize.js";
export {
  minimize,
  minimizeAsync,
  MinimizeAborted,
  CheckpointMismatchError,
  strategies,
  type AlgorithmName,
  type MinimizeOptions,
  type MinimizeResult,
  type GenerationInfo,
  type PopulationEvaluator,
  type PopulationOrigin,
  type RestartRecord,
} from "./minimize.js";
export { sphere, ellipsoid, rosenbrock, rastrigin, ackley, testFunctions, testFunction, type TestFunction } from "./testFunctions.js";
