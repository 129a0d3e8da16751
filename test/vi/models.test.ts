/**
 * The built-in models' closed forms against independent computations: the conjugate regression's posterior and
 * evidence against the marginal N(y; 0, σ²I + τ²XXᵀ), the mean-field optimum as a stationary point, gradients
 * against finite differences, terms summing to the log joint, minibatches unbiased, the mixture's evidence and ELBO
 * against brute-force enumeration of every assignment, and EM at a stationary point of the likelihood.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { key, split } from "../../src/random/key.js";
import { Stream } from "../../src/random/stream.js";
import { cholesky, solveLower } from "../../src/util/linalg.js";
import type { Model } from "../../src/vi/model.js";
import { gaussianElbo, linearRegression, meanFieldOptimum, syntheticLinearRegression } from "../../src/vi/models/linearRegression.js";
import { logisticPredictive, logisticRegression } from "../../src/vi/models/logisticRegression.js";
import { breastCancerRegression } from "../../src/vi/models/breastCancer.js";
import { gaussianMixture, mixtureLogLikelihoods } from "../../src/vi/models/gaussianMixture.js";
import { irisMixture } from "../../src/vi/models/irisMixture.js";
import { checkDependencies } from "../../src/vi/checkDependencies.js";
import { independentCategorical } from "../../src/distributions/product.js";
import { assertClose, assertWithinZ, testSeed, zFor } from "../helpers/stats.js";

const BREAST = readFileSync(new URL("../../data/breast-cancer-wisconsin.csv", import.meta.url), "utf8");
const IRIS = readFileSync(new URL("../../data/iris.csv", import.meta.url), "utf8");

/** Central finite differences of logJoint against gradLogJoint, and its returned value against logJoint. */
function checkGradient(label: string, model: Model, z: Float64Array): void {
  const g = new Float64Array(model.dim);
  const value = (model.gradLogJoint as NonNullable<Model["gradLogJoint"]>)(z, g);
  assertClose(`${label} value`, [value], [model.logJoint(z)], 1e-12);
  const fd = new Float64Array(model.dim);
  for (let j = 0; j < model.dim; j++) {
    const h = 1e-5 * Math.max(1, Math.abs(z[j]));
    const zp = z.slice();
    const zm = z.slice();
    zp[j] += h;
    zm[j] -= h;
    fd[j] = (model.logJoint(zp) - model.logJoint(zm)) / (2 * h);
  }
  assertClose(`${label} gradient`, g, fd, 1e-6);
}

function checkTerms(label: string, model: Model, z: Float64Array): void {
  const sum = (model.terms ?? []).reduce((s, t) => s + t.logDensity(z), 0);
  assertClose(`${label} Σ terms`, [sum], [model.logJoint(z)], 1e-11);
}

function normals(k: ReturnType<typeof key>, n: number): Float64Array {
  const s = new Stream(k);
  return Float64Array.from({ length: n }, () => s.normal());
}

describe("linearRegression", () => {
  const data = syntheticLinearRegression(key(testSeed(1)), { n: 30, d: 4, noiseScale: 0.7, priorScale: 1.5 });
  const model = linearRegression(data);
  const post = model.posterior();
  const { n, d } = { n: 30, d: 4 };

  it("log evidence equals log N(y; 0, σ²I + τ²XXᵀ), computed independently", () => {
    const C = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += data.x[a * d + j] * data.x[b * d + j];
        C[a * n + b] = 1.5 ** 2 * s + (a === b ? 0.7 ** 2 : 0);
      }
    }
    const L = cholesky(C, n);
    const u = solveLower(L, data.y, n);
    let logDet = 0;
    for (let a = 0; a < n; a++) logDet += Math.log(L[a * n + a]);
    const truth = -0.5 * n * Math.log(2 * Math.PI) - logDet - 0.5 * u.reduce((s, v) => s + v * v, 0);
    assertClose("log evidence", [post.logEvidence], [truth], 1e-10);
  });

  it("posterior: Λ·cov = I, and the mean makes the log joint's gradient vanish", () => {
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += post.precision[a * d + k] * post.covariance[k * d + b];
        assertClose(`(Λ Σ)[${a}][${b}]`, [s], [a === b ? 1 : 0], 1e-10);
      }
    }
    const g = new Float64Array(d);
    model.gradLogJoint?.(post.mean, g);
    assertClose("∇ log p at the mean", g, new Float64Array(d), 1e-9);
  });

  it("gradient = finite differences; terms sum to the log joint", () => {
    const z = normals(key(testSeed(2)), d);
    checkGradient("linreg", model, z);
    checkTerms("linreg", model, z);
  });

  it("the exact ELBO of a Gaussian guide matches a Monte Carlo average of log p − log q", () => {
    // Guide N(μ, S) with S = A Aᵀ: ELBO = E_q[log p(y, w)] + ½ log det(2πe S).
    const mu = Float64Array.from(post.mean, (v, j) => v + 0.3 * (j - 1));
    const A = new Float64Array(d * d);
    for (let j = 0; j < d; j++) for (let k = 0; k <= j; k++) A[j * d + k] = j === k ? 0.4 + 0.1 * j : 0.05 * (j - k);
    const S = new Float64Array(d * d);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) for (let k = 0; k < d; k++) S[a * d + b] += A[a * d + k] * A[b * d + k];
    let logDetA = 0;
    for (let j = 0; j < d; j++) logDetA += Math.log(A[j * d + j]);
    const entropy = 0.5 * d * (1 + Math.log(2 * Math.PI)) + logDetA;
    const m = 20_000;
    const eps = normals(key(testSeed(3)), m * d);
    const values = new Float64Array(m);
    const w = new Float64Array(d);
    for (let i = 0; i < m; i++) {
      for (let a = 0; a < d; a++) {
        w[a] = mu[a];
        for (let k = 0; k <= a; k++) w[a] += A[a * d + k] * eps[i * d + k];
      }
      values[i] = model.logJoint(w) + entropy;
    }
    const mean = values.reduce((s, v) => s + v, 0) / m;
    const se = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (m - 1) / m);
    assertWithinZ("ELBO", [mean], [gaussianElbo(post, mu, S)], [se], zFor(1));
    assertClose("ELBO at the posterior", [gaussianElbo(post, post.mean, post.covariance)], [post.logEvidence], 1e-12);
  });

  it("the mean-field optimum is a stationary point of the diagonal Gaussian ELBO, below the evidence", () => {
    const { loc, scale } = meanFieldOptimum(post);
    const elbo = (mu: Float64Array, logSd: Float64Array): number => {
      const S = new Float64Array(d * d);
      for (let j = 0; j < d; j++) S[j * d + j] = Math.exp(2 * logSd[j]);
      return gaussianElbo(post, mu, S);
    };
    const logSd = scale.map(Math.log);
    const at = elbo(loc, logSd);
    assert.ok(at < post.logEvidence, `mean-field ELBO ${at} must be below the evidence ${post.logEvidence} (correlated posterior)`);
    const h = 1e-5;
    for (let j = 0; j < 2 * d; j++) {
      const bump = (s: number): number => {
        const m = loc.slice();
        const l = logSd.slice();
        if (j < d) m[j] += s;
        else l[j - d] += s;
        return elbo(m, l);
      };
      const grad = (bump(h) - bump(-h)) / (2 * h);
      assert.ok(Math.abs(grad) < 1e-6, `∂ELBO/∂θ[${j}] = ${grad} at the mean-field optimum`);
      assert.ok(bump(0.01) < at && bump(-0.01) < at, `θ[${j}] ± 0.01 must lower the ELBO`);
    }
  });
});

describe("logisticRegression", () => {
  const { model, test } = breastCancerRegression(BREAST, key(0));

  it("the data: 569 rows split 455/114, training features standardized, bias first", () => {
    assert.equal(model.n + test.n, 569);
    assert.equal(model.dim, 31);
    for (let j = 0; j < 31; j++) {
      let m = 0;
      let v = 0;
      for (let i = 0; i < model.n; i++) m += model.x[i * 31 + j] / model.n;
      for (let i = 0; i < model.n; i++) v += (model.x[i * 31 + j] - m) ** 2 / model.n;
      if (j === 0) assertClose("bias column", [m, v], [1, 0], 1e-12);
      else assertClose(`feature ${j} mean, variance`, [m, v], [0, 1], 1e-9);
    }
  });

  it("gradient = finite differences and terms sum to the log joint, full data and minibatch", () => {
    const z = normals(key(testSeed(4)), 31).map((v) => 0.3 * v);
    checkGradient("blr", model, z);
    checkTerms("blr", model, z);
    const batch = model.subsample(key(5));
    checkGradient("blr batch", batch, z);
    checkTerms("blr batch", batch, z);
    assert.equal(batch.terms?.length, 31 + 32);
  });

  it("a minibatch log joint is unbiased for the full one (N/B scaling)", () => {
    const z = normals(key(testSeed(6)), 31).map((v) => 0.2 * v);
    const m = 4000;
    const values = split(key(testSeed(7)), m).map((k) => model.subsample(k).logJoint(z));
    const mean = values.reduce((s, v) => s + v, 0) / m;
    const se = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (m - 1) / m);
    assertWithinZ("E[minibatch log joint]", [mean], [model.logJoint(z)], [se], zFor(1));
    const whole = logisticRegression({ x: model.x, y: model.y, d: 31 });
    assert.equal(whole.subsample(key(1)).logJoint(z), whole.logJoint(z));
  });

  it("logisticPredictive: one weight sample gives the plug-in classifier and log likelihood", () => {
    const w = normals(key(testSeed(8)), 31).map((v) => 0.5 * v);
    let correct = 0;
    let ll = 0;
    for (let i = 0; i < test.n; i++) {
      let e = 0;
      for (let j = 0; j < 31; j++) e += test.x[i * 31 + j] * w[j];
      const p = 1 / (1 + Math.exp(-e));
      if ((p >= 0.5 ? 1 : 0) === test.y[i]) correct++;
      ll += Math.log(test.y[i] === 1 ? p : 1 - p) / test.n;
    }
    const r = logisticPredictive(test.x, test.y, 31, w, 1);
    assertClose("accuracy, log likelihood", [r.accuracy, r.logLikelihood], [correct / test.n, ll], 1e-9);
  });

  it("refuses labels other than 0/1 and a minibatch larger than the data, naming them", () => {
    assert.throws(() => logisticRegression({ x: [1, 2], y: [0, 2], d: 1 }), /logisticRegression: y\[1\] must be 0 or 1, got 2/);
    assert.throws(() => logisticRegression({ x: [1, 2], y: [0, 1], d: 1, batchSize: 3 }), /logisticRegression: batchSize/);
  });
});

describe("gaussianMixture", () => {
  it("evidence, posterior and ELBO equal brute-force sums over all K^n assignments", () => {
    const x = new Float64Array([0.1, -0.3, 1.2, 0.8, 2.5, 2.2, 0.9, 1.9, -0.5, 0.4]);
    const params = {
      weights: new Float64Array([0.5, 0.3, 0.2]),
      means: new Float64Array([0, 0, 1, 1, 2.5, 2]),
      covariances: new Float64Array([1, 0.2, 0.2, 0.5, 0.4, 0, 0, 0.4, 1.5, -0.3, -0.3, 0.8]),
    };
    const model = gaussianMixture(x, 2, params);
    const n = 5;
    const K = 3;
    const z = new Float64Array(n);
    const logJoints: number[] = [];
    for (let c = 0; c < K ** n; c++) {
      for (let i = 0, r = c; i < n; i++, r = Math.floor(r / K)) z[i] = r % K;
      logJoints.push(model.logJoint(z));
    }
    const max = Math.max(...logJoints);
    const logZ = max + Math.log(logJoints.reduce((s, v) => s + Math.exp(v - max), 0));
    assertClose("log evidence", [model.logEvidence], [logZ], 1e-12);
    // A mean-field guide's exact ELBO, Σ_z q(z)(log p(x, z) − log q(z)), by enumeration.
    const logits = Float64Array.from({ length: n * K }, (_, j) => Math.sin(3 * j));
    const logq = (i: number, k: number): number => {
      const row = Array.from({ length: K }, (_, c) => logits[i * K + c]);
      const m = Math.max(...row);
      return logits[i * K + k] - m - Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    };
    let elbo = 0;
    for (let c = 0; c < K ** n; c++) {
      let lq = 0;
      for (let i = 0, r = c; i < n; i++, r = Math.floor(r / K)) lq += logq(i, r % K);
      elbo += Math.exp(lq) * (logJoints[c] - lq);
    }
    assertClose("ELBO", [model.elbo(logits)], [elbo], 1e-11);
    assertClose("ELBO at the posterior", [model.elbo(model.responsibilities.map(Math.log))], [model.logEvidence], 1e-11);
    checkTerms("mixture", model, new Float64Array([0, 2, 1, 1, 0]));
    assert.throws(() => model.logJoint(new Float64Array([0, 3, 1, 1, 0])), /gaussianMixture: latent z\[1\] must be a component index in 0…2, got 3/);
  });

  it("EM on Iris ends at a stationary point of the likelihood, having never decreased it", () => {
    const { params, data, model } = irisMixture(IRIS);
    const ll = params.logLikelihood;
    for (let t = 1; t < ll.length; t++) assert.ok(ll[t] >= ll[t - 1] - 1e-9, `EM log likelihood fell at iteration ${t}: ${ll[t - 1]} → ${ll[t]}`);
    assertClose("evidence = final EM log likelihood", [model.logEvidence], [ll[ll.length - 1]], 1e-9);
    const total = (means: Float64Array): number => {
      const ell = mixtureLogLikelihoods(data.x, 4, { ...params, means });
      let s = 0;
      for (let i = 0; i < 150; i++) s += Math.log(Math.exp(ell[3 * i]) + Math.exp(ell[3 * i + 1]) + Math.exp(ell[3 * i + 2]));
      return s;
    };
    for (let j = 0; j < 12; j++) {
      const h = 1e-5;
      const up = params.means.slice();
      const down = params.means.slice();
      up[j] += h;
      down[j] -= h;
      const g = (total(up) - total(down)) / (2 * h);
      assert.ok(Math.abs(g) < 1e-4, `∂ log p(x)/∂μ[${j}] = ${g} at the EM fit`);
    }
  });
});

describe("term declarations (checkDependencies)", () => {
  it("every built-in model's terms read only the latents they declare, and sum to the log joint", () => {
    const reg = linearRegression(syntheticLinearRegression(key(testSeed(40)), { n: 20, d: 3 }));
    const blr = breastCancerRegression(BREAST, key(0)).model.subsample(key(testSeed(41)));
    const mix = irisMixture(IRIS).model;
    const cases: [string, Model, Float64Array, Parameters<typeof checkDependencies>[3]][] = [
      ["linreg", reg, normals(key(testSeed(42)), 3), {}],
      ["blr minibatch", blr, normals(key(testSeed(43)), 31).map((v) => 0.3 * v), {}],
      ["mixture", mix, Float64Array.from({ length: 150 }, (_, i) => i % 3), { guide: independentCategorical(new Float64Array(450), 3) }],
    ];
    for (const [label, model, z, options] of cases) {
      const report = checkDependencies(model, z, key(testSeed(44)), options);
      assert.ok(report.ok, `${label}: ${report.message}`);
    }
  });

  it("finds a term that reads a latent it did not declare (the check can fail)", () => {
    const base = linearRegression(syntheticLinearRegression(key(testSeed(45)), { n: 5, d: 2 }));
    const lying: Model = { ...base, terms: base.terms?.map((t, k) => (k === 0 ? { ...t, latents: [1] } : t)) };
    assert.equal(checkDependencies(lying, new Float64Array([0.3, -0.2]), key(testSeed(46))).ok, false);
  });
});
