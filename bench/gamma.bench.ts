/**
 * Gamma sampler throughput: mcgrad's hand-written Marsaglia–Tsang (src/random/gamma.ts) against
 * @stdlib/random-base-gamma, both driven by the same sfc32 stream (stdlib through its `prng` option) and stdlib also
 * with its default Mersenne Twister. The rule: use stdlib's sampler if it is within 1.5× of the hand-written
 * one; `ratio` = hand-written samples/s ÷ stdlib samples/s (same uniform source). Discovered by bench/run.ts.
 */
import stdlibGamma from "@stdlib/random-base-gamma";
import { key } from "../src/random/key.js";
import { Stream } from "../src/random/stream.js";
import { gammaDraw } from "../src/random/gamma.js";
import { best } from "./timing.js";

const N = 500_000;
const REPEATS = 3;

/** Best-of-REPEATS samples per (wall) second of `draw`, filling a Float64Array of N. */
function rate(draw: () => number): number {
  const out = new Float64Array(N);
  const t = best(REPEATS, () => {
    for (let i = 0; i < N; i++) out[i] = draw();
  }, { warmUp: 0 });
  if (!(out[N - 1] > 0)) throw new Error("gamma bench: a draw was not positive");
  return N / t.wall;
}

export async function run(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const alpha of [0.3, 2.5, 10]) {
    const s1 = new Stream(key(1));
    const ours = rate(() => gammaDraw(s1, alpha));
    const s2 = new Stream(key(1));
    const stdSame = rate(stdlibGamma.factory(alpha, 1, { prng: () => s2.uniform() }));
    const stdDefault = rate(stdlibGamma.factory(alpha, 1, { seed: 1 }));
    results[`alpha=${alpha}`] = {
      mcgradSamplesPerSec: Math.round(ours),
      stdlibSameStreamSamplesPerSec: Math.round(stdSame),
      stdlibMt19937SamplesPerSec: Math.round(stdDefault),
      ratioVsStdlibSameStream: Number((ours / stdSame).toFixed(2)),
      ratioVsStdlibMt19937: Number((ours / stdDefault).toFixed(2)),
    };
  }
  return { gammaSampler: results };
}
