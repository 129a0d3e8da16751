import { describe, it } from "node:test";
import assert from "node:assert/strict";
import digamma from "@stdlib/math-base-special-digamma";
import { Dirichlet } from "../../src/distributions/dirichlet.js";
import { key } from "../../src/random/key.js";
import { distributionLaws } from "../helpers/laws.js";
import { assertClose, assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";

distributionLaws("Dirichlet k = 3 (α = 0.7, 2, 3.5)", () => new Dirichlet({ concentration: [0.7, 2, 3.5] }), { seed: 500 });
distributionLaws("Dirichlet k = 2 (α = 4, 1.5)", () => new Dirichlet({ concentration: [4, 1.5] }), { seed: 510 });

const PI2_6 = (Math.PI * Math.PI) / 6;

describe("Dirichlet", () => {
  it("logProb matches the textbook density: Dir(1, 2, 3) has p(x) = 60 x₂ x₃²", () => {
    const d = new Dirichlet({ concentration: [1, 2, 3] });
    const x = [0.2, 0.3, 0.5, 0.6, 0.1, 0.3];
    assertClose("logProb", d.logProb(x), [Math.log(60 * 0.3 * 0.25), Math.log(60 * 0.1 * 0.09)], 1e-12);
  });

  it("fisher = diag(α)(diag ψ′(α) − ψ′(α₀) 11ᵀ)diag(α) with trigamma at integers (α = 1, 2, 3)", () => {
    const d = new Dirichlet({ concentration: [1, 2, 3] });
    assertClose("params", d.params, [0, Math.log(2), Math.log(3)], 1e-15);
    const tri = [PI2_6, PI2_6 - 1, PI2_6 - 1.25];
    const t0 = PI2_6 - (1 + 1 / 4 + 1 / 9 + 1 / 16 + 1 / 25);
    const a = [1, 2, 3];
    const expected: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expected.push(a[i] * a[j] * ((i === j ? tri[i] : 0) - t0));
    assertClose("fisher", d.fisher(), expected, 1e-12);
  });

  it("small concentration α = 0.05: rows on the simplex, no zeros or NaN, E[log x_i] = ψ(α_i) − ψ(α₀) (z-test)", () => {
    const alpha = [0.05, 0.05, 0.05];
    const n = 40_000;
    const x = new Dirichlet({ concentration: alpha }).sample(key(testSeed(520)), n);
    const logs = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < 3; j++) {
        const v = x[i * 3 + j];
        assert.ok(v > 0 && v <= 1, `x[${i * 3 + j}] = ${v} outside (0, 1]`);
        s += v;
        logs[i * 3 + j] = Math.log(v);
      }
      assert.ok(Math.abs(s - 1) < 1e-12, `row ${i} sums to ${s}`);
    }
    const st = columnStats(logs, n, 3);
    const t = digamma(0.05) - digamma(0.15);
    assertWithinZ("E[log x]", st.mean, [t, t, t], st.se, zFor(3));
    const lp = new Dirichlet({ concentration: alpha }).logProb(x);
    assert.ok(lp.every(Number.isFinite), "logProb finite on every sample");
  });

  it("rejects bad parameters and samples with messages naming the argument", () => {
    assert.throws(() => new Dirichlet({ concentration: [1] }), /Dirichlet: concentration must have at least 2 entries, got \[1\]/);
    assert.throws(() => new Dirichlet({ concentration: [1, 0, 2] }), /Dirichlet: concentration\[1\] must be > 0, got 0/);
    assert.throws(() => new Dirichlet({ concentration: [1, NaN] }), /Dirichlet: concentration\[1\] must be a finite number, got NaN/);
    const d = new Dirichlet({ concentration: [1, 2, 3] });
    assert.throws(() => d.withParams([0, 0, 800]), /Dirichlet.withParams: theta\[2\] = 800 \(log concentration\)/);
    assert.throws(() => d.logProb([0.5, 0.5, 0]), /Dirichlet.logProb: x\[2\] = 0 is outside the support/);
    assert.throws(() => d.score([0.2, 0.3, 0.5, 0.2, 0.3, 0.6]), /Dirichlet.score: row 1 of x \(x\[3…5\]\) sums to 1.1/);
    assert.throws(() => d.logProb([0.2, 0.3]), /multiple of dim = 3/);
  });
});
