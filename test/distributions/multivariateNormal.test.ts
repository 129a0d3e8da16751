import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import { key } from "../../src/random/key.js";
import { distributionLaws, finiteDifferenceVjp } from "../helpers/laws.js";
import { assertClose } from "../helpers/stats.js";

const L3 = [2, 0, 0, 0.5, 0.7, 0, -1.2, 0.3, 1.5];
const MU3 = [1, -2, 0.5];

distributionLaws("MultivariateNormal d = 1 (μ = 1, L = 2)", () => new MultivariateNormal({ loc: 1, scaleTril: [2] }), {
  integrate: { lower: -29, upper: 31 },
  seed: 600,
});
distributionLaws("MultivariateNormal d = 3 (correlated)", () => new MultivariateNormal({ loc: MU3, scaleTril: L3 }), { seed: 610 });

/** L from θ = [μ, tril row by row with log diagonal], written independently of the class. */
function lowerFromTheta(theta: ArrayLike<number>, d: number): number[] {
  const L = new Array<number>(d * d).fill(0);
  let t = d;
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) L[i * d + j] = i === j ? Math.exp(theta[t++]) : theta[t++];
  return L;
}

function lLt(L: number[], d: number): number[] {
  const S = new Array<number>(d * d).fill(0);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) for (let j = 0; j < d; j++) S[i * d + k] += L[i * d + j] * L[k * d + j];
  return S;
}

/** 3×3 determinant and inverse by cofactors. */
function det3(m: number[]): number {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
}
function inv3(m: number[]): number[] {
  const D = det3(m);
  const c = (r0: number, c0: number, r1: number, c1: number) => m[r0 * 3 + c0] * m[r1 * 3 + c1] - m[r0 * 3 + c1] * m[r1 * 3 + c0];
  return [
    c(1, 1, 2, 2) / D, -c(0, 1, 2, 2) / D, c(0, 1, 1, 2) / D,
    -c(1, 0, 2, 2) / D, c(0, 0, 2, 2) / D, -c(0, 0, 1, 2) / D,
    c(1, 0, 2, 1) / D, -c(0, 0, 2, 1) / D, c(0, 0, 1, 1) / D,
  ];
}

describe("MultivariateNormal", () => {
  it("logProb equals the density from the explicit covariance (determinant and inverse by cofactors)", () => {
    const d = new MultivariateNormal({ loc: MU3, scaleTril: L3 });
    const S = lLt(L3, 3);
    const Si = inv3(S);
    const xs = [0.3, -1.1, 2.4, -3, 0, 1];
    const expected: number[] = [];
    for (let r = 0; r < 2; r++) {
      const dx = [0, 1, 2].map((i) => xs[r * 3 + i] - MU3[i]);
      let q = 0;
      for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) q += dx[i] * Si[i * 3 + k] * dx[k];
      expected.push(-0.5 * q - 0.5 * Math.log(det3(S)) - 1.5 * Math.log(2 * Math.PI));
    }
    assertClose("logProb", d.logProb(xs), expected, 1e-12);
    assertClose("covariance", d.covariance(), S, 1e-14);
    assertClose("entropy", [d.entropy()], [0.5 * Math.log(det3(S)) + 1.5 * (1 + Math.log(2 * Math.PI))], 1e-13);
  });

  it("θ layout: loc, then the lower triangle row by row with log diagonal", () => {
    const d = new MultivariateNormal({ loc: MU3, scaleTril: L3 });
    assertClose("params", d.params, [...MU3, Math.log(2), 0.5, Math.log(0.7), -1.2, 0.3, Math.log(1.5)], 1e-15);
    assert.equal(d.paramSize, 9);
  });

  it("fisher: loc block is Σ⁻¹, and the whole matrix equals the Gaussian formula ½ tr(Σ⁻¹ ∂_aΣ Σ⁻¹ ∂_bΣ) + ∂_aμᵀ Σ⁻¹ ∂_bμ", () => {
    const dist = new MultivariateNormal({ loc: MU3, scaleTril: L3 });
    const F = dist.fisher();
    const P = 9;
    const theta = dist.params;
    const Si = inv3(lLt(L3, 3));
    const locBlock: number[] = [];
    for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) locBlock.push(F[i * P + k]);
    assertClose("loc block vs Σ⁻¹", locBlock, Si, 1e-12);
    // ∂Σ/∂θ_a by central differences of Σ(θ) = L(θ)L(θ)ᵀ (exact for a quadratic up to rounding; exp for the diagonal).
    const dS: number[][] = [];
    for (let a = 0; a < P; a++) {
      const h = 1e-5;
      const tp = Array.from(theta);
      const tm = Array.from(theta);
      tp[a] += h;
      tm[a] -= h;
      const Sp = lLt(lowerFromTheta(tp, 3), 3);
      const Sm = lLt(lowerFromTheta(tm, 3), 3);
      dS.push(Sp.map((v, i) => (v - Sm[i]) / (2 * h)));
    }
    const mm = (A: number[], B: number[]) => {
      const C = new Array<number>(9).fill(0);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) C[i * 3 + j] += A[i * 3 + k] * B[k * 3 + j];
      return C;
    };
    const expected: number[] = [];
    for (let a = 0; a < P; a++) {
      for (let b = 0; b < P; b++) {
        let v = a < 3 && b < 3 ? Si[a * 3 + b] : 0;
        const M = mm(mm(Si, dS[a]), mm(Si, dS[b]));
        v += 0.5 * (M[0] + M[4] + M[8]);
        expected.push(v);
      }
    }
    assertClose("fisher", F, expected, 1e-7);
  });

  it("transformVjp equals central differences of gᵀ transform(ε; θ)", () => {
    const dist = new MultivariateNormal({ loc: MU3, scaleTril: L3 });
    const n = 4;
    const eps = dist.sampleNoise(key(7), n);
    const g = Float64Array.from({ length: n * 3 }, (_, i) => Math.sin(i + 1) * 2);
    assertClose("transformVjp", dist.transformVjp(eps, g), finiteDifferenceVjp(dist, eps, g), 1e-7);
  });

  it("fromCovariance factors Σ and accepts nested rows", () => {
    const d = MultivariateNormal.fromCovariance([0, 0], [[4, 2], [2, 3]]);
    assertClose("scaleTril", d.scaleTril, [2, 0, 1, Math.sqrt(2)], 1e-15);
    const e = new MultivariateNormal({ loc: MU3, scaleTril: [[2, 0, 0], [0.5, 0.7, 0], [-1.2, 0.3, 1.5]] });
    assertClose("nested scaleTril", e.scaleTril, L3, 0);
    const f = MultivariateNormal.fromCovariance(MU3, e.covariance());
    assertClose("round trip", f.scaleTril, L3, 1e-12);
  });

  it("rejects bad parameters and samples with messages naming the argument, index and value", () => {
    const MVN = MultivariateNormal;
    assert.throws(() => new MVN({ loc: [0, 0], scaleTril: [1, 0.5, 0, 1] }), /MultivariateNormal: scaleTril\[1\] \(row 0, column 1, above the diagonal\) must be 0 \(lower triangular\), got 0.5/);
    assert.throws(() => new MVN({ loc: [0, 0], scaleTril: [1, 0, 0.3, -2] }), /MultivariateNormal: scaleTril\[3\] \(row 1, column 1, diagonal\) must be > 0, got -2/);
    assert.throws(() => new MVN({ loc: [0, 0], scaleTril: [0, 0, 0.3, 1] }), /scaleTril\[0\] \(row 0, column 0, diagonal\) must be > 0, got 0/);
    assert.throws(() => new MVN({ loc: [0, 0], scaleTril: [1, 0, NaN, 1] }), /MultivariateNormal: scaleTril\[2\] must be a finite number, got NaN/);
    assert.throws(() => new MVN({ loc: [0, 0], scaleTril: [1, 0, Infinity, 1] }), /scaleTril\[2\] must be a finite number, got Infinity/);
    assert.throws(() => new MVN({ loc: [0, 0], scaleTril: [1, 0, 1] }), /scaleTril must be a d×d matrix with d = 2 \(length 4, row-major\), got length 3/);
    assert.throws(() => new MVN({ loc: [0, 0], scaleTril: [[1, 0], [1]] }), /scaleTril row 1 must have length 2/);
    assert.throws(() => new MVN({ loc: [0, NaN], scaleTril: [1, 0, 0, 1] }), /MultivariateNormal: loc\[1\] must be a finite number, got NaN/);
    assert.throws(() => MVN.fromCovariance([0, 0], [1, 2, 2, 1]), /MultivariateNormal.fromCovariance: cov must be symmetric positive definite/);
    const d = new MVN({ loc: [0, 0], scaleTril: [1, 0, 0.3, 1] });
    assert.throws(() => d.withParams([0, 0, 0, 0, 1e6]), /MultivariateNormal.withParams: theta\[4\] = 1000000 \(log scaleTril\[1\]\[1\]\)/);
    assert.throws(() => d.logProb([0, 1, 2]), /MultivariateNormal.logProb: x must have a length that is a positive multiple of dim = 2/);
    assert.throws(() => d.sample(key(0), -1), /MultivariateNormal.sample: n must be a positive integer, got -1/);
  });
});
