// Each optimizer solves the sphere (d = 5) to 1e-8 within a budget; xNES solves Rosenbrock (d = 5).
// Deterministic runs (fixed seeds); the budgets are ~2–4× the evaluations these runs need, not tuned to one seed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { minimize } from "../../src/es/minimize.js";
import { rosenbrock, sphere } from "../../src/es/testFunctions.js";
import { testSeed } from "../helpers/stats.js";

const budgets = { xnes: 5_000, snes: 4_000, openEs: 80_000, pgpe: 20_000 } as const;

for (const [algorithm, maxEvals] of Object.entries(budgets) as [keyof typeof budgets, number][]) {
  test(`${algorithm} minimizes the sphere (d = 5) to 1e-8 within ${maxEvals} evaluations`, () => {
    const r = minimize(sphere.f, [1, 1, 1, 1, 1], { algorithm, seed: testSeed(10), maxEvals, target: 1e-8 });
    assert.equal(r.stop, "target", `${algorithm}: stopped by ${r.stop} at f = ${r.fx} after ${r.evals}`);
    assert.ok(r.fx <= 1e-8 && sphere.f(r.x) === r.fx);
    assert.equal(r.history.evals.length, r.generations);
    assert.ok(r.history.bestF.every((v, i, a) => i === 0 || v <= a[i - 1]), "history is monotone");
  });
}

test("xnes minimizes Rosenbrock (d = 5, x0 = 0, σ0 = 0.5) to 1e-10 within 10 000 evaluations", () => {
  const r = minimize(rosenbrock.f, new Float64Array(5), { sigma0: 0.5, seed: testSeed(11), maxEvals: 10_000, target: 1e-10 });
  assert.equal(r.stop, "target", `stopped by ${r.stop} at f = ${r.fx}`);
  for (const v of r.x) assert.ok(Math.abs(v - 1) < 1e-4, `x = ${Array.from(r.x)}`);
});
