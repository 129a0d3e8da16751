import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Normal } from "../../src/distributions/normal.js";
import { checkScore, formatScoreCheck } from "../../src/diagnostics/checkScore.js";
import { key, type Key } from "../../src/random/key.js";
import { FAMILY_ALPHA, testSeed } from "../helpers/stats.js";

/**
 * A Normal whose score is off by a constant on one coordinate: E[score] ≠ 0. The shift, 0.5 on loc₁ (σ = 0.5, score
 * SD 2), is 25 SE at n = 10⁴, so the check fails with certainty, not just usually.
 */
class ShiftedScoreNormal extends Normal {
  protected override scoreImpl(x: Float64Array, n: number): Float64Array {
    const s = super.scoreImpl(x, n);
    for (let i = 0; i < n; i++) s[i * this.paramSize + 1] += 0.5;
    return s;
  }
}

/** A Normal whose closed-form Fisher is wrong by 20 % in the (loc₀, loc₀) entry (z ≈ 14 at n = 10⁴). */
class WrongFisherNormal extends Normal {
  override fisher(): Float64Array {
    const F = super.fisher();
    F[0] *= 1.2;
    return F;
  }
}

describe("checkScore", () => {
  it("passes on a correct distribution (its false-positive rate is alpha)", () => {
    const r = checkScore(new Normal({ loc: [1, -2], scale: [2, 0.5] }), key(testSeed(70)), { numSamples: 20_000, alpha: FAMILY_ALPHA });
    assert.ok(r.pass, formatScoreCheck(r));
    assert.equal(r.numChecks, 4 + 10);
    assert.equal(r.alpha, FAMILY_ALPHA);
    assert.ok(Object.isFrozen(r));
  });

  it("fails on a score that is off by a constant, and names the coordinate", () => {
    const r = checkScore(new ShiftedScoreNormal({ loc: [1, -2], scale: [2, 0.5] }), key(testSeed(71)), { numSamples: 10_000 });
    assert.equal(r.pass, false);
    assert.equal(r.worst.what, "scoreMean");
    assert.deepEqual(r.worst.index, [1]);
    assert.ok(r.worst.z > r.zThreshold);
    assert.match(formatScoreCheck(r), /FAIL/);
    assert.match(formatScoreCheck(r), /worst: E\[score\]\[1\]/);
  });

  it("fails on a wrong closed-form Fisher, and names the entry", () => {
    const r = checkScore(new WrongFisherNormal({ loc: [1, -2], scale: [2, 0.5] }), key(testSeed(72)), { numSamples: 10_000 });
    assert.equal(r.pass, false);
    assert.equal(r.worst.what, "fisher");
    assert.deepEqual(r.worst.index, [0, 0]);
    assert.ok(r.worst.z < -r.zThreshold);
  });

  it("the Bonferroni threshold grows with the number of checks", () => {
    const small = checkScore(new Normal({ loc: 0, scale: 2 }), key(1), { numSamples: 100 });
    const large = checkScore(new Normal({ loc: [0, 0, 0], scale: 2 }), key(1), { numSamples: 100 });
    assert.equal(small.numChecks, 2 + 3);
    assert.equal(large.numChecks, 6 + 21);
    assert.ok(large.zThreshold > small.zThreshold);
  });

  it("rejects bad input, naming function, argument and value", () => {
    const d = new Normal({ loc: 0, scale: 1 });
    assert.throws(() => checkScore(d, key(0), { numSamples: 0 }), /checkScore: numSamples must be a positive integer, got 0/);
    assert.throws(() => checkScore(d, key(0), { numSamples: 1 }), /checkScore: numSamples must be at least 2 .*got 1/);
    assert.throws(() => checkScore(d, key(0), { alpha: 0 }), /checkScore: alpha must be a number in \(0, 1\), got 0/);
    assert.throws(() => checkScore(d, 3 as unknown as Key), /checkScore: key must be a Key .*got 3/);
    assert.throws(() => checkScore(null as unknown as Normal, key(0)), /checkScore: dist must be a Distribution .*got null/);
  });

  it("rejects a score that returns NaN", () => {
    class NaNScore extends Normal {
      protected override scoreImpl(x: Float64Array, n: number): Float64Array {
        const s = super.scoreImpl(x, n);
        s[5] = NaN;
        return s;
      }
    }
    assert.throws(() => checkScore(new NaNScore({ loc: 0, scale: 1 }), key(0), { numSamples: 10 }), /Normal.score: the score is NaN at row 2 \(entry 5\)/);
  });
});
