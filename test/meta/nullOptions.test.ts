/**
 * JavaScript callers may pass `null` for an options object: every public function treats it as "all defaults",
 * giving exactly the result of omitting it (never a TypeError from destructuring null).
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import {
  Bernoulli, Normal, checkGradient, checkScore, conjugateGradient, controlVariateTransform, downstreamScoreFunction,
  enumeratedScoreFunction, fisherVectorProduct, key, measureValued, naturalGradient, scoreControlVariate, scoreFunction,
  standardize,
} from "../../src/index.js";

it("null options give the same result as omitted options", () => {
  const normal = new Normal({ loc: 1, scale: 2 });
  const bern = new Bernoulli({ logits: [0.3, -0.7] });
  const k = key(7);
  const f = (x: Float64Array): number => x[0] * x[0] + (x.length > 1 ? x[1] : 0);
  const N = null as never;
  const same = (label: string, a: unknown, b: unknown): void => assert.deepEqual(a, b, label);
  same("scoreFunction", scoreFunction(f, normal, k, N).mean, scoreFunction(f, normal, k).mean);
  same("measureValued", measureValued(f, normal, k, N).mean, measureValued(f, normal, k).mean);
  same("enumeratedScoreFunction", enumeratedScoreFunction(f, bern, k, N).mean, enumeratedScoreFunction(f, bern, k).mean);
  const terms = [{ f: (x: Float64Array) => x[0], deps: [0] }, { f: (x: Float64Array) => x[1], deps: [1] }];
  same("downstreamScoreFunction", downstreamScoreFunction(terms, bern, k, N).mean, downstreamScoreFunction(terms, bern, k).mean);
  same("checkScore", checkScore(normal, k, N).scoreMean, checkScore(normal, k).scoreMean);
  const g = scoreFunction(f, normal, k, { numSamples: 200 });
  same("checkGradient", checkGradient(g, [2, 8], N).z, checkGradient(g, [2, 8]).z);
  same("naturalGradient", naturalGradient(normal.fisher(), g.mean, N), naturalGradient(normal.fisher(), g.mean));
  same("standardize", standardize([1, 2, 4], N), standardize([1, 2, 4]));
  const A = (v: Float64Array): Float64Array => Float64Array.from([2 * v[0] + v[1], v[0] + 3 * v[1]]);
  same("conjugateGradient", conjugateGradient(A, [1, 2], N).x, conjugateGradient(A, [1, 2]).x);
  const rows = normal.score(normal.sample(k, 50));
  same("fisherVectorProduct", fisherVectorProduct(rows, 50, 2, N)(Float64Array.from([1, 1])), fisherVectorProduct(rows, 50, 2)(Float64Array.from([1, 1])));
  assert.equal(typeof controlVariateTransform(scoreControlVariate(), N).apply, "function");
});
