import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { positiveParameterFactors, toPositiveParameters } from "../../src/diagnostics/toPositiveParameters.js";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { Gamma } from "../../src/distributions/gamma.js";
import { Normal } from "../../src/distributions/normal.js";
import { pathwise } from "../../src/estimators/pathwise.js";
import { scoreFunction } from "../../src/estimators/scoreFunction.js";
import { key } from "../../src/random/key.js";
import { assertClose, assertWithinZ, testSeed, zFor } from "../helpers/stats.js";

describe("toPositiveParameters: (μ, log σ) → (μ, σ) by the chain rule, from the family's parameter facts", () => {
  it("E[x²] under N(1, 2²): ∂/∂μ = 2μ, ∂/∂σ = 2σ (not 2σ², the log σ gradient)", () => {
    const dist = new Normal({ loc: 1, scale: 2 });
    const g = toPositiveParameters(pathwise((x) => x[0] ** 2, dist, key(testSeed(1300)), { numSamples: 20_000, grad: (x) => [2 * x[0]] }), dist);
    assertWithinZ("∇(μ, σ) E[x²]", g.mean, [2, 4], g.stderr, zFor(2));
  });

  it("rows, variance and SE scale by 1/s on log coordinates only; logits are untouched", () => {
    const gamma = new Gamma({ concentration: [2, 0.5], rate: [3, 1] });
    assertClose("Gamma factors", positiveParameterFactors(gamma), [1 / 2, 2, 1 / 3, 1], 1e-15);
    const bern = new Bernoulli({ logits: [0.3, -2] });
    assert.deepEqual(Array.from(positiveParameterFactors(bern)), [1, 1]);
    const dist = new Normal({ loc: [0, 1], scale: [0.5, 4] });
    const est = scoreFunction((x) => x[0] * x[1] + x[1] ** 2, dist, key(1), { numSamples: 50, keepRows: true });
    const out = toPositiveParameters(est, dist);
    const factor = [1, 1, 2, 0.25];
    assertClose("rows", out.rows, est.rows.map((v, k) => v * factor[k % 4]), 1e-15);
    assertClose("variance", out.variance, est.variance.map((v, j) => v * factor[j] ** 2), 1e-13);
    assertClose("stderr", out.stderr, est.stderr.map((v, j) => v * factor[j]), 1e-13);
    // Without rows: the same mean, variance and SE (from the moments), and no rows.
    const noRows = toPositiveParameters(scoreFunction((x) => x[0] * x[1] + x[1] ** 2, dist, key(1), { numSamples: 50 }), dist);
    assert.equal(noRows.rows, undefined);
    assertClose("mean without rows", noRows.mean, out.mean, 1e-12);
    assertClose("variance without rows", noRows.variance, out.variance, 1e-12);
    assertClose("stderr without rows", noRows.stderr, out.stderr, 1e-12);
  });

  it("names the function, argument and value", () => {
    const dist = new Normal({ loc: 0, scale: 1 });
    assert.throws(() => toPositiveParameters(null as never, dist), /toPositiveParameters: estimate must be a GradientEstimate for a distribution with 2 parameters, got null/);
    assert.throws(() => toPositiveParameters(scoreFunction((x) => x[0], dist, key(0), { numSamples: 5 }), new Normal({ loc: [0, 0], scale: 1 })), /with 4 parameters/);
    assert.throws(() => positiveParameterFactors(null as never), /positiveParameterFactors: dist must be a Distribution/);
  });
});
