/**
 * `mcgrad demo` (what `npm start` runs), in three sections:
 *   1. score function vs pathwise on the Gaussian costs of Mohamed et al. (JMLR 2020) §3, with a variance plot
 *      (demoGaussian.ts);
 *   2. variance before/after each reduction — baselines, control variates, Rao-Blackwellization, measure-valued and
 *      importance-sampled estimators (demoVariance.ts);
 *   3. natural vs plain gradient, and a short black-box optimization with xNES and SNES (demoOptimize.ts);
 *   4. policy gradients on CartPole: estimator variances and a short training run (demoPolicy.ts).
 * No maths here: the sections call the library.
 */
import type { Command } from "commander";
import { foldIn, key } from "../random/key.js";
import { runGaussianSection, type DemoCost } from "./demoGaussian.js";
import { runOptimizeSection, type OptimizeSection } from "./demoOptimize.js";
import { runPolicySection, type PolicySection } from "./demoPolicy.js";
import { runVarianceSection, type VarianceSection } from "./demoVariance.js";
import { intOption, sampleCountOption } from "./options.js";
import { jsonLine } from "./jsonLine.js";
import { ensureOutDir } from "./plot.js";

export { DEMO_ESTIMATORS, type DemoCost, type DemoEstimate, type DemoEstimatorId, type DemoRow } from "./demoGaussian.js";

const DEFAULT_SAMPLES = 50_000;

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Samples per estimate, ≥ 2 (default 50 000); sections 2 and 3 use a fifth of it (at least 2). */
  samples?: number;
  /** Integer seed (default 0). */
  seed?: number;
  /** Directory of the SVG plots (default "out"); null writes no plot. */
  out?: string | null;
  /** Show progress on stderr (default false). */
  progress?: boolean;
}

/** Everything the demo printed, as numbers. */
export interface DemoResult {
  samples: number;
  seed: number;
  /** Section 1: x ~ N(mu, sigma²). */
  mu: number;
  sigma: number;
  costs: DemoCost[];
  /** Section 2. */
  variance: VarianceSection;
  /** Section 3. */
  optimize: OptimizeSection;
  /** Section 4. */
  policy: PolicySection;
  /** The printed report. */
  text: string;
  /** Absolute paths of the SVGs written (section 1's variance plot first), empty when out is null. */
  svgPaths: string[];
  /** Section 1's plot, or null. */
  svgPath: string | null;
}

/** Runs the demo: computes every section, formats the report and (unless out is null) writes the plots. */
export async function runDemo(opts: DemoOptions = {}): Promise<DemoResult> {
  const { samples = DEFAULT_SAMPLES, seed = 0, out = "out", progress = false } = opts;
  if (!Number.isSafeInteger(samples) || samples < 2) throw new Error(`runDemo: samples must be an integer ≥ 2, got ${samples}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`runDemo: seed must be a safe integer, got ${seed}`);
  if (out !== null) ensureOutDir("demo", out, "--out");
  const root = key(seed);
  const gaussian = await runGaussianSection(root, { samples, seed, out, progress });
  const small = Math.max(2, Math.round(samples / 5));
  const variance = runVarianceSection(foldIn(root, 1), { samples: small, progress });
  const optimize = await runOptimizeSection(foldIn(root, 2), { samples: small, seed, out, progress });
  const policy = runPolicySection(foldIn(root, 3), { seed, progress });
  const svgPaths = [gaussian.svgPath, optimize.svgPath].filter((p): p is string => p !== null);
  const text = ["mcgrad demo", "", gaussian.text, "", variance.text, "", optimize.text, "", policy.text].join("\n");
  return { samples, seed, mu: gaussian.mu, sigma: gaussian.sigma, costs: gaussian.costs, variance, optimize, policy, text, svgPaths, svgPath: gaussian.svgPath };
}

/** Registers `mcgrad demo` on the program. */
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("score function vs pathwise on Gaussian costs, variance reduction before/after, natural gradient and a short xNES/SNES run; writes SVG plots")
    .option("--samples <n>", "samples per estimate in section 1 (sections 2–3 use a fifth) (≥ 2)", sampleCountOption(2), DEFAULT_SAMPLES)
    .option("--seed <n>", "integer random seed", intOption, 0)
    .option("--out <dir>", "directory for the SVG plots", "out")
    .option("--json", "print every section's numbers as one JSON object on the last stdout line")
    .action(async (o: { samples: number; seed: number; out: string; json?: boolean }) => {
      const result = await runDemo({ samples: o.samples, seed: o.seed, out: o.out, progress: true });
      process.stdout.write(`${result.text}\n`);
      if (o.json) {
        const { text: _text, variance, optimize, policy, ...rest } = result;
        // Each section without its printed text (already on stdout above).
        const strip = <T extends { text: string }>({ text: _t, ...section }: T) => section;
        process.stdout.write(`${jsonLine({ ...rest, variance: strip(variance), optimize: strip(optimize), policy: strip(policy) })}\n`);
      }
    });
}
