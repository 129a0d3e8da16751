// Runs the README's "Variational inference (mcgrad/vi)" example (same code; literal seeds become testSeed(seed)) and
// checks each commented result against the closed forms of this Gaussian model.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { key, MultivariateNormal, Normal } from "../../src/index.js";
import { checkDependencies, elboGradient, estimateElbo, fit, type Model } from "../../src/vi/index.js";
import { assertWithinZ, testSeed, zFor } from "../helpers/stats.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const S = testSeed;

test("README vi: the example's code is the code run here", () => {
  const block = /### Variational inference \(`mcgrad\/vi`\)[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme);
  assert.ok(block !== null, "no ts block in the vi section");
  for (const line of [
    'checkDependencies(model, [0, 0], key(0)).ok;',
    'const g = elboGradient(model, new Normal({ loc: [0, 0], scale: 1 }), key(1), { estimator: "score-rb-cv", numSamples: 10_000 });',
    '{ estimator: "stl", steps: 2000, key: key(2), optimizer: { name: "adam", learningRate: 0.02 } });',
    "estimateElbo(model, r.guide, key(3)).elbo;",
  ]) {
    assert.ok(block[1].includes(line), `README vi block lacks: ${line}`);
  }
});

test("README vi: gradient, ELBO, fitted posterior and evidence match the closed forms", () => {
  const model: Model = {
    name: "chain",
    dim: 2,
    logJoint: (z) => -0.5 * (z[0] - 1) ** 2 - 2 * (z[1] - z[0]) ** 2,
    gradLogJoint: (z, out) => {
      out[0] = -(z[0] - 1) + 4 * (z[1] - z[0]);
      out[1] = -4 * (z[1] - z[0]);
      return -0.5 * (z[0] - 1) ** 2 - 2 * (z[1] - z[0]) ** 2;
    },
    terms: [
      { latents: [0], logDensity: (z) => -0.5 * (z[0] - 1) ** 2 },
      { latents: [0, 1], logDensity: (z) => -2 * (z[1] - z[0]) ** 2 },
    ],
  };
  assert.equal(checkDependencies(model, [0, 0], key(S(0))).ok, true);
  const g = elboGradient(model, new Normal({ loc: [0, 0], scale: 1 }), key(S(1)), { estimator: "score-rb-cv", numSamples: 10_000 });
  // Λ = [[5, −4], [−4, 4]], m = [1, 1]: ∂μ = −Λ(μ − m) = [1, 0], ∂log σ_j = 1 − Λ_jj σ_j² = [−4, −3];
  // ELBO = −½((μ−m)ᵀΛ(μ−m) + Σ Λ_jj σ_j²) + 1 + log 2π.
  const z = zFor(5);
  assertWithinZ("gradient", g.gradient.mean, [1, 0, -4, -3], g.gradient.stderr, z);
  assertWithinZ("elbo", [g.elbo], [-0.5 * (1 + 9) + 1 + Math.log(2 * Math.PI)], [g.elboStderr], z);
  assert.ok(Math.abs(-5 + 1 + Math.log(2 * Math.PI) - -2.162) < 5e-4, "the README's −2.162");
  const r = fit(model, new MultivariateNormal({ loc: [0, 0], scaleTril: [[1, 0], [0, 1]] }), { estimator: "stl", steps: 2000, key: key(S(2)), optimizer: { name: "adam", learningRate: 0.02 } });
  const cov = r.guide.covariance();
  const want = [1, 1, 1, 1.25];
  for (let k = 0; k < 4; k++) assert.ok(Math.abs(cov[k] - want[k]) < 1e-3, `covariance[${k}] = ${cov[k]}`);
  for (let j = 0; j < 2; j++) assert.ok(Math.abs(r.guide.loc[j] - 1) < 1e-3, `loc[${j}] = ${r.guide.loc[j]}`);
  const e = estimateElbo(model, r.guide, key(S(3)));
  assert.ok(Math.abs(e.elbo - Math.log(Math.PI)) < 1e-3 + 4 * e.stderr, `ELBO ${e.elbo} ± ${e.stderr} vs log π`);
  assert.ok(Math.abs(Math.log(Math.PI) - 1.1447) < 5e-5, "the README's 1.1447");
});
