/**
 * Issue 7, defect class 1 (hangs and wrong answers), one named test per reported defect. Each failed before its fix.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import { Categorical, effectiveSampleSize, importanceSampling, key, poissonEntropy } from "../../src/index.js";

it("poissonEntropy(0 | -1 | NaN | null | ∞) throws naming lambda instead of never returning", () => {
  for (const bad of [0, -1, NaN, null, Infinity, -0, undefined]) {
    assert.throws(() => poissonEntropy(bad as number), /^Error: poissonEntropy: lambda must be a finite number > 0, got /);
  }
});

it('poissonEntropy("1") throws instead of coercing the string to 1.3048', () => {
  assert.throws(() => poissonEntropy("1" as unknown as number), /poissonEntropy: lambda must be a finite number > 0, got "1"/);
  assert.throws(() => poissonEntropy(1n as unknown as number), /poissonEntropy: lambda .* got 1n/);
});

it("poissonEntropy is finite and right at both ends of float64 (tiny λ: λ(1 − log λ); huge λ: ½ log(2πeλ))", () => {
  const tiny = 1e-300;
  assert.ok(Math.abs(poissonEntropy(tiny) / (tiny * (1 - Math.log(tiny))) - 1) < 1e-12);
  const huge = 1e308;
  assert.ok(Math.abs(poissonEntropy(huge) - 0.5 * Math.log(2 * Math.PI * Math.E * 1e300) - 0.5 * Math.log(1e8)) < 1e-12);
});

it("effectiveSampleSize is shift-invariant: four equal log-weights give 4 at −1e16 and −1e10 as at 0", () => {
  for (const l of [0, -1e10, -1e16, 1e16, -1e300, 1e300]) {
    assert.equal(effectiveSampleSize([l, l, l, l]), 4, `log-weight ${l}`);
  }
  // Unequal weights: exp(−1e16 + [0, log 2]) must give the same ESS as [0, log 2]: (1 + 2)² / (1 + 4) = 1.8.
  assert.ok(Math.abs(effectiveSampleSize([-1e6, -1e6 + Math.LN2]) - 1.8) < 1e-9);
});

it("effectiveSampleSize([-1e308, -1e308]) is 2, not NaN", () => {
  assert.equal(effectiveSampleSize([-1e308, -1e308]), 2);
  assert.equal(effectiveSampleSize([-Number.MAX_VALUE, -Number.MAX_VALUE, -Infinity]), 2);
});

it("importanceSampling reports a finite ESS when every log-weight is near −1e308 (it passed NaN on)", () => {
  // Target puts mass ≈ 1 on category 0, the proposal on category 1: every proposal draw has log-weight −1e308.
  const target = new Categorical({ logits: [0, -1e308] });
  const proposal = new Categorical({ logits: [-1e308, 0] });
  for (const selfNormalized of [false, true]) {
    const r = importanceSampling(() => 1, target, proposal, key(3), { numSamples: 16, selfNormalized, supportCheckSamples: 0 });
    assert.equal(r.ess, 16, `selfNormalized ${selfNormalized}`);
    assert.ok(r.mean.every(Number.isFinite) && Number.isFinite(r.value));
  }
});
