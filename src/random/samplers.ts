/**
 * Array samplers: each takes a key first and fills a fresh Float64Array.
 */
import { assertKey, type Key } from "./key.js";
import { Stream } from "./stream.js";
import { checkSize } from "../util/validate.js";

/**
 * n uniforms on [0, 1); n doubles must fit in MAX_ARRAY_BYTES (1 GiB).
 * @example uniform(key(0), 3) // Float64Array(3) in [0, 1), the same three for key(0) every time
 */
export function uniform(k: Key, n: number): Float64Array {
  assertKey("uniform", k);
  checkSize("uniform", "n", n);
  const s = new Stream(k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = s.uniform();
  return out;
}

/**
 * n standard normals (ziggurat).
 * @example const eps = standardNormal(key(1), 1000); // 1000 draws of N(0, 1)
 */
export function standardNormal(k: Key, n: number): Float64Array {
  assertKey("standardNormal", k);
  checkSize("standardNormal", "n", n);
  const s = new Stream(k);
  const out = new Float64Array(n);
  s.fillNormal(out);
  return out;
}

/**
 * n standard exponentials.
 * @example standardExponential(key(2), 5) // 5 draws of Exp(1); divide by λ for Exp(λ)
 */
export function standardExponential(k: Key, n: number): Float64Array {
  assertKey("standardExponential", k);
  checkSize("standardExponential", "n", n);
  const s = new Stream(k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = s.exponential();
  return out;
}
