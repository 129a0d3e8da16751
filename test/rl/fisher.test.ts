import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { policyFisherVectorProduct } from "../../src/rl/policy/fisher.js";
import { actionDistribution } from "../../src/rl/policy/actionDistribution.js";
import { makePolicy } from "../../src/rl/policy/policy.js";
import { categoricalHead, normalHead } from "../../src/rl/policy/heads.js";
import { mlp } from "../../src/rl/policy/mlp.js";
import { fisherVectorProduct } from "../../src/fisher/empiricalFisher.js";
import { key } from "../../src/random/key.js";
import { standardNormal } from "../../src/random/samplers.js";
import { assertClose } from "../helpers/stats.js";

const policies = [
  { name: "categorical", policy: makePolicy(mlp(3, 3, { hidden: [4], outputGain: 1 }), categoricalHead(3)) },
  { name: "normal, shared log std", policy: makePolicy(mlp(3, 2, { hidden: [4], outputGain: 1 }), normalHead(2, { initLogStd: 0.3 })) },
  { name: "normal, state-dependent", policy: makePolicy(mlp(3, 4, { hidden: [4], outputGain: 1 }), normalHead(2, { logStd: "state-dependent" })) },
];

describe("policyFisherVectorProduct", () => {
  policies.forEach(({ name, policy }, c) => {
    it(`${name}: exact = mean of Jᵀ F_dist J (explicit matrices), empirical = the core's FVP of the score rows; chunking changes nothing`, () => {
      const n = 7;
      const P = policy.paramSize;
      const theta = policy.init(key(c)).map((x, j) => x + 0.2 * Math.sin(j));
      const obs = standardNormal(key(10 + c), n * 3);
      const v = standardNormal(key(20 + c), P);
      const want = new Float64Array(P);
      for (let i = 0; i < n; i++) {
        const F = actionDistribution(policy, theta, obs.subarray(i * 3, i * 3 + 3)).fisher();
        for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) want[a] += (F[a * P + b] * v[b]) / n;
      }
      for (const chunkSize of [1, 3, 256]) {
        assertClose(`${name} exact (chunks of ${chunkSize})`, policyFisherVectorProduct(policy, theta, obs, { chunkSize })(v), want, 1e-12);
        const damped = policyFisherVectorProduct(policy, theta, obs, { chunkSize, damping: 0.5 })(v);
        assertClose(`${name} damping`, damped, want.map((x, j) => x + 0.5 * v[j]), 1e-12);
      }
      const { actions } = policy.act(key(30 + c), theta, obs);
      const rows = policy.scoreRows(theta, obs, actions);
      const emp = fisherVectorProduct(rows, n, P)(v);
      assertClose(`${name} empirical`, policyFisherVectorProduct(policy, theta, obs, { kind: "empirical", actions, chunkSize: 2 })(v), emp, 1e-12);
      // Products after the first reuse the kept rows: the same numbers, to the bit, as recomputing them every time.
      for (const opts of [{ chunkSize: 3 }, { kind: "empirical" as const, actions, chunkSize: 2 }]) {
        const kept = policyFisherVectorProduct(policy, theta, obs, opts);
        const fresh = policyFisherVectorProduct(policy, theta, obs, { ...opts, cacheBytes: 0 });
        for (let t = 0; t < 3; t++) {
          const u = standardNormal(key(40 + t), P);
          assert.deepEqual(kept(u), fresh(u), `${name} ${opts.kind ?? "exact"}: product ${t} differs with the row cache`);
        }
      }
    });
  });

  it("bad input", () => {
    const { policy } = policies[0];
    const theta = policy.init(key(0));
    assert.throws(() => policyFisherVectorProduct(policy, theta, new Float64Array(3), { kind: "empirical" }), /policyFisherVectorProduct: actions must be a Float64Array/);
    assert.throws(() => policyFisherVectorProduct(policy, theta, new Float64Array(3), { damping: -1 }), /damping must be a finite number ≥ 0, got -1/);
    assert.throws(() => policyFisherVectorProduct(policy, theta, new Float64Array(3), { cacheBytes: NaN }), /policyFisherVectorProduct: cacheBytes must be a number ≥ 0, got NaN/);
    assert.throws(() => policyFisherVectorProduct(policy, theta, new Float64Array(3))(new Float64Array(2)), /v must be a Float64Array of length P/);
  });
});
