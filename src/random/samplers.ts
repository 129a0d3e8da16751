/**
 * Array samplers: each takes a key first and fills a fresh Float64Array.
 */
import { assertKey, type Key } from "./key.js";
import { Stream } from "./stream.js";
import { checkSize } from "../util/validate.js";

/** n uniforms on [0, 1); n doubles must fit in MAX_ARRAY_BYTES (1 GiB). */
export function uniform(k: Key, n: number): Float64Array {
  assertKey("uniform", k);
  checkSize("uniform", "n", n);
  const s = new Stream(k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = s.uniform();
  return out;
}

/** n standard normals (ziggurat). */
export function standardNormal(k: Key, n: number): Float64Array {
  assertKey("standardNormal", k);
  checkSize("standardNormal", "n", n);
  const s = new Stream(k);
  const out = new Float64Array(n);
  s.fillNormal(out);
  return out;
}

/** n standard exponentials. */
export function standardExponential(k: Key, n: number): Float64Array {
  assertKey("standardExponential", k);
  checkSize("standardExponential", "n", n);
  const s = new Stream(k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = s.exponential();
  return out;
}
