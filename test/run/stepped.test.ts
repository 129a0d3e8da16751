// runStepped (src/run/stepped.ts), the loop of trainAsync and fitAsync: runs a stepped run to its end, stops at a step
// boundary when the signal aborts (saving first), checks its options by name, and yields without setImmediate too
// (a browser has none).
import { test } from "node:test";
import assert from "node:assert/strict";
import { runStepped, type SteppedRun } from "../../src/run/stepped.js";

function counter(total: number, log: string[]): SteppedRun<number> {
  let k = 0;
  return {
    done: () => k >= total,
    step: () => void log.push(`step ${++k}`),
    save: () => (log.push(`save ${k}`), k),
    result: () => k,
  };
}

test("runStepped runs to the end, or stops after the step under way when aborted, saving that step", async () => {
  const log: string[] = [];
  assert.equal(await runStepped("f", {}, () => counter(5, log), () => new Error("no")), 5);
  assert.deepEqual(log, ["step 1", "step 2", "step 3", "step 4", "step 5"]);
  const ac = new AbortController();
  const log2: string[] = [];
  const run = counter(1000, log2);
  const step = run.step;
  run.step = () => {
    step();
    if (log2.length === 3) ac.abort();
  };
  await assert.rejects(runStepped("f", { signal: ac.signal, yieldEveryMs: 0 }, () => run, (n) => new Error(`stopped at ${n}`)), /stopped at 3/);
  assert.deepEqual(log2, ["step 1", "step 2", "step 3", "save 3"]);
});

test("runStepped yields to the event loop without setImmediate (a browser's globals)", async () => {
  const saved = globalThis.setImmediate;
  (globalThis as { setImmediate?: unknown }).setImmediate = undefined;
  try {
    let timers = 0;
    const tick = setInterval(() => timers++, 0);
    const log: string[] = [];
    const run = counter(20, log);
    const step = run.step;
    run.step = () => {
      const until = Date.now() + 2;
      while (Date.now() < until); // 2 ms per step, so every step ends a stretch of yieldEveryMs = 1
      step();
    };
    assert.equal(await runStepped("f", { yieldEveryMs: 1 }, () => run, () => new Error("no")), 20);
    clearInterval(tick);
    assert.ok(timers > 0, "the loop never let a timer run");
  } finally {
    globalThis.setImmediate = saved;
  }
});

test("runStepped names its caller, the option and the value for a bad signal or yieldEveryMs, before starting the run", async () => {
  let started = false;
  const start = () => ((started = true), counter(1, []));
  await assert.rejects(runStepped("fitAsync", { signal: {} as AbortSignal }, start, () => new Error()), /^Error: fitAsync: signal must be an AbortSignal, got/);
  await assert.rejects(runStepped("trainAsync", { yieldEveryMs: -1 }, start, () => new Error()), /^Error: trainAsync: yieldEveryMs must be a finite number ≥ 0, got -1/);
  assert.equal(started, false);
});
