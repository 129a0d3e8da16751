/**
 * Family facts on the distribution (issue 7): `paramInfo()` (each θ coordinate's role and sample coordinate) and
 * `finiteSupport()` / `enumerateSupport()`, checked against what the family actually does — so code above the
 * distributions can rely on them instead of asking for a family by name.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { Beta } from "../../src/distributions/beta.js";
import { Categorical } from "../../src/distributions/categorical.js";
import { Dirichlet } from "../../src/distributions/dirichlet.js";
import { isReparameterizable, MAX_ENUMERATED_OUTCOMES, type Distribution } from "../../src/distributions/distribution.js";
import { Exponential } from "../../src/distributions/exponential.js";
import { Gamma } from "../../src/distributions/gamma.js";
import { Laplace } from "../../src/distributions/laplace.js";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import { Normal } from "../../src/distributions/normal.js";
import { Poisson } from "../../src/distributions/poisson.js";
import { key } from "../../src/random/key.js";
import { assertClose, testSeed } from "../helpers/stats.js";

const FAMILIES: [string, Distribution][] = [
  ["Normal", new Normal({ loc: [0.5, -1, 3], scale: [0.3, 1, 4] })],
  ["Laplace", new Laplace({ loc: [0.5, -1], scale: [0.25, 4] })],
  ["Bernoulli", new Bernoulli({ logits: [-1.5, 0.3, 2] })],
  ["Categorical", new Categorical({ logits: [0.5, -1, 2, 0] })],
  ["Poisson", new Poisson({ rate: [0.4, 12] })],
  ["Exponential", new Exponential({ rate: [0.5, 2, 7] })],
  ["Gamma", new Gamma({ concentration: [0.4, 3], rate: [2, 0.5] })],
  ["Beta", new Beta({ alpha: [0.5, 2], beta: [3, 0.8] })],
  ["Dirichlet", new Dirichlet({ concentration: [0.7, 2, 3.5] })],
  ["MultivariateNormal", new MultivariateNormal({ loc: [1, -1], scaleTril: [2, 0, 0.5, 1] })],
];
const ROLES = new Set(["location", "logScale", "logPositive", "logit", "other"]);

describe("paramInfo: the role and coordinate of each θ entry, as the family behaves", () => {
  for (const [label, dist] of FAMILIES) {
    const info = dist.paramInfo();
    const P = dist.paramSize;
    const d = dist.dim;
    it(`${label}: one entry per θ coordinate, known roles, coordinates in [0, dim) or null`, () => {
      assert.equal(info.length, P);
      for (const q of info) {
        assert.ok(ROLES.has(q.role), `unknown role ${q.role}`);
        assert.ok(q.coordinate === null || (Number.isInteger(q.coordinate) && q.coordinate >= 0 && q.coordinate < d));
      }
    });

    it(`${label}: the score of θ_p changes only with x_coordinate(p) (rows with the other coordinates swapped)`, () => {
      const n = 50;
      const x = dist.sample(key(testSeed(900)), n);
      const y = dist.sample(key(testSeed(901)), n);
      const s = dist.score(x);
      for (let p = 0; p < P; p++) {
        const c = info[p].coordinate;
        if (c === null || d === 1) continue;
        // Row i keeps x_c and takes every other coordinate from y (still in the support: the coordinates are independent).
        const mixed = y.slice();
        for (let i = 0; i < n; i++) mixed[i * d + c] = x[i * d + c];
        const sm = dist.score(mixed);
        for (let i = 0; i < n; i++) assertClose(`${label} score[${i}, ${p}]`, [sm[i * P + p]], [s[i * P + p]], 1e-12);
      }
    });

    if (isReparameterizable(dist)) {
      it(`${label}: a location entry shifts x_c by δ; a log-scale entry scales x_c − E[x_c] by e^δ (same noise)`, () => {
        const eps = dist.sampleNoise(key(testSeed(902)), 20);
        const x = dist.transform(eps);
        const mean = dist.mean();
        const delta = 0.3;
        for (let p = 0; p < P; p++) {
          const c = info[p].coordinate;
          if (c === null || (info[p].role !== "location" && info[p].role !== "logScale")) continue;
          const theta = dist.params;
          theta[p] += delta;
          const moved = dist.withParams(theta);
          assert.ok(isReparameterizable(moved));
          const x2 = moved.transform(eps);
          for (let i = 0; i < 20; i++) {
            for (let j = 0; j < d; j++) {
              const want =
                j !== c ? x[i * d + j] : info[p].role === "location" ? x[i * d + j] + delta : mean[j] + Math.exp(delta) * (x[i * d + j] - mean[j]);
              assertClose(`${label} θ_${p} (${info[p].role}) x[${i}, ${j}]`, [x2[i * d + j]], [want], 1e-12);
            }
          }
        }
      });
    }
  }
});

describe("finiteSupport / enumerateSupport", () => {
  it("Bernoulli and Categorical list their outcomes; the probabilities sum to 1 and every draw is listed", () => {
    for (const dist of [new Bernoulli({ logits: [-1.5, 0.3, 2] }), new Categorical({ logits: [0.5, -1, 2, 0] })]) {
      const all = dist.enumerateSupport();
      const d = dist.dim;
      const m = all.length / d;
      assert.equal(m, dist.finiteSupport()!.length ** d);
      const total = Array.from(dist.logProb(all)).reduce((a, lp) => a + Math.exp(lp), 0);
      assertClose(`${dist.name} Σ p`, [total], [1], 1e-14);
      const rows = new Set(Array.from({ length: m }, (_, i) => all.subarray(i * d, (i + 1) * d).join(",")));
      assert.equal(rows.size, m, "outcomes are distinct");
      const x = dist.sample(key(testSeed(903)), 200);
      for (let i = 0; i < 200; i++) assert.ok(rows.has(x.subarray(i * d, (i + 1) * d).join(",")));
    }
    assert.deepEqual(new Bernoulli({ logits: 0 }).finiteSupport(), [0, 1]);
    assert.deepEqual(new Categorical({ logits: [0, 0, 0] }).finiteSupport(), [0, 1, 2]);
  });

  it("infinite supports say so, and a huge product is refused before it is allocated", () => {
    for (const [, dist] of FAMILIES.filter(([l]) => l !== "Bernoulli" && l !== "Categorical")) {
      assert.equal(dist.finiteSupport(), null);
      assert.throws(() => dist.enumerateSupport(), new RegExp(`^Error: ${dist.name}.enumerateSupport: the support is infinite`));
    }
    const wide = new Bernoulli({ logits: new Array(21).fill(0) });
    assert.ok(2 ** 21 > MAX_ENUMERATED_OUTCOMES);
    assert.throws(() => wide.enumerateSupport(), /Bernoulli.enumerateSupport: 2\^21 outcomes exceed the limit of 1048576; sample instead/);
  });
});

describe("weakDerivative: a family fact of the families that have one", () => {
  it("Normal, Poisson, Exponential, Bernoulli and Categorical have it; the others do not; bad arguments are named", async () => {
    const { hasWeakDerivative } = await import("../../src/distributions/weakDerivative.js");
    const withOne = new Set(["Normal", "Poisson", "Exponential", "Bernoulli", "Categorical"]);
    for (const [label, dist] of FAMILIES) assert.equal(hasWeakDerivative(dist), withOne.has(label), label);
    const normal = FAMILIES[0][1] as Normal;
    assert.throws(() => normal.weakDerivative(key(0), 0, true), /^Error: Normal.weakDerivative: n must be a positive integer, got 0/);
    assert.throws(() => normal.weakDerivative(key(0), 2, "yes" as never), /^Error: Normal.weakDerivative: coupling must be a boolean, got "yes"/);
  });
});

describe("entropyGradient: the exact ∇θ H, from the family facts or the family's closed form", () => {
  for (const [label, dist] of FAMILIES) {
    if (label === "Poisson") {
      it("Poisson has no closed-form entropy: a named error", () => {
        assert.throws(() => dist.entropyGradient(), /^Error: Poisson.entropyGradient: the Poisson entropy has no closed form/);
      });
      continue;
    }
    it(`${label}: equals central finite differences of entropy() in θ`, () => {
      const theta = dist.params;
      const h = 1e-5;
      const fd = Array.from(theta, (t, p) => {
        const up = theta.slice();
        const down = theta.slice();
        up[p] = t + h;
        down[p] = t - h;
        return (dist.withParams(up).entropy() - dist.withParams(down).entropy()) / (2 * h);
      });
      // Central differences err by O(h²) + O(ε/h) ≈ 1e-10 here; 1e-7 relative leaves a wide margin.
      assertClose(`${label} ∇H`, dist.entropyGradient(), fd, 1e-7);
    });
  }
});
