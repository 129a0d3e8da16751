import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { key, foldIn } from "../../src/random/key.js";
import { standardNormal } from "../../src/random/samplers.js";
import { Categorical } from "../../src/distributions/categorical.js";
import { Normal } from "../../src/distributions/normal.js";
import { mlp } from "../../src/rl/policy/mlp.js";
import { categoricalHead, normalHead } from "../../src/rl/policy/heads.js";
import { makePolicy, type Policy } from "../../src/rl/policy/policy.js";
import { ppoInit, ppoLoss, ppoUpdate, type ActorCritic, type PpoBatch } from "../../src/rl/ppo.js";
import type { PpoOptions } from "../../src/rl/ppoOptions.js";
import { permutation } from "../../src/random/permutation.js";
import { entropyGradient } from "../../src/rl/policyTerms.js";

/** A random minibatch for `ac` at θ: old log-probs perturbed so that some ratios fall outside [1 − ε, 1 + ε]. */
function batchFor(ac: ActorCritic, theta: Float64Array, n: number, seed: number, spread: number): PpoBatch {
  const { policy } = ac;
  const obs = standardNormal(key(seed), n * policy.observationDim);
  const thetaPi = theta.subarray(0, policy.paramSize);
  const { actions, logProbs } = policy.act(foldIn(key(seed), 1), thetaPi, obs);
  const noise = standardNormal(foldIn(key(seed), 2), 4 * n);
  const old = logProbs.map((lp, i) => lp + spread * noise[i]);
  const values = ac.critic.forward(theta.subarray(policy.paramSize), obs).map((v, i) => v + spread * noise[n + i]);
  return {
    observations: obs,
    actions,
    logProbs: old,
    advantages: noise.subarray(2 * n, 3 * n).slice(),
    returns: noise.subarray(3 * n, 4 * n).slice(),
    values,
  };
}

/** Central differences of ppoLoss in every coordinate of θ. */
function finiteDifferences(ac: ActorCritic, theta: Float64Array, mb: PpoBatch, options: PpoOptions, h = 1e-6): Float64Array {
  const g = new Float64Array(theta.length);
  for (let j = 0; j < theta.length; j++) {
    const plus = theta.slice();
    plus[j] += h;
    const minus = theta.slice();
    minus[j] -= h;
    g[j] = (ppoLoss(ac, plus, mb, options).loss - ppoLoss(ac, minus, mb, options).loss) / (2 * h);
  }
  return g;
}

function actorCritic(policy: Policy): { ac: ActorCritic; theta: Float64Array } {
  const critic = mlp(policy.observationDim, 1, { hidden: [5] });
  const theta = new Float64Array(policy.paramSize + critic.paramSize);
  theta.set(policy.init(key(3)));
  theta.set(critic.init(key(4)), policy.paramSize);
  // Larger output weights than the 0.01 init, so that ratios move and the entropy term matters.
  for (let j = 0; j < theta.length; j++) theta[j] *= 1 + 0.5 * Math.sin(j);
  return { ac: { policy, critic }, theta };
}

const cases: [string, Policy][] = [
  ["categorical", makePolicy(mlp(3, 3, { hidden: [6], outputGain: 1 }), categoricalHead(3))],
  ["normal, state-independent log std", makePolicy(mlp(3, 2, { hidden: [6], outputGain: 1 }), normalHead(2, { initLogStd: -0.3 }))],
];

describe("ppoLoss", () => {
  for (const [name, policy] of cases) {
    it(`gradient = central finite differences (${name}, clipped value loss, entropy bonus)`, () => {
      const { ac, theta } = actorCritic(policy);
      const mb = batchFor(ac, theta, 24, 11, 0.3);
      const options = { clipCoef: 0.2, entropyCoef: 0.05, valueCoef: 0.7, clipValueLoss: true };
      const { gradient, stats } = ppoLoss(ac, theta, mb, options);
      // The batch must exercise both branches of both clips, or the test could not catch a wrong mask.
      assert.ok(stats.clipFraction > 0.1 && stats.clipFraction < 0.9, `clip fraction ${stats.clipFraction}`);
      const fd = finiteDifferences(ac, theta, mb, options);
      for (let j = 0; j < theta.length; j++) {
        assert.ok(Math.abs(gradient[j] - fd[j]) <= 1e-6 * Math.max(1, Math.abs(fd[j])), `θ[${j}]: ${gradient[j]} vs FD ${fd[j]}`);
      }
    });
  }

  it("at r = 1 (first minibatch) the surrogate gradient is −(1/n) Σ A_t ∇ log π and approxKl = clipFraction = 0", () => {
    const { ac, theta } = actorCritic(cases[0][1]);
    const mb0 = batchFor(ac, theta, 16, 5, 0);
    const mb = { ...mb0, logProbs: ac.policy.logProb(theta.subarray(0, ac.policy.paramSize), mb0.observations, mb0.actions) };
    const { gradient, stats } = ppoLoss(ac, theta, mb, { entropyCoef: 0, valueCoef: 0 });
    const expected = ac.policy.scoreVjp(theta.subarray(0, ac.policy.paramSize), mb.observations, mb.actions, mb.advantages.map((a) => -a / 16));
    for (let j = 0; j < expected.length; j++) assert.ok(Math.abs(gradient[j] - expected[j]) <= 1e-14 * Math.max(1, Math.abs(expected[j])));
    assert.equal(stats.approxKl, 0);
    assert.equal(stats.clipFraction, 0);
  });

  it("refuses bad options, naming them", () => {
    const { ac, theta } = actorCritic(cases[0][1]);
    const mb = batchFor(ac, theta, 4, 1, 0);
    assert.throws(() => ppoLoss(ac, theta, mb, { clipCoef: -1 }), /ppo: clipCoef must be a finite number > 0, got -1/);
    assert.throws(() => ppoLoss(ac, theta, mb, { epochs: 1.5 }), /ppo: epochs must be a positive integer, got 1.5/);
  });
});

describe("entropyGradient", () => {
  it("Categorical: equals central differences of the entropy in the logits", () => {
    const logits = [0.3, -1.2, 2];
    const g = entropyGradient(new Categorical({ logits }));
    for (let j = 0; j < 3; j++) {
      const up = logits.slice();
      up[j] += 1e-6;
      const dn = logits.slice();
      dn[j] -= 1e-6;
      const fd = (new Categorical({ logits: up }).entropy() - new Categorical({ logits: dn }).entropy()) / 2e-6;
      assert.ok(Math.abs(g[j] - fd) < 1e-8, `${g[j]} vs ${fd}`);
    }
  });
  it("Normal: [0, 1] in [loc, log scale]", () => {
    assert.deepEqual(Array.from(entropyGradient(new Normal({ loc: [1, 2], scale: [0.5, 3] }))), [0, 0, 1, 1]);
  });
});

describe("ppoUpdate", () => {
  it("lowers the loss on its own batch and reports the epochs run; the same key gives the same θ", () => {
    const { ac, theta } = actorCritic(cases[0][1]);
    const batch = batchFor(ac, theta, 64, 9, 0);
    const fresh = { ...batch, logProbs: ac.policy.logProb(theta.subarray(0, ac.policy.paramSize), batch.observations, batch.actions) };
    const options = { learningRate: 1e-2, normalizeAdvantages: false, entropyCoef: 0 };
    const before = ppoLoss(ac, theta, fresh, options).loss;
    const a = ppoUpdate(key(1), ac, theta, ppoInit(theta, options), fresh, options);
    const b = ppoUpdate(key(1), ac, theta, ppoInit(theta, options), fresh, options);
    assert.ok(ppoLoss(ac, a.theta, fresh, options).loss < before);
    assert.equal(a.stats.epochs, 4);
    assert.deepEqual(a.theta, b.theta);
  });

  it("permutation is a permutation", () => {
    const p = Array.from(permutation(key(2), 50)).sort((x, y) => x - y);
    assert.deepEqual(p, Array.from({ length: 50 }, (_, i) => i));
  });
});
