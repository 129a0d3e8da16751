import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  cholesky,
  choleskySolve,
  conjugateGradient,
  dot,
  expmSymmetric,
  identity,
  matMul,
  matVec,
  norm2,
  solveLower,
  solveLowerTransposed,
  solveUpper,
  symmetricEigen,
  transpose,
} from "../../src/util/linalg.js";
import { assertClose } from "../helpers/stats.js";

/** A deterministic SPD test matrix B Bᵀ + I from a fixed integer recipe (no randomness needed). */
function spd(n: number): Float64Array {
  const B = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B[i * n + j] = Math.sin(1 + 3 * i + 7 * j * j) * (1 + (i % 3));
  const A = matMul(B, transpose(B, n, n), n, n, n);
  for (let i = 0; i < n; i++) A[i * n + i] += 1;
  return A;
}

describe("cholesky and triangular solves", () => {
  it("factors a 3×3 matrix to the hand-computed L", () => {
    // A = L Lᵀ with L = [[2,0,0],[1,3,0],[−1,2,4]] → A = [[4,2,−2],[2,10,5],[−2,5,21]]
    const A = new Float64Array([4, 2, -2, 2, 10, 5, -2, 5, 21]);
    assertClose("L", cholesky(A, 3), [2, 0, 0, 1, 3, 0, -1, 2, 4], 1e-15);
  });

  it("reconstructs A = L Lᵀ for a 12×12 SPD matrix and solves A x = b", () => {
    const n = 12;
    const A = spd(n);
    const L = cholesky(A, n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(L[i * n + j], 0);
    assertClose("L Lᵀ", matMul(L, transpose(L, n, n), n, n, n), A, 1e-12);
    const b = Float64Array.from({ length: n }, (_, i) => i - 5.5);
    const x = choleskySolve(L, b, n);
    assertClose("A x", matVec(A, x, n, n), b, 1e-10);
  });

  it("triangular solves agree with hand substitution", () => {
    const L = new Float64Array([2, 0, 1, 4]);
    // 2 x0 = 2 → 1; x0 + 4 x1 = 9 → 2
    assertClose("solveLower", solveLower(L, [2, 9], 2), [1, 2], 1e-15);
    // Lᵀ = [[2,1],[0,4]]: 4 x1 = 8 → 2; 2 x0 + 2 = 4 → 1
    assertClose("solveLowerTransposed", solveLowerTransposed(L, [4, 8], 2), [1, 2], 1e-15);
    const U = new Float64Array([2, 1, 0, 4]);
    assertClose("solveUpper", solveUpper(U, [4, 8], 2), [1, 2], 1e-15);
  });

  it("rejects indefinite, asymmetric, non-finite and mis-sized input", () => {
    assert.throws(() => cholesky(new Float64Array([1, 2, 2, 1]), 2), /cholesky: A is not positive definite \(pivot k = 1/);
    assert.throws(() => cholesky(new Float64Array([0, 0, 0, 1]), 2), /pivot k = 0/);
    assert.throws(() => cholesky(new Float64Array([1, 0.5, 0, 1]), 2), /cholesky: A must be symmetric/);
    assert.throws(() => cholesky(new Float64Array([1, NaN, NaN, 1]), 2), /cholesky: A\[1\] must be a finite number, got NaN/);
    assert.throws(() => cholesky(new Float64Array(3), 2), /cholesky: A must be an n×n row-major matrix with n = 2/);
    assert.throws(() => solveLower(new Float64Array([0, 0, 1, 1]), [1, 1], 2), /solveLower: .*diagonal.*\[0\]\[0\] = 0/);
    assert.throws(() => solveUpper(identity(2), [1, 1, 1], 2), /solveUpper: b must have length 2, got length 3/);
    assert.throws(() => matMul(new Float64Array(6), new Float64Array(6), 2, 3, 3), /matMul: B must have length 9, got length 6/);
    assert.throws(() => dot([1, 2], [1]), /dot: a and b must have the same length/);
  });
});

describe("symmetricEigen and expmSymmetric", () => {
  it("decomposes [[2,1],[1,2]] into eigenvalues 1, 3 with vectors (1,∓1)/√2", () => {
    const { values, vectors } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
    assertClose("values", values, [1, 3], 1e-15);
    const r = Math.SQRT1_2;
    // Columns up to sign.
    const s0 = Math.sign(vectors[0]);
    const s1 = Math.sign(vectors[1]);
    assertClose("v0", [s0 * vectors[0], s0 * vectors[2]], [r, -r], 1e-15);
    assertClose("v1", [s1 * vectors[1], s1 * vectors[3]], [r, r], 1e-15);
  });

  it("V diag(λ) Vᵀ = A and Vᵀ V = I for a 30×30 SPD matrix; λ ascending", () => {
    const n = 30;
    const A = spd(n);
    const { values, vectors: V } = symmetricEigen(A, n);
    for (let j = 1; j < n; j++) assert.ok(values[j - 1] <= values[j]);
    const VD = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) VD[i * n + j] = V[i * n + j] * values[j];
    const scale = values[n - 1];
    const R = matMul(VD, transpose(V, n, n), n, n, n);
    assertClose("V Λ Vᵀ / λmax", R.map((v) => v / scale), A.map((v) => v / scale), 1e-13);
    assertClose("Vᵀ V", matMul(transpose(V, n, n), V, n, n, n), identity(n), 1e-13);
    // Trace and smallest eigenvalue ≥ 1 (A = B Bᵀ + I) as independent checks.
    let tr = 0;
    for (let i = 0; i < n; i++) tr += A[i * n + i];
    assertClose("Σλ = tr A", [values.reduce((a, b) => a + b, 0)], [tr], 1e-12);
    assert.ok(values[0] >= 1 - 1e-10, `λmin = ${values[0]}`);
  });

  it("handles indefinite, diagonal, zero and repeated-eigenvalue matrices", () => {
    assertClose("indefinite", symmetricEigen(new Float64Array([1, 2, 2, 1]), 2).values, [-1, 3], 1e-15);
    assertClose("diagonal", symmetricEigen(new Float64Array([3, 0, 0, -2]), 2).values, [-2, 3], 0);
    assertClose("zero", symmetricEigen(new Float64Array(9), 3).values, [0, 0, 0], 0);
    // J − I for J all-ones 3×3: eigenvalues −1, −1, 2.
    assertClose("repeated", symmetricEigen(new Float64Array([0, 1, 1, 1, 0, 1, 1, 1, 0]), 3).values, [-1, -1, 2], 1e-14);
  });

  it("expm of a diagonal matrix is the diagonal of exponentials", () => {
    assertClose("expm diag", expmSymmetric(new Float64Array([1, 0, 0, 0, -2, 0, 0, 0, 0.5]), 3), [
      Math.E, 0, 0, 0, Math.exp(-2), 0, 0, 0, Math.exp(0.5),
    ], 1e-15);
  });

  it("expm of t·[[0,1],[1,0]] is [[cosh t, sinh t],[sinh t, cosh t]]", () => {
    const t = 1.7;
    const c = Math.cosh(t);
    const s = Math.sinh(t);
    assertClose("expm", expmSymmetric(new Float64Array([0, t, t, 0]), 2), [c, s, s, c], 1e-14);
  });

  it("expm(A) expm(−A) = I for a 10×10 symmetric matrix", () => {
    const n = 10;
    const A = spd(n).map((v) => v / 40);
    const P = matMul(expmSymmetric(A, n), expmSymmetric(A.map((v) => -v), n), n, n, n);
    assertClose("expm(A) expm(−A)", P, identity(n), 1e-12);
  });

  it("rejects asymmetric, non-finite and overflowing input", () => {
    assert.throws(() => symmetricEigen(new Float64Array([1, 2, 3, 4]), 2), /symmetricEigen: A must be symmetric, got A\[0\]\[1\] = 2 but A\[1\]\[0\] = 3/);
    assert.throws(() => symmetricEigen(new Float64Array([1, 0, 0, Infinity]), 2), /symmetricEigen: A\[3\] must be a finite number, got Infinity/);
    assert.throws(() => symmetricEigen(new Float64Array(4), 0), /symmetricEigen: n must be a positive integer, got 0/);
    assert.throws(() => expmSymmetric(new Float64Array([800]), 1), /expmSymmetric: exp of eigenvalue 800 overflows/);
  });
});

describe("conjugateGradient", () => {
  it("matches the Cholesky solution of a 40×40 SPD system", () => {
    const n = 40;
    const A = spd(n);
    const b = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const direct = choleskySolve(cholesky(A, n), b, n);
    const res = conjugateGradient((v) => matVec(A, v, n, n), b, { tol: 1e-13 });
    assert.ok(res.converged, `not converged: residual ${res.residualNorm}`);
    assert.ok(res.residualNorm <= 1e-13 * norm2(b));
    assertClose("cg vs cholesky", res.x, direct, 1e-8);
  });

  it("solves a diagonal system in as many iterations as distinct eigenvalues", () => {
    const d = [2, 2, 5, 5, 5];
    const res = conjugateGradient((v) => v.map((x, i) => d[i] * x), [2, 4, 5, 10, 15]);
    assert.equal(res.iterations, 2);
    assertClose("x", res.x, [1, 2, 1, 2, 3], 1e-12);
  });

  it("returns zeros for b = 0 and reports non-convergence when maxIter is too small", () => {
    const zero = conjugateGradient((v) => v, [0, 0]);
    assert.deepEqual([...zero.x], [0, 0]);
    assert.equal(zero.iterations, 0);
    const n = 20;
    const A = spd(n);
    const short = conjugateGradient((v) => matVec(A, v, n, n), new Float64Array(n).fill(1), { maxIter: 2 });
    assert.equal(short.iterations, 2);
    assert.equal(short.converged, false);
  });

  it("rejects an indefinite operator, a wrong-length product and bad options", () => {
    assert.throws(() => conjugateGradient((v) => v.map((x) => -x), [1, 1]), /conjugateGradient: the operator is not positive definite/);
    assert.throws(() => conjugateGradient(() => new Float64Array(3), [1, 1]), /conjugateGradient: mvp must return a Float64Array of length 2/);
    assert.throws(() => conjugateGradient((v) => v, [1, NaN]), /conjugateGradient: b\[1\] must be a finite number, got NaN/);
    assert.throws(() => conjugateGradient((v) => v, [1], { tol: 0 }), /conjugateGradient: tol must be a finite number > 0, got 0/);
    assert.throws(() => conjugateGradient((v) => v, [1], { maxIter: 0.5 }), /maxIter must be a positive integer/);
  });
});

describe("small helpers", () => {
  it("matVec, matMul, transpose, dot and norm2 on hand-computed cases", () => {
    assertClose("matVec", matVec([1, 2, 3, 4, 5, 6], [1, 0, -1], 2, 3), [-2, -2], 0);
    assertClose("matMul", matMul([1, 2, 3, 4, 5, 6], [1, 0, 0, 1, 1, 1], 2, 3, 2), [4, 5, 10, 11], 0);
    assertClose("transpose", transpose([1, 2, 3, 4, 5, 6], 2, 3), [1, 4, 2, 5, 3, 6], 0);
    assert.equal(dot([1, 2, 3], [4, 5, 6]), 32);
    assert.equal(norm2([3, 4]), 5);
    assertClose("norm2 huge", [norm2([3e200, 4e200])], [5e200], 1e-15);
    assert.equal(norm2([]), 0);
  });
});
