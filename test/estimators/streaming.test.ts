// Streaming score-function estimates (issue 10): same draws as scoreFunction, so the same mean and variance up to
// rounding, for any chunk size, on the fused Normal path and the generic path; errors name the sample in the batch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scoreFunctionStreaming } from "../../src/estimators/streaming.js";
import { scoreFunction } from "../../src/estimators/scoreFunction.js";
import { Normal } from "../../src/distributions/normal.js";
import { Poisson } from "../../src/distributions/poisson.js";
import { Gamma } from "../../src/distributions/gamma.js";
import { key } from "../../src/random/key.js";
import { assertClose } from "../helpers/stats.js";

const f = (x: Float64Array) => {
  let s = x[0];
  for (let j = 0; j < x.length; j++) s += x[j] * x[j];
  return s;
};

test("fused Normal and generic paths equal scoreFunction's mean and variance up to rounding, whatever the chunk size", () => {
  const n = 5001;
  for (const dist of [new Normal({ loc: [0.5, -1, 2], scale: [1, 0.3, 2] }), new Poisson({ rate: [2, 0.5] }), new Gamma({ concentration: [2], rate: [0.7] })]) {
    for (const baseline of ["none", 3] as const) {
      const rowsPath = scoreFunction(f, dist, key(5), { numSamples: n, baseline });
      for (const chunkSize of [1, 7, 4096, n]) {
        const s = scoreFunctionStreaming(f, dist, key(5), { numSamples: n, chunkSize, baseline });
        const label = `${dist.name}, baseline ${baseline}, chunks of ${chunkSize}`;
        assert.equal(s.numSamples, n);
        assertClose(`${label}: mean`, s.mean, rowsPath.mean, 1e-11);
        assertClose(`${label}: variance`, s.variance, rowsPath.variance, 1e-11);
        assertClose(`${label}: stderr`, s.stderr, rowsPath.stderr, 1e-11);
      }
    }
  }
});

test("scoreFunctionStreaming names the sample in the whole batch and refuses bad options", () => {
  const dist = new Normal({ loc: [0], scale: [1] });
  let calls = 0;
  assert.throws(() => scoreFunctionStreaming(() => (++calls === 10 ? NaN : 1), dist, key(0), { numSamples: 20, chunkSize: 4 }), /scoreFunctionStreaming: f returned NaN at sample 9 /);
  assert.throws(() => scoreFunctionStreaming(() => 1e300, dist, key(0), { numSamples: 20, chunkSize: 4, baseline: -1e300 }), /scoreFunctionStreaming: the sample variance of coordinate 0 is beyond float64's range/);
  assert.throws(() => scoreFunctionStreaming(() => 1e308, dist, key(0), { numSamples: 200, chunkSize: 4, baseline: -7e307 }), /scoreFunctionStreaming: per-sample gradient term \(sample \d+, coordinate \d\) is -?Infinity/);
  assert.throws(() => scoreFunctionStreaming(f, dist, key(0), { chunkSize: 0 }), /scoreFunctionStreaming: chunkSize must be a positive integer/);
  assert.throws(() => scoreFunctionStreaming(f, dist, key(0), { baseline: NaN }), /scoreFunctionStreaming: baseline must be a finite number/);
});

test("pathwiseStreaming equals pathwise's mean and variance up to rounding (streamed Normal noise and the generic path)", async () => {
  const { pathwiseStreaming } = await import("../../src/estimators/pathwiseStreaming.js");
  const { pathwise } = await import("../../src/estimators/pathwise.js");
  const { Laplace } = await import("../../src/distributions/laplace.js");
  const { MultivariateNormal } = await import("../../src/distributions/multivariateNormal.js");
  const grad = (x: Float64Array) => Array.from(x, (v, j) => 2 * v + (j === 0 ? 1 : 0));
  const n = 3001;
  for (const dist of [new Normal({ loc: [0.5, -1], scale: [1, 0.3] }), new Laplace({ loc: [1], scale: [2] }), new MultivariateNormal({ loc: [1, 2], scaleTril: [2, 0, 0.5, 1] })]) {
    const rowsPath = pathwise(f, dist, key(8), { numSamples: n, grad });
    for (const chunkSize of [1, 100, n]) {
      const s = pathwiseStreaming(f, dist, key(8), { numSamples: n, chunkSize, grad });
      assertClose(`${dist.name}, chunks of ${chunkSize}: mean`, s.mean, rowsPath.mean, 1e-11);
      assertClose(`${dist.name}, chunks of ${chunkSize}: variance`, s.variance, rowsPath.variance, 1e-11);
    }
  }
  assert.throws(() => pathwiseStreaming(f, new Poisson({ rate: [1] }) as never, key(0), { grad }), /pathwiseStreaming: dist must be a reparameterizable distribution .* got "Poisson"/);
  assert.throws(() => pathwiseStreaming(f, new Normal({ loc: [0], scale: [1] }), key(0), { numSamples: 10, chunkSize: 3, grad: () => [NaN] }), /pathwiseStreaming: options.grad returned NaN at component 0 of sample 0/);
});
