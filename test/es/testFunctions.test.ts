import { test } from "node:test";
import assert from "node:assert/strict";
import { ackley, ellipsoid, rastrigin, rosenbrock, sphere, testFunction, testFunctions } from "../../src/es/testFunctions.js";

test("each test function attains its stated optimum value at its stated optimum", () => {
  for (const t of Object.values(testFunctions)) {
    for (const d of [2, 5, 10]) {
      assert.equal(t.f(t.optimum(d)), t.optimalValue, `${t.name} d=${d}`);
      // Every axis step of ±0.01 and ±0.3 away from the optimum is worse.
      for (let i = 0; i < d; i++) {
        for (const h of [-0.3, -0.01, 0.01, 0.3]) {
          const x = t.optimum(d);
          x[i] += h;
          assert.ok(t.f(x) > t.optimalValue, `${t.name} d=${d} i=${i} h=${h}: ${t.f(x)}`);
        }
      }
    }
  }
});

test("test functions match values computed by hand", () => {
  assert.equal(sphere.f([1, 2, 3]), 14);
  assert.equal(rosenbrock.f([0, 0]), 1); // 100·0 + 1
  assert.equal(rosenbrock.f([2, 1]), 100 * 9 + 1);
  assert.equal(ellipsoid.f([1, 1]), 1 + 1e6);
  assert.ok(Math.abs(rastrigin.f([1, 0]) - 1) < 1e-12); // 20 + 1 − 10 − 10
  const e = ackley.f([1, 1]); // −20 e^{−0.2} − e^{1} + 20 + e
  assert.ok(Math.abs(e - (-20 * Math.exp(-0.2) + 20)) < 1e-12);
  assert.equal(testFunction("rosenbrock"), rosenbrock);
  assert.throws(() => testFunction("nope"), /testFunction: name must be one of .* got "nope"/);
  // Own names only: "__proto__" and "toString" returned Object.prototype and a function.
  assert.throws(() => testFunction("__proto__"), /testFunction: name must be one of/);
  assert.throws(() => testFunction("toString"), /testFunction: name must be one of/);
});
