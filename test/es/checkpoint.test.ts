/**
 * minimize's checkpoint/resume: a run resumed from any checkpoint (mid-restart, after a restart, through JSON text)
 * ends exactly as the uninterrupted run — same evaluations, same best point, same history, bit for bit.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { minimize, type MinimizeOptions } from "../../src/es/minimize.js";
import { rastrigin, rosenbrock } from "../../src/es/testFunctions.js";

function runWithCheckpoints(f: (x: Float64Array) => number, x0: number[], options: MinimizeOptions): { result: ReturnType<typeof minimize>; checkpoints: string[] } {
  const checkpoints: string[] = [];
  const result = minimize(f, x0, { ...options, checkpoint: (json) => checkpoints.push(json), checkpointEvery: 7 });
  return { result, checkpoints };
}

/** Evaluations recorded in a checkpoint. */
const evalsOf = (c: string): number => (JSON.parse(c) as { cursor: { evals: number } }).cursor.evals;

/** Resumes from c, counting f calls: a resumed run must evaluate only what was left (so it cannot just start over). */
function resumeCounting(f: (x: Float64Array) => number, x0: number[], options: MinimizeOptions, c: string, total: number): ReturnType<typeof minimize> {
  let calls = 0;
  const r = minimize((x) => (calls++, f(x)), x0, { ...options, resume: c });
  assert.equal(calls, total - evalsOf(c), "a resumed run re-evaluated work already done");
  return r;
}

function assertSameRun(a: ReturnType<typeof minimize>, b: ReturnType<typeof minimize>): void {
  assert.deepEqual(Array.from(b.x), Array.from(a.x));
  assert.equal(b.fx, a.fx);
  assert.equal(b.evals, a.evals);
  assert.equal(b.generations, a.generations);
  assert.equal(b.restartsUsed, a.restartsUsed);
  assert.equal(b.stop, a.stop);
  assert.equal(b.nonFinite, a.nonFinite);
  assert.deepEqual(b.history, a.history);
}

describe("minimize checkpoint/resume", () => {
  for (const algorithm of ["xnes", "snes", "pgpe", "openEs"] as const) {
    it(`${algorithm}: resuming from early, middle and late checkpoints reproduces the uninterrupted run`, () => {
      const options: MinimizeOptions = { algorithm, seed: 3, sigma0: 0.5, maxEvals: 3000, target: 1e-12 };
      const { result, checkpoints } = runWithCheckpoints(rosenbrock.f, [0, 0, 0], options);
      assert.ok(checkpoints.length >= 3, `only ${checkpoints.length} checkpoints`);
      for (const c of [checkpoints[0], checkpoints[checkpoints.length >> 1], checkpoints[checkpoints.length - 1]]) {
        assertSameRun(result, resumeCounting(rosenbrock.f, [0, 0, 0], options, c, result.evals));
      }
    });
  }

  it("resumes across restarts (IPOP) and counts non-finite values from earlier restarts", () => {
    // NaN (ranked worst, counted) where the first coordinate's 6th decimal digit is 7: a pure function of x.
    const f = (x: Float64Array): number => (Math.floor(Math.abs(x[0]) * 1e6) % 10 === 7 ? NaN : rastrigin.f(x));
    const options: MinimizeOptions = { algorithm: "snes", seed: 11, sigma0: 2, maxEvals: 20_000, restarts: 3, tolFun: 1e-9 };
    const { result, checkpoints } = runWithCheckpoints(f, [3, -2, 1, 2], options);
    assert.ok(result.restartsUsed >= 1, `no restart happened (stop ${result.stop})`);
    assert.ok(result.nonFinite > 0, "no non-finite value was met");
    const restartOf = (c: string): number => (JSON.parse(c) as { cursor: { restart: number } }).cursor.restart;
    const afterRestart = checkpoints.find((c) => restartOf(c) >= 1);
    assert.ok(afterRestart !== undefined, "no checkpoint after a restart");
    assertSameRun(result, resumeCounting(f, [3, -2, 1, 2], options, afterRestart, result.evals));
    assertSameRun(result, resumeCounting(f, [3, -2, 1, 2], options, checkpoints[1], result.evals));
  });

  it("refuses a checkpoint from another run, naming what differs", () => {
    const { checkpoints } = runWithCheckpoints(rosenbrock.f, [0, 0], { algorithm: "xnes", seed: 1, maxEvals: 2000 });
    const c = checkpoints[0];
    assert.throws(() => minimize(rosenbrock.f, [0, 0], { algorithm: "snes", seed: 1, resume: c }), /minimize: resume was written with algorithm = "xnes", but this run has algorithm = "snes"/);
    assert.throws(() => minimize(rosenbrock.f, [0, 0], { algorithm: "xnes", seed: 2, resume: c }), /seed = 1, but this run has seed = 2/);
    assert.throws(() => minimize(rosenbrock.f, [0, 0, 0], { algorithm: "xnes", seed: 1, resume: c }), /dimension of x0 = 2, but this run has the dimension of x0 = 3/);
    assert.throws(() => minimize(rosenbrock.f, [0, 0], { resume: "{" }), /minimize: resume is not valid JSON/);
    assert.throws(() => minimize(rosenbrock.f, [0, 0], { resume: "{}" }), /minimize: resume is not a minimize checkpoint/);
    assert.throws(() => minimize(rosenbrock.f, [0, 0], { checkpointEvery: 0 }), /minimize: checkpointEvery must be a positive integer, got 0/);
  });

  it("refuses a different x0, fewer restarts than the checkpoint's, and a damaged checkpoint (it used to start over silently)", () => {
    const options: MinimizeOptions = { algorithm: "snes", seed: 11, sigma0: 2, maxEvals: 20_000, restarts: 3, tolFun: 1e-9 };
    const { checkpoints } = runWithCheckpoints(rastrigin.f, [3, -2], options);
    const late = checkpoints.find((c) => (JSON.parse(c) as { cursor: { restart: number } }).cursor.restart >= 1);
    assert.ok(late !== undefined, "no checkpoint after a restart");
    assert.throws(() => minimize(rastrigin.f, [3, -2], { ...options, restarts: 0, resume: late }), /minimize: resume was written during restart [1-3], but this run has restarts = 0/);
    assert.throws(() => minimize(rastrigin.f, [3, 2], { ...options, resume: late }), /minimize: resume was written with x0 = .*but this run has x0 =/);
    const damaged = JSON.parse(late) as { cursor: Record<string, unknown> };
    damaged.cursor = {};
    assert.throws(() => minimize(rastrigin.f, [3, -2], { ...options, resume: JSON.stringify(damaged) }), /minimize: resume holds a damaged checkpoint \(restart = undefined\)/);
  });

  it("checkpoints a run with a custom shaping function, which resume takes again from algorithmOptions", () => {
    // Before: the first checkpoint threw "serializeState: … is a function", aborting the run 50 generations in.
    const shaping = (f: Float64Array): Float64Array => f.map((v) => (Number.isFinite(v) ? -Math.sign(v - 1) : -1));
    const options: MinimizeOptions = { algorithm: "xnes", seed: 2, maxEvals: 1500, algorithmOptions: { shaping } };
    const { result, checkpoints } = runWithCheckpoints(rosenbrock.f, [0, 0], options);
    assert.ok(checkpoints.length >= 2);
    assertSameRun(result, resumeCounting(rosenbrock.f, [0, 0], options, checkpoints[1], result.evals));
    assert.throws(() => minimize(rosenbrock.f, [0, 0], { algorithm: "xnes", seed: 2, resume: checkpoints[1] }), /minimize: resume was written with a custom shaping function; pass the same function as algorithmOptions\.shaping/);
  });
});
