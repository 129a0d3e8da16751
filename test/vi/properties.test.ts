/**
 * Properties of the public VI API (fast-check): for any estimator, guide parameters and sample size, elboGradient
 * returns finite numbers or throws an Error naming the function; the same key gives the same result; the guide's
 * parameters are never mutated. And bad input gets a clear error naming the argument.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { Gamma } from "../../src/distributions/gamma.js";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import { Normal } from "../../src/distributions/normal.js";
import type { Distribution } from "../../src/distributions/distribution.js";
import { key } from "../../src/random/key.js";
import { elboGradient } from "../../src/vi/elbo.js";
import { ELBO_ESTIMATORS } from "../../src/vi/elboCommon.js";
import { fit } from "../../src/vi/fit.js";
import type { Model } from "../../src/vi/model.js";
import { Product as ProductGuide } from "../../src/distributions/product.js";
import { gaussianModel } from "./gaussianModel.js";

const model = gaussianModel([1, -1], [[2, 0.5], [0.5, 1]]);
const discrete: Model = { name: "discrete", dim: 2, logJoint: (z) => 0.5 * z[0] - z[1] + z[0] * z[1], terms: [{ latents: [0, 1], logDensity: (z) => 0.5 * z[0] - z[1] + z[0] * z[1] }] };

describe("elboGradient properties", () => {
  it("finite results or an Error naming the estimator; same key ⇒ same result; θ unchanged", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ELBO_ESTIMATORS),
        fc.constantFrom("normal", "mvn", "bernoulli", "product"),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 1000 }),
        (estimator, family, t, numSamples, seed) => {
          let guide: Distribution;
          let m: Model = model;
          if (family === "normal") guide = new Normal({ loc: [t[0], t[1]], scale: [Math.exp(t[2] / 2), Math.exp(t[3] / 2)] });
          else if (family === "mvn") guide = new MultivariateNormal({ loc: [t[0], t[1]], scaleTril: [[Math.exp(t[2] / 2), 0], [t[4], Math.exp(t[3] / 2)]] });
          else if (family === "bernoulli") {
            guide = new Bernoulli({ logits: [t[0], t[1]] });
            m = discrete;
          } else guide = new ProductGuide([{ dist: new Normal({ loc: t[0], scale: Math.exp(t[2] / 2) }), latents: [1] }, { dist: new Normal({ loc: t[1], scale: 1 }), latents: [0] }]);
          const before = guide.params;
          const run = () => elboGradient(m, guide, key(seed), { estimator, numSamples });
          let r;
          try {
            r = run();
          } catch (e) {
            assert.ok(e instanceof Error);
            assert.match(e.message, /^elbo[A-Za-z]+: /);
            return;
          }
          for (const v of r.gradient.mean) assert.ok(Number.isFinite(v));
          assert.ok(Number.isFinite(r.elbo) && Number.isFinite(r.elboStderr) && r.elboStderr >= 0);
          assert.deepEqual(run().gradient.rows, r.gradient.rows);
          assert.deepEqual(guide.params, before);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe("bad input is refused with a clear error", () => {
  const guide = new Normal({ loc: [0, 0], scale: 1 });
  const cases: [string, () => unknown, RegExp][] = [
    ["unknown estimator", () => elboGradient(model, guide, key(0), { estimator: "reinforce" as never }), /elboGradient: options\.estimator must be one of score, score-rb, .*got "reinforce"/],
    ["numSamples 0", () => elboGradient(model, guide, key(0), { estimator: "score", numSamples: 0 }), /elboScore: numSamples must be a positive integer, got 0/],
    ["score-rb-cv with one sample", () => elboGradient(model, guide, key(0), { estimator: "score-rb-cv", numSamples: 1 }), /elboScoreRbCv: numSamples must be ≥ 2/],
    ["guide of the wrong size", () => elboGradient(model, new Normal({ loc: [0, 0, 0], scale: 1 }), key(0)), /the guide has dim 3 but model "gaussian" has dim 2/],
    ["not a model", () => elboGradient({ logJoint: 3 } as never, guide, key(0)), /elboGradient: model must be an object with logJoint\(z\), dim and name/],
    ["pathwise without gradLogJoint", () => elboGradient({ name: "f", dim: 2, logJoint: () => 0 }, guide, key(0), { estimator: "pathwise" }), /elboPathwise: model "f" has no gradLogJoint/],
    ["an unknown entropy mode", () => elboGradient(discrete, new Bernoulli({ logits: [0, 0] }), key(0), { estimator: "score", entropy: "exact" as never }), /options\.entropy must be "analytic" or "sample", got "exact"/],
    ["analytic entropy without a closed form", () => elboGradient({ name: "pos", dim: 1, logJoint: (z) => -z[0] }, new Gamma({ concentration: 2, rate: 1 }), key(0), { estimator: "score", entropy: "analytic" }), /elboScore: options\.entropy "analytic" needs a guide with a closed-form entropy gradient, got Gamma; use "sample"/],
    ["enumerate on a continuous guide", () => elboGradient(model, guide, key(0), { estimator: "enumerate" }), /elboEnumerate: the guide \(Normal\) has no discrete factor/],
    ["bad term declaration", () => elboGradient({ ...model, terms: [{ latents: [5], logDensity: () => 0 }] }, guide, key(0), { estimator: "score-rb" }), /model\.terms\[0\]\.latents contains 5; latents are integers in \[0, 2\)/],
    ["fit: bad optimizer", () => fit(model, guide, { optimizer: { name: "rmsprop" } as never }), /fit: optimizer must be \{ name: "adam" \| "sgd"/],
    ["fit: bad steps", () => fit(model, guide, { steps: 1.5 }), /fit: steps must be a positive integer, got 1\.5/],
    ["fit: bad damping", () => fit(model, guide, { natural: { damping: -1 } }), /fit: natural\.damping must be a finite number ≥ 0, got -1/],
    ["fit: not a checkpoint", () => fit(model, guide, { resume: "{" }), /fit: resume is not valid JSON/],
    ["a log joint of −∞", () => elboGradient({ name: "cliff", dim: 2, logJoint: () => -Infinity }, guide, key(0), { estimator: "score" }), /elboScore: model\.logJoint returned -Infinity at sample 0 \(z = \[/],
  ];
  for (const [label, run, pattern] of cases) it(label, () => assert.throws(run as () => void, pattern));
});
