/**
 * Issue 7, defect class 3 (silent NaN/±∞ near float64's limits), one named test per reported defect: either the value
 * is computed (checked against its closed form or a law it must obey) or the parameters are refused up front with the
 * supported range in the message. Each test failed before its fix.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import {
  Beta, Categorical, Dirichlet, Exponential, Gamma, MultivariateNormal, Poisson, conjugateGradient, dot, empiricalFisher,
  estimateFromRows, fisherVectorProduct, key, matMul, matVec, naturalGradient, symmetricEigen,
} from "../../src/index.js";
import type { Distribution } from "../../src/index.js";

const close = (a: number, b: number, rel: number, label: string): void =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(Math.abs(b), 1e-300), `${label}: ${a} vs ${b}`);

/** logProb of the family's own samples is finite and equals sampleAndLogProb's log-density. */
function ownSamplesHaveFiniteLogProb(d: Distribution, label: string): void {
  const { x, logProb } = d.sampleAndLogProb(key(11), 200);
  const lp = d.logProb(x);
  lp.forEach((v, i) => {
    assert.ok(Number.isFinite(v), `${label}: logProb(sample)[${i}] = ${v}`);
    close(v, logProb[i], 1e-9, `${label}: logProb vs sampleAndLogProb at ${i}`);
  });
  assert.ok(d.score(x).every(Number.isFinite), `${label}: score(sample) finite`);
}

it("Beta, Gamma and Dirichlet Fisher at tiny shapes: finite and equal to the α → 0 limit (was NaN)", () => {
  const a = 1e-300;
  // Beta(α, α): α²(ψ′(α) − ψ′(2α)) → 1 − 1/4, −α²ψ′(2α) → −1/4.
  const fb = new Beta({ alpha: a, beta: a }).fisher();
  [0.75, -0.25, -0.25, 0.75].forEach((v, i) => close(fb[i], v, 1e-12, `Beta fisher[${i}]`));
  // Dirichlet([α, α]) has the same Fisher in log α.
  const fd = new Dirichlet({ concentration: [a, a] }).fisher();
  [0.75, -0.25, -0.25, 0.75].forEach((v, i) => close(fd[i], v, 1e-12, `Dirichlet fisher[${i}]`));
  // Gamma(α, 1): [[α²ψ′(α) → 1, −α], [−α, α]].
  const fg = new Gamma({ concentration: a, rate: 1 }).fisher();
  [1, -a, -a, a].forEach((v, i) => close(fg[i], v, 1e-12, `Gamma fisher[${i}]`));
});

it("Beta, Gamma and Dirichlet entropy and variance at tiny shapes: refused below 1e-300 (were −∞/NaN), closed form at 1e-300", () => {
  for (const make of [
    () => new Gamma({ concentration: 5e-324, rate: 1 }),
    () => new Beta({ alpha: 5e-324, beta: 1 }),
    () => new Dirichlet({ concentration: [5e-324, 1] }),
  ]) {
    assert.throws(make, /(Gamma|Beta|Dirichlet): \w+(\[\d\])? = 5e-324 is outside the supported range \[1e-300, 10000000000\]/);
  }
  const a = 1e-300;
  const g = new Gamma({ concentration: a, rate: 1 });
  // H = α + log Γ(α) + (1 − α) ψ(α): each term finite at α = 1e-300.
  close(g.entropy(), a + gammaln(a) + (1 - a) * digamma(a), 1e-12, "Gamma entropy");
  close(g.variance()[0], a, 1e-12, "Gamma variance");
  const b = new Beta({ alpha: a, beta: 2 });
  assert.ok(Number.isFinite(b.entropy()) && b.entropy() < -1e299, `Beta entropy ${b.entropy()} ≈ −1/α`);
  close(b.variance()[0], a / 6, 1e-12, "Beta variance αβ/((α+β)²(α+β+1)) → 2α/(4·3)");
  const d = new Dirichlet({ concentration: [a, 1, 2] });
  assert.ok(Number.isFinite(d.entropy()), `Dirichlet entropy ${d.entropy()}`);
  assert.ok(d.variance().every(Number.isFinite));
});

it("logProb(sample(...)) is finite and agrees with sampleAndLogProb for Gamma, Beta, Dirichlet at both ends of their supported range", () => {
  ownSamplesHaveFiniteLogProb(new Gamma({ concentration: [1e-300, 1e10], rate: [1, 1e-140] }), "Gamma");
  ownSamplesHaveFiniteLogProb(new Beta({ alpha: [1e-300, 1e10], beta: [1e10, 1e-300] }), "Beta");
  ownSamplesHaveFiniteLogProb(new Dirichlet({ concentration: [1e-300, 1e10, 1] }), "Dirichlet");
});

it("Gamma, Beta, Dirichlet at MAX_VALUE parameters are refused with the supported range", () => {
  const M = Number.MAX_VALUE;
  assert.throws(() => new Gamma({ concentration: M, rate: 1 }), /^Error: Gamma: concentration = 1\.79\d*e\+308 is outside the supported range \[1e-300, 10000000000\]/);
  assert.throws(() => new Gamma({ concentration: 1, rate: 5e-324 }), /Gamma: .*supported range is mean and variance ≤ 1e\+300/);
  assert.throws(() => new Beta({ alpha: 1, beta: M }), /Beta: beta = .* outside the supported range \[1e-300, 10000000000\]/);
  assert.throws(() => new Dirichlet({ concentration: [1, 5e-324] }), /Dirichlet: concentration\[1\] = 5e-324 is outside the supported range/);
});

it("Poisson(rate 1.8e308): refused with the supported range; at the largest supported rate logProb(sample) is right", () => {
  assert.throws(() => new Poisson({ rate: 1.7e308 }), /Poisson: rate = 1\.7e\+308 is outside the supported range \[5e-324, 1000000000000000\]/);
  const lambda = 1e15;
  const p = new Poisson({ rate: lambda });
  const x = p.sample(key(2), 50);
  const lp = p.logProb(x);
  // Normal approximation of the pmf near the mode: error O(1/√λ) ≈ 3e-8.
  x.forEach((k, i) => close(lp[i], -0.5 * Math.log(2 * Math.PI * lambda) - (k - lambda) ** 2 / (2 * lambda), 1e-6, `logProb ${i}`));
});

it("MultivariateNormal with a tiny diagonal: refused below 1e-150; at 1e-150 logProb(sample) is finite, and exact when L is well conditioned", () => {
  assert.throws(() => new MultivariateNormal({ loc: [0, 0], scaleTril: [1e-300, 0, 1, 1e-300] }), /MultivariateNormal: scaleTril\[0\] .* = 1e-300 is below the supported 1e-150/);
  ownSamplesHaveFiniteLogProb(new MultivariateNormal({ loc: [0, 0], scaleTril: [1e-150, 0, 0.5e-150, 1e-150] }), "MultivariateNormal");
  // cond(L) = 1e150 with loc 1: x − μ keeps none of L's small column, so the log-density is huge and negative — but finite.
  const ill = new MultivariateNormal({ loc: [1, -1], scaleTril: [1e-150, 0, 0.5, 1e-150] });
  assert.ok(ill.logProb(ill.sample(key(4), 50)).every(Number.isFinite));
});

it("Categorical({ logits: [1e308, -1e308, 0] }): refused (logit spread overflows); an extreme but representable spread has a finite entropy", () => {
  assert.throws(() => new Categorical({ logits: [1e308, -1e308, 0] }), /Categorical: logits must differ by at most 1\.79\d*e\+308/);
  const c = new Categorical({ logits: [1e308, 0, -1e307] });
  assert.equal(c.entropy(), 0); // all mass on category 0; the others contribute p log p = 0
  assert.ok(c.logProbs.every(Number.isFinite));
});

it("naturalGradient with a gradient entry of 1.7e308 solves exactly by Cholesky and by CG (was NaN / 0)", () => {
  const F = new Float64Array([2, 0, 0, 4]);
  for (const method of ["cholesky", "cg"] as const) {
    const v = naturalGradient(F, [1.7e308, 1e300], { damping: 0, method });
    close(v[0], 8.5e307, 1e-14, `${method} v[0]`);
    close(v[1], 2.5e299, 1e-9, `${method} v[1]`);
  }
  // A component below CG's relative tolerance (1e-10·‖g‖) is not resolved by CG; Cholesky still gets it exactly.
  close(naturalGradient(F, [1.7e308, 1], { damping: 0, method: "cholesky" })[1], 0.25, 1e-12, "cholesky small component");
  const cg = conjugateGradient((v) => v.map((x) => 2 * x), [1.7e308, -1.7e308]);
  assert.ok(cg.converged);
  close(cg.x[0], 8.5e307, 1e-14, "conjugateGradient x[0]");
});

it("dot([1e200, -1e200], [1e200, 1e200]) is 0, not NaN; matVec and matMul avoid the same overflow", () => {
  assert.equal(dot([1e200, -1e200], [1e200, 1e200]), 0);
  assert.equal(dot([1e300, 1e-300], [1e8, 1e300]), 1e308 + 1);
  assert.deepEqual(Array.from(matVec([1e200, -1e200], [1e200, 1e200], 1, 2)), [0]);
  assert.deepEqual(Array.from(matMul([1e200, -1e200], [1e200, 1e200], 1, 2, 1)), [0]);
  assert.throws(() => dot([1e200], [1e200]), /^Error: dot: a · b overflows float64/);
});

it("estimateFromRows: finite rows never give an infinite mean (the column sum overflowed)", () => {
  const r = estimateFromRows(new Float64Array([1.7e308, 1.7e308]), 2, 1);
  assert.equal(r.mean[0], 1.7e308);
  assert.equal(r.variance[0], 0);
});

it("estimateFromRows: finite rows whose variance is beyond float64 throw naming the coordinate", () => {
  assert.throws(() => estimateFromRows(new Float64Array([0, 1e200, 0, -1e200]), 2, 2), /estimateFromRows: the sample variance of coordinate 1 is beyond float64's range/);
  const s = estimateFromRows(new Float64Array([1e153, -1e153]), 2, 1);
  assert.equal(s.mean[0], 0);
  close(s.variance[0], 2e306, 1e-12, "variance of ±1e153");
});

it("empiricalFisher and fisherVectorProduct are finite for finite rows whose Fisher is representable (were ∞)", () => {
  const s = 1.3e154; // s² = 1.69e308 < MAX, but s² + s² overflows before the division by n
  const rows = new Float64Array([s, s]);
  close(empiricalFisher(rows, 2, 1)[0], s * s, 1e-12, "empiricalFisher");
  close(fisherVectorProduct(rows, 2, 1)(new Float64Array([1]))[0], s * s, 1e-12, "fisherVectorProduct");
  assert.throws(() => empiricalFisher(new Float64Array([1e200]), 1, 1), /empiricalFisher: entry \[0\]\[0\] of the Fisher estimate is beyond float64's range/);
});

it("symmetricEigen of a matrix with an entry at MAX_VALUE returns its eigenvalues (were ∞)", () => {
  const M = Number.MAX_VALUE;
  const { values } = symmetricEigen(new Float64Array([M, 0, 0, 1]), 2);
  assert.deepEqual(Array.from(values), [1, M]);
});

it("Exponential(rate 5e-324) is refused (its sample was ∞, which its own score rejected); rate 1e-150 samples are scored", () => {
  assert.throws(() => new Exponential({ rate: 5e-324 }), /Exponential: rate = 5e-324 is outside the supported range \[1e-150, 1e\+150\]/);
  const e = new Exponential({ rate: 1e-150 });
  const x = e.sample(key(5), 100);
  assert.ok(x.every((v) => Number.isFinite(v) && v >= 0));
  ownSamplesHaveFiniteLogProb(e, "Exponential");
  close(e.mean()[0], 1e150, 1e-15, "mean");
});
