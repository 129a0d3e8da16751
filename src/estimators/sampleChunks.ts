/**
 * The draws of a family one chunk at a time, for the estimators that never hold all n rows: the samples of
 * `dist.sample(key, n)` and the noise of `dist.sampleNoise(key, n)`, in order, from the family's streams when it has
 * them (`sampleStream`, or `noiseStream` and the row-wise `transform`: drawStream), else drawn at once and handed
 * out in views.
 */
import { drawStream, streamsDraws, type Distribution, type Reparameterizable } from "../distributions/distribution.js";
import type { Key } from "../random/key.js";
import { checkPositiveInt, MAX_ARRAY_BYTES, show } from "../util/validate.js";

/** `next(m)` returns the next m rows (m×width), valid until the next call. */
export type ChunkSource = (m: number) => Float64Array;

/**
 * Doubles held per sample by {@link sampleChunks} beyond one chunk: 0 for a family that streams its draws (every
 * core family, and a Product of them: `sampleStream`, or `noiseStream` with `transform`), dim for one drawn at once.
 */
export function heldPerSample(dist: Distribution): number {
  return streamsDraws(dist) ? 0 : dist.dim;
}

/**
 * Checks a sample count that needs no n-sized memory (a streamed estimate): a positive integer of at most
 * MAX_ARRAY_BYTES / 8 = 2²⁷ samples per call — the count one array of doubles may hold, so a typo such as 2⁴⁰ is
 * refused by name instead of running for days. Throws naming `fn` and `arg`.
 */
export function checkStreamedCount(fn: string, arg: string, value: unknown): number {
  const n = checkPositiveInt(fn, arg, value);
  const max = MAX_ARRAY_BYTES / 8;
  if (n > max) throw new Error(`${fn}: ${arg} = ${show(n)} is above the ${max} samples one call may draw (MAX_ARRAY_BYTES / 8); split the work over several keys`);
  return n;
}

/** The rows of dist.sample(key, n), chunks of at most C rows: memory C·dim for a family that streams, else n·dim. */
export function sampleChunks(dist: Distribution, key: Key, n: number, C: number): ChunkSource {
  const fill = drawStream(dist, key);
  return fill === null ? sliced(dist.sample(key, n), dist.dim) : streamed(fill, C, dist.dim);
}

/** The rows of dist.sampleNoise(key, n), chunks of at most C rows (memory C·noiseDim with a noiseStream, else n·noiseDim). */
export function noiseChunks(dist: Reparameterizable, key: Key, n: number, C: number): ChunkSource {
  if (typeof dist.noiseStream === "function") return streamed(dist.noiseStream(key), C, dist.noiseDim);
  return sliced(dist.sampleNoise(key, n), dist.noiseDim);
}

function streamed(fill: (out: Float64Array) => void, C: number, width: number): ChunkSource {
  const buffer = new Float64Array(C * width);
  return (m) => {
    const out = m === C ? buffer : buffer.subarray(0, m * width);
    fill(out);
    return out;
  };
}

function sliced(all: Float64Array, width: number): ChunkSource {
  let start = 0;
  return (m) => all.subarray(start * width, (start += m) * width);
}
