// The pool's score-function path (issue 10): the chunked estimate is the same to the bit on 1, 2 and 3 workers as
// in process; the pooled minimize is the same run on 3 workers too; a failing f names the sample and the pool.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parallelEvaluator } from "../../src/es/parallel.js";
import { minimize, minimizeAsync } from "../../src/es/minimize.js";
import { scoreFunctionChunked } from "../../src/estimators/chunked.js";
import { Normal } from "../../src/distributions/normal.js";
import { Poisson } from "../../src/distributions/poisson.js";
import { key } from "../../src/random/key.js";
import { returnsString, rosen } from "./fixtures/objective.js";

const module = fileURLToPath(new URL("./fixtures/objective.ts", import.meta.url));

test("pool.scoreFunction equals scoreFunctionChunked to the bit on 1, 2 and 3 workers; minimizeAsync on 3 workers equals minimize", async () => {
  const dist = new Normal({ loc: [0.5, -1, 2], scale: [1, 0.3, 2] });
  const options = { numSamples: 3001, chunks: 7, baseline: 1.5 };
  const serial = scoreFunctionChunked(rosen, dist, key(4), options);
  const run = { seed: 2, maxEvals: 300, sigma0: 0.5 };
  const serialRun = minimize(rosen, new Float64Array(4), run);
  for (const workers of [1, 2, 3]) {
    const pool = parallelEvaluator({ module, exportName: "rosen", workers });
    try {
      const par = await pool.scoreFunction(dist, key(4), options);
      assert.deepEqual(par, serial, `${workers} workers`);
      if (workers === 3) assert.deepEqual((await minimizeAsync(pool.evaluate, new Float64Array(4), run)).history, serialRun.history);
    } finally {
      await pool.close();
    }
  }
  // With callerRuns, one more pool thread takes the caller's share of the chunks: the same estimate.
  const withCaller = parallelEvaluator({ module, exportName: "rosen", workers: 1, callerRuns: true });
  try {
    assert.deepEqual(await withCaller.scoreFunction(dist, key(4), options), serial);
  } finally {
    await withCaller.close();
  }
  // A discrete family and the default chunking, on 2 workers.
  const poisson = new Poisson({ rate: [2, 5, 0.5] });
  const pool = parallelEvaluator({ module, exportName: "rosen", workers: 2 });
  try {
    assert.deepEqual(await pool.scoreFunction(poisson, key(9), { numSamples: 500 }), scoreFunctionChunked(rosen, poisson, key(9), { numSamples: 500 }));
  } finally {
    await pool.close();
  }
});

test("a bad f in a worker rejects pool.scoreFunction naming the pool and the sample; bad options are refused before any work", async () => {
  const dist = new Normal({ loc: [0, 0], scale: [1, 1] });
  assert.throws(() => scoreFunctionChunked(returnsString, dist, key(0), { numSamples: 10 }), /scoreFunctionChunked: f returned "-?\d\.\d+" at sample 0/);
  const pool = parallelEvaluator({ module, exportName: "returnsString", workers: 2 });
  try {
    await assert.rejects(pool.scoreFunction(dist, key(0), { numSamples: 10, chunks: 4 }), /^Error: parallelEvaluator \(2 workers, file:.*#returnsString\): scoreFunction: f returned "-?\d\.\d+" at sample (0|6) /);
    await assert.rejects(pool.scoreFunction(dist, key(0), { numSamples: 3, chunks: 4 }), /parallelEvaluator \(2 workers, .*\)\.scoreFunction: chunks must be ≤ numSamples = 3, got 4/);
    await assert.rejects(pool.scoreFunction({ name: "Mine", dim: 2, paramSize: 1 } as never, key(0)), /scoreFunction: dist must be/);
  } finally {
    await pool.close();
  }
});

test("callerRuns: the calling thread's share gives the same run, and its errors name the candidate like a worker's", async () => {
  const run = { seed: 6, maxEvals: 300, sigma0: 0.5 };
  const serial = minimize(rosen, new Float64Array(4), run);
  for (const workers of [1, 2]) {
    const pool = parallelEvaluator({ module, exportName: "rosen", workers, callerRuns: true });
    try {
      assert.deepEqual((await minimizeAsync(pool.evaluate, new Float64Array(4), run)).history, serial.history, `${workers} workers`);
    } finally {
      await pool.close();
    }
  }
  const pool = parallelEvaluator({ module, exportName: "throws", workers: 1, callerRuns: true });
  try {
    await assert.rejects(pool.evaluate(new Float64Array([-1, 3, -2, -4]), 4, 1), /^Error: parallelEvaluator \(1 worker, .*#throws\): f threw for candidate 1: RangeError: x\[0\] = 3 is out of range/);
    await assert.rejects(pool.evaluate(new Float64Array([-1, -2, -4, 3]), 4, 1), /^Error: parallelEvaluator \(1 worker, .*#throws\): f threw for candidate 3: RangeError/);
  } finally {
    await pool.close();
  }
  assert.throws(() => parallelEvaluator({ module, callerRuns: "yes" as never }), /parallelEvaluator: callerRuns must be true or false, got "yes"/);
});
