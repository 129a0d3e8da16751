import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Normal } from "../../src/distributions/normal.js";
import { distributionLaws } from "../helpers/laws.js";
import { assertClose } from "../helpers/stats.js";
import { key } from "../../src/random/key.js";

distributionLaws("Normal 1-D (μ = 1, σ = 2)", () => new Normal({ loc: 1, scale: 2 }), { integrate: { lower: -29, upper: 31 } });
distributionLaws("Normal 3-D", () => new Normal({ loc: [0.5, -1, 3], scale: [0.3, 1, 4] }), { seed: 100 });

describe("Normal", () => {
  it("logProb matches the textbook density", () => {
    const d = new Normal({ loc: [1, -2], scale: [2, 0.5] });
    const x = [0.3, -1.1];
    const expected =
      Math.log(Math.exp(-((0.3 - 1) ** 2) / 8) / Math.sqrt(2 * Math.PI * 4)) +
      Math.log(Math.exp(-((-1.1 + 2) ** 2) / 0.5) / Math.sqrt(2 * Math.PI * 0.25));
    assertClose("logProb", d.logProb(x), [expected], 1e-12);
  });

  it("θ is [loc, log scale] and fisher is diag(1/σ², 2)", () => {
    const d = new Normal({ loc: [1, 2], scale: [2, 0.5] });
    assertClose("params", d.params, [1, 2, Math.log(2), Math.log(0.5)], 1e-15);
    const F = d.fisher();
    assertClose("fisher", F, [0.25, 0, 0, 0, 0, 4, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2], 1e-15);
  });

  it("rejects bad parameters and samples with messages naming the argument", () => {
    assert.throws(() => new Normal({ loc: 0, scale: 0 }), /Normal: scale\[0\] must be > 0, got 0/);
    assert.throws(() => new Normal({ loc: NaN, scale: 1 }), /Normal: loc\[0\] must be a finite number, got NaN/);
    assert.throws(() => new Normal({ loc: [0, 1], scale: [1, 2, 3] }), /same length/);
    assert.throws(() => new Normal({ loc: 0, scale: 1 }).withParams([0]), /Normal.withParams: theta must have length 2/);
    assert.throws(() => new Normal({ loc: 0, scale: 1 }).withParams([0, 1e6]), /log scale/);
    assert.throws(() => new Normal({ loc: 0, scale: 1 }).logProb([Infinity]), /Normal.logProb: x\[0\] must be a finite number/);
    assert.throws(() => new Normal({ loc: [0, 0], scale: 1 }).score([1, 2, 3]), /multiple of dim = 2/);
    assert.throws(() => new Normal({ loc: 0, scale: 1 }).sample(key(0), 0), /Normal.sample: n must be a positive integer, got 0/);
  });
});
