// CategoricalProduct (d independent K-way choices): its laws checked by exact enumeration of all K^d outcomes, and
// naturalSearch over it solving a small assignment problem whose optimum is found here by exhaustive search.
import { test } from "node:test";
import assert from "node:assert/strict";
import { key } from "../../src/random/key.js";
import { CategoricalProduct } from "../../src/distributions/categoricalProduct.js";
import { minimize } from "../../src/es/minimize.js";
import { naturalSearch } from "../../src/es/naturalSearch.js";
import { assertClose } from "../helpers/stats.js";
import { distributionLaws } from "../helpers/laws.js";

distributionLaws("CategoricalProduct (4 variables × 3 categories)", () => new CategoricalProduct({ logits: [0.3, -1, 2, 0, 0.5, -0.5, 1.5, -2, 0.1, 1, 1, -1], categories: 3 }), { seed: 40 });

function outcomes(d: number, K: number): Float64Array[] {
  return Array.from({ length: K ** d }, (_, m) => Float64Array.from({ length: d }, (_, j) => Math.floor(m / K ** j) % K));
}

test("exact laws by enumeration: Σ p = 1, E[score] = 0, E[score scoreᵀ] = fisher(), entropy = −E[log p]", () => {
  const dist = new CategoricalProduct({ logits: [0.3, -1, 2, 0, 0.5, -0.5, 1.5, -2, 0.1], categories: 3 });
  const all = outcomes(3, 3);
  const X = Float64Array.from(all.flatMap((x) => Array.from(x)));
  const lp = dist.logProb(X);
  const S = dist.score(X);
  const P = dist.paramSize;
  let total = 0;
  let h = 0;
  const mean = new Float64Array(P);
  const F = new Float64Array(P * P);
  all.forEach((_, i) => {
    const p = Math.exp(lp[i]);
    total += p;
    h -= p * lp[i];
    for (let a = 0; a < P; a++) {
      mean[a] += p * S[i * P + a];
      for (let b = 0; b < P; b++) F[a * P + b] += p * S[i * P + a] * S[i * P + b];
    }
  });
  assert.ok(Math.abs(total - 1) < 1e-12, `Σ p = ${total}`);
  assertClose("E[score]", mean, new Float64Array(P), 1e-12);
  assertClose("Fisher", F, dist.fisher(), 1e-12);
  assert.ok(Math.abs(h - dist.entropy()) < 1e-12);
  // Samples are valid indices, the same key gives the same draws.
  const x = dist.sample(key(3), 100);
  assert.ok(x.every((v) => Number.isInteger(v) && v >= 0 && v < 3));
  assert.deepEqual(dist.sample(key(3), 100), x);
  assert.throws(() => new CategoricalProduct({ logits: [0, 0, 0], categories: 2 }), /CategoricalProduct: logits must hold d·2 numbers/);
  assert.throws(() => dist.logProb([0, 3, 1]), /outside the support/);
});

test("categorical black-box optimization: an 8-variable, 4-value assignment's unique optimum, across seeds", () => {
  const d = 8;
  const K = 4;
  const cost = Array.from({ length: d }, (_, j) => Array.from({ length: K }, (_, k) => Math.abs(Math.sin(1.3 * j + 2.1 * k + 0.4)) * 2));
  const edges = [...Array.from({ length: d }, (_, j) => [j, (j + 1) % d]), [0, 4], [1, 5], [2, 6], [3, 7], [0, 2]];
  // Unary costs plus 3 for every edge whose ends take the same value (a soft colouring).
  const f = (x: ArrayLike<number>): number => {
    let s = 0;
    for (let j = 0; j < d; j++) s += cost[j][x[j]];
    for (const [a, b] of edges) if (x[a] === x[b]) s += 3;
    return s;
  };
  const values = outcomes(d, K).map(f);
  const best = Math.min(...values);
  assert.equal(values.filter((v) => v === best).length, 1, "the optimum should be unique");
  // Measured over seeds 0–99 (λ = 60, η = 0.05): 0 misses. 2 misses in 20 seeds are allowed; a broken search
  // (wrong sign, no Fisher preconditioning of the singular blocks) misses nearly all.
  let misses = 0;
  for (let seed = 500; seed < 520; seed++) {
    const r = minimize(f, new Float64Array(d), {
      algorithm: "naturalSearch",
      seed,
      maxEvals: 20_000,
      target: best,
      algorithmOptions: { distribution: new CategoricalProduct({ logits: new Float64Array(d * K), categories: K }), popSize: 60, learningRate: 0.05 },
    });
    if (r.fx > best) misses++;
  }
  assert.ok(misses <= 2, `${misses} of 20 seeds missed the optimum ${best}`);
  // The search state rebuilds the family from plain data.
  const s = naturalSearch.init(key(0), new Float64Array(d), { distribution: new CategoricalProduct({ logits: new Float64Array(d * K), categories: K }) });
  assert.equal(s.family, "CategoricalProduct");
});
