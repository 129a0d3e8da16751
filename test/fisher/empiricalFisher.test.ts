import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { empiricalFisher, fisherVectorProduct } from "../../src/fisher/empiricalFisher.js";
import { Normal } from "../../src/distributions/normal.js";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import type { Distribution } from "../../src/distributions/distribution.js";
import { key } from "../../src/random/key.js";
import { matVec } from "../../src/util/linalg.js";
import { assertClose, assertWithinZ, columnStats, testSeed, zFor } from "../helpers/stats.js";

/**
 * Checks every upper-triangle entry of empiricalFisher(scores) against dist.fisher() with a z-test whose SE comes
 * from the per-sample products s_j s_k (Bonferroni over the P(P+1)/2 entries).
 */
function checkConverges(label: string, dist: Distribution, n: number, seed: number): void {
  const P = dist.paramSize;
  const S = dist.score(dist.sample(key(seed), n));
  const F = empiricalFisher(S, n, P);
  const exact = dist.fisher();
  const m = (P * (P + 1)) / 2;
  const products = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = 0; j < P; j++) for (let k = j; k < P; k++) products[i * m + c++] = S[i * P + j] * S[i * P + k];
  }
  const { se } = columnStats(products, n, m);
  const est: number[] = [];
  const truth: number[] = [];
  for (let j = 0; j < P; j++) {
    for (let k = j; k < P; k++) {
      est.push(F[j * P + k]);
      truth.push(exact[j * P + k]);
    }
  }
  assertWithinZ(label, est, truth, se, zFor(m));
}

describe("empiricalFisher", () => {
  it("is (1/n) Σ s sᵀ on a hand-computed example, symmetric", () => {
    // s1 = [1, 2], s2 = [3, −1]: Σ s sᵀ = [[1, 2], [2, 4]] + [[9, −3], [−3, 1]] = [[10, −1], [−1, 5]]
    assertClose("F", empiricalFisher([1, 2, 3, -1], 2, 2), [5, -0.5, -0.5, 2.5], 1e-15);
  });

  it("converges to the exact Fisher of a 2-D Normal (σ = 2, 0.5)", () => {
    checkConverges("Normal", new Normal({ loc: [1, -3], scale: [2, 0.5] }), 40_000, testSeed(401));
  });

  it("converges to the exact Fisher of a 3-D MultivariateNormal (P = 9)", () => {
    const mvn = new MultivariateNormal({
      loc: [0.5, -1, 2],
      scaleTril: [
        [2, 0, 0],
        [0.7, 0.5, 0],
        [-1, 0.3, 1.5],
      ],
    });
    checkConverges("MultivariateNormal", mvn, 60_000, testSeed(402));
  });

  it("rejects mis-sized and non-finite rows", () => {
    assert.throws(() => empiricalFisher(new Float64Array(5), 2, 3), /empiricalFisher: rows must have length n·P = 2·3 = 6, got length 5/);
    assert.throws(() => empiricalFisher([1, NaN], 1, 2), /empiricalFisher: rows\[1\] \(sample 0, coordinate 1\) must be a finite number, got NaN/);
    assert.throws(() => empiricalFisher([1, 2], 0, 2), /empiricalFisher: n must be a positive integer, got 0/);
  });
});

describe("fisherVectorProduct", () => {
  it("equals (empiricalFisher + λI) v without forming the matrix", () => {
    const d = new Normal({ loc: [1, 2], scale: [2, 0.5] });
    const n = 50;
    const S = d.score(d.sample(key(5), n));
    const F = empiricalFisher(S, n, 4);
    const v = new Float64Array([0.3, -1, 2, 0.5]);
    assertClose("F v", fisherVectorProduct(S, n, 4)(v), matVec(F, v, 4, 4), 1e-12);
    const damped = matVec(F, v, 4, 4).map((x, j) => x + 0.25 * v[j]);
    assertClose("(F + λI) v", fisherVectorProduct(S, n, 4, { damping: 0.25 })(v), damped, 1e-12);
  });

  it("rejects a bad damping and a wrong-length vector", () => {
    assert.throws(() => fisherVectorProduct([1, 2], 1, 2, { damping: -1 }), /fisherVectorProduct: damping must be a finite number ≥ 0, got -1/);
    assert.throws(() => fisherVectorProduct([1, 2], 1, 2)(new Float64Array(3)), /fisherVectorProduct: v must have length P = 2, got length 3/);
  });
});
