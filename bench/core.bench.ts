/**
 * Core throughput (issue 2): (a) standard normals per second into a Float64Array — Stream.fillNormal into a reused
 * 10⁵ buffer and the public standardNormal() sampler (a fresh 10⁵ array per call), target ≥ 60 M/s on one core;
 * (b) score-function gradient throughput for a diagonal Normal, d = 100, n = 10⁴, f = Σx², in sample·dims per second,
 * beside the same computation (sample, f, score, rows, mean/variance/stderr) in numpy run from this script, target
 * ≥ 1.5× numpy. Discovered by bench/run.ts.
 */
import { spawnSync } from "node:child_process";
import { Normal } from "../src/distributions/normal.js";
import { scoreFunction } from "../src/estimators/scoreFunction.js";
import { scoreFunctionStreaming } from "../src/estimators/streaming.js";
import { pathwiseStreaming } from "../src/estimators/pathwiseStreaming.js";
import { key, split, type Key } from "../src/random/key.js";
import { standardNormal } from "../src/random/samplers.js";
import { Stream } from "../src/random/stream.js";
import { best } from "./timing.js";

const BUFFER = 100_000;
const D = 100;
const N = 10_000;

function normals(): Record<string, unknown> {
  const buf = new Float64Array(BUFFER);
  const s = new Stream(key(1));
  const fills = 200; // 2·10⁷ draws per timed run
  const tFill = best(5, () => {
    for (let r = 0; r < fills; r++) s.fillNormal(buf);
  });
  const keys = split(key(2), 1000);
  let sink = 0;
  const tStd = best(5, () => {
    for (let r = 0; r < fills; r++) sink += standardNormal(keys[r], BUFFER)[BUFFER - 1];
  });
  if (!Number.isFinite(sink + buf[BUFFER - 1])) throw new Error("core bench: non-finite normal");
  const fillRate = (fills * BUFFER) / tFill.cpu;
  const stdRate = (fills * BUFFER) / tStd.cpu;
  return {
    fillNormalPerSec: Math.round(fillRate),
    standardNormalPerSec: Math.round(stdRate),
    fillNormalPerWallSec: Math.round((fills * BUFFER) / tFill.wall),
    standardNormalPerWallSec: Math.round((fills * BUFFER) / tStd.wall),
    targetPerSec: 60e6,
    meetsTarget: fillRate >= 60e6,
    note: "fillNormal refills one reused 1e5 Float64Array; standardNormal() allocates a fresh 1e5 array per call",
  };
}

const sumSq = (x: Float64Array): number => {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j] * x[j];
  return s;
};

const NUMPY_SCRIPT = `
import json, time, sys
try:
    import numpy as np
except Exception as e:
    print(json.dumps({"error": "numpy not importable: " + str(e)})); sys.exit(0)
n, d = ${N}, ${D}
rng = np.random.default_rng(0)
mu = np.linspace(-1.0, 1.0, d); sigma = np.linspace(0.5, 2.0, d)
def grad():
    eps = rng.standard_normal((n, d))
    x = mu + sigma * eps
    fx = np.einsum("ij,ij->i", x, x)
    z = (x - mu) / sigma
    s = np.concatenate([z / sigma, z * z - 1.0], axis=1)
    rows = fx[:, None] * s
    mean = rows.mean(axis=0)
    var = rows.var(axis=0, ddof=1)
    se = np.sqrt(var / n)
    return mean, se
grad()
best = float("inf"); wall = float("inf")
for _ in range(7):
    c0 = time.process_time(); t0 = time.perf_counter(); grad()
    wall = min(wall, time.perf_counter() - t0); best = min(best, time.process_time() - c0)
print(json.dumps({"seconds": best, "wall": wall, "version": np.__version__}))
`;

function numpyGradient(): { seconds: number; wall: number; version: string } | { error: string } {
  const r = spawnSync("python3", ["-c", NUMPY_SCRIPT], { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" } });
  if (r.error) return { error: `python3 not runnable: ${r.error.message}` };
  if (r.status !== 0) return { error: `python3 exited with ${r.status}: ${r.stderr.trim().split("\n").slice(-1)[0]}` };
  try {
    return JSON.parse(r.stdout.trim().split("\n").slice(-1)[0]);
  } catch {
    return { error: `unreadable numpy output: ${r.stdout.slice(0, 200)}` };
  }
}

/** The bench problem: a diagonal Normal of dimension D with spread-out loc and scale. */
function benchNormal(): Normal {
  const loc = Array.from({ length: D }, (_, j) => -1 + (2 * j) / (D - 1));
  const scale = Array.from({ length: D }, (_, j) => 0.5 + (1.5 * j) / (D - 1));
  return new Normal({ loc, scale });
}

/** Best-of-7 timing of one estimator call on the bench problem, keys cycling over split(key(3), 100). */
function timeEstimator(what: string, estimate: (dist: Normal, k: Key) => { mean: Float64Array }): { cpu: number; wall: number; dist: Normal } {
  const dist = benchNormal();
  const keys = split(key(3), 100);
  let r = 0;
  let sink = 0;
  const t = best(7, () => {
    sink += estimate(dist, keys[r++ % keys.length]).mean[0];
  });
  if (!Number.isFinite(sink)) throw new Error(`core bench: non-finite ${what}`);
  return { ...t, dist };
}

function scoreGradient(): Record<string, unknown> {
  const t = timeEstimator("gradient", (dist, k) => scoreFunction(sumSq, dist, k, { numSamples: N }));
  const ours = (N * D) / t.cpu;
  const np = numpyGradient();
  const numpyRate = "seconds" in np ? (N * D) / np.seconds : null;
  return {
    problem: `Normal d=${D}, n=${N}, f=sum(x^2), baseline none; sample·dims per CPU second (both sides single-threaded)`,
    mcgradSampleDimsPerSec: Math.round(ours),
    mcgradCpuSecondsPerGradient: Number(t.cpu.toFixed(5)),
    mcgradWallSecondsPerGradient: Number(t.wall.toFixed(5)),
    numpy:
      "seconds" in np
        ? { sampleDimsPerSec: Math.round(numpyRate as number), cpuSecondsPerGradient: Number(np.seconds.toFixed(5)), wallSecondsPerGradient: Number(np.wall.toFixed(5)), version: np.version }
        : null,
    numpyReason: "error" in np ? np.error : undefined,
    ratioVsNumpy: numpyRate === null ? null : Number((ours / numpyRate).toFixed(2)),
    targetRatio: 1.5,
    meetsTarget: numpyRate === null ? null : ours / numpyRate >= 1.5,
  };
}

/**
 * Issue 10: the streaming, fused score-function estimate (no rows) on the same problem, against numpy and against
 * the fillNormal rate of this run (sample·dims/s vs normals/s; target ≥ 85%); and its peak memory for n = 10⁶,
 * d = 100 (P = 200), sampled inside f (heap + array buffers above the level before the call; target < 50 MB).
 */
function streamingGradient(fillRate: number, numpyRate: number | null): Record<string, unknown> {
  const t = timeEstimator("streaming gradient", (d, k) => scoreFunctionStreaming(sumSq, d, k, { numSamples: N }));
  const dist = t.dist;
  const ours = (N * D) / t.cpu;
  const grad = (x: Float64Array) => x.map((v) => 2 * v);
  const tp = timeEstimator("streaming pathwise gradient", (d, k) => pathwiseStreaming(sumSq, d, k, { numSamples: N, grad }));
  const pathwiseRate = (N * D) / tp.cpu;
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const big = 1_000_000;
  const before = used();
  let peak = before;
  let calls = 0;
  const t0 = performance.now();
  scoreFunctionStreaming((x) => {
    if (++calls % 20_000 === 0) peak = Math.max(peak, used());
    return sumSq(x);
  }, dist, key(4), { numSamples: big });
  return {
    problem: `as scoreFunctionGradient, streamed without rows (fused Normal path)`,
    mcgradSampleDimsPerSec: Math.round(ours),
    mcgradCpuSecondsPerGradient: Number(t.cpu.toFixed(5)),
    ratioVsNumpy: numpyRate === null ? null : Number((ours / numpyRate).toFixed(2)),
    targetRatioVsNumpy: 2,
    ratioVsFillNormal: Number((ours / fillRate).toFixed(3)),
    targetRatioVsFillNormal: 0.85,
    pathwise: { sampleDimsPerSec: Math.round(pathwiseRate), ratioVsFillNormal: Number((pathwiseRate / fillRate).toFixed(3)), note: "pathwiseStreaming, grad = 2x (a fresh array per sample)" },
    memory: { numSamples: big, paramSize: 2 * D, peakMegabytesAboveBaseline: Number(((peak - before) / 2 ** 20).toFixed(1)), seconds: Number(((performance.now() - t0) / 1000).toFixed(2)), targetMegabytes: 50 },
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const standardNormals = normals();
  const scoreFunctionGradient = scoreGradient();
  const np = scoreFunctionGradient.numpy as { sampleDimsPerSec: number } | null;
  return { standardNormals, scoreFunctionGradient, streamingGradient: streamingGradient(standardNormals.fillNormalPerSec as number, np === null ? null : np.sampleDimsPerSec) };
}
