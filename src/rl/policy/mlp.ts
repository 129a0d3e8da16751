/**
 * Multilayer perceptrons (and the linear map, an MLP without hidden layers) as {@link Parameterization}s, in float64
 * with hand-derived backpropagation (Rumelhart, Hinton & Williams, Nature 1986).
 *
 * Layer l maps h_{l−1} (n × d_{l−1}) to z_l = h_{l−1} W_lᵀ + b_l; hidden layers apply tanh or relu, the last is
 * linear. θ = [W_1 (d_1 × d_0, row-major), b_1, W_2, b_2, …]. Backward, for the cotangent g_L on the output:
 *   ∂W_l = g_lᵀ h_{l−1},  ∂b_l = Σ_i g_l,  g_{l−1} = (g_l W_l) ⊙ σ'(z_{l−1}),
 * with σ' = 1 − h² for tanh and 1[h > 0] for relu. Activations and cotangents live in buffers that grow to the largest
 * batch seen and are reused (no allocation per sample or per call); the buffers never escape a call.
 */
import { foldIn, type Key } from "../../random/key.js";
import { checkOptionsObject, checkSize, fail, MAX_ARRAY_BYTES, show } from "../../util/validate.js";
import { denseForward, denseInputGrad, denseWeightGrad, denseWeightGradRow } from "./dense.js";
import { orthogonalMatrix, scaledUniform } from "./init.js";
import { assertFiniteOutputs, checkBatch, checkParamVector, outputBuffer, type Parameterization } from "./parameterization.js";

/** Hidden-layer nonlinearity. */
export type Activation = "tanh" | "relu";

/**
 * Weight initialization: "orthogonal" (gain `hiddenGain` on hidden layers, `outputGain` on the last, biases 0 — the
 * CleanRL/SB3 scheme: √2 hidden, 0.01 for a policy head, 1 for a value head) or "scaled" (PyTorch's nn.Linear
 * default, U(±1/√fan_in) for weights and biases; the gains are not used).
 */
export type InitScheme = "orthogonal" | "scaled";

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Hidden layer sizes (default [64, 64]); [] gives a linear map. */
  hidden?: readonly number[];
  /** Default "tanh". */
  activation?: Activation;
  /** Default "orthogonal". */
  init?: InitScheme;
  /** Orthogonal gain of the hidden layers (default √2). */
  hiddenGain?: number;
  /** Orthogonal gain of the output layer (default 1; use 0.01 for a policy's logits or mean). */
  outputGain?: number;
}

/**
 * An MLP inputDim → hidden… → outputDim as a {@link Parameterization}.
 * @example
 *   const net = mlp(4, 2, { hidden: [64, 64], activation: "tanh", outputGain: 0.01 });
 *   const theta = net.init(key(0));                 // P = 4·64 + 64 + 64·64 + 64 + 64·2 + 2 = 4610
 *   const logits = net.forward(theta, obs);         // n × 2
 *   const grad = net.vjp(theta, obs, cotangent);    // Σ_i J_iᵀ c_i, length P
 */
export function mlp(inputDim: number, outputDim: number, options: MlpOptions = {}): Parameterization {
  const fn = "mlp";
  const { hidden = [64, 64], activation = "tanh", init = "orthogonal", hiddenGain = Math.SQRT2, outputGain = 1 } = checkOptionsObject<NonNullable<typeof options>>("mlp", options);
  checkSize(fn, "inputDim", inputDim);
  checkSize(fn, "outputDim", outputDim);
  if (!Array.isArray(hidden)) fail(fn, "hidden", "an array of positive integers (layer sizes)", hidden);
  hidden.forEach((h, i) => checkSize(fn, `hidden[${i}]`, h));
  if (activation !== "tanh" && activation !== "relu") fail(fn, "activation", '"tanh" or "relu"', activation);
  if (init !== "orthogonal" && init !== "scaled") fail(fn, "init", '"orthogonal" or "scaled"', init);
  for (const [name, g] of [["hiddenGain", hiddenGain], ["outputGain", outputGain]] as const) {
    if (typeof g !== "number" || !Number.isFinite(g) || g < 0) fail(fn, name, "a finite number ≥ 0", g);
  }
  const sizes = [inputDim, ...hidden, outputDim];
  const L = sizes.length - 1;
  const wOff: number[] = [];
  const bOff: number[] = [];
  let P = 0;
  for (let l = 0; l < L; l++) {
    wOff.push(P);
    P += sizes[l + 1] * sizes[l];
    bOff.push(P);
    P += sizes[l + 1];
  }
  checkParamCount(fn, sizes, P);
  const tanh = activation === "tanh";
  const width = Math.max(...sizes);
  const name = `${L === 1 ? "linear" : "mlp"}(${sizes.join("→")}${L > 1 ? `, ${activation}` : ""})`;

  // Scratch: hidden activations h_1 … h_{L−1} (n × d_l each), the output, and two cotangent buffers (n × width).
  let capacity = 0;
  let acts: Float64Array[] = [];
  let outScratch = new Float64Array(0);
  let gA = new Float64Array(0);
  let gB = new Float64Array(0);
  const ensure = (n: number): void => {
    if (n <= capacity) return;
    capacity = Math.max(n, 2 * capacity);
    acts = sizes.slice(1, L).map((d) => new Float64Array(capacity * d));
    outScratch = new Float64Array(capacity * outputDim);
    gA = new Float64Array(capacity * width);
    gB = new Float64Array(capacity * width);
  };

  /** Forward pass into the scratch activations and `out` (n × outputDim). */
  const run = (theta: Float64Array, x: Float64Array, n: number, out: Float64Array): void => {
    let input = x;
    for (let l = 0; l < L; l++) {
      const dOut = sizes[l + 1];
      const last = l === L - 1;
      const dst = last ? out : acts[l];
      denseForward(theta, wOff[l], bOff[l], input, sizes[l], dst, dOut, n);
      if (!last) {
        const m = n * dOut;
        if (tanh) for (let i = 0; i < m; i++) dst[i] = Math.tanh(dst[i]);
        else for (let i = 0; i < m; i++) dst[i] = dst[i] > 0 ? dst[i] : 0;
      }
      input = dst;
    }
  };

  /**
   * Backward pass from the cotangent on the output; accumulates into grad (P, perRow = false) or into row i of grad
   * (n × P, perRow = true). Needs `run` on the same θ and inputs first.
   */
  const back = (theta: Float64Array, x: Float64Array, n: number, cot: Float64Array, grad: Float64Array, perRow: boolean): void => {
    grad.fill(0);
    let g = cot;
    let spare = gA;
    for (let l = L - 1; l >= 0; l--) {
      const dIn = sizes[l];
      const dOut = sizes[l + 1];
      const input = l === 0 ? x : acts[l - 1];
      if (perRow) for (let i = 0; i < n; i++) denseWeightGradRow(grad, wOff[l], bOff[l], g, input, dIn, dOut, i, i * P);
      else denseWeightGrad(grad, wOff[l], bOff[l], g, input, dIn, dOut, n);
      if (l === 0) break;
      // g_{l−1} = (g_l W_l) ⊙ σ'(z_{l−1}), written into the buffer not holding g_l.
      const next = spare;
      denseInputGrad(theta, wOff[l], g, dIn, dOut, next, n);
      const m = n * dIn;
      if (tanh) for (let i = 0; i < m; i++) next[i] *= 1 - input[i] * input[i];
      else for (let i = 0; i < m; i++) if (!(input[i] > 0)) next[i] = 0;
      spare = next === gA ? gB : gA;
      g = next;
    }
  };

  const prepare = (f: string, theta: Float64Array, x: Float64Array): number => {
    checkParamVector(f, theta, P);
    const n = checkBatch(f, "inputs", x, inputDim);
    ensure(n);
    return n;
  };

  return {
    name,
    inputDim,
    outputDim,
    paramSize: P,
    init(k: Key): Float64Array {
      const theta = new Float64Array(P);
      for (let l = 0; l < L; l++) {
        const dIn = sizes[l];
        const dOut = sizes[l + 1];
        const kl = foldIn(k, l);
        if (init === "orthogonal") {
          theta.set(orthogonalMatrix(kl, dOut, dIn, l === L - 1 ? outputGain : hiddenGain), wOff[l]);
        } else {
          theta.set(scaledUniform(foldIn(kl, 0), dOut * dIn, dIn), wOff[l]);
          theta.set(scaledUniform(foldIn(kl, 1), dOut, dIn), bOff[l]);
        }
      }
      return theta;
    },
    forward(theta, inputs, out) {
      const f = `${name}.forward`;
      const n = prepare(f, theta, inputs);
      const y = outputBuffer(f, out, n * outputDim);
      run(theta, inputs, n, y);
      assertFiniteOutputs(f, "output", y, outputDim);
      return y;
    },
    vjp(theta, inputs, cotangent, out) {
      const f = `${name}.vjp`;
      const n = prepare(f, theta, inputs);
      checkCotangent(f, cotangent, n, outputDim);
      const grad = outputBuffer(f, out, P);
      run(theta, inputs, n, outScratch);
      back(theta, inputs, n, cotangent, grad, false);
      assertFiniteOutputs(f, "gradient", grad, P);
      return grad;
    },
    forwardVjp(theta, inputs, cotangentOf, out) {
      const f = `${name}.forwardVjp`;
      const n = prepare(f, theta, inputs);
      const grad = outputBuffer(f, out, P);
      const y = outScratch.subarray(0, n * outputDim);
      run(theta, inputs, n, y);
      assertFiniteOutputs(f, "output", y, outputDim);
      const cotangent = cotangentOf(y);
      checkCotangent(f, cotangent, n, outputDim);
      back(theta, inputs, n, cotangent, grad, false);
      assertFiniteOutputs(f, "gradient", grad, P);
      return grad;
    },
    vjpRows(theta, inputs, cotangent, out) {
      const f = `${name}.vjpRows`;
      const n = prepare(f, theta, inputs);
      checkCotangent(f, cotangent, n, outputDim);
      const rows = outputBuffer(f, out, n * P);
      run(theta, inputs, n, outScratch);
      back(theta, inputs, n, cotangent, rows, true);
      assertFiniteOutputs(f, "gradient row entry", rows, P);
      return rows;
    },
  };
}

/** Options of {@link linear}. */
export interface LinearOptions {
  /** Default "orthogonal". */
  init?: InitScheme;
  /** Orthogonal gain (default 1). */
  gain?: number;
}

/**
 * The affine map x ↦ W x + b (outputDim × inputDim weights, then the bias) as a {@link Parameterization}: an MLP
 * without hidden layers. With a Categorical head it is the softmax-linear policy.
 * @example const net = linear(4, 2); net.paramSize; // 10
 */
export function linear(inputDim: number, outputDim: number, options: LinearOptions = {}): Parameterization {
  const { init = "orthogonal", gain = 1 } = checkOptionsObject<NonNullable<typeof options>>("linear", options);
  checkSize("linear", "inputDim", inputDim);
  checkSize("linear", "outputDim", outputDim);
  checkParamCount("linear", [inputDim, outputDim], (inputDim + 1) * outputDim);
  return mlp(inputDim, outputDim, { hidden: [], init, outputGain: gain });
}

/** θ (P doubles) must fit in {@link MAX_ARRAY_BYTES}; checked before anything is allocated. */
function checkParamCount(fn: string, sizes: readonly number[], P: number): void {
  if (!(P * 8 <= MAX_ARRAY_BYTES)) {
    throw new Error(`${fn}: layer sizes ${sizes.join("→")} give ${P} parameters, above the limit of ${MAX_ARRAY_BYTES / 8} doubles per array (MAX_ARRAY_BYTES); use smaller layers`);
  }
}

function checkCotangent(fn: string, c: unknown, n: number, outputDim: number): void {
  if (!(c instanceof Float64Array) || c.length !== n * outputDim) {
    throw new Error(`${fn}: cotangent must be a Float64Array of length n·outputDim = ${n * outputDim}, got ${show(c)}`);
  }
  for (let i = 0; i < c.length; i++) {
    if (!Number.isFinite(c[i])) throw new Error(`${fn}: cotangent[${i}] must be finite, got ${show(c[i])}`);
  }
}
