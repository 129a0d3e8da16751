/**
 * builtInModel: what `mcgrad fit` relies on — the exact ELBO, held-out predictive density and posterior summary
 * agree with Monte Carlo and with the model's own closed forms; missing data and wrong guide kinds are refused.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import { key } from "../../src/random/key.js";
import { estimateElbo } from "../../src/vi/elbo.js";
import { builtInModel, type BuiltInModelName } from "../../src/vi/models/builtIn.js";
import { syntheticLinearRegression, type LinearRegressionModel } from "../../src/vi/models/linearRegression.js";
import { assertClose, assertWithinZ, testSeed, zFor } from "../helpers/stats.js";

const IRIS = readFileSync(new URL("../../data/iris.csv", import.meta.url), "utf8");

describe("builtInModel", () => {
  const lin = builtInModel("linreg");
  const guide = new MultivariateNormal({ loc: [0.7, -0.1, 0, 0.3, 1.5], scaleTril: [[0.2, 0, 0, 0, 0], [0.05, 0.15, 0, 0, 0], [0, 0, 0.1, 0, 0], [0, 0.02, 0, 0.3, 0], [0, 0, 0, 0, 0.1]] });

  it("linreg: the exact ELBO of a guide matches Monte Carlo; at the posterior it is the log evidence", () => {
    const mc = estimateElbo(lin.model, guide, key(testSeed(60)), { numSamples: 20_000, entropy: "sample" });
    assertWithinZ("ELBO", [mc.elbo], [lin.exactElbo?.(guide) as number], [mc.stderr], zFor(1));
    const post = (lin.model as LinearRegressionModel).posterior();
    const L = new Float64Array(25);
    // Cholesky of the posterior covariance by hand (5×5), then the guide equal to the posterior.
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j <= i; j++) {
        let s = post.covariance[i * 5 + j];
        for (let k = 0; k < j; k++) s -= L[i * 5 + k] * L[j * 5 + k];
        L[i * 5 + j] = i === j ? Math.sqrt(s) : s / L[j * 5 + j];
      }
    }
    const exactGuide = new MultivariateNormal({ loc: post.mean, scaleTril: L });
    assertClose("ELBO at the posterior", [lin.exactElbo?.(exactGuide) as number], [lin.logEvidence as number], 1e-10);
    const summary = lin.summary(exactGuide);
    assertClose("summary means", summary.map((r) => r.mean), summary.map((r) => r.exactMean as number), 1e-10);
    assertClose("summary sds", summary.map((r) => r.sd), summary.map((r) => r.exactSd as number), 1e-10);
    assert.ok((lin.meanFieldOptimumElbo as number) < (lin.logEvidence as number));
  });

  it("linreg: the closed-form held-out log density equals a Monte Carlo average of the predictive density", () => {
    const exact = lin.heldOut?.(guide, key(0)).logLikelihood as number;
    // The held-out rows are rows 100…149 of the same synthetic draw (key 0, n = 150).
    const all = syntheticLinearRegression(key(0), { n: 150, d: 5 });
    const n = 20_000;
    const w = guide.sample(key(testSeed(61)), n);
    let mean = 0;
    let seSum = 0; // the points share the draws of w, so their errors may correlate: add SEs (conservative)
    for (let i = 100; i < 150; i++) {
      const dens = new Float64Array(n);
      for (let s = 0; s < n; s++) {
        let m = 0;
        for (let j = 0; j < 5; j++) m += (all.x as Float64Array)[i * 5 + j] * w[s * 5 + j];
        dens[s] = Math.exp(-0.5 * ((all.y as Float64Array)[i] - m) ** 2) / Math.sqrt(2 * Math.PI);
      }
      const mu = dens.reduce((a, v) => a + v, 0) / n;
      const sd = Math.sqrt(dens.reduce((a, v) => a + (v - mu) ** 2, 0) / (n - 1));
      mean += Math.log(mu) / 50;
      seSum += sd / Math.sqrt(n) / mu / 50; // delta method: SE of log(mean) ≈ SE(mean)/mean
    }
    assertWithinZ("held-out log density", [mean], [exact], [seSum], zFor(1));
  });

  it("mixture: component sizes from the guide; refuses a full-rank guide and missing data, naming them", () => {
    const mix = builtInModel("mixture", { irisCsv: IRIS });
    const sizes = mix.summary(mix.initialGuide("meanfield"));
    assertClose("uniform guide: 50 per component", sizes.map((s) => s.mean), [50, 50, 50], 1e-12);
    assert.throws(() => mix.initialGuide("fullrank"), /builtInModel\("mixture"\): the assignments are discrete; the guide must be "meanfield"/);
    assert.throws(() => builtInModel("blr"), /builtInModel: model "blr" needs data.breastCancerCsv/);
    assert.throws(() => builtInModel("nope" as BuiltInModelName), /builtInModel: name must be one of linreg, blr, mixture, got "nope"/);
  });
});
