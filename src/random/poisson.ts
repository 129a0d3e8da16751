/**
 * Exact Poisson sampling over a local {@link Stream}.
 *
 * - λ < 10: inversion by sequential search from k = 0 (expected λ + 1 steps, one uniform per draw).
 * - λ ≥ 10: PTRS, the transformed rejection method with squeeze of Hörmann (1993), "The transformed rejection method
 *   for generating Poisson random variables", Insurance: Mathematics and Economics 12, 39–45. Two uniforms per try,
 *   an acceptance rate near 0.9 for every λ ≥ 10, and a log-factorial only on the rare non-squeezed path.
 *
 * Both are exact (no normal approximation) for every finite λ.
 */
import gammaln from "@stdlib/math-base-special-gammaln";
import { assertKey, type Key } from "./key.js";
import { Stream } from "./stream.js";
import { checkSize, fail } from "../util/validate.js";

/** λ at and above which PTRS replaces inversion (Hörmann's recommendation). */
export const PTRS_THRESHOLD = 10;

/** log k! for k < LOG_FACT_SIZE, from a table; gammaln(k + 1) beyond. */
const LOG_FACT_SIZE = 256;
const LOG_FACT = new Float64Array(LOG_FACT_SIZE);
for (let k = 1; k < LOG_FACT_SIZE; k++) LOG_FACT[k] = LOG_FACT[k - 1] + Math.log(k);

function logFactorial(k: number): number {
  return k < LOG_FACT_SIZE ? LOG_FACT[k] : gammaln(k + 1);
}

/** Inversion gives up and redraws past this count; for λ < 10 the mass beyond it is below 1e-150. */
const INVERSION_CAP = 200;

function fillInversion(s: Stream, lambda: number, out: Float64Array, offset: number, count: number, stride: number): void {
  const p0 = Math.exp(-lambda);
  for (let c = 0, o = offset; c < count; c++, o += stride) {
    for (;;) {
      let u = s.uniform();
      let k = 0;
      let p = p0;
      while (u > p && k <= INVERSION_CAP) {
        u -= p;
        k++;
        p *= lambda / k;
      }
      if (k <= INVERSION_CAP) {
        out[o] = k;
        break;
      }
    }
  }
}

function fillPtrs(s: Stream, lambda: number, out: Float64Array, offset: number, count: number, stride: number): void {
  const logLambda = Math.log(lambda);
  const b = 0.931 + 2.53 * Math.sqrt(lambda);
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (let c = 0, o = offset; c < count; c++, o += stride) {
    for (;;) {
      const u = s.uniformOpen() - 0.5;
      const v = s.uniformOpen();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      // Squeeze: the inner region where the hat lies below the pmf.
      if (us >= 0.07 && v <= vr) {
        out[o] = k;
        break;
      }
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -lambda + k * logLambda - logFactorial(k)) {
        out[o] = k;
        break;
      }
    }
  }
}

/**
 * Fills out[offset], out[offset + stride], … (count entries) with Poisson(λ) counts, λ > 0 finite (unchecked here:
 * this is the inner kernel; {@link poisson} is the checked entry point).
 */
export function fillPoisson(s: Stream, lambda: number, out: Float64Array, offset = 0, count = out.length - offset, stride = 1): void {
  if (lambda < PTRS_THRESHOLD) fillInversion(s, lambda, out, offset, count, stride);
  else fillPtrs(s, lambda, out, offset, count, stride);
}

/**
 * n Poisson(λ) counts (as numbers), exact for every finite λ > 0: inversion below λ = 10, Hörmann's PTRS above.
 * @example poisson(key(0), 3.5, 4); // e.g. Float64Array [2, 5, 3, 4]
 */
export function poisson(k: Key, lambda: number, n: number): Float64Array {
  assertKey("poisson", k);
  checkSize("poisson", "n", n);
  if (typeof lambda !== "number" || !Number.isFinite(lambda) || !(lambda > 0)) fail("poisson", "lambda", "a finite number > 0", lambda);
  const out = new Float64Array(n);
  fillPoisson(new Stream(k), lambda, out);
  return out;
}
