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
