import { describe, it } from "node:test";
import assert from "node:assert/strict";
import digamma from "@stdlib/math-base-special-digamma";
import betaln from "@stdlib/math-base-special-betaln";
import { Beta } from "../../src/distributions/beta.js";
import { TINY } from "../../src/random/gamma.js";
import { key } from "../../src/random/key.js";
import { distributionLaws } from "../helpers/laws.js";
import { assertClose, assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";

distributionLaws("Beta 1-D (α = 2.5, β = 1.5)", () => new Beta({ alpha: 2.5, beta: 1.5 }), {
  integrate: { lower: 1e-12, upper: 1 - 1e-12 },
  seed: 400,
});
distributionLaws("Beta 3-D (parameters below and above 1)", () => new Beta({ alpha: [0.5, 2, 7], beta: [3, 0.8, 7] }), { seed: 410 });

const PI2_6 = (Math.PI * Math.PI) / 6;

describe("Beta", () => {
  it("logProb matches the textbook density (B(2, 3) = 1/12, B(2.5, 1.5) = π/16)", () => {
    const d = new Beta({ alpha: [2, 2.5], beta: [3, 1.5] });
    const x = [0.3, 0.85];
    const p1 = 12 * 0.3 * 0.7 ** 2;
    const p2 = (16 / Math.PI) * 0.85 ** 1.5 * 0.15 ** 0.5;
    assertClose("logProb", d.logProb(x), [Math.log(p1) + Math.log(p2)], 1e-12);
  });

  it("fisher in θ = [log α, log β] matches trigamma at integers (α = 2, β = 3)", () => {
    const d = new Beta({ alpha: 2, beta: 3 });
    assertClose("params", d.params, [Math.log(2), Math.log(3)], 1e-15);
    const t2 = PI2_6 - 1;
    const t3 = PI2_6 - 1 - 1 / 4;
    const t5 = PI2_6 - 1 - 1 / 4 - 1 / 9 - 1 / 16;
    assertClose("fisher", d.fisher(), [4 * (t2 - t5), -6 * t5, -6 * t5, 9 * (t3 - t5)], 1e-12);
  });

  it("small parameters Beta(0.05, 0.05): samples in (0, 1), E[log x] exact; the mass within 2⁻⁵³ of 1 is clamped (documented)", () => {
    const a = 0.05;
    const b = 0.05;
    const n = 40_000;
    const x = new Beta({ alpha: a, beta: b }).sample(key(testSeed(420)), n);
    const logs = new Float64Array(n);
    let top = 0;
    for (let i = 0; i < n; i++) {
      assert.ok(x[i] >= TINY && x[i] < 1, `sample ${x[i]} outside (0, 1)`);
      logs[i] = Math.log(x[i]);
      if (x[i] === 1 - 2 ** -53) top++;
    }
    const z = zFor(3);
    const st = columnStats(logs, n, 1);
    // The lower tail is exact in log space: E[log x] = ψ(α) − ψ(α + β).
    assertWithinZ("E[log x]", st.mean, [digamma(a) - digamma(a + b)], st.se, z);
    // P(1 − x < ε) ≈ ε^β / (β B(α, β)); float64 rounds 1 − ε to 1 for ε between 2⁻⁵⁴ and 2⁻⁵², so the clamped
    // fraction lies between those two probabilities (up to sampling error).
    const pTail = (eps: number) => Math.exp(b * Math.log(eps) - Math.log(b) - betaln(a, b));
    const lo = pTail(2 ** -54);
    const hi = pTail(2 ** -52);
    const se = Math.sqrt((hi * (1 - hi)) / n);
    assert.ok(top / n >= lo - z * se && top / n <= hi + z * se, `clamped fraction ${top / n} outside [${lo}, ${hi}] ± ${z}·${se}`);
  });

  it("small α with moderate β: Beta(0.05, 2) has no zeros and the exact E[log x] (z-test)", () => {
    const n = 20_000;
    const x = new Beta({ alpha: 0.05, beta: 2 }).sample(key(testSeed(430)), n);
    assert.ok(x.every((v) => v > 0 && v < 1));
    const st = columnStats(x.map(Math.log), n, 1);
    assertWithinZ("E[log x]", st.mean, [digamma(0.05) - digamma(2.05)], st.se, zFor(1));
  });

  it("rejects bad parameters and samples with messages naming the argument", () => {
    assert.throws(() => new Beta({ alpha: 0, beta: 1 }), /Beta: alpha\[0\] must be > 0, got 0/);
    assert.throws(() => new Beta({ alpha: 1, beta: [1, Infinity] }), /Beta: beta\[1\] must be a finite number, got Infinity/);
    assert.throws(() => new Beta({ alpha: [1, 2], beta: [1, 2, 3] }), /same length/);
    assert.throws(() => new Beta({ alpha: 1, beta: 1 }).withParams([-1e6, 0]), /Beta.withParams: theta\[0\] = -1000000 \(log alpha\)/);
    assert.throws(() => new Beta({ alpha: 2, beta: 2 }).logProb([1]), /Beta.logProb: x\[0\] = 1 is outside the support \(0 < x < 1\)/);
    assert.throws(() => new Beta({ alpha: [2, 2], beta: 2 }).score([0.5, 0]), /Beta.score: x\[1\] = 0 is outside the support/);
    assert.throws(() => new Beta({ alpha: 2, beta: 2 }).logProb([NaN]), /Beta.logProb: x\[0\] must be a finite number, got NaN/);
  });
});
