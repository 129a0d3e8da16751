/**
 * `mcgrad demo`, section 2: variance before and after each reduction of src/variance/ and src/estimators/, on two
 * small problems with a known gradient — a Gaussian with a smooth cost, and independent Bernoullis with a cost that
 * is a sum of terms (for the downstream rule and exact enumeration). Every number comes from a library call; the
 * exact gradients come from the closed forms of diagnostics/gaussianCosts.ts and from `exactExpectation` (a sum over
 * the 2³ Bernoulli outcomes). References: Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §§6–8.
 */
import { exactExpectation } from "../diagnostics/exactExpectation.js";
import { Bernoulli } from "../distributions/bernoulli.js";
import { Normal } from "../distributions/normal.js";
import { importanceSampling } from "../estimators/importanceSampling.js";
import { measureValued } from "../estimators/measureValued.js";
import { pathwise } from "../estimators/pathwise.js";
import type { GradientEstimate, SampleFunction } from "../estimators/result.js";
import { scoreFunction } from "../estimators/scoreFunction.js";
import { split, type Key } from "../random/key.js";
import { controlVariateTransform } from "../variance/controlVariate.js";
import { deltaMethodControlVariate } from "../variance/deltaMethod.js";
import { downstreamScoreFunction, type CostTerm } from "../variance/downstream.js";
import { enumeratedScoreFunction } from "../variance/enumerate.js";
import { scoreFunctionWithTransform } from "../variance/transform.js";
import { fmt, pm, table } from "./demoFormat.js";
import { cosCost, quadraticCost } from "../diagnostics/gaussianCosts.js";
import { progress } from "./progress.js";

/** The two problems, as plain data (the tests recompute the truth from these independently). */
export const VARIANCE_DEMO_SETUP = {
  /** x ~ N(mu, sigma²), f(x) = cos(k x) + c x²; θ = [μ, log σ]. */
  gaussian: { mu: 1, sigma: 2, k: 1.5, c: 0.3, proposals: [{ loc: 1, scale: 3 }, { loc: 3, scale: 1.2 }] },
  /** x ~ Bernoulli(σ(logits)) independently; f(x) = const + Σ_c w_c x_c + pair·x₀x₁; θ = logits. */
  bernoulli: { logits: [0.5, -1, 1.5], constant: 5, weights: [3, -2, 4], pair: 2 },
} as const;

/** One estimator's result on one problem. */
export interface ReductionRow {
  id: string;
  label: string;
  mean: number[];
  stderr: number[];
  /** Per-sample variance of the gradient rows, per parameter coordinate. */
  variance: number[];
  /** Evaluations of f per sample (counted). */
  fPerSample: number;
  /** Evaluations of f′ per sample (counted; the pathwise estimator's). */
  gradPerSample: number;
  /** Σ_j variance_j × (fPerSample + gradPerSample): the per-evaluation variance (as in `compareEstimators`). */
  variancePerEvaluation: number;
  /** Kish's effective sample size (importance sampling only). */
  ess?: number;
}

/** One problem: its exact gradient and every estimator's result (the first row is the plain score function). */
export interface ReductionProblem {
  id: "gaussian" | "bernoulli";
  title: string;
  params: string[];
  exact: number[];
  rows: ReductionRow[];
}

/** What section 2 computed. */
export interface VarianceSection {
  samples: number;
  problems: ReductionProblem[];
  text: string;
}

/** One estimator: gets f (and f's additive terms), both counting their evaluations. */
type Run = (f: SampleFunction, key: Key, terms: CostTerm[]) => GradientEstimate & { ess?: number };

/**
 * Runs every estimator on the same key (common random numbers where the samplers allow), counting evaluations of f;
 * an evaluation of all T terms of f counts as one evaluation of f (each term counts 1/T).
 */
function compare(
  f: SampleFunction,
  terms: CostTerm[],
  gradCounter: { calls: number },
  key: Key,
  n: number,
  runs: readonly { id: string; label: string; run: Run }[],
  tick: () => void,
): ReductionRow[] {
  return runs.map(({ id, label, run }) => {
    let calls = 0;
    let termCalls = 0;
    const counted: SampleFunction = (x) => {
      calls++;
      return f(x);
    };
    const countedTerms = terms.map((t) => ({
      deps: t.deps,
      f: (x: Float64Array) => {
        termCalls++;
        return t.f(x);
      },
    }));
    gradCounter.calls = 0;
    const g = run(counted, key, countedTerms);
    tick();
    const fPerSample = (calls + termCalls / terms.length) / n;
    const gradPerSample = gradCounter.calls / n;
    const total = g.variance.reduce((a, v) => a + v, 0);
    const row: ReductionRow = {
      id,
      label,
      mean: Array.from(g.mean),
      stderr: Array.from(g.stderr),
      variance: Array.from(g.variance),
      fPerSample,
      gradPerSample,
      variancePerEvaluation: total * (fPerSample + gradPerSample),
    };
    if (g.ess !== undefined) row.ess = g.ess;
    return row;
  });
}

/** A problem before it runs: its f (and f's terms), exact gradient and estimators. */
interface ProblemSetup extends Omit<ReductionProblem, "rows"> {
  f: SampleFunction;
  /** Counts the evaluations of f′ (only the pathwise estimator makes them). */
  gradCounter: { calls: number };
  terms: CostTerm[];
  runs: { id: string; label: string; run: Run }[];
}

function gaussianProblem(n: number): ProblemSetup {
  const { mu, sigma, k, c, proposals } = VARIANCE_DEMO_SETUP.gaussian;
  const dist = new Normal({ loc: mu, scale: sigma });
  // f = cos(kx) + c·x², from the library's costs (diagnostics/gaussianCosts.ts) with their derivatives.
  const f: SampleFunction = (x) => cosCost.value(x[0], k) + c * quadraticCost.value(x[0], 0);
  const gradCounter = { calls: 0 };
  const grad = (x: Float64Array) => (gradCounter.calls++, [cosCost.derivative(x[0], k) + c * quadraticCost.derivative(x[0], 0)]);
  const derivative = (x: Float64Array) => [cosCost.derivative(x[0], k) + c * quadraticCost.derivative(x[0], 0)];
  const hessian = (x: Float64Array) => [cosCost.secondDerivative(x[0], k) + c * quadraticCost.secondDerivative(x[0], 0)];
  const delta = controlVariateTransform(deltaMethodControlVariate(f, derivative, hessian));
  // Exact: E[cos kx] and E[x²] have closed forms (gaussianCosts.ts, in (μ, σ)); ∂/∂log σ = σ ∂/∂σ.
  const gc = cosCost.gradient(mu, sigma, k);
  const gq = quadraticCost.gradient(mu, sigma, 0);
  const exact = [gc[0] + c * gq[0], sigma * (gc[1] + c * gq[1])];
  const runs: { id: string; label: string; run: Run }[] = [
    { id: "score", label: "score function", run: (g, kk) => scoreFunction(g, dist, kk, { numSamples: n }) },
    { id: "mean", label: "+ leave-one-out mean baseline", run: (g, kk) => scoreFunction(g, dist, kk, { numSamples: n, baseline: "mean" }) },
    { id: "optimal", label: "+ optimal baseline", run: (g, kk) => scoreFunction(g, dist, kk, { numSamples: n, baseline: "optimal" }) },
    { id: "delta", label: "+ delta-method control variate", run: (g, kk) => scoreFunctionWithTransform(g, dist, kk, delta, delta.init(), { numSamples: n }).estimate },
    { id: "measureValued", label: "measure-valued (coupled)", run: (g, kk) => measureValued(g, dist, kk, { numSamples: n }) },
    { id: "pathwise", label: "pathwise (needs f')", run: (g, kk) => pathwise(g, dist, kk, { numSamples: n, grad }) },
    ...proposals.map((q, i) => ({
      id: `is${i}`,
      label: `importance sampling, q = N(${q.loc}, ${q.scale}²)`,
      run: ((g, kk) => importanceSampling(g, dist, new Normal(q), kk, { numSamples: n })) as Run,
    })),
  ];
  return { id: "gaussian", title: `x ~ N(${mu}, ${sigma}²), f(x) = cos(${k}x) + ${c}x²`, params: ["μ", "log σ"], exact, f, gradCounter, terms: [{ f, deps: [0] }], runs };
}

function bernoulliProblem(n: number): ProblemSetup {
  const { logits, constant, weights, pair } = VARIANCE_DEMO_SETUP.bernoulli;
  const dist = new Bernoulli({ logits: [...logits] });
  const terms: CostTerm[] = [
    { f: () => constant, deps: [] },
    ...weights.map((w, c) => ({ f: (x: Float64Array) => w * x[c], deps: [c] })),
    { f: (x) => pair * x[0] * x[1], deps: [0, 1] },
  ];
  const f: SampleFunction = (x) => terms.reduce((s, t) => s + t.f(x), 0);
  const runs: { id: string; label: string; run: Run }[] = [
    { id: "score", label: "score function", run: (g, kk) => scoreFunction(g, dist, kk, { numSamples: n }) },
    { id: "mean", label: "+ leave-one-out mean baseline", run: (g, kk) => scoreFunction(g, dist, kk, { numSamples: n, baseline: "mean" }) },
    { id: "optimal", label: "+ optimal baseline", run: (g, kk) => scoreFunction(g, dist, kk, { numSamples: n, baseline: "optimal" }) },
    // The downstream rule gets f as its terms, each with the coordinates it reads.
    { id: "downstream", label: "Rao-Blackwell: downstream terms only", run: (_g, kk, ts) => downstreamScoreFunction(ts, dist, kk, { numSamples: n }) },
    {
      id: "downstreamMean",
      label: "  … + leave-one-out mean baseline",
      run: (_g, kk, ts) => downstreamScoreFunction(ts, dist, kk, { numSamples: n, baseline: "mean" }),
    },
    { id: "enumerate", label: "Rao-Blackwell: exact enumeration", run: (g, kk) => enumeratedScoreFunction(g, dist, kk, { numSamples: n }) },
    { id: "measureValued", label: "measure-valued", run: (g, kk) => measureValued(g, dist, kk, { numSamples: n }) },
  ];
  const sum = weights.map((w, c) => `${w < 0 ? "− " : "+ "}${Math.abs(w)}x${"₀₁₂₃₄₅₆₇₈₉"[c]}`).join(" ");
  const title = `x ~ Bernoulli(σ(${logits.join(", ")})), f(x) = ${constant} ${sum} + ${pair}x₀x₁, given as ${terms.length} terms with the coordinates each reads`;
  return { id: "bernoulli", title, params: logits.map((_, c) => `logit${c}`), exact: Array.from(exactExpectation(f, dist).gradient), f, gradCounter: { calls: 0 }, terms, runs };
}

/** Runs section 2 on `samples` samples per estimator. */
export function runVarianceSection(sectionKey: Key, opts: { samples: number; progress: boolean }): VarianceSection {
  const n = opts.samples;
  const setups = [gaussianProblem(n), bernoulliProblem(n)];
  const keys = split(sectionKey, setups.length);
  const bar = progress("demo 2/4 variance reduction", setups.reduce((s, p) => s + p.runs.length, 0), { enabled: opts.progress });
  let problems: ReductionProblem[];
  try {
    problems = setups.map(({ f, terms, gradCounter, runs, ...p }, i) => ({
      ...p,
      rows: compare(f, terms, gradCounter, keys[i], n, runs, () => bar.tick(1, { problem: p.id })),
    }));
  } finally {
    bar.stop();
  }
  return { samples: n, problems, text: formatVariance(problems, n) };
}

/** A per-sample variance that is rounding noise around a constant row counts as zero. */
function isZeroVariance(variance: number, mean: number): boolean {
  return variance <= 1e-20 * Math.max(1, mean * mean);
}

function formatVariance(problems: ReductionProblem[], n: number): string {
  const out: string[] = [
    `2. Variance reduction — per-sample variance before/after each reduction, ${n} samples per estimator`,
    "var (ratio): per-sample variance and, in brackets, the plain score function's variance divided by it (higher is better);",
    "c: evaluations of f and f′ per sample (counted); Σvar·c: the summed per-sample variance times c, the per-evaluation variance",
    "that decides at a fixed budget of evaluations (lower is better). The rows of one problem share their random key (common random numbers).",
  ];
  for (const p of problems) {
    const base = p.rows[0].variance;
    const header = ["estimator", "c", ...p.params.map((q) => `∂${q}`), ...p.params.map((q) => `var ∂${q} (ratio)`), "Σvar·c"];
    const body: string[][] = [["exact", "", ...p.exact.map(fmt), ...p.params.map(() => ""), ""]];
    for (const r of p.rows) {
      const vars = r.variance.map((v, j) => (isZeroVariance(v, r.mean[j]) ? "0 (∞)" : `${fmt(v)} (${(base[j] / v).toPrecision(3)}×)`));
      const mean = r.mean.map((m, j) => (isZeroVariance(r.variance[j], m) ? `${fmt(m)} ± 0` : pm(m, r.stderr[j])));
      body.push([r.label, String(Number((r.fPerSample + r.gradPerSample).toFixed(2))), ...mean, ...vars, fmt(r.variancePerEvaluation)]);
    }
    out.push("", p.title, ...table(header, body, 1).map((l) => `  ${l}`));
    for (const r of p.rows.filter((q) => q.ess !== undefined)) {
      const ess = r.ess as number;
      const warn = ess < 0.2 * n ? " — collapsed: a few weights dominate; neither the estimate nor its standard error is to be trusted" : "";
      out.push(`  ${r.label}: effective sample size ${ess.toFixed(0)} of ${n} (${((100 * ess) / n).toFixed(1)} %)${warn}`);
    }
  }
  return out.join("\n");
}
