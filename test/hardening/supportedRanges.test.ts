/**
 * The class behind issue 7's near-limit defects: every family states the parameter range it supports (README,
 * constructor errors), and at every corner of that range each closed form is finite — mean, variance, Fisher,
 * entropy, and the log-density and score of the family's own samples. Just outside a corner the constructor throws
 * naming the range. A family added later belongs in CORNERS.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import {
  Bernoulli, Beta, Categorical, Dirichlet, Exponential, Gamma, Laplace, MultivariateNormal, Normal, Poisson, key,
  type Distribution,
} from "../../src/index.js";

const M = Number.MAX_VALUE;
const LO = 1e-150;
const HI = 1e150;
const S_LO = 1e-300;
const S_HI = 1e10;

/** Per family: builders at the corners of the supported range, and builders just outside it. */
const CORNERS: Record<string, { inside: Array<() => Distribution>; outside: Array<() => Distribution> }> = {
  Normal: {
    inside: [LO, HI].flatMap((scale) => [-M, 0, M].map((loc) => () => new Normal({ loc, scale }))),
    outside: [() => new Normal({ loc: 0, scale: LO / 2 }), () => new Normal({ loc: 0, scale: HI * 2 })],
  },
  Laplace: {
    inside: [LO, HI].flatMap((scale) => [-M, 0, M].map((loc) => () => new Laplace({ loc, scale }))),
    outside: [() => new Laplace({ loc: 0, scale: LO / 2 }), () => new Laplace({ loc: 0, scale: HI * 2 })],
  },
  MultivariateNormal: {
    inside: [
      () => new MultivariateNormal({ loc: [0, 0], scaleTril: [LO, 0, LO, LO] }),
      () => new MultivariateNormal({ loc: [1, -1], scaleTril: [HI, 0, -HI, HI] }),
      () => new MultivariateNormal({ loc: [0, 0], scaleTril: [1, 0, HI, 1] }),
    ],
    outside: [() => new MultivariateNormal({ loc: [0, 0], scaleTril: [LO / 2, 0, 0, 1] }), () => new MultivariateNormal({ loc: [0, 0], scaleTril: [1, 0, HI * 2, 1] })],
  },
  Exponential: {
    inside: [() => new Exponential({ rate: LO }), () => new Exponential({ rate: HI })],
    outside: [() => new Exponential({ rate: LO / 2 }), () => new Exponential({ rate: HI * 2 })],
  },
  Poisson: {
    inside: [() => new Poisson({ rate: Number.MIN_VALUE }), () => new Poisson({ rate: 1e15 })],
    outside: [() => new Poisson({ rate: 2e15 })],
  },
  Gamma: {
    inside: [S_LO, S_HI].flatMap((concentration) => [1e-140, 1, M].map((rate) => () => new Gamma({ concentration, rate }))),
    outside: [() => new Gamma({ concentration: S_LO / 2, rate: 1 }), () => new Gamma({ concentration: S_HI * 2, rate: 1 }), () => new Gamma({ concentration: 1, rate: 1e-151 })],
  },
  Beta: {
    inside: [S_LO, S_HI].flatMap((alpha) => [S_LO, 1, S_HI].map((beta) => () => new Beta({ alpha, beta }))),
    outside: [() => new Beta({ alpha: S_LO / 2, beta: 1 }), () => new Beta({ alpha: 1, beta: S_HI * 2 })],
  },
  Dirichlet: {
    inside: [[S_LO, S_LO], [S_LO, S_HI], [S_HI, S_HI, S_HI], [S_LO, 1, S_HI]].map((c) => () => new Dirichlet({ concentration: c })),
    outside: [() => new Dirichlet({ concentration: [S_LO / 2, 1] }), () => new Dirichlet({ concentration: [1, S_HI * 2] })],
  },
  Categorical: {
    inside: [() => new Categorical({ logits: [M / 2, -M / 2, 0] }), () => new Categorical({ logits: [M, M, M] })],
    outside: [() => new Categorical({ logits: [M, -M] })],
  },
  Bernoulli: {
    inside: [() => new Bernoulli({ logits: [M, -M, 0, -0] })],
    outside: [],
  },
};

function assertFinite(label: string, v: number | Float64Array): void {
  const arr = typeof v === "number" ? [v] : Array.from(v);
  arr.forEach((x, i) => assert.ok(Number.isFinite(x), `${label}[${i}] = ${x}`));
}

for (const [family, { inside, outside }] of Object.entries(CORNERS)) {
  it(`${family}: every closed form is finite at each corner of the supported range`, () => {
    inside.forEach((make, c) => {
      const d = make();
      const label = `${family} corner ${c} (θ = ${Array.from(d.params)})`;
      assertFinite(`${label} mean`, d.mean());
      assertFinite(`${label} variance`, d.variance());
      assertFinite(`${label} fisher`, d.fisher());
      assertFinite(`${label} entropy`, d.entropy());
      const { x, logProb } = d.sampleAndLogProb(key(c), 64);
      assertFinite(`${label} sample`, x);
      assertFinite(`${label} sampleAndLogProb`, logProb);
      assertFinite(`${label} logProb(sample)`, d.logProb(x));
      assertFinite(`${label} score(sample)`, d.score(x));
    });
  });
  if (outside.length > 0) {
    it(`${family}: just outside the supported range the constructor names the family and the range`, () => {
      for (const make of outside) assert.throws(make, new RegExp(`^Error: ${family}: .*(supported|differ by at most)`));
    });
  }
}
