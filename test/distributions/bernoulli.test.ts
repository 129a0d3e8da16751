import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { bernoulli } from "../../src/random/discrete.js";
import { distributionLaws } from "../helpers/laws.js";
import { assertClose, testSeed } from "../helpers/stats.js";
import { assertDiscreteFrequencies } from "../helpers/frequencies.js";
import { key, split } from "../../src/random/key.js";

distributionLaws("Bernoulli 1-D (logit 0.7)", () => new Bernoulli({ logits: 0.7 }), { sumSupport: { max: 1 } });
distributionLaws("Bernoulli 3-D", () => new Bernoulli({ logits: [-1.5, 0.3, 2] }), { seed: 100 });

/** p = 1/(1 + e^{−l}) from the definition. */
const textbookP = (l: number): number => 1 / (1 + Math.exp(-l));

describe("Bernoulli", () => {
  it("logProb matches Σ x log p + (1 − x) log(1 − p)", () => {
    const logits = [0.4, -2, 1.3];
    const p = logits.map(textbookP);
    const d = new Bernoulli({ logits });
    const x = [1, 0, 1, 0, 0, 0];
    const expected = [0, 1].map((i) =>
      [0, 1, 2].reduce((s, j) => s + (x[i * 3 + j] === 1 ? Math.log(p[j]) : Math.log(1 - p[j])), 0),
    );
    assertClose("logProb", d.logProb(x), expected, 1e-13);
    assertClose("fisher", d.fisher(), [p[0] * (1 - p[0]), 0, 0, 0, p[1] * (1 - p[1]), 0, 0, 0, p[2] * (1 - p[2])], 1e-14);
    assertClose("score", d.score([1, 0, 1]), [1 - p[0], -p[1], 1 - p[2]], 1e-15);
  });

  it("logits of ±1e4 (and ±40, where log(1 − p) naively gives −∞) give finite, correct answers", () => {
    const d = new Bernoulli({ logits: [1e4, -1e4] });
    // log p(1 | l) = −log(1 + e^{−l}), log p(0 | l) = −l − log(1 + e^{−l}); e^{−1e4} underflows to exactly 0.
    assertClose("logProb", d.logProb([1, 1, 0, 0, 1, 0, 0, 1]), [-1e4, -1e4, 0, -2e4], 1e-15);
    assertClose("score", d.score([0, 1]), [-1, 1], 1e-15);
    assert.equal(d.entropy(), 0);
    const e = new Bernoulli({ logits: [40, -40] });
    // log(1 − σ(40)) = −40 − log1p(e^{−40}) = −40 − 4.2e-18.
    assertClose("logProb ±40", e.logProb([0, 1]), [-80], 1e-15);
    assert.ok(e.fisher()[0] > 0 && Math.abs(e.fisher()[0] / Math.exp(-40) - 1) < 1e-12, "fisher keeps p(1 − p) ≈ e^{−40}");
    // p = 0 and p = 1 are never violated by the sampler.
    const x = d.sample(key(testSeed(30)), 10_000);
    for (let i = 0; i < x.length; i++) assert.equal(x[i], i % 2 === 0 ? 1 : 0);
  });

  it("sampler frequencies match the pmf per coordinate (per-bin z, Bonferroni)", () => {
    const logits = [-2.2, 0.15, 1.7];
    const [k1, k2] = split(key(testSeed(31)));
    const n = 100_000;
    const x = new Bernoulli({ logits }).sample(k1, n);
    logits.forEach((l, j) => {
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) col[i] = x[i * 3 + j];
      const p = textbookP(l);
      assertDiscreteFrequencies(`coordinate ${j}`, col, [1 - p, p]);
    });
    assertDiscreteFrequencies("1-D", new Bernoulli({ logits: -0.8 }).sample(k2, n), [1 - textbookP(-0.8), textbookP(-0.8)]);
  });

  it("rejects bad parameters and samples with messages naming the argument", () => {
    assert.throws(() => new Bernoulli({ logits: Infinity }), /Bernoulli: logits\[0\] must be a finite number, got Infinity/);
    assert.throws(() => new Bernoulli({ logits: [0, NaN] }), /Bernoulli: logits\[1\] must be a finite number, got NaN/);
    const d = new Bernoulli({ logits: [0, 1] });
    assert.throws(() => d.logProb([0.5, 1]), /Bernoulli.logProb: x\[0\] = 0.5 is outside the support \(0 or 1\)/);
    assert.throws(() => d.score([1, 2]), /Bernoulli.score: x\[1\] = 2 is outside the support/);
    assert.throws(() => d.logProb([1, 0, 1]), /multiple of dim = 2/);
    assert.throws(() => d.withParams([0]), /Bernoulli.withParams: theta must have length 2, got length 1/);
    assert.throws(() => d.sample(key(0), -3), /Bernoulli.sample: n must be a positive integer, got -3/);
    assert.throws(() => bernoulli(key(0), 1.5, 3), /bernoulli: p must be a number in \[0, 1\], got 1.5/);
  });
});
