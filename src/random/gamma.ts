/**
 * Standard gamma variates G(α, 1), shared by Gamma, Beta and Dirichlet.
 *
 * α ≥ 1: Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS 26(3): with
 * d = α − 1/3 and c = 1/√(9d), draw a normal x and set v = (1 + c x)³; accept d·v when U < 1 − 0.0331 x⁴ (squeeze)
 * or log U < x²/2 + d(1 − v + log v). Acceptance is above 95% for every α ≥ 1.
 * α < 1: the boost G(α) = G(α + 1) · U^{1/α} (same paper, §6), evaluated as log G(α + 1) + (log U)/α so that the
 * logarithm stays exact even when G itself is far below the smallest double (α = 0.01 puts about 6·10⁻⁴ of its mass
 * under 5·10⁻³²⁴). Callers that need G itself and not its log clamp the underflow (see `TINY`).
 *
 * These functions take a local {@link Stream}; the key-based array sampler is {@link standardGamma}.
 * Benchmark against @stdlib/random-base-gamma: bench/gamma.bench.ts.
 */
import { assertKey, type Key } from "./key.js";
import { Stream } from "./stream.js";
import { checkSize, show } from "../util/validate.js";

/**
 * The smallest positive normal double (2.2250738585072014e-308). Samplers of positive variates clamp an underflowed
 * draw to this value instead of returning 0 (which is outside the support), as TensorFlow Probability and PyTorch do.
 */
export const TINY = 2.2250738585072014e-308;

/** Marsaglia–Tsang for α ≥ 1: one G(α, 1) draw. */
function marsagliaTsang(s: Stream, alpha: number): number {
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = s.normal();
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = s.uniformOpen();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * log G with G ~ Gamma(α, 1), for any α > 0 (unchecked: validate α at the public boundary).
 * Exact in log space for small α, where G itself may underflow.
 */
export function logGammaDraw(s: Stream, alpha: number): number {
  if (alpha >= 1) return Math.log(marsagliaTsang(s, alpha));
  const g = marsagliaTsang(s, alpha + 1);
  return Math.log(g) + Math.log(s.uniformOpen()) / alpha;
}

/**
 * G ~ Gamma(α, 1) for any α > 0 (unchecked). For α < 1 a draw below the smallest normal double is clamped to
 * `TINY`, so the result is always > 0.
 */
export function gammaDraw(s: Stream, alpha: number): number {
  if (alpha >= 1) return marsagliaTsang(s, alpha);
  const g = marsagliaTsang(s, alpha + 1) * Math.exp(Math.log(s.uniformOpen()) / alpha);
  return g > TINY ? g : TINY;
}

/**
 * n draws of Gamma(α, 1) (shape α, unit rate) into a fresh Float64Array; the same key gives the same draws.
 * Requires α finite and > 0. Draws are ≥ `TINY` (underflow for tiny α is clamped, never 0).
 * @example standardGamma(key(0), 2.5, 1000) // mean ≈ 2.5
 * Marsaglia & Tsang (2000), ACM TOMS 26(3):363–372.
 */
export function standardGamma(k: Key, alpha: number, n: number): Float64Array {
  assertKey("standardGamma", k);
  if (typeof alpha !== "number" || !Number.isFinite(alpha) || !(alpha > 0)) {
    throw new Error(`standardGamma: alpha must be a finite number > 0, got ${show(alpha)}`);
  }
  checkSize("standardGamma", "n", n);
  const s = new Stream(k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = gammaDraw(s, alpha);
  return out;
}
