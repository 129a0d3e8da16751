/**
 * The law suite every distribution must pass (STYLE.md, tests §4). Call `distributionLaws(label, make, options)` inside
 * a test file; it registers one `describe` block of tests.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { drawStream, isDiagonalGaussian, streamsDraws, type Distribution, type Reparameterizable } from "../../src/distributions/distribution.js";
import { key, split } from "../../src/random/key.js";
import { simpson } from "./quadrature.js";
import { assertClose, assertWithinZ, columnStats, testSeed, zFor } from "./stats.js";

export interface LawOptions {
  /** Samples for the Monte Carlo laws (default 20 000). */
  numSamples?: number;
  /** 1-D continuous densities: integrate exp(logProb) over [lower, upper] (Simpson, 200 001 points). */
  integrate?: { lower: number; upper: number };
  /** 1-D discrete distributions: sum exp(logProb(k)) over k = 0 … max. */
  sumSupport?: { max: number };
  /** Relative tolerance of the finite-difference score check (default 1e-6). */
  fdRel?: number;
  /**
   * Finite-difference check only: keep a sample row only where this returns true (default: every row). For densities
   * with a kink (Laplace at x = μ): a row within the step h of the kink makes the difference quotient wrong.
   */
  fdKeepRow?: (dist: Distribution, row: Float64Array) => boolean;
  /** Offset for the test seed, so two suites in a file do not share draws. */
  seed?: number;
}

/** Central finite differences of Σ_i log p(x_i) rows with respect to each θ_k: returns n×P. */
export function finiteDifferenceScore(dist: Distribution, x: Float64Array, n: number): Float64Array {
  const P = dist.paramSize;
  const theta = dist.params;
  const out = new Float64Array(n * P);
  for (let k = 0; k < P; k++) {
    const h = 1e-5 * Math.max(1, Math.abs(theta[k]));
    const tp = theta.slice();
    const tm = theta.slice();
    tp[k] += h;
    tm[k] -= h;
    const lp = dist.withParams(tp).logProb(x);
    const lm = dist.withParams(tm).logProb(x);
    for (let i = 0; i < n; i++) out[i * P + k] = (lp[i] - lm[i]) / (2 * h);
  }
  return out;
}

/**
 * Central finite differences (step h in every θ_k) of gradX_iᵀ transform(ε_i; θ): the n×P rows that
 * `transformVjp(noise, gradX)` must reproduce.
 */
export function finiteDifferenceVjp(dist: Reparameterizable, noise: Float64Array, gradX: Float64Array, h = 1e-6): Float64Array {
  const P = dist.paramSize;
  const D = dist.dim;
  const n = noise.length / dist.noiseDim;
  const theta = dist.params;
  const out = new Float64Array(n * P);
  for (let k = 0; k < P; k++) {
    const tp = theta.slice();
    const tm = theta.slice();
    tp[k] += h;
    tm[k] -= h;
    const xp = (dist.withParams(tp) as Reparameterizable).transform(noise);
    const xm = (dist.withParams(tm) as Reparameterizable).transform(noise);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < D; j++) s += gradX[i * D + j] * (xp[i * D + j] - xm[i * D + j]);
      out[i * P + k] = s / (2 * h);
    }
  }
  return out;
}


export function distributionLaws(label: string, make: () => Distribution, options: LawOptions = {}): void {
  const { numSamples = 20_000, fdRel = 1e-6, seed = 0 } = options;
  describe(`${label}: distribution laws`, () => {
    it("sampleAndLogProb agrees with logProb(sample) and sample()", () => {
      const d = make();
      const k = key(testSeed(seed + 1));
      const { x, logProb } = d.sampleAndLogProb(k, 500);
      assert.equal(x.length, 500 * d.dim);
      assertClose("logProb", logProb, d.logProb(x), 1e-10);
      assertClose("same draws as sample()", x, d.sample(k, 500), 0);
    });

    it("same key gives the same draws, split keys give different draws", () => {
      const d = make();
      const k = key(testSeed(seed + 2));
      const a = d.sample(k, 200);
      assertClose("repeat", d.sample(k, 200), a, 0);
      const [k1, k2] = split(k);
      const b1 = d.sample(k1, 200);
      const b2 = d.sample(k2, 200);
      let same = 0;
      for (let i = 0; i < b1.length; i++) if (b1[i] === b2[i]) same++;
      // Continuous draws never coincide; discrete ones coincide often but not always.
      assert.ok(same < b1.length, "split keys produced identical draws");
    });

    it("streams its draws: sampleStream (or noiseStream and transform) gives the rows of sample and sampleNoise in chunks of any size", () => {
      const d = make();
      const k = key(testSeed(seed + 3));
      const chunked = (fill: (out: Float64Array) => void, width: number, sizes: number[]): Float64Array => {
        const out = new Float64Array(sizes.reduce((a, b) => a + b, 0) * width);
        let at = 0;
        for (const m of sizes) {
          fill(out.subarray(at, at + m * width));
          at += m * width;
        }
        return out;
      };
      const sizes = [1, 7, 64, 128];
      // Every family streams, so the estimators without rows hold one chunk of draws, never n × dim (heldPerSample = 0).
      assert.ok(streamsDraws(d), `${d.name} has neither sampleStream nor noiseStream`);
      assertClose("drawStream", chunked(drawStream(d, k)!, d.dim, sizes), d.sample(k, 200), 0);
      if (typeof d.sampleStream === "function") assertClose("sampleStream", chunked(d.sampleStream(k), d.dim, sizes), d.sample(k, 200), 0);
      const r = d as Partial<Reparameterizable>;
      if (r.reparameterizable === true && typeof r.noiseStream === "function") {
        assertClose("noiseStream", chunked(r.noiseStream(k), r.noiseDim!, sizes), r.sampleNoise!(k, 200), 0);
      }
      if (isDiagonalGaussian(d)) {
        // Given x too, the stream also writes the samples: the rows of sample(key, n), chunk after chunk.
        const fill = d.noiseStream(k);
        const x = chunked((xs) => fill(new Float64Array(xs.length), xs), d.dim, sizes);
        assertClose("noiseStream's samples", x, d.sample(k, 200), 0);
      }
    });

    it("score equals central finite differences of logProb", () => {
      const d = make();
      const n = 50;
      let x = d.sample(key(testSeed(seed + 3)), n);
      const keep = options.fdKeepRow;
      if (keep) {
        const D = d.dim;
        const kept: number[] = [];
        for (let i = 0; i < n; i++) if (keep(d, x.subarray(i * D, (i + 1) * D))) kept.push(...x.subarray(i * D, (i + 1) * D));
        x = Float64Array.from(kept);
      }
      assertClose("score", d.score(x), finiteDifferenceScore(d, x, x.length / d.dim), fdRel);
    });

    it("withParams(params) reproduces the distribution", () => {
      const d = make();
      const x = d.sample(key(testSeed(seed + 4)), 20);
      assertClose("logProb", d.withParams(d.params).logProb(x), d.logProb(x), 1e-12);
      assertClose("fisher", d.withParams(d.params).fisher(), d.fisher(), 1e-12);
    });

    it("E[score] = 0 and E[score scoreᵀ] = fisher() (z-test, Bonferroni)", () => {
      const d = make();
      const n = numSamples;
      const P = d.paramSize;
      const x = d.sample(key(testSeed(seed + 5)), n);
      const s = d.score(x);
      const F = d.fisher();
      const m = P + (P * (P + 1)) / 2;
      const z = zFor(m);
      const sStats = columnStats(s, n, P);
      assertWithinZ("E[score]", sStats.mean, new Float64Array(P), sStats.se, z);
      const Q = (P * (P + 1)) / 2;
      const outer = new Float64Array(n * Q);
      const truth = new Float64Array(Q);
      let q = 0;
      for (let a = 0; a < P; a++) {
        for (let b = a; b < P; b++, q++) {
          truth[q] = F[a * P + b];
          for (let i = 0; i < n; i++) outer[i * Q + q] = s[i * P + a] * s[i * P + b];
        }
      }
      const oStats = columnStats(outer, n, Q);
      assertWithinZ("E[s sᵀ] vs fisher", oStats.mean, truth, oStats.se, z);
      for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) assert.equal(F[a * P + b], F[b * P + a], "fisher symmetric");
    });

    it("mean(), variance() and entropy() agree with Monte Carlo (z-test, Bonferroni)", () => {
      const d = make();
      const n = numSamples;
      const D = d.dim;
      const { x, logProb } = d.sampleAndLogProb(key(testSeed(seed + 6)), n);
      const z = zFor(2 * D + 1);
      const xs = columnStats(x, n, D);
      assertWithinZ("mean", xs.mean, d.mean(), xs.se, z);
      const mu = d.mean();
      const sq = new Float64Array(n * D);
      for (let i = 0; i < n; i++) for (let j = 0; j < D; j++) sq[i * D + j] = (x[i * D + j] - mu[j]) ** 2;
      const sqs = columnStats(sq, n, D);
      assertWithinZ("variance", sqs.mean, d.variance(), sqs.se, z);
      const negLp = logProb.map((v) => -v);
      const es = columnStats(negLp, n, 1);
      assertWithinZ("entropy", es.mean, [d.entropy()], es.se, z);
    });

    if (options.integrate) {
      const { lower, upper } = options.integrate;
      it("the density integrates to 1", () => {
        const d = make();
        assert.equal(d.dim, 1);
        const total = simpson((t) => Math.exp(d.logProb(new Float64Array([t]))[0]), lower, upper, 200_000);
        assert.ok(Math.abs(total - 1) < 1e-6, `∫ p = ${total}`);
      });
    }
    if (options.sumSupport) {
      const { max } = options.sumSupport;
      it("the probabilities sum to 1", () => {
        const d = make();
        assert.equal(d.dim, 1);
        const ks = new Float64Array(max + 1).map((_, i) => i);
        const total = d.logProb(ks).reduce((acc, v) => acc + Math.exp(v), 0);
        assert.ok(Math.abs(total - 1) < 1e-9, `Σ p = ${total}`);
      });
    }
  });
}
