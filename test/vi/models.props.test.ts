/**
 * Property-based tests (fast-check) of the built-in models' public functions: any input gives finite numbers or an
 * Error naming the function; every ELBO in closed form stays below the exact log evidence; inputs are not mutated.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseCsv } from "../../src/vi/models/datasets.js";
import { gaussianMixture } from "../../src/vi/models/gaussianMixture.js";
import { gaussianElbo, linearRegression } from "../../src/vi/models/linearRegression.js";
import { logisticRegression } from "../../src/vi/models/logisticRegression.js";
import { testSeed } from "../helpers/stats.js";

const finite = fc.double({ min: -20, max: 20, noNaN: true, noDefaultInfinity: true });
const runs = { numRuns: 60, seed: testSeed(50) };

describe("model properties (fast-check)", () => {
  it("parseCsv: a table or an Error naming the function, for any text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          const t = parseCsv("parse", text);
          for (const row of t.rows) assert.equal(row.length, t.header.length);
        } catch (e) {
          assert.ok(e instanceof Error && e.message.startsWith("parse: "), String(e));
        }
      }),
      runs,
    );
  });

  it("logisticRegression: finite log joint and gradient for any data and weights, inputs untouched", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.tuple(fc.array(finite, { minLength: 4, maxLength: 4 }), fc.boolean()), { minLength: 1, maxLength: 6 }), fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 4, maxLength: 4 }), (d, rows, w) => {
        const x = rows.flatMap(([r]) => r.slice(0, d));
        const y = rows.map(([, b]) => (b ? 1 : 0));
        const xCopy = x.slice();
        const model = logisticRegression({ x, y, d, batchSize: 1 });
        const z = Float64Array.from(w.slice(0, d));
        const g = new Float64Array(d);
        const value = model.gradLogJoint?.(z, g) as number;
        assert.ok(Number.isFinite(value) && Number.isFinite(model.logJoint(z)) && g.every(Number.isFinite));
        assert.ok(value <= 0, `a log joint of Bernoulli labels and a normalized prior with τ = 1 is ≤ 0 here, got ${value}`);
        assert.deepEqual(x, xCopy);
      }),
      runs,
    );
  });

  it("linear regression: the exact ELBO of any Gaussian guide is at most the log evidence", () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 12, maxLength: 12 }), fc.array(finite, { minLength: 6, maxLength: 6 }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), (x, y, tri) => {
        const post = linearRegression({ x, y, d: 2, noiseScale: 0.5 }).posterior();
        const L = [Math.exp(tri[0]), 0, tri[1], Math.exp(tri[2])];
        const S = [L[0] * L[0], L[0] * L[2], L[0] * L[2], L[2] * L[2] + L[3] * L[3]];
        const elbo = gaussianElbo(post, [tri[1], tri[2]], S);
        assert.ok(Number.isFinite(elbo) && elbo <= post.logEvidence + 1e-9 * Math.max(1, Math.abs(post.logEvidence)), `ELBO ${elbo} > log p(y) ${post.logEvidence}`);
      }),
      runs,
    );
  });

  it("mixture: the ELBO of any Categorical guide is at most the log evidence, equal at the posterior", () => {
    const params = { weights: new Float64Array([0.6, 0.4]), means: new Float64Array([0, 2]), covariances: new Float64Array([1, 0.5]) };
    fc.assert(
      fc.property(fc.array(finite, { minLength: 3, maxLength: 3 }), fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 6, maxLength: 6 }), (x, logits) => {
        const model = gaussianMixture(x, 1, params);
        const elbo = model.elbo(logits);
        const tol = 1e-9 * Math.max(1, Math.abs(model.logEvidence));
        assert.ok(Number.isFinite(elbo) && elbo <= model.logEvidence + tol, `ELBO ${elbo} > log p(x) ${model.logEvidence}`);
        assert.ok(Math.abs(model.elbo(model.responsibilities.map(Math.log)) - model.logEvidence) <= 1e-9 * Math.max(1, Math.abs(model.logEvidence)) + 1e-9);
      }),
      runs,
    );
  });
});
