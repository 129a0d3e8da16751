/**
 * `mcgrad compare`: which gradient estimator to use for one cost under one distribution, counting what each costs.
 * It runs `compareEstimators` (src/diagnostics/compareEstimators.ts) on a cost of diagnostics/gaussianCosts.ts under
 * a family chosen by option, prints the ranking by work-normalized variance (per-sample variance × evaluations per
 * sample) with standard errors, and writes the comparison as an SVG. No maths here: it calls the library.
 */
import { join } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { compareEstimators, type CandidateEstimator, type EstimatorComparison } from "../diagnostics/compareEstimators.js";
import { gaussianCost, gaussianCosts } from "../diagnostics/gaussianCosts.js";
import type { Distribution } from "../distributions/distribution.js";
import { Exponential } from "../distributions/exponential.js";
import { Laplace } from "../distributions/laplace.js";
import { Normal } from "../distributions/normal.js";
import type { SampleFunction } from "../estimators/result.js";
import { key } from "../random/key.js";
import { controlVariateTransform } from "../variance/controlVariate.js";
import { deltaMethodControlVariate, isDiagonalLocationScale } from "../variance/deltaMethod.js";
import { transformEstimator } from "../variance/transformEstimator.js";
import { comparisonSpec } from "../plots/comparisonSpec.js";
import { fmt, pm, table } from "./demoFormat.js";
import { choiceOption, intAtLeastOption, intOption, numberOption, positiveNumberOption } from "./options.js";
import { ensureOutDir, writeSvg } from "./plot.js";

/** The families `--dist` offers, with the parameters they read. */
export const COMPARE_FAMILIES = {
  normal: (p: FamilyParams) => new Normal({ loc: p.loc, scale: p.scale }),
  laplace: (p: FamilyParams) => new Laplace({ loc: p.loc, scale: p.scale }),
  exponential: (p: FamilyParams) => new Exponential({ rate: p.rate }),
} as const;
export type CompareFamily = keyof typeof COMPARE_FAMILIES;

/** Parameters of the `--dist` families (each family reads its own). */
export interface FamilyParams {
  loc: number;
  scale: number;
  rate: number;
}

/** Options of {@link runCompare}. */
export interface CompareRunOptions {
  /** Cost name of diagnostics/gaussianCosts.ts (default "cos"), and its k (default 1). */
  cost?: string;
  k?: number;
  /** Family (default "normal") and its parameters (defaults loc 1, scale 1, rate 1). */
  dist?: CompareFamily;
  params?: Partial<FamilyParams>;
  /** Samples per estimator (default 20 000) in `batches` batches (default 50). */
  samples?: number;
  batches?: number;
  /** Cost of one f′ evaluation in evaluations of f (default 1). */
  gradientCost?: number;
  seed?: number;
  /** Directory of the SVG (default "out"); null writes none. */
  out?: string | null;
}

/** What {@link runCompare} computed and wrote. */
export interface CompareRunResult {
  comparison: EstimatorComparison;
  /** The exact gradient in θ when the family is the Normal (closed form), else null. */
  truth: number[] | null;
  svgPath: string | null;
  text: string;
  /** The JSON summary (plain arrays). */
  json: Record<string, unknown>;
}

/** Runs the comparison, writes the SVG and returns the report. */
export async function runCompare(options: CompareRunOptions = {}): Promise<CompareRunResult> {
  const { cost: costName = "cos", k = 1, dist: family = "normal", samples = 20_000, batches = 50, gradientCost = 1, seed = 0, out = "out" } = options;
  const params: FamilyParams = { loc: 1, scale: 1, rate: 1, ...options.params };
  const cost = gaussianCost(costName);
  if (!Object.hasOwn(COMPARE_FAMILIES, family)) throw new Error(`runCompare: dist must be one of ${Object.keys(COMPARE_FAMILIES).join(", ")}, got ${JSON.stringify(family)}`);
  if (out !== null) ensureOutDir("runCompare", out);
  const dist = COMPARE_FAMILIES[family](params);
  const f: SampleFunction = (x) => cost.value(x[0], k);
  const grad = (x: Float64Array) => [cost.derivative(x[0], k)];
  const extra: CandidateEstimator[] = [];
  if (isDiagonalLocationScale(dist)) {
    // The delta-method control variate needs a location–scale family; it evaluates f, f′ and f″ at the mean once per batch.
    const t = controlVariateTransform(deltaMethodControlVariate(f, grad, (x) => [cost.secondDerivative(x[0], k)]));
    extra.push(transformEstimator(dist, t, "score function + delta-method CV"));
  }
  const truth = family === "normal" ? thetaGradient(cost.gradient(params.loc, params.scale, k), params.scale) : null;
  const comparison = compareEstimators(f, dist, key(seed), { numSamples: samples, batches, grad, gradientCost, extra, ...(truth ? { truth } : {}) });
  const title = `f(x) = ${cost.formula} with k = ${k}, x ~ ${describe(family, params)}`;
  const svgPath = out === null ? null : await writeSvg(comparisonSpec(title, comparison), join(out, `compare-${cost.name}-k${k}-${family}-seed${seed}.svg`));
  const json = {
    cost: cost.name,
    k,
    dist: family,
    params: pick(family, params),
    seed,
    numSamples: comparison.numSamples,
    batches: comparison.batches,
    gradientCost,
    truth,
    estimators: comparison.estimators.map((e) => ({
      ...e,
      mean: Array.from(e.mean),
      stderr: Array.from(e.stderr),
      variance: Array.from(e.variance),
      varianceStderr: Array.from(e.varianceStderr),
      ...(e.biasZ ? { biasZ: Array.from(e.biasZ) } : {}),
    })),
    svgPath,
  };
  return { comparison, truth, svgPath, text: format(title, comparison, dist, truth, seed, svgPath), json };
}

/** (∂/∂μ, ∂/∂σ) → θ = (μ, log σ): ∂/∂log σ = σ ∂/∂σ. */
function thetaGradient(g: [number, number], sigma: number): number[] {
  return [g[0], sigma * g[1]];
}

function pick(family: CompareFamily, p: FamilyParams): Partial<FamilyParams> {
  return family === "exponential" ? { rate: p.rate } : { loc: p.loc, scale: p.scale };
}

function describe(family: CompareFamily, p: FamilyParams): string {
  if (family === "exponential") return `Exponential(rate ${p.rate})`;
  return `${family === "normal" ? "N" : "Laplace"}(${p.loc}, ${p.scale}${family === "normal" ? "²" : ""})`;
}

function format(title: string, cmp: EstimatorComparison, dist: Distribution, truth: number[] | null, seed: number, svgPath: string | null): string {
  const header = ["rank", "estimator", "c", "Σvar (per sample)", "Σvar·c (per evaluation)", "µs/sample", "Σvar·µs"];
  const body = cmp.estimators.map((e, i) => [
    String(i + 1),
    e.name,
    String(Number(e.costPerSample.toFixed(3))),
    pm(e.totalVariance, e.totalVarianceStderr),
    pm(e.workVariance, e.workVarianceStderr),
    fmt(e.secondsPerSample * 1e6),
    fmt(e.timeVariance * 1e6),
  ]);
  const lines = [
    `mcgrad compare — ${title}; ${cmp.numSamples} samples per estimator in ${cmp.batches} batches, seed ${seed}`,
    `θ = [${dist.paramInfo().map((q) => q.role).join(", ")}]. c = evaluations of f per sample + ${cmp.gradientCost}·(evaluations of f′);`,
    "ranked by Σvar·c, the work-normalized variance: at a fixed budget of evaluations the lowest gives the most precise gradient.",
    "± one standard error (batch means). Wall time varies from run to run.",
    "",
    ...table(header, body, 2),
  ];
  if (truth !== null) {
    const worst = Math.max(...cmp.estimators.flatMap((e) => Array.from(e.biasZ ?? [], Math.abs)));
    lines.push("", `exact ∇θ = [${truth.map(fmt).join(", ")}]; largest |estimate − exact|/SE over all estimators: ${worst.toFixed(2)}`);
  }
  lines.push("", svgPath === null ? "(no plot written)" : `plot: ${svgPath}`);
  return lines.join("\n");
}

/** Registers `mcgrad compare` on the program. */
export function registerCompare(program: Command): void {
  program
    .command("compare")
    .description("rank the gradient estimators for one cost and distribution by variance × evaluations per sample (with SEs); writes an SVG")
    .option("--cost <name>", `cost f(x; k): ${gaussianCosts.map((c) => `${c.name} = ${c.formula}`).join(", ")}`, choiceOption(Object.fromEntries(gaussianCosts.map((c) => [c.name, c]))), "cos")
    .option("--k <number>", "the cost's parameter k", finiteOption, 1)
    .option("--dist <family>", `distribution: ${Object.keys(COMPARE_FAMILIES).join(", ")}`, choiceOption(COMPARE_FAMILIES), "normal")
    .option("--loc <number>", "location μ (normal, laplace)", finiteOption, 1)
    .option("--scale <number>", "scale σ > 0 (normal, laplace)", positiveNumberOption, 1)
    .option("--rate <number>", "rate λ > 0 (exponential)", positiveNumberOption, 1)
    .option("--samples <n>", "samples per estimator (≥ 2 per batch)", intAtLeastOption(4), 20_000)
    .option("--batches <n>", "batches for the standard errors (≥ 2)", intAtLeastOption(2), 50)
    .option("--gradient-cost <c>", "cost of one f′ evaluation in evaluations of f (> 0)", positiveNumberOption, 1)
    .option("--seed <n>", "integer random seed", intOption, 0)
    .option("--out <dir>", "directory for the SVG", "out")
    .option("--json", "print one JSON object as the last line")
    .action(async (o: { cost: string; k: number; dist: CompareFamily; loc: number; scale: number; rate: number; samples: number; batches: number; gradientCost: number; seed: number; out: string; json?: boolean }) => {
      if (Math.floor(o.samples / o.batches) < 2) throw usage(`option '--samples <n>' argument '${o.samples}' is invalid. expected at least 2 samples per batch (--batches ${o.batches}).`);
      try {
        ensureOutDir("compare", o.out);
      } catch (e) {
        throw usage(`option '--out <dir>' argument '${o.out}' is invalid. ${(e as Error).message.replace(/^compare: /, "")}.`);
      }
      const r = await runCompare({
        cost: o.cost,
        k: o.k,
        dist: o.dist,
        params: { loc: o.loc, scale: o.scale, rate: o.rate },
        samples: o.samples,
        batches: o.batches,
        gradientCost: o.gradientCost,
        seed: o.seed,
        out: o.out,
      });
      process.stdout.write(`${r.text}\n`);
      if (o.json) process.stdout.write(`${JSON.stringify(r.json)}\n`);
    });
}

/** A finite number (a location or a cost parameter). */
function finiteOption(value: string): number {
  const v = numberOption(value);
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`expected a finite number, got "${value}".`);
  return v;
}

/** A usage error found after parsing: printed like commander's and exits 2 (main.ts maps CommanderError to 2). */
function usage(message: string): InvalidArgumentError {
  process.stderr.write(`error: ${message}\n`);
  return new InvalidArgumentError(message);
}
