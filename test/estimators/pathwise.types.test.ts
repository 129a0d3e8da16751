// The pathwise estimator demands a Reparameterizable family at the type level (checked by `npm test`'s tsc) and at
// run time (for JavaScript callers).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Distribution } from "../../src/distributions/distribution.js";
import { Normal } from "../../src/distributions/normal.js";
import { pathwise } from "../../src/estimators/pathwise.js";
import { key } from "../../src/random/key.js";

describe("pathwise refuses non-reparameterizable families", () => {
  it("at the type level and at run time", () => {
    // A plain Distribution (here a Normal seen through the wider type, with the reparameterization hidden).
    const normal = new Normal({ loc: 0, scale: 2 });
    const plain: Distribution = Object.assign(Object.create(normal) as Distribution, { reparameterizable: false });
    const grad = (x: Float64Array) => [2 * x[0]];
    assert.throws(
      // @ts-expect-error — a Distribution is not a Reparameterizable: the type system refuses it.
      () => pathwise((x) => x[0] ** 2, plain, key(0), { grad }),
      /pathwise: dist must be a reparameterizable distribution .*got Normal; use scoreFunction for other families/,
    );
    assert.throws(
      // @ts-expect-error — not a distribution at all.
      () => pathwise((x) => x[0] ** 2, { name: "Fake" }, key(0), { grad }),
      /pathwise: dist must be a reparameterizable distribution .*got Fake/,
    );
    // The reparameterizable original is accepted.
    assert.equal(pathwise((x) => x[0] ** 2, normal, key(0), { numSamples: 10, grad }).numSamples, 10);
  });
});
