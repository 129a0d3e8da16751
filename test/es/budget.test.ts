// minimize never exceeds maxEvals: the last generation is cut to the budget that remains (it used to overshoot by up
// to λ − 1: --max-evals 3 ran 8), and the evaluated candidates of the cut generation still count toward the best point.
import { test } from "node:test";
import assert from "node:assert/strict";
import { minimize } from "../../src/es/minimize.js";
import { NAMES } from "./names.js";
import { rosenbrock } from "../../src/es/testFunctions.js";

test("every algorithm evaluates f exactly maxEvals times when the budget runs out", () => {
  for (const algorithm of NAMES) {
    for (const maxEvals of [1, 3, 17, 100]) {
      let calls = 0;
      let best = Infinity;
      const r = minimize((x) => {
        calls++;
        const v = rosenbrock.f(x);
        best = Math.min(best, v);
        return v;
      }, [0, 0, 0], { algorithm, maxEvals, seed: 2 });
      assert.equal(calls, maxEvals, `${algorithm}, maxEvals ${maxEvals}: f called ${calls} times`);
      assert.equal(r.evals, maxEvals);
      assert.equal(r.stop, "maxEvals");
      assert.equal(r.fx, best, `${algorithm}: the best value seen (${best}) is not the one reported (${r.fx})`);
      assert.equal(r.history.evals.at(-1), maxEvals);
    }
  }
});

test("minimize reports progress events (src/run/progress.ts): done/total evaluations and the best f so far", () => {
  const events: { done: number; total: number; bestF: number }[] = [];
  const r = minimize(rosenbrock.f, [0, 0], { maxEvals: 500, seed: 1, onProgress: (e) => events.push({ done: e.done, total: e.total, bestF: e.metrics.bestF }) });
  assert.deepEqual(events.map((e) => e.done), r.history.evals);
  assert.deepEqual(events.map((e) => e.bestF), r.history.bestF);
  assert.ok(events.every((e) => e.total === 500));
  assert.throws(() => minimize(rosenbrock.f, [0, 0], { onProgress: 3 as never }), /minimize: onProgress must be a function/);
});
