/**
 * checkDependencies finds a term that reads a latent it did not declare (continuous latents by perturbation,
 * discrete ones by values drawn from a guide), and terms that do not sum to the log joint.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { key } from "../../src/random/key.js";
import { checkDependencies } from "../../src/vi/checkDependencies.js";
import type { Model } from "../../src/vi/model.js";
import { gaussianModel } from "./gaussianModel.js";

describe("checkDependencies", () => {
  it("passes a model whose terms declare what they read and sum to the log joint", () => {
    const model = gaussianModel([1, -1, 0.5], [[2, 0.6, 0], [0.6, 1, -0.3], [0, -0.3, 1.5]]);
    const r = checkDependencies(model, [0.1, 0.2, 0.3], key(0));
    assert.equal(r.ok, true, r.message);
    assert.deepEqual(r.undeclared, []);
    assert.ok(Math.abs(r.sumMismatch) < 1e-12);
  });

  it("finds a term that reads an undeclared latent, naming the term and the latent", () => {
    const model: Model = {
      name: "leaky",
      dim: 3,
      logJoint: (z) => -0.5 * z[0] ** 2 - 0.5 * (z[1] - z[2]) ** 2,
      terms: [
        { latents: [0], logDensity: (z) => -0.5 * z[0] ** 2 },
        { latents: [1], name: "pair", logDensity: (z) => -0.5 * (z[1] - z[2]) ** 2 }, // also reads z[2]
      ],
    };
    const r = checkDependencies(model, [0, 0, 0], key(1));
    assert.equal(r.ok, false);
    assert.equal(r.undeclared.length, 1);
    assert.equal(r.undeclared[0].term, 1);
    assert.equal(r.undeclared[0].latent, 2);
    assert.match(r.message, /terms\[1\] \("pair"\) reads latent 2/);
  });

  it("with a guide, perturbs discrete latents inside their support", () => {
    const table = [0.3, -1.2];
    const model: Model = {
      name: "discrete",
      dim: 2,
      logJoint: (z) => table[z[0]] + (z[0] === 1 ? 2 * z[1] : 0),
      terms: [
        { latents: [0], logDensity: (z) => table[z[0]] }, // throws-free only on {0, 1}: a Gaussian step would leave the support
        { latents: [1], logDensity: (z) => (z[0] === 1 ? 2 * z[1] : 0) }, // reads z[0] undeclared
      ],
    };
    const r = checkDependencies(model, [1, 1], key(2), { guide: new Bernoulli({ logits: [0, 0] }), draws: 8 });
    assert.deepEqual(r.undeclared.map((u) => [u.term, u.latent]), [[1, 0]]);
  });

  it("reports terms that do not add up to the log joint", () => {
    const model: Model = { name: "offset", dim: 1, logJoint: (z) => -0.5 * z[0] ** 2, terms: [{ latents: [0], logDensity: (z) => -0.5 * z[0] ** 2 + 1 }] };
    const r = checkDependencies(model, [0.5], key(3));
    assert.equal(r.ok, false);
    assert.ok(Math.abs(r.sumMismatch - 1) < 1e-12);
    assert.match(r.message, /the terms must add up to the log joint/);
  });

  it("refuses a model without terms and a z of the wrong length", () => {
    const noTerms: Model = { name: "plain", dim: 2, logJoint: () => 0 };
    assert.throws(() => checkDependencies(noTerms, [0, 0], key(0)), /checkDependencies: model "plain" has no terms/);
    const model = gaussianModel([0, 0], [[1, 0], [0, 1]]);
    assert.throws(() => checkDependencies(model, [0], key(0)), /checkDependencies: z must have length 2/);
  });
});
