/**
 * Guides: the product of blocks passes the distribution law suite (score = finite differences, E[s sᵀ] = Fisher,
 * entropy by Monte Carlo, …); its pieces equal the blocks' own; guideFactors partitions latents and θ; the closed-form
 * entropy gradient equals finite differences of entropy(); ∇z log q equals finite differences of logProb in z.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { Categorical } from "../../src/distributions/categorical.js";
import { Gamma } from "../../src/distributions/gamma.js";
import { Laplace } from "../../src/distributions/laplace.js";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import { Normal } from "../../src/distributions/normal.js";
import { isReparameterizable, type Distribution } from "../../src/distributions/distribution.js";
import { key } from "../../src/random/key.js";
import { guideEntropyGradient, guideFactors, logProbGradZ } from "../../src/vi/guide.js";
import { Product as ProductGuide, independentCategorical } from "../../src/distributions/product.js";
import { distributionLaws, finiteDifferenceVjp } from "../helpers/laws.js";
import { assertClose } from "../helpers/stats.js";

const mixedProduct = () =>
  new ProductGuide([
    { dist: new Normal({ loc: [0.5, -1], scale: [0.7, 1.3] }), latents: [3, 0] },
    { dist: new Categorical({ logits: [0.1, -0.4, 0.9] }), latents: [1] },
    { dist: new Bernoulli({ logits: [0.3] }), latents: [2] },
  ]);
const reparamProduct = () =>
  new ProductGuide([
    { dist: new MultivariateNormal({ loc: [1, 0], scaleTril: [[1.1, 0], [0.4, 0.6]] }), latents: [2, 0] },
    { dist: new Normal({ loc: -0.3, scale: 0.5 }), latents: [1] },
  ]);

distributionLaws("ProductGuide(Normal, Categorical, Bernoulli)", mixedProduct, { seed: 10 });
distributionLaws("ProductGuide(MultivariateNormal, Normal)", reparamProduct, { seed: 20 });
distributionLaws("independentCategorical(3 × 3)", () => independentCategorical([[0, 0.5, -1], [2, 0, 0], [-0.3, 0.3, 0.1]]), { seed: 30 });

describe("ProductGuide", () => {
  it("is the product of its blocks: logProb sums, score concatenates, Fisher is block-diagonal, entropy sums", () => {
    const g = mixedProduct();
    const z = g.sample(key(1), 7);
    const [nb, cb, bb] = g.blocks.map((b) => b.dist);
    const zN = new Float64Array(14);
    const zC = new Float64Array(7);
    const zB = new Float64Array(7);
    for (let i = 0; i < 7; i++) {
      zN[2 * i] = z[4 * i + 3];
      zN[2 * i + 1] = z[4 * i];
      zC[i] = z[4 * i + 1];
      zB[i] = z[4 * i + 2];
    }
    const lpN = nb.logProb(zN);
    const lpC = cb.logProb(zC);
    const lpB = bb.logProb(zB);
    assertClose("logProb", g.logProb(z), lpN.map((v, i) => v + lpC[i] + lpB[i]), 1e-14);
    const s = g.score(z);
    const sN = nb.score(zN);
    const sC = cb.score(zC);
    const sB = bb.score(zB);
    for (let i = 0; i < 7; i++) assertClose(`score row ${i}`, s.subarray(8 * i, 8 * i + 8), [...sN.subarray(4 * i, 4 * i + 4), ...sC.subarray(3 * i, 3 * i + 3), sB[i]], 0);
    const F = g.fisher();
    const blocks = [nb.fisher(), cb.fisher(), bb.fisher()];
    const offs = [0, 4, 7, 8];
    for (let a = 0; a < 8; a++) {
      for (let b = 0; b < 8; b++) {
        const ka = offs.findIndex((o, k) => a >= o && a < offs[k + 1]);
        const kb = offs.findIndex((o, k) => b >= o && b < offs[k + 1]);
        const Pk = offs[ka + 1] - offs[ka];
        const want = ka === kb ? blocks[ka][(a - offs[ka]) * Pk + (b - offs[ka])] : 0;
        assert.equal(F[a * 8 + b], want, `F[${a}][${b}]`);
      }
    }
    assert.equal(g.entropy(), nb.entropy() + cb.entropy() + bb.entropy());
    assertClose("params", g.params, [...nb.params, ...cb.params, ...bb.params], 0);
  });

  it("transformVjp equals finite differences of the transform", () => {
    const g = reparamProduct();
    assert.ok(isReparameterizable(g), "a product of reparameterizable blocks is reparameterizable");
    const eps = g.sampleNoise(key(2), 5);
    const gradX = g.sampleNoise(key(3), 5);
    assertClose("vjp", g.transformVjp(eps, gradX), finiteDifferenceVjp(g, eps, gradX), 1e-7);
  });

  it("refuses overlapping or missing latents and a non-reparameterizable transform, naming them", () => {
    const n = new Normal({ loc: [0, 0], scale: 1 });
    assert.throws(() => new ProductGuide([{ dist: n, latents: [0, 1] }, { dist: new Normal({ loc: 0, scale: 1 }), latents: [1] }]), /Product: latent 1 is claimed by blocks\[0\] and blocks\[1\]/);
    assert.throws(() => new ProductGuide([{ dist: n, latents: [0] }]), /Product: blocks\[0\]\.latents must list 2 latent indices/);
    assert.throws(() => new ProductGuide([{ dist: n, latents: [0, 5] }]), /latents contains 5; latents are integers in \[0, 2\)/);
    assert.throws(() => mixedProduct().sampleNoise(key(0), 2), /every block must be reparameterizable, but one is a Categorical/);
  });
});

describe("guideFactors", () => {
  for (const [label, make] of [
    ["Normal(3)", () => new Normal({ loc: [0, 1, 2], scale: [1, 2, 3] })],
    ["Bernoulli(2)", () => new Bernoulli({ logits: [0.5, -1] })],
    ["MultivariateNormal(2)", () => new MultivariateNormal({ loc: [0, 1], scaleTril: [[1, 0], [0.5, 2]] })],
    ["mixed product", mixedProduct],
  ] as [string, () => Distribution][]) {
    it(`${label}: factors partition latents and θ, and their log-densities add up to logProb`, () => {
      const g = make();
      const fs = guideFactors(g);
      assert.deepEqual(fs.flatMap((f) => f.latents).sort((a, b) => a - b), Array.from({ length: g.dim }, (_, j) => j));
      assert.deepEqual(fs.flatMap((f) => f.params).sort((a, b) => a - b), Array.from({ length: g.paramSize }, (_, p) => p));
      const z = g.sample(key(4), 5);
      const total = new Float64Array(5);
      for (const f of fs) {
        const zf = new Float64Array(5 * f.latents.length);
        for (let i = 0; i < 5; i++) f.latents.forEach((j, k) => (zf[i * f.latents.length + k] = z[i * g.dim + j]));
        f.dist.logProb(zf).forEach((v, i) => (total[i] += v));
        // the factor's θ are the guide's θ at f.params
        assertClose("factor params", f.dist.params, f.params.map((p) => g.params[p]), 0);
      }
      assertClose("Σ factor log q", total, g.logProb(z), 1e-13);
    });
  }
});

describe("guideEntropyGradient and logProbGradZ", () => {
  const cases: [string, () => Distribution][] = [
    ["Normal", () => new Normal({ loc: [0.3, -1], scale: [0.5, 2] })],
    ["Laplace", () => new Laplace({ loc: [0.3], scale: [1.7] })],
    ["MultivariateNormal", () => new MultivariateNormal({ loc: [0, 1, 2], scaleTril: [[1, 0, 0], [0.5, 2, 0], [-0.3, 0.2, 0.7]] })],
    ["Bernoulli", () => new Bernoulli({ logits: [0.5, -2, 1] })],
    ["Categorical", () => new Categorical({ logits: [0.5, -2, 1, 0] })],
    ["mixed product", mixedProduct],
    ["reparameterized product", reparamProduct],
  ];
  for (const [label, make] of cases) {
    it(`${label}: ∇θ H equals central finite differences of entropy()`, () => {
      const g = make();
      const grad = guideEntropyGradient(g);
      assert.ok(grad !== null);
      const theta = g.params;
      const fd = Array.from(theta, (_, k) => {
        const p = theta.slice();
        const m = theta.slice();
        p[k] += 1e-6;
        m[k] -= 1e-6;
        return (g.withParams(p).entropy() - g.withParams(m).entropy()) / 2e-6;
      });
      assertClose("∇H", grad, fd, 1e-8);
    });
  }
  for (const [label, make] of [cases[0], cases[2], cases[6]]) {
    it(`${label}: ∇z log q equals central finite differences of logProb`, () => {
      const g = make();
      const z = g.sample(key(5), 4);
      const gz = logProbGradZ(g, z, 4);
      const d = g.dim;
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < d; j++) {
          const p = z.slice(i * d, (i + 1) * d);
          const m = p.slice();
          p[j] += 1e-6;
          m[j] -= 1e-6;
          const fd = (g.logProb(p)[0] - g.logProb(m)[0]) / 2e-6;
          assert.ok(Math.abs(gz[i * d + j] - fd) < 1e-7 * Math.max(1, Math.abs(fd)), `row ${i}, latent ${j}: ${gz[i * d + j]} vs ${fd}`);
        }
      }
    });
  }
  it("a family without a closed form gives null, and logProbGradZ refuses a discrete guide", () => {
    assert.equal(guideEntropyGradient(new Gamma({ concentration: 2, rate: 1 })), null);
    assert.equal(guideEntropyGradient(new ProductGuide([{ dist: new Gamma({ concentration: 2, rate: 1 }), latents: [0] }, { dist: new Normal({ loc: 0, scale: 1 }), latents: [1] }])), null);
    assert.throws(() => logProbGradZ(new Bernoulli({ logits: [0] }), new Float64Array([1]), 1), /logProbGradZ: ∇z log q needs a location family .* got "Bernoulli"/);
  });
});
