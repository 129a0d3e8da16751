import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { foldIn, key } from "../../src/random/key.js";
import { standardNormal } from "../../src/random/samplers.js";
import { empiricalFisher } from "../../src/fisher/empiricalFisher.js";
import { naturalGradient } from "../../src/fisher/naturalGradient.js";
import { mlp } from "../../src/rl/policy/mlp.js";
import { categoricalHead, normalHead } from "../../src/rl/policy/heads.js";
import { makePolicy, type Policy } from "../../src/rl/policy/policy.js";
import { npgHyper, npgStep } from "../../src/rl/npg.js";

/** The NPG step computed densely: F from explicit score rows, Cholesky solve, β from the quadratic KL model. */
function denseStep(policy: Policy, theta: Float64Array, obs: Float64Array, act: Float64Array, adv: Float64Array, damping: number, maxKl: number): Float64Array {
  const n = adv.length;
  const P = policy.paramSize;
  const S = policy.scoreRows(theta, obs, act);
  const g = new Float64Array(P);
  for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) g[j] += (adv[i] * S[i * P + j]) / n;
  const F = empiricalFisher(S, n, P);
  const x = naturalGradient(F, g, { damping, method: "cholesky" });
  let xFx = 0;
  for (let a = 0; a < P; a++) {
    let row = damping * x[a];
    for (let b = 0; b < P; b++) row += F[a * P + b] * x[b];
    xFx += x[a] * row;
  }
  const beta = Math.sqrt((2 * maxKl) / xFx);
  return x.map((v) => beta * v);
}

describe("npgStep", () => {
  const cases: [string, Policy][] = [
    ["categorical", makePolicy(mlp(3, 3, { hidden: [4], outputGain: 1 }), categoricalHead(3))],
    ["normal", makePolicy(mlp(3, 2, { hidden: [4], outputGain: 1 }), normalHead(2))],
  ];
  for (const [name, policy] of cases) {
    it(`without line search, θ' − θ = β (F + λI)⁻¹ g with ½β² xᵀ(F + λI)x = δ, F from the per-step scores (${name})`, () => {
      const n = 40;
      const theta = policy.init(key(1));
      const obs = standardNormal(key(2), n * 3);
      const { actions, logProbs } = policy.act(key(3), theta, obs);
      const adv = standardNormal(foldIn(key(4), 0), n);
      const c = npgHyper({ damping: 0.05, maxKl: 0.01, cgIters: 4 * policy.paramSize, lineSearch: false, chunkSize: 7 });
      const { theta: next, stats } = npgStep(policy, theta, obs, actions, logProbs, adv, c);
      const expected = denseStep(policy, theta, obs, actions, adv, 0.05, 0.01);
      // CG stops at a relative residual of 1e-10, so the solution error is at most κ(F + λI)·1e-10 relative (κ ≲ 10⁴ here).
      const scale = Math.max(...expected.map(Math.abs));
      for (let j = 0; j < theta.length; j++) {
        assert.ok(Math.abs(next[j] - theta[j] - expected[j]) <= 1e-6 * scale, `θ[${j}]: ${next[j] - theta[j]} vs ${expected[j]}`);
      }
      assert.equal(stats.lineSearchFraction, 1);
    });
  }

  it("with the line search, the accepted step improves the surrogate within 1.5δ of KL, or leaves θ unchanged", () => {
    const policy = cases[0][1];
    const n = 200;
    const theta = policy.init(key(5));
    const obs = standardNormal(key(6), n * 3);
    const { actions, logProbs } = policy.act(key(7), theta, obs);
    const adv = standardNormal(key(8), n);
    const r = npgStep(policy, theta, obs, actions, logProbs, adv, npgHyper({ maxKl: 0.5 }));
    if (r.stats.lineSearchFraction === 0) assert.deepEqual(r.theta, theta);
    else {
      assert.ok(r.stats.improvement > 0);
      assert.ok(r.stats.approxKl <= 0.75);
    }
  });
});
