/**
 * Uniform random permutations (shuffling minibatches, subsampling) from a key.
 */
import type { Key } from "./key.js";
import { Stream } from "./stream.js";

/**
 * A uniformly random permutation of 0 … n − 1 by Fisher–Yates (Durstenfeld 1964) from `k`; the same key gives the same
 * permutation.
 * @example permutation(key(0), 5) // e.g. Int32Array [3, 0, 4, 1, 2]
 */
export function permutation(k: Key, n: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`permutation: n must be an integer ≥ 0, got ${String(n)}`);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const s = new Stream(k);
  for (let i = n - 1; i > 0; i--) {
    const j = s.integer(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
