import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { naturalGradient } from "../../src/fisher/naturalGradient.js";
import { empiricalFisher, fisherVectorProduct } from "../../src/fisher/empiricalFisher.js";
import { Normal } from "../../src/distributions/normal.js";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import { matVec } from "../../src/util/linalg.js";
import { key } from "../../src/random/key.js";
import { assertClose } from "../helpers/stats.js";

describe("naturalGradient", () => {
  it("for N(μ, σ = 2) in θ = [μ, log σ], F⁻¹g = [σ² g_μ, g_logσ / 2]", () => {
    const sigma = 2;
    const F = new Normal({ loc: 1, scale: sigma }).fisher();
    const g = [0.7, -1.3];
    for (const method of ["cholesky", "cg", "auto"] as const) {
      assertClose(method, naturalGradient(F, g, { damping: 0, method }), [sigma ** 2 * 0.7, -1.3 / 2], 1e-12);
    }
    // Damped: (F + λI)⁻¹ g = [g_μ / (1/σ² + λ), g_logσ / (2 + λ)].
    const lambda = 0.3;
    assertClose("damped", naturalGradient(F, g, { damping: lambda }), [0.7 / (1 / sigma ** 2 + lambda), -1.3 / (2 + lambda)], 1e-12);
    assertClose("default damping 1e-4", naturalGradient(F, g), [0.7 / (0.25 + 1e-4), -1.3 / (2 + 1e-4)], 1e-12);
  });

  it("for a 3-D diagonal Normal the closed form holds coordinate by coordinate", () => {
    const scale = [0.5, 2, 3];
    const F = new Normal({ loc: [1, -1, 0], scale }).fisher();
    const g = [1, 2, 3, 4, 5, 6];
    const expected = [0.25 * 1, 4 * 2, 9 * 3, 4 / 2, 5 / 2, 6 / 2];
    assertClose("F⁻¹g", naturalGradient(F, g, { damping: 0 }), expected, 1e-12);
  });

  it("for a 1-D MultivariateNormal (L = σ) it agrees with the Normal closed form", () => {
    // θ = [μ, log L₀₀] is the same parameterization as the Normal's.
    const F = new MultivariateNormal({ loc: [1], scaleTril: [[2]] }).fisher();
    assertClose("F⁻¹g", naturalGradient(F, [0.7, -1.3], { damping: 0 }), [4 * 0.7, -1.3 / 2], 1e-12);
  });

  it("CG equals Cholesky on the exact Fisher of a 4-D MultivariateNormal (P = 14)", () => {
    const mvn = new MultivariateNormal({
      loc: [0.5, -1, 2, 0],
      scaleTril: [
        [2, 0, 0, 0],
        [0.3, 0.5, 0, 0],
        [-1, 0.2, 1.5, 0],
        [0.4, -0.6, 0.1, 3],
      ],
    });
    const F = mvn.fisher();
    const P = mvn.paramSize;
    const g = Float64Array.from({ length: P }, (_, j) => Math.sin(j + 1));
    const chol = naturalGradient(F, g, { damping: 1e-6, method: "cholesky" });
    const cg = naturalGradient(F, g, { damping: 1e-6, method: "cg", tol: 1e-13 });
    assertClose("cg vs cholesky", cg, chol, 1e-9);
    // And it solves the system: (F + λI) v = g.
    const Fv = matVec(F, chol, P, P).map((x, j) => x + 1e-6 * chol[j]);
    assertClose("(F + λI) v = g", Fv, g, 1e-10);
  });

  it("the matrix-free product with CG equals Cholesky on the empirical Fisher", () => {
    const d = new Normal({ loc: [1, 2, 3], scale: [2, 0.5, 1] });
    const n = 200;
    const S = d.score(d.sample(key(11), n));
    const P = d.paramSize;
    const g = [0.3, -0.2, 1, 0.5, -0.7, 0.1];
    const viaMatrix = naturalGradient(empiricalFisher(S, n, P), g, { damping: 1e-3, method: "cholesky" });
    const viaProduct = naturalGradient(fisherVectorProduct(S, n, P), g, { damping: 1e-3, tol: 1e-13 });
    assertClose("fvp + cg vs cholesky", viaProduct, viaMatrix, 1e-9);
  });

  it("auto switches to CG above P = 500 and still solves the system", () => {
    const P = 520;
    // A well-conditioned SPD matrix: tridiagonal (4 on the diagonal, 1 off it).
    const F = new Float64Array(P * P);
    for (let i = 0; i < P; i++) {
      F[i * P + i] = 4;
      if (i > 0) F[i * P + i - 1] = F[(i - 1) * P + i] = 1;
    }
    const g = Float64Array.from({ length: P }, (_, j) => Math.cos(j));
    const auto = naturalGradient(F, g, { damping: 0 });
    const chol = naturalGradient(F, g, { damping: 0, method: "cholesky" });
    assertClose("auto vs cholesky", auto, chol, 1e-8);
  });

  it("a singular empirical Fisher needs damping, and the error says so", () => {
    const d = new Normal({ loc: [0, 0], scale: [1, 1] });
    const S = d.score(d.sample(key(3), 2)); // n = 2 < P = 4 ⇒ rank ≤ 2
    const F = empiricalFisher(S, 2, 4);
    assert.throws(() => naturalGradient(F, [1, 1, 1, 1], { damping: 0, method: "cholesky" }), /naturalGradient: F \+ λI is not positive definite with damping λ = 0 .*increase damping/);
    const v = naturalGradient(F, [1, 1, 1, 1], { damping: 1e-2 });
    assert.ok(v.every(Number.isFinite));
    // With damping the (rank-2) system is solved: (F + λI) v = g.
    assertClose("(F + λI) v = g", matVec(F, v, 4, 4).map((x, j) => x + 1e-2 * v[j]), [1, 1, 1, 1], 1e-10);
  });

  it("rejects bad input with messages naming the argument", () => {
    const F = new Normal({ loc: 0, scale: 1 }).fisher();
    assert.throws(() => naturalGradient(F, [1, 2, 3]), /naturalGradient: fisher must be a P×P matrix with P = grad.length = 3 \(length 9\).*got length 4/);
    assert.throws(() => naturalGradient(F, [1, NaN]), /naturalGradient: grad\[1\] must be a finite number, got NaN/);
    assert.throws(() => naturalGradient(F, [1, 1], { damping: -1 }), /naturalGradient: damping must be a finite number ≥ 0, got -1/);
    // @ts-expect-error — not a method
    assert.throws(() => naturalGradient(F, [1, 1], { method: "qr" }), /naturalGradient: method must be "cholesky", "cg" or "auto", got "qr"/);
    assert.throws(() => naturalGradient([1, 2, 0, 1], [1, 1], { method: "cg" }), /naturalGradient: fisher must be symmetric/);
    assert.throws(() => naturalGradient((v) => v, [1, 1], { method: "cholesky" }), /method "cholesky" needs the Fisher as a P×P matrix/);
    assert.throws(() => naturalGradient((v) => v.map((x) => -x), [1, 1], { damping: 0 }), /naturalGradient: conjugate gradient failed .*not positive definite/);
    assert.throws(() => naturalGradient([1, Infinity, Infinity, 1], [1, 1]), /naturalGradient: fisher\[1\] must be a finite number, got Infinity/);
  });
});
