import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mlp, linear } from "../../src/rl/policy/mlp.js";
import { categoricalHead, normalHead, clipAction } from "../../src/rl/policy/heads.js";
import { makePolicy, type Policy } from "../../src/rl/policy/policy.js";
import { mlpPolicy } from "../../src/rl/policy/mlpPolicy.js";
import { actionDistribution } from "../../src/rl/policy/actionDistribution.js";
import { checkScore } from "../../src/diagnostics/checkScore.js";
import { key, foldIn } from "../../src/random/key.js";
import { standardNormal } from "../../src/random/samplers.js";
import { assertClose, testSeed } from "../helpers/stats.js";
import { assertDiscreteFrequencies } from "../helpers/frequencies.js";
import { softmaxLinear } from "./toyMdps.js";

const policies: { name: string; make: () => Policy }[] = [
  { name: "categorical, tanh MLP 3→5→4", make: () => makePolicy(mlp(3, 4, { hidden: [5], outputGain: 1 }), categoricalHead(4)) },
  { name: "categorical, linear 3→3", make: () => makePolicy(linear(3, 3), categoricalHead(3)) },
  { name: "normal, state-independent log std, relu MLP", make: () => makePolicy(mlp(3, 2, { hidden: [6], activation: "relu", outputGain: 1 }), normalHead(2, { initLogStd: -0.4 })) },
  { name: "normal, state-dependent log std", make: () => makePolicy(mlp(3, 4, { hidden: [5], outputGain: 1 }), normalHead(2, { logStd: "state-dependent" })) },
];

describe("Policy: ∇θ log π(a|s) = finite differences of log π", () => {
  policies.forEach(({ name, make }, c) => {
    it(`${name}: scoreVjp and scoreRows`, () => {
      const policy = make();
      const n = 5;
      const theta = policy.init(key(c)).map((v, j) => v + 0.3 * Math.sin(j));
      const obs = standardNormal(key(100 + c), n * policy.observationDim);
      const { actions } = policy.act(key(200 + c), theta, obs);
      const w = standardNormal(key(300 + c), n);
      const h = 1e-6;
      const fd = new Float64Array(policy.paramSize);
      const weighted = (t: Float64Array) => policy.logProb(t, obs, actions).reduce((s, lp, i) => s + w[i] * lp, 0);
      for (let j = 0; j < policy.paramSize; j++) {
        const a = theta.slice();
        const b = theta.slice();
        a[j] += h;
        b[j] -= h;
        fd[j] = (weighted(a) - weighted(b)) / (2 * h);
      }
      assertClose(`${name} scoreVjp`, policy.scoreVjp(theta, obs, actions, w), fd, 1e-6);
      const rows = policy.scoreRows(theta, obs, actions);
      const P = policy.paramSize;
      const sum = new Float64Array(P);
      for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) sum[j] += w[i] * rows[i * P + j];
      assertClose(`${name} Σ w_i rows_i`, sum, policy.scoreVjp(theta, obs, actions, w), 1e-12);
      // Weights computed from the log-probabilities in the same pass (PPO's ratios) = logProb, then scoreVjp.
      const old = policy.logProb(theta, obs, actions).map((lp, i) => lp + 0.1 * w[i]);
      const ratioWeights = (lp: Float64Array) => lp.map((l, i) => Math.exp(l - old[i]) * w[i]);
      const both = policy.logProbAndScoreVjp(theta, obs, actions, ratioWeights);
      const lp = policy.logProb(theta, obs, actions);
      assertClose(`${name} logProbs`, both.logProbs, lp, 1e-14);
      assertClose(`${name} ratio-weighted`, both.gradient, policy.scoreVjp(theta, obs, actions, ratioWeights(lp)), 1e-13);
    });
  });
});

describe("Policy: E[score] = 0 and E[s sᵀ] = Jᵀ F J at random states (the core's checkScore)", () => {
  policies.forEach(({ name, make }, c) => {
    it(name, () => {
      const policy = make();
      const theta = policy.init(key(c)).map((v, j) => v + 0.2 * Math.cos(j));
      for (let s = 0; s < 2; s++) {
        const obs = standardNormal(key(testSeed(400 + 10 * c + s)), policy.observationDim);
        const r = checkScore(actionDistribution(policy, theta, obs), key(testSeed(500 + 10 * c + s)), { numSamples: 4000, alpha: 1e-4 });
        assert.ok(r.pass, `${name} at state ${s}: worst ${r.worst.what}[${r.worst.index.join(",")}] z = ${r.worst.z.toFixed(2)} > ${r.zThreshold.toFixed(2)}`);
      }
    });
  });
});

describe("Policy.act", () => {
  it("draws from softmax(W s + b): frequencies match at a fixed state; same key ⇒ same actions", () => {
    const policy = makePolicy(linear(3, 3), categoricalHead(3));
    const theta = Float64Array.from([0.5, -1, 0.2, 0.3, 0.1, -0.7, -0.2, 0.8, 0.4, 0.1, 0, -0.3]);
    const s = [0.7, -0.2, 1.1];
    const n = 20_000;
    const obs = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) obs.set(s, i * 3);
    const { actions, logProbs } = policy.act(key(testSeed(600)), theta, obs);
    const p = softmaxLinear(theta, s, 3);
    assertDiscreteFrequencies("actions", actions, p);
    for (let i = 0; i < 10; i++) assertClose("logProb", [logProbs[i]], [Math.log(p[actions[i]])], 1e-13);
    assert.deepEqual(policy.act(key(testSeed(600)), theta, obs.subarray(0, 30)).actions, actions.subarray(0, 10));
  });

  it("Box: actions are unclipped draws of N(mean, σ²); clipAction clips only what is sent", () => {
    const space = { kind: "box" as const, low: new Float64Array([-2]), high: new Float64Array([2]), shape: [1] };
    const policy = mlpPolicy({ kind: "box", low: new Float64Array(3).fill(-1), high: new Float64Array(3).fill(1), shape: [3] }, space, { initLogStd: Math.log(3) });
    const theta = policy.init(key(7));
    const obs = new Float64Array(2000 * 3).fill(0.1);
    const { actions } = policy.act(key(8), theta, obs);
    assert.ok(actions.some((a) => Math.abs(a) > 2), "σ = 3 must give unclipped draws beyond ±2");
    const sent = clipAction(actions.subarray(0, 1), space);
    assert.ok(sent[0] >= -2 && sent[0] <= 2);
    const lp = policy.logProb(theta, obs.subarray(0, 3), actions.subarray(0, 1))[0];
    const mean = policy.distributionParams(theta, obs.subarray(0, 3))[0];
    const z = (actions[0] - mean) / 3;
    assertClose("logProb of the unclipped action", [lp], [-0.5 * z * z - Math.log(3) - 0.5 * Math.log(2 * Math.PI)], 1e-12);
  });

  it("mlpPolicy builds the head the action space calls for", () => {
    const obsSpace = { kind: "box" as const, low: new Float64Array(4), high: new Float64Array(4), shape: [4] };
    const cart = mlpPolicy(obsSpace, { kind: "discrete", n: 2 });
    assert.equal(cart.head.kind, "categorical");
    assert.equal(cart.paramSize, 4 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2);
    const cont = mlpPolicy(obsSpace, { kind: "box", low: new Float64Array(1), high: new Float64Array(1), shape: [1] });
    assert.equal(cont.paramSize, 4 * 64 + 64 + 64 * 64 + 64 + 64 + 1 + 1);
    assert.equal(cont.distributionParams(cont.init(key(0)), new Float64Array(4))[1], 0); // log std starts at 0
  });
});

describe("Policy: bad input", () => {
  const policy = makePolicy(linear(3, 2), categoricalHead(2));
  const theta = policy.init(key(0));
  it("names the function, the argument and the value", () => {
    assert.throws(() => makePolicy(linear(3, 3), categoricalHead(2)), /makePolicy: network.outputDim must equal .* 2/);
    assert.throws(() => policy.scoreVjp(theta, new Float64Array(3), new Float64Array([1]), new Float64Array([NaN])), /scoreVjp: weights\[0\] must be finite/);
    assert.throws(() => policy.scoreVjp(theta, new Float64Array(6), new Float64Array([1]), new Float64Array(2)), /scoreVjp: actions must have 2 rows/);
    assert.throws(() => policy.logProb(theta, new Float64Array(3), new Float64Array([2])), /Categorical.logProb: x\[0\] = 2 is outside the support/);
    assert.throws(() => policy.act(key(0), new Float64Array(2), new Float64Array(3)), /Policy.act: theta must have length 8/);
    assert.throws(() => categoricalHead(1), /categoricalHead: numActions/);
    assert.throws(() => normalHead(2, { logStd: "learned" as "state-dependent" }), /normalHead: logStd/);
    assert.throws(() => policy.act(foldIn(key(0), 1), theta, new Float64Array([0, NaN, 0])), /must be finite|not finite|NaN/);
  });
});
