/**
 * fit's fast path for the built-in adam (adam(…).inPlace, reused buffers) changes no bit: a fit of the breast-cancer
 * logistic regression (minibatches, pathwise) with an optimizer spec gives the same final θ, traces and checkpoints —
 * optimizer state included — as the same fit through the generic GradientTransformation path (the same adam,
 * passed as a custom { init, update }, which fit runs by update + applyUpdates). A fit step's gradient (reused buffers, column
 * sums) is elboGradient's (fresh arrays, per-sample rows) to the bit.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { adam } from "../../src/optim/adam.js";
import { foldIn, key } from "../../src/random/key.js";
import { Normal } from "../../src/distributions/normal.js";
import { elboGradient } from "../../src/vi/elbo.js";
import { pathStep } from "../../src/vi/elboPathwise.js";
import { fit, type FitOptions } from "../../src/vi/fit.js";
import { PathwiseBuffers } from "../../src/vi/locationScalePath.js";
import { builtInModel } from "../../src/vi/models/builtIn.js";
import { testSeed } from "../helpers/stats.js";

const BREAST = readFileSync(new URL("../../data/breast-cancer-wisconsin.csv", import.meta.url), "utf8");

/** The same bits, −0 and all (Object.is per entry). */
function assertSameBits(label: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  assert.equal(a.length, b.length, `${label}: lengths`);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${label}[${i}]: ${a[i]} vs ${b[i]}`);
}

describe("fit with the built-in adam runs in place to the same bits as the generic path", () => {
  const bm = builtInModel("blr", { breastCancerCsv: BREAST });
  const cases: [string, { learningRate: number; decaySteps?: number; b1?: number }, Partial<FitOptions>][] = [
    ["constant rate, pathwise", { learningRate: 0.01 }, { estimator: "pathwise" }],
    ["decaying rate and b1, stl with diagnostics", { learningRate: 0.05, decaySteps: 20, b1: 0.8 }, { estimator: "stl", diagnosticsEvery: 25 }],
  ];
  for (const [label, spec, extra] of cases) {
    it(label, () => {
      const run = (optimizer: FitOptions["optimizer"]) => {
        const checkpoints: string[] = [];
        const r = fit(bm.model, bm.initialGuide("meanfield"), { ...extra, optimizer, steps: 200, numSamples: 8, key: key(testSeed(61)), checkpointEvery: 50, checkpoint: (c) => checkpoints.push(c) });
        return { r, payloads: checkpoints.map((c) => JSON.stringify((JSON.parse(c) as { payload: unknown }).payload)) };
      };
      const fast = run({ name: "adam", ...spec });
      const a = adam({ learningRate: spec.decaySteps === undefined ? spec.learningRate : (t: number) => spec.learningRate / (1 + t / spec.decaySteps!), b1: spec.b1 });
      const generic = run({ init: a.init, update: a.update });
      assertSameBits("final θ", fast.r.guide.params, generic.r.guide.params);
      assertSameBits("elboTrace", fast.r.elboTrace, generic.r.elboTrace);
      assertSameBits("elboStderrTrace", fast.r.elboStderrTrace, generic.r.elboStderrTrace);
      assert.equal(fast.payloads.length, 4);
      assert.deepEqual(fast.payloads, generic.payloads);
      const state = (JSON.parse(fast.payloads[3]) as { optimizerState: { count: number } }).optimizerState;
      assert.equal(state.count, 200);
    });
  }
});

describe("fit with the built-in adam: a resumed state adam refuses fails at the resumed step, as update does", () => {
  it("count −1 in the checkpoint: the error names the step and adam.update's check", () => {
    const bm = builtInModel("blr", { breastCancerCsv: BREAST });
    const options: FitOptions = { estimator: "pathwise", optimizer: { name: "adam", learningRate: 0.01 }, steps: 20, numSamples: 4, key: key(testSeed(63)), checkpointEvery: 10 };
    const saved: string[] = [];
    fit(bm.model, bm.initialGuide("meanfield"), { ...options, checkpoint: (c) => saved.push(c) });
    const ck = JSON.parse(saved[0]) as { payload: { optimizerState: { count: number } } };
    ck.payload.optimizerState.count = -1;
    assert.throws(() => fit(bm.model, bm.initialGuide("meanfield"), { ...options, resume: JSON.stringify(ck) }), /^Error: fit: step 10 \(estimator pathwise\): adam.update: state.count must be a non-negative integer, got -1/);
  });
});

describe("a fit step's pathwise / stl gradient is elboGradient's to the bit", () => {
  const bm = builtInModel("blr", { breastCancerCsv: BREAST });
  for (const estimator of ["pathwise", "stl"] as const) {
    it(estimator, () => {
      const buffers = new PathwiseBuffers();
      for (let t = 0; t < 5; t++) {
        const k = foldIn(key(testSeed(62)), t);
        const model = bm.model.subsample!(foldIn(k, 1));
        const d = model.dim;
        const loc = Array.from({ length: d }, (_, j) => 0.3 * Math.sin(j + t));
        const scale = Array.from({ length: d }, (_, j) => 0.05 + 0.02 * ((j * 7 + t) % 5));
        const q = new Normal({ loc, scale });
        const step = pathStep(estimator, model, q, k, { estimator, numSamples: 16 }, buffers, false);
        const general = elboGradient(model, q, k, { estimator, numSamples: 16 });
        assertSameBits("mean", step.mean, general.gradient.mean);
        assert.ok(Object.is(step.elbo, general.elbo) && Object.is(step.elboStderr, general.elboStderr), `elbo ${step.elbo} vs ${general.elbo}`);
      }
    });
  }
});
