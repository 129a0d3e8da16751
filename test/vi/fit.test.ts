/**
 * fit: reaches the exact posterior of a conjugate Gaussian model (full-rank guide: mean within 0.03 posterior
 * standard deviations, ELBO within 0.05 nats of log p(x), judged with a 10⁴-sample ELBO and its SE) and the
 * closed-form mean-field optimum; natural-gradient VI needs fewer steps; a resumed run equals the uninterrupted one
 * to the bit; errors name the step.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import { Normal } from "../../src/distributions/normal.js";
import { key, split } from "../../src/random/key.js";
import { uniform } from "../../src/random/samplers.js";
import { estimateElbo } from "../../src/vi/elbo.js";
import { meanAndStderr } from "../../src/vi/elboCommon.js";
import { fit, type FitOptions } from "../../src/vi/fit.js";
import type { Model, ModelTerm } from "../../src/vi/model.js";
import { Categorical } from "../../src/distributions/categorical.js";
import { naturalGradient } from "../../src/fisher/naturalGradient.js";
import { naturalDirection } from "../../src/vi/naturalGradient.js";
import { Product as ProductGuide } from "../../src/distributions/product.js";
import { assertClose, testSeed } from "../helpers/stats.js";
import { gaussianModel, mvnGuideTruth } from "./gaussianModel.js";

const model = gaussianModel([1, -1, 0.5], [[2, 0.6, 0], [0.6, 1, -0.3], [0, -0.3, 1.5]]);
/** Posterior covariance Λ⁻¹ (3×3 adjugate, test-side). */
function inverse3(A: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = A;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}
const cov = inverse3(model.Lam);

describe("fit reaches the exact posterior of a conjugate Gaussian model", () => {
  // STL's noise vanishes at the posterior, so a constant rate converges; pathwise noise needs a decaying rate.
  const runs: [string, FitOptions][] = [
    ["stl", { estimator: "stl", numSamples: 8, steps: 2000, optimizer: { name: "adam", learningRate: 0.02 } }],
    ["pathwise", { estimator: "pathwise", numSamples: 64, steps: 4000, optimizer: { name: "adam", learningRate: 0.05, decaySteps: 50 } }],
  ];
  for (const [label, options] of runs) {
    it(`full-rank guide, ${label}: mean within 0.03 posterior sd, ELBO within 0.05 nats of log p(x)`, () => {
      const q0 = new MultivariateNormal({ loc: [0, 0, 0], scaleTril: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] });
      const r = fit(model, q0, { ...options, key: key(testSeed(600)) });
      for (let j = 0; j < 3; j++) {
        const err = Math.abs(r.guide.loc[j] - model.m[j]) / Math.sqrt(cov[j][j]);
        assert.ok(err < 0.03, `latent ${j}: |μ − m| = ${err} posterior sd`);
      }
      const e = estimateElbo(model, r.guide, key(testSeed(601)), { numSamples: 10_000, entropy: "sample" });
      assert.ok(e.elbo <= model.logEvidence + 4 * e.stderr, `ELBO ${e.elbo} ± ${e.stderr} above log p(x) = ${model.logEvidence}`);
      assert.ok(model.logEvidence - e.elbo + 4 * e.stderr < 0.05, `gap ${model.logEvidence - e.elbo} ± ${e.stderr}`);
      assert.equal(r.elboTrace.length, options.steps);
    });
  }

  it("mean-field guide reaches the closed-form mean-field optimum (μ = m, σ_j² = 1/Λ_jj)", () => {
    const r = fit(model, new Normal({ loc: [0, 0, 0], scale: 1 }), { estimator: "stl", numSamples: 64, steps: 2000, key: key(testSeed(602)), optimizer: { name: "adam", learningRate: 0.05, decaySteps: 50 } });
    for (let j = 0; j < 3; j++) {
      const sStar = 1 / Math.sqrt(model.Lam[j][j]);
      assert.ok(Math.abs(r.guide.loc[j] - model.m[j]) < 0.03 * sStar, `latent ${j}: μ = ${r.guide.loc[j]} vs ${model.m[j]}`);
      assert.ok(Math.abs(r.guide.scale[j] / sStar - 1) < 0.03, `latent ${j}: σ = ${r.guide.scale[j]} vs ${sStar}`);
    }
  });
});

describe("natural-gradient VI", () => {
  // An ill-conditioned posterior (precision eigenvalues ≈ 10.9 and 0.6): plain SGD's step is capped by the stiff
  // direction, the natural gradient (preconditioned by the guide's exact Fisher) is not.
  const stiff = gaussianModel([1, -1], [[10, 3], [3, 1.5]]);
  const q0 = new MultivariateNormal({ loc: [0, 0], scaleTril: [[1, 0], [0, 1]] });

  /** Steps until the exact ELBO gap is below 0.05 (Infinity if never, or if the run diverges). */
  function stepsToConverge(natural: boolean, learningRate: number): number {
    const options: FitOptions = { estimator: "pathwise", numSamples: 16, steps: 150, key: key(testSeed(610)), natural, optimizer: { name: "sgd", learningRate } };
    const saved: string[] = [];
    try {
      fit(stiff, q0, { ...options, checkpoint: (json) => saved.push(json), checkpointEvery: 2 });
    } catch {
      // diverged: the checkpoints before the divergence still count
    }
    for (const json of saved) {
      const steps = (JSON.parse(json) as { payload: { step: number } }).payload.step;
      const g = fit(stiff, q0, { ...options, steps, resume: json }).guide; // a finished run: returns its guide
      const L = [[g.scaleTril[0], 0], [g.scaleTril[2], g.scaleTril[3]]];
      if (stiff.logEvidence - mvnGuideTruth(stiff, Array.from(g.loc), L).elbo < 0.05) return steps;
    }
    return Infinity;
  }

  it("a ProductGuide's direction, solved block by block, equals the solve with its full block-diagonal Fisher", () => {
    const g = new ProductGuide([
      { dist: new MultivariateNormal({ loc: [0, 1], scaleTril: [[1.2, 0], [0.3, 0.7]] }), latents: [1, 2] },
      { dist: new Categorical({ logits: [0.2, -0.4, 1] }), latents: [0] },
    ]);
    const grad = Float64Array.from({ length: g.paramSize }, (_, p) => Math.sin(p + 1));
    assertClose("direction", naturalDirection(g, grad, 1e-3), naturalGradient(g.fisher(), grad, { damping: 1e-3 }), 1e-10);
    assertClose("Normal: [σ² g_μ, g_logσ / 2]", naturalDirection(new Normal({ loc: 0, scale: 2 }), new Float64Array([1, 1]), 0), [4, 0.5], 1e-14);
  });

  it("converges in fewer steps than plain SGD, each at its best learning rate", () => {
    const rates = [0.05, 0.1, 0.2, 0.4];
    const plain = Math.min(...rates.map((lr) => stepsToConverge(false, lr)));
    const natural = Math.min(...rates.map((lr) => stepsToConverge(true, lr)));
    assert.ok(Number.isFinite(plain), "plain SGD never converged: the comparison would be vacuous");
    assert.ok(natural < plain, `natural ${natural} steps vs plain ${plain}`);
  });
});

/** y_i ~ N(z, 1), z ~ N(0, 1), with data subsampling (B = 5 of N = 20, likelihood scaled by N/B). */
function subsampledModel(calls: { n: number }): Model {
  const y = Array.from({ length: 20 }, (_, i) => Math.sin(i) + 0.5);
  const build = (idx: number[], scale: number): Model => {
    const terms: ModelTerm[] = [{ latents: [0], logDensity: (z) => -0.5 * z[0] ** 2 }, ...idx.map((i) => ({ latents: [0], logDensity: (z: Float64Array) => -0.5 * scale * (y[i] - z[0]) ** 2 }))];
    const logJoint = (z: Float64Array) => terms.reduce((s, t) => s + t.logDensity(z), 0);
    return {
      name: "subsampled",
      dim: 1,
      logJoint,
      gradLogJoint: (z, out) => {
        out[0] = -z[0] + idx.reduce((s, i) => s + scale * (y[i] - z[0]), 0);
        return logJoint(z);
      },
      terms,
    };
  };
  const full = build(Array.from({ length: 20 }, (_, i) => i), 1);
  return {
    ...full,
    subsample(k) {
      calls.n++;
      const u = uniform(k, 5);
      return build(Array.from(u, (v) => Math.floor(v * 20)), 4);
    },
  };
}

describe("fit: checkpoint and resume", () => {
  const q0 = new Normal({ loc: 0.3, scale: 2 });
  const base = (calls: { n: number }): [Model, FitOptions] => [
    subsampledModel(calls),
    { estimator: "score-rb-cv", numSamples: 6, steps: 40, key: key(7), diagnosticsEvery: 5, natural: true, optimizer: { name: "sgd", learningRate: 0.05, momentum: 0.5 } },
  ];

  it("a run resumed from a checkpoint ends exactly, to the bit, as the uninterrupted run", () => {
    const calls = { n: 0 };
    const [m, options] = base(calls);
    const full = fit(m, q0, options);
    assert.equal(calls.n, 40, "one minibatch per step");
    const saved: string[] = [];
    fit(m, q0, { ...options, steps: 17, checkpoint: (j) => saved.push(j), checkpointEvery: 10 });
    assert.equal(saved.length, 2); // steps 10 and 17 (the last step always checkpoints)
    const resumed = fit(m, q0, { ...options, resume: saved[0] });
    const bits = (a: Float64Array) => Array.from(new Uint32Array(a.buffer.slice(0)));
    assert.deepEqual(bits(resumed.guide.params), bits(full.guide.params));
    assert.deepEqual(bits(resumed.elboTrace), bits(full.elboTrace));
    assert.deepEqual(bits(resumed.elboStderrTrace), bits(full.elboStderrTrace));
    assert.deepEqual(resumed.diagnostics.map((d) => [d.step, ...bits(d.variance), d.elbo]), full.diagnostics.map((d) => [d.step, ...bits(d.variance), d.elbo]));
    assert.equal(full.diagnostics.length, 8);
  });

  it("property: whatever the step it is interrupted at, and whatever the estimator, the resumed run is the same run", () => {
    const [m] = base({ n: 0 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), fc.constantFrom("score", "score-rb-cv", "pathwise", "stl", "iwae", "vimco"), fc.boolean(), (stop, estimator, natural) => {
        const options: FitOptions = { estimator: estimator as FitOptions["estimator"], numSamples: 3, steps: 12, key: key(11), natural, optimizer: { name: "adam", learningRate: 0.1, decaySteps: 5 } };
        const full = fit(m, q0, options);
        let saved = "";
        fit(m, q0, { ...options, steps: stop, checkpoint: (j) => (saved = j) });
        const resumed = fit(m, q0, { ...options, resume: saved });
        assert.deepEqual(resumed.guide.params, full.guide.params);
        assert.deepEqual(resumed.elboTrace, full.elboTrace);
      }),
      { numRuns: 40, seed: 3 },
    );
  });

  it("refuses a checkpoint written under other options, naming the field, and a damaged one", () => {
    const [m, options] = base({ n: 0 });
    const saved: string[] = [];
    fit(m, q0, { ...options, steps: 10, checkpoint: (j) => saved.push(j), checkpointEvery: 10 });
    assert.throws(() => fit(m, q0, { ...options, estimator: "score", resume: saved[0] }), /fit: resume was written for estimator = "score-rb-cv", but this run has estimator = "score"/);
    assert.throws(() => fit(m, q0, { ...options, key: key(8), resume: saved[0] }), /written for key = /);
    const damaged = saved[0].replace(/"step":10/, '"step":-3');
    assert.throws(() => fit(m, q0, { ...options, resume: damaged }), /fit: resume field step = -3 must be an integer ≥ 0/);
    assert.throws(() => fit(m, q0, { ...options, steps: 5, resume: saved[0] }), /fit: resume field step = 10 must be an integer ≥ 0 ≤ 5/);
  });

  it("subsample: false uses the full model; progress events report the ELBO", () => {
    const calls = { n: 0 };
    const [m, options] = base(calls);
    const events: number[] = [];
    fit(m, q0, { ...options, subsample: false, onProgress: (e) => events.push(e.done), progressEvery: 10 });
    assert.equal(calls.n, 0);
    assert.deepEqual(events, [10, 20, 30, 40]);
  });
});

describe("fit: a diverging run stops with the step named, and its checkpoints stay readable", () => {
  it("plain SGD at too large a rate on a stiff posterior", () => {
    const stiff = gaussianModel([1, -1], [[10, 3], [3, 1.5]]);
    const q0 = new MultivariateNormal({ loc: [0, 0], scaleTril: [[1, 0], [0, 1]] });
    const options: FitOptions = { estimator: "pathwise", numSamples: 16, steps: 200, key: key(testSeed(620)), optimizer: { name: "sgd", learningRate: 0.8 } };
    const saved: string[] = [];
    assert.throws(() => fit(stiff, q0, { ...options, checkpoint: (j) => saved.push(j), checkpointEvery: 1 }), /^Error: fit: (after )?step \d+/);
    assert.ok(saved.length > 0);
    for (const json of saved) {
      const steps = (JSON.parse(json) as { payload: { step: number } }).payload.step;
      assert.equal(fit(stiff, q0, { ...options, steps, resume: json }).steps, steps); // every checkpoint before the failure resumes
    }
  });

  it("meanAndStderr stays finite for values near the float64 limit", () => {
    const r = meanAndStderr([1e300, -1e300, 3e300, 0]);
    assert.ok(Number.isFinite(r.mean) && Number.isFinite(r.stderr) && r.stderr > 1e299, `${r.mean} ± ${r.stderr}`);
    assert.deepEqual(meanAndStderr([2, 2, 2]), { mean: 2, stderr: 0 });
  });
});

describe("fit: a non-finite log joint stops the run, naming the step and the sample", () => {
  it("throws instead of carrying NaN", () => {
    const m: Model = { name: "bad", dim: 1, logJoint: (z) => (z[0] > 2 ? NaN : -0.5 * z[0] ** 2) };
    const [k] = split(key(1), 1);
    assert.throws(
      () => fit(m, new Normal({ loc: 0, scale: 1 }), { estimator: "score", numSamples: 64, steps: 10, key: k }),
      /fit: step 0 \(estimator score\): elboScore: model\.logJoint returned NaN at sample \d+ \(z = \[2\.\d+/,
    );
  });
});
