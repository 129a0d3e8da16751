/**
 * Poisson sampler throughput: mcgrad's hand-written sampler (src/random/poisson.ts: inversion below λ = 10, Hörmann's
 * PTRS above) against @stdlib/random-base-poisson, both driven by the same sfc32 stream (stdlib through its `prng`
 * option), and stdlib also with its default Mersenne Twister. The rule: use stdlib's sampler if it is within
 * 1.5× of the hand-written one; `ratio…` = hand-written samples/s ÷ stdlib samples/s. Discovered by bench/run.ts.
 */
import stdlibPoisson from "@stdlib/random-base-poisson";
import { key } from "../src/random/key.js";
import { Stream } from "../src/random/stream.js";
import { fillPoisson } from "../src/random/poisson.js";
import { best } from "./timing.js";

const N = 1_000_000;
const REPEATS = 3;

/** Best-of-REPEATS samples per (wall) second of `fill`, which fills a Float64Array of N. */
function rate(fill: (out: Float64Array) => void): number {
  const out = new Float64Array(N);
  const t = best(REPEATS, () => fill(out), { warmUp: 0 });
  if (!(out[N - 1] >= 0)) throw new Error("poisson bench: a draw was negative");
  return N / t.wall;
}

export async function run(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const lambda of [0.5, 4, 9.5, 10, 50, 1e4]) {
    const s1 = new Stream(key(1));
    const ours = rate((out) => fillPoisson(s1, lambda, out));
    const s2 = new Stream(key(1));
    const drawSame = stdlibPoisson.factory(lambda, { prng: () => s2.uniform() });
    const stdSame = rate((out) => {
      for (let i = 0; i < N; i++) out[i] = drawSame();
    });
    const drawMt = stdlibPoisson.factory(lambda, { seed: 1 });
    const stdMt = rate((out) => {
      for (let i = 0; i < N; i++) out[i] = drawMt();
    });
    results[`lambda=${lambda}`] = {
      mcgradSamplesPerSec: Math.round(ours),
      stdlibSameStreamSamplesPerSec: Math.round(stdSame),
      stdlibMt19937SamplesPerSec: Math.round(stdMt),
      ratioVsStdlibSameStream: Number((ours / stdSame).toFixed(2)),
      ratioVsStdlibMt19937: Number((ours / stdMt).toFixed(2)),
    };
  }
  return { poissonSampler: results };
}
