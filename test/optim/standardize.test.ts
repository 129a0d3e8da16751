import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { standardize } from "../../src/optim/standardize.js";
import { centeredRanks } from "../../src/optim/centeredRanks.js";
import { assertClose } from "../helpers/stats.js";

describe("standardize", () => {
  it("gives z-scores with the population standard deviation", () => {
    // [1, 2, 3, 6]: mean 3, deviations [−2, −1, 0, 3], variance 14/4 = 3.5
    const s = Math.sqrt(3.5);
    assertClose("z", standardize([1, 2, 3, 6], { eps: 0 }), [-2 / s, -1 / s, 0, 3 / s], 1e-15);
    assertClose("z with eps", standardize([1, 2, 3, 6], { eps: 0.5 }), [-2 / (s + 0.5), -1 / (s + 0.5), 0, 3 / (s + 0.5)], 1e-15);
  });

  it("returns zeros (never NaN) for n = 1 and for zero spread", () => {
    assert.deepEqual([...standardize([42])], [0]);
    assert.deepEqual([...standardize([0.1, 0.1, 0.1])], [0, 0, 0]);
    assert.deepEqual([...standardize([-7, -7], { eps: 0 })], [0, 0]);
    assert.deepEqual([...standardize([0, 0, 0, 0])], [0, 0, 0, 0]);
  });

  it("handles huge and tiny magnitudes without overflow or NaN", () => {
    const s = Math.sqrt(2 / 3);
    assertClose("huge", standardize([1e308, -1e308, 0]), [1 / s, -1 / s, 0], 1e-12);
    assertClose("huge offset", standardize([1e300 + 0, 1e300 * 1.5]), [-1, 1], 1e-12);
    // Tiny values: the spread (1e−300) is far below eps, so z ≈ deviation / eps ≈ 0 — finite.
    const tiny = standardize([1e-300, 2e-300]);
    assert.ok(tiny.every(Number.isFinite));
    assert.ok(Math.abs(tiny[0]) < 1e-200);
    // Subnormal inputs with eps = 0 still give ±1.
    assertClose("subnormal", standardize([5e-324, 1e-323], { eps: 0 }), [-1, 1], 1e-12);
  });

  it("rejects empty input, non-finite values and bad eps", () => {
    assert.throws(() => standardize([]), /standardize: values must be a non-empty array of finite numbers/);
    assert.throws(() => standardize([1, NaN]), /standardize: values\[1\] must be a finite number, got NaN/);
    assert.throws(() => standardize([1, Infinity]), /standardize: values\[1\] must be a finite number, got Infinity/);
    assert.throws(() => standardize([1, 2], { eps: -1 }), /standardize: eps must be a finite number ≥ 0, got -1/);
  });
});

describe("centeredRanks", () => {
  it("maps ranks linearly onto [−0.5, 0.5]", () => {
    assertClose("ranks", centeredRanks([10, -3, 7]), [0.5, -0.5, 0], 0);
    assertClose("ranks 5", centeredRanks([5, 1, 4, 2, 3]), [0.5, -0.5, 0.25, -0.25, 0], 0);
  });

  it("averages tied ranks, sums to zero, and is invariant to increasing transforms", () => {
    // [3, 1, 3, 2]: sorted ranks 0 (1), 1 (2), 2.5 (both 3s) → /3 − 0.5
    assertClose("ties", centeredRanks([3, 1, 3, 2]), [2.5 / 3 - 0.5, -0.5, 2.5 / 3 - 0.5, 1 / 3 - 0.5], 1e-15);
    assert.deepEqual([...centeredRanks([4, 4, 4])], [0, 0, 0]);
    const v = [0.3, -2, 5, 1e6, 0];
    assert.deepEqual([...centeredRanks(v)], [...centeredRanks(v.map((x) => Math.exp(x / 1e6) * 3 + 1))]);
  });

  it("returns [0] for n = 1, ranks ±Infinity, and rejects NaN", () => {
    assert.deepEqual([...centeredRanks([5])], [0]);
    assertClose("inf", centeredRanks([Infinity, 0, -Infinity]), [0.5, 0, -0.5], 0);
    assert.throws(() => centeredRanks([1, NaN]), /centeredRanks: values\[1\] must be a number \(not NaN\), got NaN/);
    assert.throws(() => centeredRanks([]), /centeredRanks: values must be a non-empty array/);
  });
});
