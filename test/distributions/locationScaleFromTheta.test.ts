/**
 * locationScaleFromTheta's one-pass path (a Float64Array θ) gives the arrays of the checked path (the same θ as a
 * plain array) to the bit, and the checked path's error, word for word, for every bad θ: Normal and Laplace.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Laplace } from "../../src/distributions/laplace.js";
import { Normal } from "../../src/distributions/normal.js";

/** The same bits, −0 and all (Object.is per entry). */
function assertSameBits(label: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  assert.equal(a.length, b.length, `${label}: lengths`);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${label}[${i}]: ${a[i]} vs ${b[i]}`);
}

/** The error message of f, or null. */
function errorOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe("locationScaleFromTheta: the Float64Array path equals the checked path", () => {
  const families = [new Normal({ loc: [0, 0, 0], scale: 1 }), new Laplace({ loc: [0, 0, 0], scale: 1 })];
  // Mostly ordinary values, with the edges the checks are about: ±0, non-finite, log scales near and past ±345.
  const entry = fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: -50, max: 50, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 345.38, 345.39, -345.38, -345.39, 800, -800) },
  );
  for (const guide of families) {
    it(`${guide.name}: same loc, scale, θ, or the same error`, () => {
      fc.assert(
        fc.property(fc.array(entry, { minLength: 6, maxLength: 6 }), (values) => {
          const fast = errorOf(() => guide.withParams(Float64Array.from(values)));
          const checked = errorOf(() => guide.withParams(values));
          assert.equal(fast, checked);
          if (checked !== null) return;
          const a = guide.withParams(Float64Array.from(values));
          const b = guide.withParams(values);
          assertSameBits("loc", a.loc, b.loc);
          assertSameBits("scale", a.scale, b.scale);
          assertSameBits("θ", a.params, b.params);
        }),
        { seed: 43, numRuns: 400 },
      );
    });
  }
});
