/**
 * The leave-one-out optimal baseline (issue 7): the scaled prefix/suffix sums that keep a score of 1e154 from
 * overflowing, against the unscaled prefix/suffix sums they replaced (re-implemented here as the reference), on
 * n = 10⁵ rows of P = 4 coordinates. Reports rows·coordinates per CPU second and the ratio scaled / unscaled.
 * Discovered by bench/run.ts.
 */
import { leaveOneOutOptimal } from "../src/variance/baselines.js";
import { key } from "../src/random/key.js";
import { Stream } from "../src/random/stream.js";
import { best } from "./timing.js";

const N = 100_000;
const P = 4;

/** The former algorithm: Σ_{k≠i} f s² / Σ_{k≠i} s² by plain prefix and suffix sums (overflows for |s| ≳ 1.3e154). */
function unscaled(fx: Float64Array, s: Float64Array, n: number, p: number): Float64Array {
  const r = new Float64Array(n * p);
  const preNum = new Float64Array(n + 1);
  const preDen = new Float64Array(n + 1);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) {
      const s2 = s[i * p + j] * s[i * p + j];
      preNum[i + 1] = preNum[i] + fx[i] * s2;
      preDen[i + 1] = preDen[i] + s2;
    }
    let sufNum = 0;
    let sufDen = 0;
    for (let i = n - 1; i >= 0; i--) {
      const d = preDen[i] + sufDen;
      r[i * p + j] = d > 0 ? (preNum[i] + sufNum) / d : 0;
      const s2 = s[i * p + j] * s[i * p + j];
      sufNum += fx[i] * s2;
      sufDen += s2;
    }
  }
  return r;
}

export async function run(): Promise<Record<string, unknown>> {
  const stream = new Stream(key(3));
  const fx = new Float64Array(N);
  const s = new Float64Array(N * P);
  stream.fillNormal(fx);
  stream.fillNormal(s);
  let sink = 0;
  const tScaled = best(5, () => {
    sink += leaveOneOutOptimal(fx, s, N, P)[0];
  });
  const tRef = best(5, () => {
    sink += unscaled(fx, s, N, P)[0];
  });
  if (!Number.isFinite(sink)) throw new Error("leaveOneOut bench: non-finite result");
  return {
    n: N,
    P,
    scaledEntriesPerSec: Math.round((N * P) / tScaled.cpu),
    unscaledEntriesPerSec: Math.round((N * P) / tRef.cpu),
    slowdownScaledOverUnscaled: Number((tScaled.cpu / tRef.cpu).toFixed(2)),
  };
}
