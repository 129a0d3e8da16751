// Worker-pool evaluation (piscina) gives the same run as serial evaluation, for 1 and 2 workers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { minimize, minimizeAsync } from "../../src/es/minimize.js";
import { parallelEvaluator } from "../../src/es/parallel.js";
import { remembersFirst, returnsString, rosen, sphereWithHoles } from "./fixtures/objective.js";
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
  assert.throws(() => parallelEvaluator({ module, workers: 0 }), /parallelEvaluator: workers must be an integer in \[1, 1024\], got 0/);
  assert.throws(() => parallelEvaluator({ module, timeout: 0 }), /parallelEvaluator: timeout must be a number of milliseconds > 0, got 0/);
  for (const callerRuns of [false, true]) {
    // In a worker or in the calling thread, the failure names the pool.
    const pool = parallelEvaluator({ module, exportName: "missing", workers: 1, callerRuns });
    try {
      await assert.rejects(pool.evaluate(new Float64Array(2), 1, 2), /^Error: parallelEvaluator \(1 worker, file:.*#missing\): evaluating candidates 0…0 failed: .*has no function export "missing"/);
    } finally {
      await pool.close();
    }
  }
});

test("an f returning a non-number is refused the same way serially and in the pool (it used to be 0.5 vs NaN)", async () => {
  const population = { x: new Float64Array([0.5, 1, 0.5, 1]), noise: new Float64Array(4), size: 2, dim: 2 };
  assert.throws(() => evaluatePopulation(returnsString, population), /evaluatePopulation: f must return a number, got "0.5" for candidate 0/);
  const pool = parallelEvaluator({ module, exportName: "returnsString", workers: 1 });
  try {
    await assert.rejects(pool.evaluate(population.x, 2, 2), /parallelEvaluator \(1 worker, file:.*#returnsString\): f must return a number, got "0.5" for candidate 0/);
    // A size that does not match x used to give silent zeros.
    await assert.rejects(pool.evaluate(new Float64Array(4), 3, 2), /parallelEvaluator\.evaluate: x must be a Float64Array of size×dim = 3×2 values, got length 4/);
  } finally {
    await pool.close();
  }
});

/** A 1-D population whose only positive candidate is index 2 (so the failing candidate is known). */
const oneBad = new Float64Array([-1, -2, 3, -4]);

test("an error inside a worker reaches the caller naming the pool and the candidate; a thrown string is wrapped", async () => {
  const pool = parallelEvaluator({ module, exportName: "throws", workers: 2 });
  const named = (detail: RegExp, index: number) => (e: unknown) => {
    assert.ok(e instanceof Error, "not an Error");
    assert.match(e.message, new RegExp(`^parallelEvaluator \\(2 workers, file:.*objective\\.ts#throws\\): f threw for candidate ${index}: `));
    assert.match(e.message, detail);
    return true;
  };
  try {
    await assert.rejects(pool.evaluate(oneBad, 4, 1), named(/RangeError: x\[0\] = 3 is out of range/, 2));
    await assert.rejects(pool.evaluate(new Float64Array([0, 1, 2, 5]), 4, 1), named(/a thrown string "bad x"/, 3));
    // The pool still works after a failure.
    assert.deepEqual(Array.from(await pool.evaluate(new Float64Array([-1, -2]), 2, 1)), [1, 4]);
  } finally {
    await pool.close();
  }
});

test("a hung evaluation rejects at the timeout, naming the pool", async () => {
  const pool = parallelEvaluator({ module, exportName: "hangs", workers: 2, timeout: 300 });
  try {
    await assert.rejects(pool.evaluate(oneBad, 4, 1), /^Error: parallelEvaluator \(2 workers, .*#hangs\): evaluating candidates 0…3 took longer than the timeout of 300 ms/);
  } finally {
    await pool.close();
  }
});

test("a relative module path resolves against the calling file, not the working directory (and against base); a file: URL as it is", async () => {
  // The working directory is the repository root, where ./fixtures does not exist; this file's directory has it.
  const pool = parallelEvaluator({ module: "./fixtures/objective.ts", exportName: "rosen", workers: 1 });
  assert.equal(pool.objectiveId, `${new URL("./fixtures/objective.ts", import.meta.url).href}#rosen`);
  const byBase = parallelEvaluator({ module: "./es/fixtures/objective.ts", base: new URL("../", import.meta.url).href, exportName: "rosen", workers: 1 });
  const byUrl = parallelEvaluator({ module: new URL("./fixtures/objective.ts", import.meta.url).href, exportName: "rosen", workers: 1, callerRuns: true });
  try {
    assert.equal(byBase.objectiveId, pool.objectiveId);
    assert.equal(byUrl.objectiveId, pool.objectiveId);
    assert.deepEqual(Array.from(await pool.evaluate(new Float64Array([1, 1, 0, 0]), 2, 2)), [0, 1]);
    assert.deepEqual(Array.from(await byBase.evaluate(new Float64Array([1, 1]), 1, 2)), [0]);
    assert.deepEqual(Array.from(await byUrl.evaluate(new Float64Array([0, 0, 1, 1, 1, 1]), 3, 2)), [1, 0, 0]);
  } finally {
    await pool.close();
    await byBase.close();
    await byUrl.close();
  }
});

test("a run rejected by a hung or failing f does not keep the process alive, even without close()", () => {
  // Without aborting the sibling chunks, the hung thread kept the process running forever.
  const script = [
    `import { parallelEvaluator } from ${JSON.stringify(new URL("../../src/es/parallel.ts", import.meta.url).href)};`,
    `import { minimizeAsync } from ${JSON.stringify(new URL("../../src/es/minimize.ts", import.meta.url).href)};`,
    // The timeout counts from the call, worker start-up and module import included: generous for the throwing f.
    `for (const [exportName, x0, timeout] of [["hangs", [0.5, 0], 500], ["throws", [3, 0], 15000]]) {`,
    `  const pool = parallelEvaluator({ module: ${JSON.stringify(module)}, exportName, workers: 2, timeout });`,
    `  await minimizeAsync(pool.evaluate, x0, { seed: 1, sigma0: 1e-300 }).catch((e) => console.log("rejected:", e.message));`,
    `}`,
  ].join("\n");
  const file = join(mkdtempSync(join(tmpdir(), "mcgrad-pool-")), "run.mjs");
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, ["--import", "tsx", file], { encoding: "utf8", timeout: 20_000 });
  assert.equal(r.signal, null, `the process was still alive after 20 s (killed); stdout ${r.stdout}`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /rejected: parallelEvaluator \(2 workers, .*#hangs\): evaluating candidates 0…\d+ took longer than the timeout of 500 ms/);
  assert.match(r.stdout, /rejected: parallelEvaluator \(2 workers, .*#throws\): f threw for candidate \d+: RangeError/);
});

test("populations of changing size and dimension, on 3 workers plus the caller, spinning or not: every value is f of its own row", async () => {
  // Many small populations in a row stress the hand-over between populations (a thread that wakes late must never
  // evaluate a stale row nor count into the next population); a larger one than the first forces new buffers.
  const rng = (i: number): number => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453);
  for (const spin of [0, 2]) {
    const pool = parallelEvaluator({ module, exportName: "rosen", workers: 3, callerRuns: true, spin });
    try {
      for (let call = 0; call < 300; call++) {
        const size = call === 150 ? 700 : 1 + Math.floor(rng(call) * 20);
        const dim = 2 + (call % 5);
        const x = Float64Array.from({ length: size * dim }, (_, i) => rng(call * 1000 + i) * 2 - 1);
        const want = evaluatePopulation(rosen, { x, noise: x, size, dim });
        assert.deepEqual(await pool.evaluate(x, size, dim), want, `spin ${spin}, call ${call}`);
      }
    } finally {
      await pool.close();
    }
  }
  assert.throws(() => parallelEvaluator({ module, spin: -1 }), /parallelEvaluator: spin must be a number of milliseconds in \[0, 1000\], got -1/);
});

test("close() during a hung evaluation returns at once; the evaluation and later calls reject naming the pool", async () => {
  const pool = parallelEvaluator({ module, exportName: "hangs", workers: 2 });
  const running = pool.evaluate(oneBad, 4, 1);
  running.catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 300));
  await pool.close();
  await assert.rejects(running, /^Error: parallelEvaluator \(2 workers, .*#hangs\): evaluating candidates 0…3 failed: the pool was closed$/);
  await assert.rejects(pool.evaluate(oneBad, 4, 1), /^Error: parallelEvaluator \(2 workers, .*#hangs\): the pool is closed$/);
});

test("f gets its own copy of the row, as serially: an f that keeps its argument does not see the next population", async () => {
  // Given views onto the shared population, the kept row changed with every population (1 worker: one thread's state).
  const pops = [new Float64Array([1, 2, 3]), new Float64Array([7, 8, 9])];
  const serial = pops.map((x) => evaluatePopulation(remembersFirst, { x, noise: x, size: 3, dim: 1 }));
  const pool = parallelEvaluator({ module, exportName: "remembersFirst", workers: 1 });
  try {
    for (let p = 0; p < pops.length; p++) assert.deepEqual(await pool.evaluate(pops[p], 3, 1), serial[p], `population ${p}`);
  } finally {
    await pool.close();
  }
});
