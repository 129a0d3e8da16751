import { describe, it } from "node:test";
import assert from "node:assert/strict";
import digamma from "@stdlib/math-base-special-digamma";
import trigamma from "@stdlib/math-base-special-trigamma";
import { Gamma } from "../../src/distributions/gamma.js";
import { TINY, logGammaDraw, standardGamma } from "../../src/random/gamma.js";
import { Stream } from "../../src/random/stream.js";
import { key } from "../../src/random/key.js";
import { distributionLaws } from "../helpers/laws.js";
import { assertClose, assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";

distributionLaws("Gamma 1-D (α = 2.5, β = 0.7)", () => new Gamma({ concentration: 2.5, rate: 0.7 }), {
  integrate: { lower: 1e-300, upper: 90 },
  seed: 300,
});
distributionLaws("Gamma 3-D (α < 1, α ≫ 1)", () => new Gamma({ concentration: [0.4, 3, 12], rate: [2, 0.5, 5] }), { seed: 310 });
distributionLaws("Gamma small α = 0.05", () => new Gamma({ concentration: 0.05, rate: 3 }), { seed: 320 });

const SQRT_PI = Math.sqrt(Math.PI);

describe("Gamma", () => {
  it("logProb matches the textbook density (Γ(3) = 2, Γ(2.5) = ¾√π)", () => {
    const d = new Gamma({ concentration: [3, 2.5], rate: [2, 0.5] });
    const x = [0.7, 4.2];
    const p1 = (2 ** 3 / 2) * 0.7 ** 2 * Math.exp(-2 * 0.7);
    const p2 = (0.5 ** 2.5 / (0.75 * SQRT_PI)) * 4.2 ** 1.5 * Math.exp(-0.5 * 4.2);
    assertClose("logProb", d.logProb(x), [Math.log(p1) + Math.log(p2)], 1e-12);
  });

  it("θ is [log α, log β] and fisher is [[α²ψ′(α), −α], [−α, α]] (ψ′(2.5) = π²/2 − 40/9)", () => {
    const d = new Gamma({ concentration: 2.5, rate: 0.7 });
    assertClose("params", d.params, [Math.log(2.5), Math.log(0.7)], 1e-15);
    const tri = (Math.PI * Math.PI) / 2 - 4 * (1 + 1 / 9);
    assertClose("fisher", d.fisher(), [6.25 * tri, -2.5, -2.5, 2.5], 1e-12);
  });

  it("samples match E[x] = α/β, Var x = α/β², E[log x] = ψ(α) − log β (z-test, Bonferroni)", () => {
    const alpha = [0.3, 1, 7.5];
    const rate = [1.5, 0.25, 4];
    const d = new Gamma({ concentration: alpha, rate });
    const n = 40_000;
    const x = d.sample(key(testSeed(330)), n);
    const z = zFor(9);
    const rows = new Float64Array(n * 9);
    const truth: number[] = [];
    for (let j = 0; j < 3; j++) {
      const m = alpha[j] / rate[j];
      truth.push(m, alpha[j] / rate[j] ** 2, digamma(alpha[j]) - Math.log(rate[j]));
      for (let i = 0; i < n; i++) {
        const v = x[i * 3 + j];
        rows[i * 9 + 3 * j] = v;
        rows[i * 9 + 3 * j + 1] = (v - m) ** 2;
        rows[i * 9 + 3 * j + 2] = Math.log(v);
      }
    }
    const st = columnStats(rows, n, 9);
    assertWithinZ("moments", st.mean, truth, st.se, z);
  });

  it("α = 0.01: log-space draws have E[log G] = ψ(α), Var = ψ′(α); samples are > 0 and clamp underflow to TINY at the predicted rate", () => {
    const alpha = 0.01;
    const n = 200_000;
    const s = new Stream(key(testSeed(340)));
    const lg = new Float64Array(n);
    const dev = new Float64Array(n);
    for (let i = 0; i < n; i++) lg[i] = logGammaDraw(s, alpha);
    const st = columnStats(lg, n, 1);
    for (let i = 0; i < n; i++) dev[i] = (lg[i] - digamma(alpha)) ** 2;
    const sv = columnStats(dev, n, 1);
    const z = zFor(3);
    assertWithinZ("E[log G]", st.mean, [digamma(alpha)], st.se, z);
    assertWithinZ("Var log G", sv.mean, [trigamma(alpha)], sv.se, z);
    // Documented behaviour: the distribution puts P(G < TINY) ≈ TINY^α / Γ(α + 1) below the smallest normal double;
    // those draws are returned as TINY (never 0, never NaN).
    const x = new Gamma({ concentration: alpha, rate: 1 }).sample(key(testSeed(341)), n);
    let clamped = 0;
    for (const v of x) {
      assert.ok(v > 0 && Number.isFinite(v), `sample ${v} outside (0, ∞)`);
      if (v === TINY) clamped++;
    }
    const p = Math.exp(alpha * Math.log(TINY)) / 0.9943258511915061; // Γ(1.01)
    assertWithinZ("clamped fraction", [clamped / n], [p], [Math.sqrt((p * (1 - p)) / n)], z);
    assert.ok(standardGamma(key(1), alpha, 1000).every((v) => v >= TINY));
  });

  it("rejects bad parameters and samples with messages naming the argument", () => {
    assert.throws(() => new Gamma({ concentration: 0, rate: 1 }), /Gamma: concentration\[0\] must be > 0, got 0/);
    assert.throws(() => new Gamma({ concentration: 1, rate: [1, -2] }), /Gamma: rate\[1\] must be > 0, got -2/);
    assert.throws(() => new Gamma({ concentration: NaN, rate: 1 }), /Gamma: concentration\[0\] must be a finite number, got NaN/);
    assert.throws(() => new Gamma({ concentration: [1, 2], rate: [1, 2, 3] }), /same length/);
    assert.throws(() => new Gamma({ concentration: 1, rate: 1 }).withParams([0, 1e6]), /Gamma.withParams: theta\[1\] = 1000000 \(log rate\)/);
    assert.throws(() => new Gamma({ concentration: 1, rate: 1 }).withParams([0]), /theta must have length 2/);
    assert.throws(() => new Gamma({ concentration: 2, rate: 1 }).logProb([0]), /Gamma.logProb: x\[0\] = 0 is outside the support \(x > 0\)/);
    assert.throws(() => new Gamma({ concentration: [2, 2], rate: 1 }).score([1, -3]), /Gamma.score: x\[1\] = -3 is outside the support/);
    assert.throws(() => new Gamma({ concentration: 2, rate: 1 }).sample(key(0), 1.5), /Gamma.sample: n must be a positive integer, got 1.5/);
    assert.throws(() => standardGamma(key(0), -1, 3), /standardGamma: alpha must be a finite number > 0, got -1/);
  });
});
