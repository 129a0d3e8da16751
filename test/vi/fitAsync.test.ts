/** fitAsync: the same run as fit, and stopping it by its signal loses nothing (checkpoint → resume → same bits). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Normal } from "../../src/distributions/normal.js";
import { key } from "../../src/random/key.js";
import { fit, type FitOptions } from "../../src/vi/fit.js";
import { FitAborted, fitAsync } from "../../src/vi/fitAsync.js";
import { gaussianModel } from "./gaussianModel.js";

const sameBits = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const model = gaussianModel([1, -1], [[2, 0.6], [0.6, 1]]);
const guide = new Normal({ loc: [0, 0], scale: 1 });
// score-rb-cv goes the generic update path, pathwise the in-place adam with reused buffers: both must stop and resume exactly.
const runs: [string, FitOptions][] = [
  ["pathwise (adam in place)", { estimator: "pathwise", numSamples: 8, steps: 60, key: key(5), checkpointEvery: 1000, diagnosticsEvery: 7 }],
  ["score-rb-cv (generic update)", { estimator: "score-rb-cv", numSamples: 8, steps: 60, key: key(6), checkpointEvery: 1000, optimizer: { name: "sgd", learningRate: 0.05 } }],
];

describe("fitAsync", () => {
  for (const [name, options] of runs) {
    it(`${name}: ends bit for bit as fit`, async () => {
      const a = fit(model, guide, options);
      const b = await fitAsync(model, guide, { ...options, yieldEveryMs: 0 });
      assert.ok(sameBits(a.guide.params, b.guide.params));
      assert.ok(sameBits(a.elboTrace, b.elboTrace));
    });

    for (const stopAt of [0, 23]) {
      it(`${name}: aborted after ${stopAt} steps, it rejects with FitAborted and its checkpoint resumes to the uninterrupted run's bits`, async () => {
        const whole = fit(model, guide, options);
        const saved: string[] = [];
        const ac = new AbortController();
        if (stopAt === 0) ac.abort();
        const run = fitAsync(model, guide, {
          ...options,
          signal: ac.signal,
          yieldEveryMs: 0,
          progressEvery: 1,
          checkpoint: (json) => saved.push(json),
          onProgress: (e) => {
            if (e.done === stopAt) ac.abort();
          },
        });
        await assert.rejects(run, (e: unknown) => e instanceof FitAborted && e.steps === stopAt && e.saved);
        assert.equal(saved.length, 1, "checkpointEvery is 1000: the only checkpoint is the one written on abort");
        assert.equal((JSON.parse(saved[0]) as { payload: { step: number } }).payload.step, stopAt);
        const resumed = fit(model, guide, { ...options, resume: saved[0] });
        assert.ok(sameBits(resumed.guide.params, whole.guide.params), "θ differs after abort + resume");
        assert.ok(sameBits(resumed.elboTrace, whole.elboTrace));
        assert.deepEqual(resumed.diagnostics, whole.diagnostics);
      });
    }
  }

  it("refuses a bad signal or yieldEveryMs, naming it", async () => {
    await assert.rejects(fitAsync(model, guide, { signal: {} as AbortSignal }), /fitAsync: signal must be an AbortSignal/);
    await assert.rejects(fitAsync(model, guide, { yieldEveryMs: -1 }), /fitAsync: yieldEveryMs must be a finite number ≥ 0, got -1/);
    await assert.rejects(fitAsync(model, guide, { steps: 0 }), /fitAsync: steps must be/);
  });
});
