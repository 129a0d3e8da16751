// The binary test problems' optima, found again here by exhaustive search over all 2^d strings (independently of the
// constants in src/es/discreteProblems.ts), and their input checks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KNAPSACK, knapsack12, leadingOnes, MAX_SAT_CLAUSES, maxSat14, oneMax, type BinaryProblem } from "../../src/es/discreteProblems.js";

function bits(m: number, d: number): Float64Array {
  return Float64Array.from({ length: d }, (_, i) => (m >> i) & 1);
}

/** Minimum of g over {0,1}^d by enumeration, and how many strings reach it. */
function bruteForce(g: (x: Float64Array) => number, d: number): { min: number; count: number } {
  let min = Infinity;
  let count = 0;
  for (let m = 0; m < 2 ** d; m++) {
    const v = g(bits(m, d));
    if (v < min) [min, count] = [v, 1];
    else if (v === min) count++;
  }
  return { min, count };
}

test("knapsack12: the best feasible packing (computed here from weights and values) is worth 222, and unique", () => {
  const best = bruteForce((x) => {
    let w = 0;
    let v = 0;
    for (let i = 0; i < 12; i++) [w, v] = [w + KNAPSACK.weights[i] * x[i], v + KNAPSACK.values[i] * x[i]];
    return w <= KNAPSACK.capacity ? -v : Infinity;
  }, 12);
  assert.deepEqual(best, { min: knapsack12.optimalValue, count: 1 });
  assert.equal(bruteForce(knapsack12.f, 12).min, knapsack12.optimalValue);
});

test("maxSat14: no assignment satisfies all 90 clauses; the best leaves exactly one unsatisfied", () => {
  const unsat = (x: Float64Array) => MAX_SAT_CLAUSES.filter((c) => !c.some((l) => (l > 0 ? x[l - 1] === 1 : x[-l - 1] === 0))).length;
  const best = bruteForce(unsat, 14);
  assert.equal(best.min, maxSat14.optimalValue);
  assert.equal(bruteForce(maxSat14.f, 14).min, maxSat14.optimalValue);
});

test("oneMax and leadingOnes: minimum 0, reached only at the all-ones string", () => {
  for (const p of [oneMax(10), leadingOnes(10)] as BinaryProblem[]) {
    assert.deepEqual(bruteForce(p.f, 10), { min: 0, count: 1 }, p.name);
    assert.equal(p.f(new Float64Array(10).fill(1)), 0);
  }
  assert.equal(leadingOnes(5).f([1, 1, 0, 1, 1]), 3);
  assert.equal(oneMax(5).f([1, 1, 0, 1, 0]), 2);
});

test("binary problems refuse non-bits and wrong lengths, naming the problem", () => {
  assert.throws(() => oneMax(3).f([1, 0.5, 0]), /oneMax: x\[1\] must be 0 or 1, got 0\.5/);
  assert.throws(() => knapsack12.f([1, 0]), /knapsack12: x must be 12 bits/);
  assert.throws(() => leadingOnes(0), /leadingOnes: d must be an integer in \[1, 10⁶\], got 0/);
});
