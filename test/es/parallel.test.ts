// Worker-pool evaluation (piscina) gives the same run as serial evaluation, for 1 and 2 workers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { minimize, minimizeAsync } from "../../src/es/minimize.js";
import { parallelEvaluator } from "../../src/es/parallel.js";
import { returnsString, rosen, sphereWithHoles } from "./fixtures/objective.js";
import { evaluatePopulation } from "../../src/es/strategy.js";

const module = fileURLToPath(new URL("./fixtures/objective.ts", import.meta.url));

test("parallel evaluation on 1 and 2 workers reproduces the serial run exactly", async () => {
  const options = { seed: 3, maxEvals: 600, sigma0: 0.5 } as const;
  const serial = minimize(rosen, new Float64Array(6), options);
  const holes = minimize(sphereWithHoles, [2, 1, 1], { seed: 5, maxEvals: 400 });
  for (const workers of [1, 2]) {
    const pool = parallelEvaluator({ module, exportName: "rosen", workers });
    try {
      const par = await minimizeAsync(pool.evaluate, new Float64Array(6), options);
      assert.deepEqual(par.x, serial.x);
      assert.deepEqual(par.history, serial.history);
    } finally {
      await pool.close();
    }
  }
  // Failed evaluations (NaN) inside workers follow the same policy and count.
  const holesPool = parallelEvaluator({ module, exportName: "sphereWithHoles", workers: 2 });
  try {
    const h = await minimizeAsync(holesPool.evaluate, [2, 1, 1], { seed: 5, maxEvals: 400 });
    assert.ok(h.nonFinite > 0);
    assert.equal(h.nonFinite, holes.nonFinite);
    assert.deepEqual(h.x, holes.x);
  } finally {
    await holesPool.close();
  }
});

test("parallelEvaluator refuses a bad module or export", async () => {
  assert.throws(() => parallelEvaluator({ module: "" }), /parallelEvaluator: module must be a path/);
  assert.throws(() => parallelEvaluator({ module, workers: 0 }), /parallelEvaluator: workers must be a positive integer, got 0/);
  const pool = parallelEvaluator({ module, exportName: "missing", workers: 1 });
  try {
    await assert.rejects(pool.evaluate(new Float64Array(2), 1, 2), /has no function export "missing"/);
  } finally {
    await pool.close();
  }
});

test("an f returning a non-number is refused the same way serially and in the pool (it used to be 0.5 vs NaN)", async () => {
  const population = { x: new Float64Array([0.5, 1, 0.5, 1]), noise: new Float64Array(4), size: 2, dim: 2 };
  assert.throws(() => evaluatePopulation(returnsString, population), /evaluatePopulation: f must return a number, got "0.5" for candidate 0/);
  const pool = parallelEvaluator({ module, exportName: "returnsString", workers: 1 });
  try {
    await assert.rejects(pool.evaluate(population.x, 2, 2), /parallelEvaluator: f must return a number, got "0.5" for candidate 0/);
    // A size that does not match x used to give silent zeros.
    await assert.rejects(pool.evaluate(new Float64Array(4), 3, 2), /parallelEvaluator\.evaluate: x must be a Float64Array of size×dim = 3×2 values, got length 4/);
  } finally {
    await pool.close();
  }
});
