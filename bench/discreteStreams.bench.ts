/**
 * The discrete families' streamed samplers against the all-at-once kernels they replaced, in the same run
 * (interleaved, best CPU time of several): Poisson.sample (one sub-stream per coordinate, filled chunk by chunk)
 * against fillPoisson on one stream, column after column; Categorical.sample (table built once per distribution,
 * chosen by K alone) against fillCategorical (table built per call); CategoricalProduct.sample (the blocks' streams,
 * scattered) against its blocks' kernels; each kernel body with the argument checks the old `sample` made, so it is
 * the sampler these families had before they streamed. `ratio` = kernel CPU time ÷ streamed CPU time (≥ 1: the
 * stream is as fast).
 * Large n measures throughput; n = 1 over many keys measures the per-call setup (d sub-streams for Poisson).
 * Discovered by bench/run.ts.
 */
import { foldIn, key, split, type Key } from "../src/random/key.js";
import { Stream } from "../src/random/stream.js";
import { fillPoisson } from "../src/random/poisson.js";
import { fillCategorical } from "../src/random/discrete.js";
import { Poisson } from "../src/distributions/poisson.js";
import { Categorical } from "../src/distributions/categorical.js";
import { CategoricalProduct } from "../src/distributions/categoricalProduct.js";
import { checkSampleArgs } from "../src/distributions/distribution.js";
import { bestOfEach } from "./timing.js";

const REPEATS = 7;

interface Case {
  /** Draws made by one run of either body. */
  draws: number;
  streamed: () => void;
  kernel: () => void;
}

/** Both bodies draw `calls` times n rows, each call with its own key. */
function perCall(calls: number, n: number, dim: number, streamed: (k: Key, n: number) => void, kernel: (k: Key, n: number) => void): Case {
  const keys = Array.from({ length: calls }, (_, i) => foldIn(key(1), i));
  return {
    draws: calls * n * dim,
    streamed: () => keys.forEach((k) => streamed(k, n)),
    kernel: () => keys.forEach((k) => kernel(k, n)),
  };
}

function poissonCase(rate: number[], calls: number, n: number): Case {
  const dist = new Poisson({ rate });
  const d = rate.length;
  return perCall(calls, n, d, (k, m) => dist.sample(k, m), (k, m) => {
    checkSampleArgs("Poisson.sample", k, m, d);
    const out = new Float64Array(m * d);
    const s = new Stream(k);
    for (let j = 0; j < d; j++) fillPoisson(s, rate[j], out, j, m, d);
  });
}

function categoricalCase(K: number, calls: number, n: number): Case {
  const dist = new Categorical({ logits: Array.from({ length: K }, (_, k) => Math.sin(k) * 2) });
  return perCall(calls, n, 1, (k, m) => dist.sample(k, m), (k, m) => {
    checkSampleArgs("Categorical.sample", k, m, 1);
    fillCategorical(new Stream(k), dist.probs, new Float64Array(m));
  });
}

function productCase(d: number, K: number, calls: number, n: number): Case {
  const dist = new CategoricalProduct({ logits: Array.from({ length: d * K }, (_, k) => Math.cos(k)), categories: K });
  return perCall(calls, n, d, (k, m) => dist.sample(k, m), (k, m) => {
    const keys = split(k, d);
    const z = new Float64Array(m * d);
    dist.parts.forEach((part, j) => {
      const x = new Float64Array(m);
      fillCategorical(new Stream(keys[j]), part.probs, x);
      for (let i = 0; i < m; i++) z[i * d + j] = x[i];
    });
  });
}

export async function run(): Promise<Record<string, unknown>> {
  const cases: Record<string, Case> = {
    "Poisson d=1 λ=4 n=1e6": poissonCase([4], 1, 1e6),
    "Poisson d=1 λ=50 n=1e6": poissonCase([50], 1, 1e6),
    "Poisson d=3 λ=(0.4,12,250) n=3e5": poissonCase([0.4, 12, 250], 1, 3e5),
    "Poisson d=100 n=100 ×200 keys": poissonCase(Array.from({ length: 100 }, (_, j) => 0.5 + j), 200, 100),
    "Poisson d=100 n=1 ×20000 keys": poissonCase(Array.from({ length: 100 }, (_, j) => 0.5 + j), 20_000, 1),
    "Poisson d=1 λ=3 n=1 ×200000 keys": poissonCase([3], 200_000, 1),
    "Categorical K=5 n=1e6": categoricalCase(5, 1, 1e6),
    "Categorical K=100 n=1e6": categoricalCase(100, 1, 1e6),
    "Categorical K=100 n=10 ×100000 keys": categoricalCase(100, 100_000, 10),
    "CategoricalProduct d=50 K=4 n=100 ×1000 keys": productCase(50, 4, 1000, 100),
  };
  const results: Record<string, unknown> = {};
  for (const [name, c] of Object.entries(cases)) {
    const [streamed, kernel] = bestOfEach(REPEATS, [c.streamed, c.kernel]);
    results[name] = {
      streamedDrawsPerSec: Math.round(c.draws / streamed.cpu),
      kernelDrawsPerSec: Math.round(c.draws / kernel.cpu),
      ratio: Number((kernel.cpu / streamed.cpu).toFixed(3)),
    };
  }
  return { discreteStreams: results };
}
