/**
 * The estimator explorer's computation (pure: the worker runs it, and the e2e tests run it in Node to check that the
 * page shows the library's numbers). One family with its parameters, one cost, n samples, one seed:
 * - every applicable estimator (src/diagnostics applicableEstimators) once on n samples: estimate ± SE and the
 *   per-sample terms of one θ coordinate (for the histogram);
 * - the variance of the estimate against n, measured from independent replicates (log-log; slope −1 is 1/n);
 * - compareEstimators: variance per sample and per evaluation of f (the CLI's `mcgrad compare` chart);
 * - checkScore: E[score] = 0 and E[s sᵀ] = F.
 */
import { applicableEstimators, compareEstimators, type EstimatorComparison } from "../../../src/diagnostics/compareEstimators.js";
import { checkScore } from "../../../src/diagnostics/checkScore.js";
import { exactExpectation } from "../../../src/diagnostics/exactExpectation.js";
import { Bernoulli } from "../../../src/distributions/bernoulli.js";
import { Beta } from "../../../src/distributions/beta.js";
import type { Distribution } from "../../../src/distributions/distribution.js";
import { Exponential } from "../../../src/distributions/exponential.js";
import { Gamma } from "../../../src/distributions/gamma.js";
import { Laplace } from "../../../src/distributions/laplace.js";
import { Normal } from "../../../src/distributions/normal.js";
import { Poisson } from "../../../src/distributions/poisson.js";
import { foldIn, key, split } from "../../../src/random/key.js";
import { makeCost } from "./costs.js";

/** The families offered, with their parameters (name, default, domain). */
export const FAMILIES: Readonly<Record<string, { params: readonly { name: string; initial: number; positive: boolean }[]; make: (p: Record<string, number>) => Distribution }>> = {
  Normal: { params: [{ name: "loc", initial: 1, positive: false }, { name: "scale", initial: 1, positive: true }], make: (p) => new Normal({ loc: p.loc, scale: p.scale }) },
  Laplace: { params: [{ name: "loc", initial: 1, positive: false }, { name: "scale", initial: 1, positive: true }], make: (p) => new Laplace({ loc: p.loc, scale: p.scale }) },
  Exponential: { params: [{ name: "rate", initial: 1, positive: true }], make: (p) => new Exponential({ rate: p.rate }) },
  Gamma: { params: [{ name: "concentration", initial: 2, positive: true }, { name: "rate", initial: 1, positive: true }], make: (p) => new Gamma({ concentration: p.concentration, rate: p.rate }) },
  Beta: { params: [{ name: "alpha", initial: 2, positive: true }, { name: "beta", initial: 3, positive: true }], make: (p) => new Beta({ alpha: p.alpha, beta: p.beta }) },
  Poisson: { params: [{ name: "rate", initial: 3, positive: true }], make: (p) => new Poisson({ rate: p.rate }) },
  Bernoulli: { params: [{ name: "logits", initial: 0.5, positive: false }], make: (p) => new Bernoulli({ logits: p.logits }) },
};

export interface ExplorerParams {
  family: string;
  params: Record<string, number>;
  cost: string;
  k: number;
  expression: string;
  n: number;
  seed: number;
  /** The θ coordinate whose per-sample terms are histogrammed. */
  coordinate: number;
}

export interface ExplorerEstimate {
  name: string;
  mean: number[];
  stderr: number[];
  /** Per-sample terms of θ[coordinate] (the first HISTOGRAM_MAX of them). */
  terms: number[];
}

export interface ExplorerResult {
  familyLabel: string;
  costLabel: string;
  /** θ's coordinates, e.g. ["loc", "log scale"]. */
  thetaLabels: string[];
  exact: number[] | null;
  exactSource: string;
  estimates: ExplorerEstimate[];
  varianceVsN: { name: string; n: number[]; variance: number[] }[];
  comparison: EstimatorComparison;
  scoreCheck: { pass: boolean; zThreshold: number; numSamples: number; scoreMean: number[]; scoreZ: number[]; fisherEstimate: number[]; fisherExact: number[]; fisherZ: number[] };
}

/** At most this many per-sample terms per estimator are sent to the page for its histogram. */
export const HISTOGRAM_MAX = 20_000;

/** The offered families whose support is finite, where exactExpectation sums it. */
const FINITE_SUPPORT = new Set(["Bernoulli"]);

const ROLE_LABEL: Record<string, string> = { location: "", logScale: "log ", logPositive: "log ", logit: "", other: "" };

/** Builds the distribution; an Error names the bad parameter. */
export function makeFamily(family: string, params: Record<string, number>): Distribution {
  const f = FAMILIES[family];
  if (!f) throw new Error(`family must be one of ${Object.keys(FAMILIES).join(", ")}, got "${family}"`);
  return f.make(params);
}

/** Labels of θ's coordinates: the family's parameter names with "log " where θ is a log. */
export function thetaLabels(family: string, dist: Distribution): string[] {
  const names = FAMILIES[family].params.map((p) => p.name);
  return dist.paramInfo().map((info, j) => `${ROLE_LABEL[info.role] ?? ""}${names[j] ?? `θ${j}`}`);
}

/** Runs the explorer's computation; see the module comment. Throws an Error with a readable message on bad input. */
export function runExplorer(p: ExplorerParams): ExplorerResult {
  if (!Number.isInteger(p.n) || p.n < 2) throw new Error(`n must be an integer ≥ 2, got ${p.n}`);
  const dist = makeFamily(p.family, p.params);
  const cost = makeCost(p.cost, p.k, p.expression);
  const f = (x: Float64Array) => cost.value(x[0]);
  const gradBuf = new Float64Array(1);
  const grad = cost.derivative && ((x: Float64Array) => ((gradBuf[0] = cost.derivative!(x[0])), gradBuf));
  const P = dist.paramSize;
  const labels = thetaLabels(p.family, dist);
  const coord = Math.min(Math.max(0, Math.floor(p.coordinate)), P - 1);
  const [kEst, kCurve, kCmp, kScore] = split(key(p.seed), 4);

  let exact: number[] | null = null;
  let exactSource = "not known in closed form for this family and cost";
  if (p.family === "Normal" && cost.gaussianGradient) {
    const sigma = p.params.scale;
    const [gMu, gSigma] = cost.gaussianGradient(p.params.loc, sigma);
    exact = [gMu, sigma * gSigma];
    exactSource = "closed form (∂/∂log σ = σ ∂/∂σ)";
  } else if (FINITE_SUPPORT.has(p.family)) {
    exact = Array.from(exactExpectation(f, dist).gradient);
    exactSource = "exact sum over the support";
  }

  const candidates = applicableEstimators(dist, { grad, keepRows: true });
  const estimates = candidates.map((c): ExplorerEstimate => {
    const g = c.run(f, kEst, p.n, grad);
    const terms: number[] = [];
    const rows = g.rows ?? new Float64Array(0); // every built-in estimator keeps them here (keepRows above)
    for (let i = 0; i < Math.min(g.numSamples, HISTOGRAM_MAX, rows.length / P); i++) terms.push(rows[i * P + coord]);
    return { name: c.name, mean: Array.from(g.mean), stderr: Array.from(g.stderr), terms };
  });

  // Variance of the estimate (summed over θ) from R independent replicates at each n on a doubling grid up to n.
  const R = 40;
  const ns: number[] = [];
  for (let m = 4; m <= Math.min(p.n, 2048); m *= 2) ns.push(m);
  const varianceVsN = candidates.map((c, ci) => {
    const variance = ns.map((m, mi) => {
      const means: Float64Array[] = [];
      for (let r = 0; r < R; r++) means.push(c.run(f, foldIn(foldIn(foldIn(kCurve, ci), mi), r), m, grad).mean);
      let total = 0;
      for (let j = 0; j < P; j++) {
        let mu = 0;
        for (const v of means) mu += v[j] / R;
        let ss = 0;
        for (const v of means) ss += (v[j] - mu) ** 2;
        total += ss / (R - 1);
      }
      return total;
    });
    return { name: c.name, n: ns, variance };
  });

  const batches = 10;
  const comparison = compareEstimators(f, dist, kCmp, { numSamples: Math.max(p.n, 4 * batches), batches, grad, ...(exact ? { truth: exact } : {}) });
  const sc = checkScore(dist, kScore, { numSamples: Math.max(p.n, 1000) });
  return {
    familyLabel: `${p.family}(${FAMILIES[p.family].params.map((q) => `${q.name} = ${p.params[q.name]}`).join(", ")})`,
    costLabel: cost.label,
    thetaLabels: labels,
    exact,
    exactSource,
    estimates,
    varianceVsN,
    comparison,
    scoreCheck: {
      pass: sc.pass,
      zThreshold: sc.zThreshold,
      numSamples: sc.numSamples,
      scoreMean: Array.from(sc.scoreMean),
      scoreZ: Array.from(sc.scoreZ),
      fisherEstimate: Array.from(sc.fisherEstimate),
      fisherExact: Array.from(sc.fisherExact),
      fisherZ: Array.from(sc.fisherZ),
    },
  };
}
