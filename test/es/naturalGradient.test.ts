// One tell() step moves the search distribution along the score-function natural-gradient estimate, computed here
// independently from the candidates x (not the internal noise), the closed-form score and the Fisher information.
import { test } from "node:test";
import assert from "node:assert/strict";
import { foldIn, key } from "../../src/random/key.js";
import { Normal } from "../../src/distributions/normal.js";
import { cholesky, choleskySolve } from "../../src/util/linalg.js";
import { xnes } from "../../src/es/xnes.js";
import { snes } from "../../src/es/snes.js";
import { evaluatePopulation } from "../../src/es/strategy.js";
import { nesUtilities } from "../../src/es/shaping.js";
import { rosenbrock } from "../../src/es/testFunctions.js";
import { assertClose } from "../helpers/stats.js";

test("SNES: Δμ = η_μ F⁻¹ĝ_μ and Δlog σ = η_σ F⁻¹ĝ_logσ, with ĝ = Σ u_k score(x_k) from Normal's closed forms", () => {
  const d = 4;
  let s = snes.init(key(3), [0.5, -1, 2, 0], { sigma0: 2, etaMu: 0.7 });
  for (let g = 0; g < 5; g++) {
    const p = snes.ask(foldIn(key(4), g), s);
    s = snes.tell(s, p, evaluatePopulation(rosenbrock.f, p));
  }
  const p = snes.ask(key(99), s);
  const fitness = evaluatePopulation(rosenbrock.f, p);
  const next = snes.tell(s, p, fitness);
  const u = nesUtilities(fitness);
  const dist = new Normal({ loc: s.mean, scale: s.sigma });
  const scores = dist.score(p.x); // n × 2d, θ = [loc, log scale]
  const F = dist.fisher();
  const P = 2 * d;
  const g = new Float64Array(P);
  for (let k = 0; k < p.size; k++) for (let j = 0; j < P; j++) g[j] += u[k] * scores[k * P + j];
  const natural = choleskySolve(cholesky(F, P), g, P);
  const dMu = Array.from({ length: d }, (_, j) => next.mean[j] - s.mean[j]);
  const dLogSigma = Array.from({ length: d }, (_, j) => Math.log(next.sigma[j]) - Math.log(s.sigma[j]));
  assertClose("Δμ", dMu, natural.slice(0, d).map((v) => 0.7 * v), 1e-10);
  assertClose("Δlog σ", dLogSigma, natural.slice(d).map((v) => s.learningRateSigma * v), 1e-10);
});

test("xNES: Δμ = η_μ Σ ĝ_μ with ĝ_μ = Σ u_k Σ⁻¹(x_k − μ), and the covariance moves along Σ u_k((x−μ)(x−μ)ᵀ − Σ)", () => {
  const d = 3;
  const eta = 1e-6; // small covariance rates: compare with the first-order (natural-gradient) change of Σ
  let s = xnes.init(key(5), [0.3, -0.2, 1.5], { sigma0: 2 });
  for (let g = 0; g < 30; g++) {
    const p = xnes.ask(foldIn(key(6), g), s);
    s = xnes.tell(s, p, evaluatePopulation(rosenbrock.f, p));
  }
  s = { ...s, learningRateMean: 0.8, learningRateSigma: eta, learningRateShape: eta };
  const p = xnes.ask(key(7), s);
  const fitness = evaluatePopulation(rosenbrock.f, p);
  const next = xnes.tell(s, p, fitness);
  const u = nesUtilities(fitness);
  // Σ = σ² B Bᵀ, built from the state; the score of N(μ, Σ) w.r.t. μ is Σ⁻¹(x − μ) and its Fisher is Σ⁻¹.
  const cov = (sig: number, B: Float64Array) => {
    const C = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) C[i * d + j] += sig * sig * B[i * d + k] * B[j * d + k];
    return C;
  };
  const Sigma = cov(s.sigma, s.B);
  const L = cholesky(Sigma, d);
  const gMu = new Float64Array(d);
  const gCov = new Float64Array(d * d);
  for (let k = 0; k < p.size; k++) {
    const r = Array.from({ length: d }, (_, j) => p.x[k * d + j] - s.mean[j]);
    const score = choleskySolve(L, r, d);
    for (let j = 0; j < d; j++) gMu[j] += u[k] * score[j];
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) gCov[i * d + j] += u[k] * (r[i] * r[j] - Sigma[i * d + j]);
  }
  const naturalMu = Array.from({ length: d }, (_, i) => {
    let acc = 0;
    for (let j = 0; j < d; j++) acc += Sigma[i * d + j] * gMu[j];
    return 0.8 * acc;
  });
  assertClose("Δμ", Array.from({ length: d }, (_, j) => next.mean[j] - s.mean[j]), naturalMu, 1e-9);
  const SigmaNext = cov(next.sigma, next.B);
  const dCov = Array.from(SigmaNext, (v, i) => (v - Sigma[i]) / eta);
  // First-order agreement: the O(η) remainder is ~η·|gCov|², far below 1e-4 relative.
  assertClose("ΔΣ/η", dCov, Array.from(gCov), 1e-4);
  // det B stays 1.
  const b = next.B;
  const det = b[0] * (b[4] * b[8] - b[5] * b[7]) - b[1] * (b[3] * b[8] - b[5] * b[6]) + b[2] * (b[3] * b[7] - b[4] * b[6]);
  assert.ok(Math.abs(det - 1) < 1e-12, `det B = ${det}`);
});

test("xNES low-rank B update (λ < d) equals the dense expm update", async () => {
  const { rotateByExpm } = await import("../../src/es/xnes.js");
  const { expmSymmetric, matMul } = await import("../../src/util/linalg.js");
  const d = 12;
  let s = xnes.init(key(8), new Float64Array(d).fill(1), { popSize: 5 });
  for (let g = 0; g < 20; g++) {
    const p = xnes.ask(foldIn(key(9), g), s);
    s = xnes.tell(s, p, evaluatePopulation(rosenbrock.f, p));
  }
  const p = xnes.ask(key(10), s);
  const u = nesUtilities(evaluatePopulation(rosenbrock.f, p));
  const h = 0.3;
  let c = 0;
  for (let k = 0; k < 5; k++) for (let j = 0; j < d; j++) c += (u[k] * p.noise[k * d + j] ** 2) / d;
  const G = new Float64Array(d * d);
  for (let k = 0; k < 5; k++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) G[i * d + j] += h * u[k] * p.noise[k * d + i] * p.noise[k * d + j];
  for (let i = 0; i < d; i++) G[i * d + i] -= h * c;
  const dense = matMul(s.B, expmSymmetric(G, d), d, d, d);
  assertClose("B·expm", rotateByExpm(s.B, d, p.noise, p.bs, u, h, c), dense, 1e-11);
});
