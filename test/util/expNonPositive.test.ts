/**
 * expNonPositive against Math.exp: within 2 ulp over the whole non-positive range where e^x is a normal number
 * (a dense grid near 0, where the table index and the polynomial change fastest, and a log-spaced sweep out to
 * −708), the special values (0, −0, the underflow edge, −∞, NaN), and e^{a+b} = e^a e^b to rounding at
 * table-boundary points (a wrong table entry or split of ln 2 shows there first).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { expNonPositive } from "../../src/util/expNonPositive.js";

/** |a − b| in units of the last place of b (b a positive normal number). */
function ulps(a: number, b: number): number {
  return Math.abs(a - b) / 2 ** (Math.floor(Math.log2(b)) - 52);
}

describe("expNonPositive", () => {
  it("is within 2 ulp of Math.exp on a dense grid of [−2, 0] and a sweep out to −708", () => {
    let worst = 0;
    let at = 0;
    const check = (x: number) => {
      const u = ulps(expNonPositive(x), Math.exp(x));
      if (u > worst) [worst, at] = [u, x];
    };
    for (let k = 0; k <= 200_000; k++) check(-k / 100_000);
    for (let k = 0; k <= 100_000; k++) check(-(10 ** (-6 + (k / 100_000) * Math.log10(708e6))));
    assert.ok(worst <= 2, `worst error ${worst} ulp at x = ${at}`);
  });

  it("gives the special values: 1 at ±0, 0 below the underflow edge and at −∞, NaN for NaN, subnormals near −745", () => {
    assert.equal(expNonPositive(0), 1);
    assert.equal(expNonPositive(-0), 1);
    assert.equal(expNonPositive(-746), 0);
    assert.equal(expNonPositive(-Infinity), 0);
    assert.ok(Number.isNaN(expNonPositive(NaN)));
    const sub = expNonPositive(-740);
    assert.ok(sub > 0 && sub < 2 ** -1022 && Math.abs(sub - Math.exp(-740)) <= 2 ** -1074 * 4, `e^-740 = ${sub} vs ${Math.exp(-740)}`);
  });

  it("multiplies across table boundaries: e^{−j ln2/64} e^{−ln 2} = e^{−(j+64) ln2/64} to 4 ulp", () => {
    for (let j = 0; j < 640; j++) {
      const a = (-j * Math.LN2) / 64;
      const lhs = expNonPositive(a) * expNonPositive(-Math.LN2);
      const rhs = expNonPositive(a - Math.LN2);
      assert.ok(ulps(lhs, rhs) <= 4, `j = ${j}: ${lhs} vs ${rhs}`);
    }
  });
});
