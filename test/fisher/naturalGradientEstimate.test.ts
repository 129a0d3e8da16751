import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Normal } from "../../src/distributions/normal.js";
import { scoreFunction } from "../../src/estimators/scoreFunction.js";
import { naturalGradient } from "../../src/fisher/naturalGradient.js";
import { naturalGradientEstimate } from "../../src/fisher/naturalGradientEstimate.js";
import { key } from "../../src/random/key.js";
import { assertClose, assertWithinZ, testSeed, zFor } from "../helpers/stats.js";

describe("naturalGradientEstimate: F⁻¹ applied to every row", () => {
  // N(1, 2²), f = (x − 3)²: ∇θ E[f] = [2(μ − 3), 2σ²] = [−4, 8]; F = diag(1/σ², 2) ⇒ F⁻¹∇ = [σ²·(−4), 8/2] = [−16, 4].
  const dist = new Normal({ loc: 1, scale: 2 });
  const g = scoreFunction((x) => (x[0] - 3) ** 2, dist, key(testSeed(1400)), { numSamples: 20_000, baseline: "optimal", keepRows: true });
  const nat = naturalGradientEstimate(dist.fisher(), g, { damping: 0 });

  it("its mean is F⁻¹ times the plain mean (linearity), and it estimates the closed form within z·SE", () => {
    assertClose("mean", nat.mean, naturalGradient(dist.fisher(), g.mean, { damping: 0 }), 1e-12);
    assertWithinZ("F⁻¹∇", nat.mean, [-16, 4], nat.stderr, zFor(2));
    // A diagonal F scales each coordinate's SE by its inverse: σ² and 1/2.
    assertClose("stderr", nat.stderr, [g.stderr[0] * 4, g.stderr[1] / 2], 1e-12);
  });

  it("names the function and the row when a solve fails", () => {
    assert.throws(() => naturalGradientEstimate(dist.fisher(), null as never), /naturalGradientEstimate: estimate must be a GradientEstimate/);
    assert.throws(() => naturalGradientEstimate([0, 0, 0, 0], g, { damping: 0 }), /naturalGradientEstimate: row 0: naturalGradient: F \+ λI is not positive definite/);
  });
});
