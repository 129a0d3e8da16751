/**
 * mcgrad/util — Linear algebra on row-major Float64Arrays: Cholesky and triangular solves, products, symmetric eigen-decomposition, conjugate gradients.
 * Explicit named re-exports only (no `export *`); everything here is public API.
 *
 * @module mcgrad/util
 */
export {
  cholesky,
  solveLower,
  solveUpper,
  solveLowerTransposed,
  choleskySolve,
  matVec,
  matMul,
  transpose,
  identity,
  dot,
  norm2,
  symmetricEigen,
  expmSymmetric,
  conjugateGradient,
  type SymmetricEigen,
  type ConjugateGradientOptions,
  type ConjugateGradientResult,
} from "./linalg.js";

export { MAX_ARRAY_BYTES } from "./validate.js";
