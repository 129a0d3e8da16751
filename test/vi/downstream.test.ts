/**
 * The batched pieces of the Rao-Blackwellized score-function estimators (downstream.ts): log q per factor of a
 * mean-field Normal or Laplace guide in one call, equal to the marginals' own log densities; the group that reads
 * every latent taken from the batch log joint minus the other groups, equal to the term-by-term sums, and a
 * non-finite batch value sending it back to the terms, whose check names the term.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Laplace } from "../../src/distributions/laplace.js";
import { Normal } from "../../src/distributions/normal.js";
import { key } from "../../src/random/key.js";
import { downstreamStructure, factorLogProbs, groupValues } from "../../src/vi/downstream.js";
import { guideFactors } from "../../src/vi/guide.js";
import type { Model } from "../../src/vi/model.js";
import { breastCancerRegression } from "../../src/vi/models/breastCancer.js";
import { assertClose, testSeed } from "../helpers/stats.js";

const BREAST = readFileSync(new URL("../../data/breast-cancer-wisconsin.csv", import.meta.url), "utf8");

describe("factorLogProbs", () => {
  it("gives a mean-field Normal's and Laplace's per-coordinate log densities in one call, as the marginals do", () => {
    for (const g of [new Normal({ loc: [0.3, -2, 5], scale: [0.1, 2, 30] }), new Laplace({ loc: [0.3, -2, 5], scale: [0.1, 2, 30] })]) {
      const n = 40;
      const z = g.sample(key(testSeed(1)), n);
      const factors = guideFactors(g);
      const fast = factorLogProbs(factors, z, n, 3, g);
      const each = factorLogProbs(factors, z, n, 3);
      fast.forEach((v, j) => assertClose(`${g.name} factor ${j}`, v, each[j], 1e-14));
    }
  });
});

describe("groupValues with a batch log joint", () => {
  const { model } = breastCancerRegression(BREAST, key(0), { batchSize: 32 });
  const mb = model.subsample(key(testSeed(2)));
  const guide = new Normal({ loc: new Float64Array(model.dim).fill(0.1), scale: 0.3 });
  const n = 12;
  const z = guide.sample(key(testSeed(3)), n);

  it("equals the term-by-term group sums (the full group as log p minus the priors) to rounding", () => {
    const structure = downstreamStructure("t", mb, guide);
    assert.ok(structure.full >= 0, "the likelihood terms read every latent: one full group");
    const batch = groupValues("t", structure, mb, z, n, model.dim);
    const termwise = groupValues("t", structure, { ...mb, logJointBatch: undefined }, z, n, model.dim);
    batch.values.forEach((v, h) => assertClose(`group ${h}`, v, termwise.values[h], 1e-11));
    assertClose("log joint", batch.logJoint, termwise.logJoint, 1e-12);
  });

  it("a non-finite batch value falls back to the terms, whose check names the term", () => {
    const terms = mb.terms as NonNullable<Model["terms"]>;
    const broken: Model = { ...mb, logJointBatch: (_, out) => out.fill(NaN), terms: terms.map((t, k) => (k === terms.length - 1 ? { ...t, logDensity: () => -Infinity } : t)) };
    const structure = downstreamStructure("myFn", broken, guide);
    assert.throws(() => groupValues("myFn", structure, broken, z, n, model.dim), /myFn: model\.terms\[\d+\] \("y\[\d+\]"\)\.logDensity returned -Infinity at sample 0/);
  });
});
