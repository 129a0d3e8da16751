/**
 * Explicit, immutable random keys in the style of JAX's PRNG keys: a key is 64 bits of state that is never
 * advanced in place. `split` derives independent child keys; samplers turn a key into a local {@link Stream}.
 */
import { checkSize, fail, show } from "../util/validate.js";

/** An immutable random key: two unsigned 32-bit words. Create with {@link key}, derive with {@link split}. */
export interface Key {
  readonly hi: number;
  readonly lo: number;
}

/** murmur3's 32-bit finalizer: a bijective avalanche mix. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes (hi, lo, counter) into a fresh 64-bit key with four ARX rounds. */
function derive(hi: number, lo: number, counter: number, lane: number): Key {
  let a = (hi ^ 0x243f6a88) >>> 0;
  let b = (lo ^ 0x85a308d3) >>> 0;
  const c = fmix32((counter + Math.imul(lane, 0x9e3779b9)) >>> 0);
  for (let r = 0; r < 4; r++) {
    a = fmix32((a + c + Math.imul(r + 1, 0x6a09e667)) >>> 0);
    b = fmix32((b ^ a) + 0xbb67ae85);
    a = (a ^ ((b << 13) | (b >>> 19))) >>> 0;
  }
  return Object.freeze({ hi: a, lo: b });
}

/**
 * Creates a key from an integer seed (any safe integer, negative allowed). The same seed always gives the same key.
 * @example const k = key(42); const [k1, k2] = split(k);
 */
export function key(seed: number): Key {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) fail("key", "seed", "a safe integer", seed);
  const hi = Math.floor(seed / 4294967296) >>> 0;
  const lo = seed >>> 0;
  return derive(hi, lo, 0x51ed270b, 1);
}

/** An unsigned 32-bit integer, as both halves of a Key are. */
function isWord(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}

function checkKey(fn: string, k: unknown): Key {
  const kk = k as Key;
  if (typeof kk !== "object" || kk === null || !isWord(kk.hi) || !isWord(kk.lo)) {
    throw new Error(`${fn}: key must be a Key made by key(seed) or split(), got ${show(k)}`);
  }
  return kk;
}

/** Bytes one Key object takes in V8 (two small integers and the object header), for the size check of {@link split}. */
const KEY_BYTES = 64;

/**
 * Splits a key into `n` (default 2) independent keys. The parent key should not be used again for sampling.
 * n keys must fit in MAX_ARRAY_BYTES (1 GiB, about 16 million keys); split in stages (or use foldIn) for more.
 * @example const [kSample, kNoise] = split(key(42), 2); // two independent keys; key(42) is not used again
 */
export function split(k: Key, n = 2): Key[] {
  checkKey("split", k);
  checkSize("split", "n", n, 1, KEY_BYTES);
  const out: Key[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = derive(k.hi, k.lo, i, 2);
  return out;
}

/**
 * Derives a key from `k` and an integer (a step index, a worker id …) without splitting.
 * @example for (let t = 0; t < steps; t++) step(foldIn(root, t)); // one key per iteration, the same on every run
 */
export function foldIn(k: Key, data: number): Key {
  checkKey("foldIn", k);
  if (!Number.isSafeInteger(data)) fail("foldIn", "data", "a safe integer", data);
  return derive(k.hi, k.lo, (data >>> 0) ^ fmix32(Math.floor(data / 4294967296) >>> 0), 3);
}

/** Validates that a value is a Key (for public boundaries). */
export function assertKey(fn: string, k: unknown): Key {
  return checkKey(fn, k);
}
