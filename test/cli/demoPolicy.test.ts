/** `mcgrad demo` section 4 (policy gradients): the printed table and evaluations are the computed numbers. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { foldIn, key } from "../../src/random/key.js";
import { POLICY_DEMO_SETUP, runPolicySection } from "../../src/cli/demoPolicy.js";
import { fmt, pm } from "../../src/cli/demoFormat.js";

describe("demo section 4: policy gradients", () => {
  const s = runPolicySection(foldIn(key(0), 3), { seed: 0 });

  it("prints every variant's variance and SNR, relative to the whole-trajectory estimator", () => {
    const plain = s.variance.find((v) => v.variant === "trajectory");
    assert.ok(plain !== undefined);
    for (const v of s.variance) {
      assert.ok(Number.isFinite(v.totalVariance) && v.totalVariance > 0, `${v.variant}: ${v.totalVariance}`);
      assert.ok(s.text.includes(`${v.variant} `) && s.text.includes(fmt(v.totalVariance)) && s.text.includes(`${fmt(v.totalVariance / plain.totalVariance)}×`));
    }
    assert.deepEqual(s.variance.map((v) => v.variant), ["trajectory", "trajectoryMean", "trajectoryOptimal", "rewardToGo", "rewardToGoMean"]);
  });

  it("prints the short run's evaluations, from the initial policy to the solving one (or the end of the budget)", () => {
    assert.equal(s.training[0].steps, 0);
    const last = s.training[s.training.length - 1];
    assert.ok(s.solved ? last.mean >= 475 : last.steps >= POLICY_DEMO_SETUP.trainSteps);
    assert.ok(s.text.includes(s.solved ? "— solved" : "— not solved"));
    for (const e of s.training) assert.ok(s.text.includes(`${e.steps} steps: ${pm(e.mean, e.stderr)}`));
  });
});
