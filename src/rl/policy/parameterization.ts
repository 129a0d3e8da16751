/**
 * The Parameterization contract of mcgrad/rl: a differentiable map from one flat parameter vector θ (length P) and a
 * batch of inputs (observations, n × inputDim) to a batch of outputs (n × outputDim) — the parameters of an mcgrad
 * distribution per state (a policy) or a value per state (a critic).
 *
 * Only vector–Jacobian products are needed: for a per-row cotangent c_i (n × outputDim),
 *
 *   vjp(θ, obs, c) = Σ_i J_i(θ)ᵀ c_i,     J_i = ∂ output_i / ∂θ   (outputDim × P)
 *
 * so a policy-gradient step Σ_t ψ_t ∇θ log π(a_t|s_t) = vjp(θ, s, [ψ_t · score_t]) is ONE backward pass over the
 * batch, never an n × P matrix. `vjpRows` gives the per-row products J_iᵀ c_i (n × P) for the diagnostics and Fisher
 * products that need them; call it on chunks of rows ({@link forEachRowChunk}) to bound memory.
 *
 * Reference: the reverse-mode contract of JAX (`jax.vjp`); Baydin et al. (JMLR 2018) "Automatic differentiation in
 * machine learning: a survey" §3.
 */
import type { Key } from "../../random/key.js";
import { checkCallerName, checkPositiveInt, show } from "../../util/validate.js";

/** A map θ × inputs → outputs with a hand-written vector–Jacobian product. Row-major float64 throughout. */
export interface Parameterization {
  /** A short description, e.g. "mlp(4→64→64→2, tanh)". */
  readonly name: string;
  /** Length of one input row (the observation size). */
  readonly inputDim: number;
  /** Length of one output row. */
  readonly outputDim: number;
  /** P, the length of θ. */
  readonly paramSize: number;
  /** A fresh θ from the parameterization's initializer; the same key gives the same θ. */
  init(key: Key): Float64Array;
  /**
   * Outputs for the n = inputs.length / inputDim rows of `inputs`, row-major n × outputDim. Writes into `out` when
   * given (length n · outputDim) and returns it. Throws if θ or the inputs have the wrong length, or an output is
   * not finite.
   */
  forward(theta: Float64Array, inputs: Float64Array, out?: Float64Array): Float64Array;
  /**
   * Σ_i J_iᵀ c_i for the cotangent c (n × outputDim): the gradient on θ of Σ_i ⟨c_i, output_i⟩, length P. Writes
   * into `out` when given (overwriting it).
   */
  vjp(theta: Float64Array, inputs: Float64Array, cotangent: Float64Array, out?: Float64Array): Float64Array;
  /**
   * One forward and one backward pass: computes the outputs, calls `cotangentOf(outputs)` (outputs: n × outputDim,
   * a buffer valid only during the call; the callback must not call this parameterization) for the cotangent
   * (n × outputDim) and returns Σ_i J_iᵀ c_i — `vjp` without a second forward pass when the cotangent depends on the
   * outputs (a policy's scores, a critic's residuals).
   */
  forwardVjp(theta: Float64Array, inputs: Float64Array, cotangentOf: (outputs: Float64Array) => Float64Array, out?: Float64Array): Float64Array;
  /** The per-row products J_iᵀ c_i, row-major n × P (use on chunks: memory is n · P). */
  vjpRows(theta: Float64Array, inputs: Float64Array, cotangent: Float64Array, out?: Float64Array): Float64Array;
}

const PARAMETERIZATION_METHODS = ["init", "forward", "vjp", "forwardVjp", "vjpRows"] as const;
const POLICY_METHODS = ["init", "act", "logProb", "entropy", "distributions", "scoreVjp", "logProbAndScoreVjp", "scoreRows"] as const;

/** Whether `v` is an object with positive-integer fields `sizes` and function fields `methods`. */
function hasShape(v: unknown, sizes: readonly string[], methods: readonly string[]): boolean {
  if (v === null || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  return sizes.every((k) => typeof o[k] === "number" && Number.isInteger(o[k]) && (o[k] as number) >= 1) && methods.every((k) => typeof o[k] === "function");
}

/**
 * Checks at a public boundary that `net` is a {@link Parameterization} (from mlp, linear or valueNetwork): its sizes
 * are positive integers and its methods are functions (O(1)). The error names `fn`, `arg` and the value.
 */
export function checkParameterization(fn: string, net: unknown, arg = "critic"): Parameterization {
  if (!hasShape(net, ["inputDim", "outputDim", "paramSize"], PARAMETERIZATION_METHODS)) {
    throw new Error(`${fn}: ${arg} must be a Parameterization (e.g. mlp(inputDim, outputDim) or valueNetwork(dim)), got ${show(net)}`);
  }
  return net as Parameterization;
}

/**
 * Checks at a public boundary that `policy` is a Policy (from makePolicy or mlpPolicy): its sizes are positive
 * integers and its methods are functions (O(1)). The error names `fn`, `arg` and the value.
 */
export function checkPolicy<P>(fn: string, policy: unknown, arg = "policy"): P {
  if (!hasShape(policy, ["paramSize", "observationDim", "actionDim"], POLICY_METHODS)) {
    throw new Error(`${fn}: ${arg} must be a Policy (from makePolicy or mlpPolicy), got ${show(policy)}`);
  }
  return policy as P;
}

/** Checks `theta` (a Float64Array of length P) for `fn`. Finiteness is checked on the outputs, which it determines. */
export function checkParamVector(fn: string, theta: unknown, P: number, arg = "theta"): Float64Array {
  if (!(theta instanceof Float64Array)) throw new Error(`${fn}: ${arg} must be a Float64Array of length ${P}, got ${show(theta)}`);
  if (theta.length !== P) throw new Error(`${fn}: ${arg} must have length ${P}, got length ${theta.length}`);
  return theta;
}

/** Checks a row-major batch (a Float64Array whose length is a positive multiple of `dim`) and returns its row count. */
export function checkBatch(fn: string, arg: string, x: unknown, dim: number, n?: number): number {
  if (!(x instanceof Float64Array)) throw new Error(`${fn}: ${arg} must be a Float64Array of rows of length ${dim}, got ${show(x)}`);
  if (x.length === 0 || x.length % dim !== 0) {
    throw new Error(`${fn}: ${arg} must hold a positive number of rows of length ${dim}, got length ${x.length}`);
  }
  const rows = x.length / dim;
  if (n !== undefined && rows !== n) throw new Error(`${fn}: ${arg} must have ${n} rows of length ${dim} (length ${n * dim}), got length ${x.length}`);
  return rows;
}

/**
 * Checks per-step weights: a Float64Array of n finite numbers (else an Error naming `fn`, `arg` and the entry).
 * @example checkWeights("myLoss", advantages, n);
 */
export function checkWeights(fn: string, weights: unknown, n: number, arg = "weights"): Float64Array {
  checkCallerName("checkWeights", fn);
  checkCallerName("checkWeights", arg, "arg");
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new Error(`checkWeights: n must be an integer ≥ 0, got ${show(n)}`);
  if (!(weights instanceof Float64Array) || weights.length !== n) {
    throw new Error(`${fn}: ${arg} must be a Float64Array of length ${n} (one per step), got ${show(weights)}`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(weights[i])) throw new Error(`${fn}: ${arg}[${i}] must be finite, got ${show(weights[i])}`);
  }
  return weights;
}

/** Checks an optional output buffer has exactly `length` entries; returns it or a fresh zeroed array. */
export function outputBuffer(fn: string, out: unknown, length: number): Float64Array {
  if (out === undefined) return new Float64Array(length);
  if (!(out instanceof Float64Array) || out.length !== length) {
    throw new Error(`${fn}: out must be a Float64Array of length ${length}, got ${show(out)}`);
  }
  return out;
}

/** Throws naming `fn` and the first non-finite entry of `values` (an output that overflowed: θ or inputs too large). */
export function assertFiniteOutputs(fn: string, what: string, values: Float64Array, width: number): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new Error(
        `${fn}: ${what} (row ${Math.floor(i / width)}, column ${i % width}) is ${show(values[i])}; theta or the inputs are too large (or not finite)`,
      );
    }
  }
}

/**
 * Calls `visit(rows, start, count)` with the per-row products J_iᵀ c_i for consecutive chunks of at most `chunkSize`
 * rows (rows is count × P and reused between calls: copy what you keep). Memory O(chunkSize · P), never n · P.
 * @example forEachRowChunk(net, theta, obs, cot, 256, (rows, start, count) => accumulate(rows, count));
 */
export function forEachRowChunk(
  net: Parameterization,
  theta: Float64Array,
  inputs: Float64Array,
  cotangent: Float64Array,
  chunkSize: number,
  visit: (rows: Float64Array, start: number, count: number) => void,
): void {
  const fn = "forEachRowChunk";
  checkParameterization(fn, net, "net");
  if (typeof visit !== "function") throw new Error(`${fn}: visit must be a function (rows, start, count) => void, got ${show(visit)}`);
  checkPositiveInt(fn, "chunkSize", chunkSize);
  const n = checkBatch(fn, "inputs", inputs, net.inputDim);
  checkBatch(fn, "cotangent", cotangent, net.outputDim, n);
  const P = net.paramSize;
  const full = new Float64Array(Math.min(chunkSize, n) * P);
  for (let start = 0; start < n; start += chunkSize) {
    const count = Math.min(chunkSize, n - start);
    const rows = count * P === full.length ? full : full.subarray(0, count * P);
    net.vjpRows(
      theta,
      inputs.subarray(start * net.inputDim, (start + count) * net.inputDim),
      cotangent.subarray(start * net.outputDim, (start + count) * net.outputDim),
      rows,
    );
    visit(rows, start, count);
  }
}
