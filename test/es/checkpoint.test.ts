/**
 * minimize's checkpoint/resume: a run resumed from any checkpoint (mid-restart, after a restart, through JSON text)
 * ends exactly as the uninterrupted run — same evaluations, same best point, same history, bit for bit.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { minimize, MinimizeAborted, type MinimizeOptions } from "../../src/es/minimize.js";
import { rastrigin, rosenbrock } from "../../src/es/testFunctions.js";

function runWithCheckpoints(f: (x: Float64Array) => number, x0: number[], options: MinimizeOptions): { result: ReturnType<typeof minimize>; checkpoints: string[] } {
  const checkpoints: string[] = [];
  const result = minimize(f, x0, { objectiveId: "test objective", ...options, checkpoint: (json) => checkpoints.push(json), checkpointEvery: 7 });
  return { result, checkpoints };
}

/** Evaluations recorded in a checkpoint. */
const evalsOf = (c: string): number => (JSON.parse(c) as { payload: { evals: number } }).payload.evals;

/** Resumes from c, counting f calls: a resumed run must evaluate only what was left (so it cannot just start over). */
function resumeCounting(f: (x: Float64Array) => number, x0: number[], options: MinimizeOptions, c: string, total: number): ReturnType<typeof minimize> {
  let calls = 0;
  const r = minimize((x) => (calls++, f(x)), x0, { objectiveId: "test objective", ...options, resume: c });
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
    const restartOf = (c: string): number => (JSON.parse(c) as { payload: { restart: number } }).payload.restart;
    const afterRestart = checkpoints.find((c) => restartOf(c) >= 1);
    assert.ok(afterRestart !== undefined, "no checkpoint after a restart");
    assertSameRun(result, resumeCounting(f, [3, -2, 1, 2], options, afterRestart, result.evals));
    assertSameRun(result, resumeCounting(f, [3, -2, 1, 2], options, checkpoints[1], result.evals));
  });

  it("an aborted run saves the generation where it stopped, and resuming from it ends as the uninterrupted run", () => {
    const options: MinimizeOptions = { algorithm: "snes", seed: 8, maxEvals: 3000, objectiveId: "rosenbrock", checkpointEvery: 1000 };
    const full = minimize(rosenbrock.f, [0, 0, 0], options);
    const controller = new AbortController();
    const saved: string[] = [];
    assert.throws(
      () => minimize(rosenbrock.f, [0, 0, 0], { ...options, signal: controller.signal, checkpoint: (c) => saved.push(c), onGeneration: (g) => g.generation === 23 && controller.abort() }),
      (e) => e instanceof MinimizeAborted && e.checkpointed && /^minimize: aborted after \d+ evaluations; a checkpoint of this point was written$/.test(e.message),
    );
    // checkpointEvery is 1000, so the only checkpoint is the one written at the abort, after generation 23.
    assert.equal(saved.length, 1);
    assert.equal(evalsOf(saved[0]), full.history.evals[22]);
    let calls = 0;
    const resumed = minimize((x) => (calls++, rosenbrock.f(x)), [0, 0, 0], { ...options, resume: saved[0] });
    assert.equal(calls, full.evals - evalsOf(saved[0]), "work done before the abort was redone");
    assertSameRun(full, resumed);
  });

  it("refuses a checkpoint from another run, naming the field that differs (objective, algorithm, seed, x0, options)", () => {
    const options: MinimizeOptions = { algorithm: "xnes", seed: 1, maxEvals: 2000, objectiveId: "rosenbrock" };
    const { checkpoints } = runWithCheckpoints(rosenbrock.f, [0, 0], options);
    const c = checkpoints[0];
    const again = (o: MinimizeOptions, x0: number[] = [0, 0]) => () => minimize(rosenbrock.f, x0, { ...options, ...o, resume: c });
    // Before: a checkpoint of Rosenbrock resumed on the sphere printed Rosenbrock's f value with exit 0.
    assert.throws(again({ objectiveId: "sphere" }), /minimize: resume was written for objective = "id:rosenbrock", but this run has objective = "id:sphere"/);
    assert.throws(again({ algorithm: "snes" }), /resume was written for algorithm = "xnes", but this run has algorithm = "snes"/);
    assert.throws(again({ seed: 2 }), /seed = 1, but this run has seed = 2/);
    assert.throws(again({}, [0, 0, 0]), /written for x0 = .*but this run has x0 =/);
    assert.throws(again({ sigma0: 0.5 }), /written for sigma0 = 1, but this run has sigma0 = 0\.5/);
    assert.throws(again({ maxEvals: 3000 }), /maxEvals = 2000, but this run has maxEvals = 3000/);
    assert.throws(again({ target: 1e-3 }), /target = .*but this run has target = 0\.001/);
    assert.throws(again({ tolFun: 1e-3 }), /tolFun = null, but this run has tolFun = 0\.001/);
    assert.throws(again({ algorithmOptions: { stepSizeAdaptation: "path" } }), /algorithmOptions = \{\}, but this run has algorithmOptions = \{"stepSizeAdaptation":"path"\}/);
    // Without objectiveId the identity is f's source: another function is refused too.
    const bySource = runWithCheckpoints(rosenbrock.f, [0, 0], { algorithm: "xnes", seed: 1, maxEvals: 2000, objectiveId: undefined }).checkpoints[0];
    assert.throws(() => minimize(rastrigin.f, [0, 0], { algorithm: "xnes", seed: 1, maxEvals: 2000, resume: bySource }), /resume was written for objective = "source:/);
    assert.throws(() => minimize(rosenbrock.f, [0, 0], { resume: "{" }), /minimize: resume is not valid JSON/);
    assert.throws(() => minimize(rosenbrock.f, [0, 0], { resume: "{}" }), /minimize: resume is not a mcgrad\.minimize checkpoint/);
    assert.throws(() => minimize(rosenbrock.f, [0, 0], { checkpointEvery: 0 }), /minimize: checkpointEvery must be a positive integer, got 0/);
  });

  it("refuses an edited payload, naming the source and the field (it used to change the result)", () => {
    const options: MinimizeOptions = { algorithm: "snes", seed: 4, maxEvals: 2000, objectiveId: "rosenbrock" };
    const c = runWithCheckpoints(rosenbrock.f, [0, 0], options).checkpoints[1];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a checkpoint edited by hand, as a user would
    type Loose = Record<string, any>;
    const edit = (change: (p: Loose) => void): string => {
      const raw = JSON.parse(c) as { payload: Loose };
      change(raw.payload);
      return JSON.stringify(raw);
    };
    const resume = (json: string) => () => minimize(rosenbrock.f, [0, 0], { ...options, resume: json, resumeSource: "run.json" });
    assert.throws(resume(edit((p) => (p.state.sigma.$f64[0] = -1))), /minimize: run\.json field state\.sigma\[0\] = -1 must be a finite number > 0/);
    assert.throws(resume(edit((p) => (p.state.generation = -1))), /run\.json field state\.generation = -1 must be an integer ≥ 0/);
    assert.throws(resume(edit((p) => (p.state.mean.$f64[0] = 1e308))), /run\.json field state\.mean\[0\] = 1e\+308 must be a finite number ≥ -1e\+150 ≤ 1e\+150/);
    assert.throws(resume(edit((p) => (p.evals = 1e9))), /run\.json field evals = 1000000000 must be an integer ≥ 0 ≤ 2000/);
    assert.throws(resume(edit((p) => (p.state.shaping = "bogus"))), /field state\.shaping = "bogus" must be one of nes, centeredRanks, zScores/);
    assert.throws(resume(edit((p) => delete p.best)), /field best\.x = undefined must be a vector of 2 numbers/);
  });

  it("a run started at x0 = [−0, 1] resumes from its own checkpoint (−0 used to become 0 and be refused)", () => {
    const options: MinimizeOptions = { algorithm: "xnes", seed: 6, maxEvals: 1500, objectiveId: "rosenbrock" };
    const { result, checkpoints } = runWithCheckpoints(rosenbrock.f, [-0, 1], options);
    assertSameRun(result, resumeCounting(rosenbrock.f, [-0, 1], options, checkpoints[1], result.evals));
    assert.throws(() => minimize(rosenbrock.f, [0, 1], { ...options, resume: checkpoints[1] }), /written for x0 = .*"-0".*but this run has x0 =/);
  });

  it("refuses a different x0, other restarts than the checkpoint's, and a damaged checkpoint (it used to start over silently)", () => {
    const options: MinimizeOptions = { algorithm: "snes", seed: 11, sigma0: 2, maxEvals: 20_000, restarts: 3, tolFun: 1e-9 };
    const { checkpoints } = runWithCheckpoints(rastrigin.f, [3, -2], options);
    const late = checkpoints.find((c) => (JSON.parse(c) as { payload: { restart: number } }).payload.restart >= 1);
    assert.ok(late !== undefined, "no checkpoint after a restart");
    const base = { ...options, objectiveId: "test objective" };
    assert.throws(() => minimize(rastrigin.f, [3, -2], { ...base, restarts: 0, resume: late }), /minimize: resume was written for restarts = 3, but this run has restarts = 0/);
    assert.throws(() => minimize(rastrigin.f, [3, 2], { ...base, resume: late }), /minimize: resume was written for x0 = .*but this run has x0 =/);
    const damaged = JSON.parse(late) as { payload: Record<string, unknown> };
    damaged.payload = {};
    assert.throws(() => minimize(rastrigin.f, [3, -2], { ...base, resume: JSON.stringify(damaged) }), /minimize: resume field restart = undefined must be an integer ≥ 0 ≤ 3/);
  });

  it("checkpoints a run with a custom shaping function, which resume takes again from algorithmOptions", () => {
    // Before: the first checkpoint threw "serializeState: … is a function", aborting the run 50 generations in.
    const shaping = (f: Float64Array): Float64Array => f.map((v) => (Number.isFinite(v) ? -Math.sign(v - 1) : -1));
    const options: MinimizeOptions = { algorithm: "xnes", seed: 2, maxEvals: 1500, algorithmOptions: { shaping } };
    const { result, checkpoints } = runWithCheckpoints(rosenbrock.f, [0, 0], options);
    assert.ok(checkpoints.length >= 2);
    assertSameRun(result, resumeCounting(rosenbrock.f, [0, 0], options, checkpoints[1], result.evals));
    assert.throws(
      () => minimize(rosenbrock.f, [0, 0], { algorithm: "xnes", seed: 2, maxEvals: 1500, objectiveId: "test objective", resume: checkpoints[1] }),
      /minimize: resume was written for algorithmOptions = \{"shaping":"\$custom"\}, but this run has algorithmOptions = \{\}/,
    );
  });
});
