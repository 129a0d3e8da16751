/**
 * The draws of a family one chunk at a time, for the estimators that never hold all n rows: the samples of
 * `dist.sample(key, n)` and the noise of `dist.sampleNoise(key, n)`, in order, from the family's streams when it has
 * them (`sampleStream`, or `noiseStream` and the row-wise `transform`), else drawn at once and handed out in views.
 */
import { isReparameterizable, type Distribution, type Reparameterizable } from "../distributions/distribution.js";
import type { Key } from "../random/key.js";

/** `next(m)` returns the next m rows (m×width), valid until the next call. */
export type ChunkSource = (m: number) => Float64Array;

/** The rows of dist.sample(key, n), chunks of at most C rows: memory C·dim for a family that streams, else n·dim. */
export function sampleChunks(dist: Distribution, key: Key, n: number, C: number): ChunkSource {
  const d = dist.dim;
  if (typeof dist.sampleStream === "function") return streamed(dist.sampleStream(key), C, d);
  if (isReparameterizable(dist) && typeof dist.noiseStream === "function") {
    const noise = streamed(dist.noiseStream(key), C, dist.noiseDim);
    return (m) => dist.transform(noise(m));
  }
  return sliced(dist.sample(key, n), d);
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
