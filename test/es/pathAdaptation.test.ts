// The "path" step-size adaptation of xNES and SNES (cumulation as in CMA-ES): the normalized mean step is N(0, I)
// under random selection, σ grows on a linear slope and shrinks when far too large, det B stays 1, the low-rank
// B update still equals the dense one, the state resumes bit for bit, and the variants solve what the defaults do.
import { test } from "node:test";
import assert from "node:assert/strict";
import { foldIn, key } from "../../src/random/key.js";
import { stream } from "../../src/random/stream.js";
import { xnes, type XnesState } from "../../src/es/xnes.js";
import { snes, type SnesState } from "../../src/es/snes.js";
import { rotateByExpm } from "../../src/es/expmUpdate.js";
import { cumulationParameters, updatePaths } from "../../src/es/cumulation.js";
import { nesUtilities } from "../../src/es/shaping.js";
import { minimize } from "../../src/es/minimize.js";
import { evaluatePopulation, type EsStateBase, type Population, type Strategy } from "../../src/es/strategy.js";
import { deserializeState, serializeState } from "../../src/es/serialize.js";
import { rosenbrock, sphere } from "../../src/es/testFunctions.js";
import { cholesky, expmSymmetric, matMul } from "../../src/util/linalg.js";
import { assertClose, testSeed, zFor } from "../helpers/stats.js";

const path = { stepSizeAdaptation: "path" } as const;
const algs = { xnes, snes } as unknown as Record<string, Strategy<EsStateBase, object, Population>>;

function run<S extends EsStateBase>(alg: Strategy<S, object, Population>, state: S, f: (x: Float64Array) => number, seed: number, from: number, to: number): S {
  for (let g = from; g < to; g++) {
    const p = alg.ask(foldIn(key(seed), g), state);
    state = alg.tell(state, p, evaluatePopulation(f, p));
  }
  return state;
}

/** The overall scale: σ for xNES (det B = 1), the geometric mean of the σ_j for SNES. */
function scale(s: EsStateBase): number {
  const sig = (s as XnesState | SnesState).sigma;
  if (typeof sig === "number") return sig;
  let l = 0;
  for (const v of sig) l += Math.log(v);
  return Math.exp(l / sig.length);
}

test("z = Σ u_k s_k / ‖u‖ is N(0, I) under random selection: E‖z‖² = d (utilities independent of the noise)", () => {
  const d = 10;
  const n = 10;
  const params = cumulationParameters(d, n);
  const zero = new Float64Array(d);
  const r = stream(key(testSeed(40)));
  const N = 4000;
  const sq = new Float64Array(N);
  const a2 = params.cSigma * (2 - params.cSigma);
  for (let t = 0; t < N; t++) {
    const s = new Float64Array(n * d);
    r.fillNormal(s);
    const u = Float64Array.from({ length: n }, () => r.uniform()); // random "fitness" → random ranks
    const util = nesUtilities(u);
    const g = new Float64Array(d);
    for (let k = 0; k < n; k++) for (let j = 0; j < d; j++) g[j] += util[k] * s[k * d + j];
    // From p_σ = 0 at generation 0, p_σ' = √(c_σ(2 − c_σ)) z.
    const { pathSigma } = updatePaths(params, zero, zero, util, g, 0);
    let q = 0;
    for (const v of pathSigma) q += v * v;
    sq[t] = q / a2;
  }
  let m = 0;
  for (const v of sq) m += v / N;
  let v2 = 0;
  for (const v of sq) v2 += (v - m) ** 2 / (N - 1);
  const se = Math.sqrt(v2 / N);
  assert.ok(Math.abs(m - d) <= zFor(1) * se, `E‖z‖² = ${m} ± ${se}, expected ${d}`);
});

for (const [name, alg] of Object.entries(algs)) {
  test(`${name} path: σ grows ×1000 on a linear slope and shrinks ×10 when σ0 is far too large at the optimum`, () => {
    const linear = (x: Float64Array) => x[0] + 0.5 * x[1];
    const up = run(alg, alg.init(key(1), new Float64Array(8), { sigma0: 1, ...path }), linear, testSeed(41), 0, 40);
    assert.ok(scale(up) > 1e3, `${name}: σ after 40 generations on a slope = ${scale(up)}`);
    const down = run(alg, alg.init(key(2), new Float64Array(8), { sigma0: 1000, ...path }), sphere.f, testSeed(42), 0, 80);
    assert.ok(scale(down) < 100, `${name}: σ after 80 generations at the optimum from σ0 = 1000: ${scale(down)}`);
  });

  test(`${name} path: 10 generations, JSON round-trip, 10 more = 20 uninterrupted, bit for bit (d = 6 and 30)`, () => {
    for (const d of [6, 30]) {
      const x0 = Float64Array.from({ length: d }, (_, i) => 0.3 * Math.sin(i + 1));
      const s0 = alg.init(key(3), x0, { sigma0: 0.5, ...path });
      const straight = run(alg, s0, rosenbrock.f, testSeed(43), 0, 20);
      const json = serializeState(run(alg, s0, rosenbrock.f, testSeed(43), 0, 10));
      const resumed = run(alg, deserializeState(json), rosenbrock.f, testSeed(43), 10, 20);
      assert.equal(serializeState(resumed), serializeState(straight));
    }
  });
}

test("xnes path keeps det B = 1 (dense d = 4 and low-rank d = 30 updates, with the evolution-path term)", () => {
  for (const d of [4, 30]) {
    const s = run(xnes, xnes.init(key(4), new Float64Array(d), { sigma0: 0.5, ...path }), rosenbrock.f, testSeed(44), 0, 60);
    // det(B)² = det(B Bᵀ) = Π L_ii² for the Cholesky factor L of B Bᵀ.
    const bbt = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) bbt[i * d + j] += s.B[i * d + k] * s.B[j * d + k];
    const L = cholesky(bbt, d);
    let logDet = 0;
    for (let i = 0; i < d; i++) logDet += Math.log(L[i * d + i]);
    assertClose(`log det B (d = ${d})`, [logDet], [0], 1e-10);
  }
});

test("rotateByExpm equals the dense B·expm(h(Σ u s sᵀ − cI)) for a well-spread and a nearly rank-deficient set of rows", () => {
  const d = 20;
  const n = 8;
  const r = stream(key(testSeed(45)));
  const B = new Float64Array(d * d);
  r.fillNormal(B);
  for (let i = 0; i < d; i++) B[i * d + i] += 4;
  for (const nearlyDependent of [false, true]) {
    const s = new Float64Array(n * d);
    r.fillNormal(s);
    if (nearlyDependent) for (let j = 0; j < d; j++) s[d + j] = s[j] + 1e-6 * s[d + j]; // row 1 ≈ row 0
    const u = Float64Array.from({ length: n }, () => r.normal());
    const bs = new Float64Array(n * d);
    for (let k = 0; k < n; k++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) bs[k * d + i] += B[i * d + j] * s[k * d + j];
    const h = 0.05;
    const c = 0.7;
    const G = new Float64Array(d * d);
    for (let k = 0; k < n; k++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) G[i * d + j] += h * u[k] * s[k * d + i] * s[k * d + j];
    for (let i = 0; i < d; i++) G[i * d + i] -= h * c;
    const dense = matMul(B, expmSymmetric(G, d), d, d, d);
    assertClose(`B·expm (nearly dependent rows: ${nearlyDependent})`, rotateByExpm(B, d, s, bs, u, h, c), dense, 1e-9);
  }
});

test("the path variants solve what the paper defaults solve, with fewer evaluations to spare", () => {
  const r = minimize(rosenbrock.f, new Float64Array(5), { sigma0: 0.5, seed: testSeed(46), maxEvals: 6_000, target: 1e-10, algorithmOptions: path });
  assert.equal(r.stop, "target", `xnes path on Rosenbrock: stopped by ${r.stop} at f = ${r.fx} after ${r.evals}`);
  const s = minimize(sphere.f, new Float64Array(10).fill(1), { algorithm: "snes", seed: testSeed(47), maxEvals: 4_000, target: 1e-10, algorithmOptions: path });
  assert.equal(s.stop, "target", `snes path on the sphere: stopped by ${s.stop} at f = ${s.fx} after ${s.evals}`);
});

test("stepSizeAdaptation must be \"nes\" or \"path\"", () => {
  assert.throws(() => xnes.init(key(0), [1, 2], { stepSizeAdaptation: "csa" as never }), /xnes\.init: stepSizeAdaptation must be "nes" or "path", got "csa"/);
  assert.throws(() => snes.init(key(0), [1, 2], { stepSizeAdaptation: 1 as never }), /snes\.init: stepSizeAdaptation must be "nes" or "path", got 1/);
});
