/**
 * `mcgrad demo`, section 3: black-box optimization with the score-function gradient. One line compares the plain
 * gradient of E[f] with the natural gradient F⁻¹∇ (Amari 1998) on a Gaussian where both are known exactly; then
 * xNES on Rosenbrock (d = 5) and SNES on the sphere (d = 10) run to f ≤ 1e-10 (Wierstra et al., JMLR 2014), with a
 * convergence plot. No maths here: it calls the library.
 */
import { join } from "node:path";
import { Normal } from "../distributions/normal.js";
import { scoreFunction } from "../estimators/scoreFunction.js";
import { minimize, type AlgorithmName, type MinimizeResult } from "../es/minimize.js";
import { testFunction } from "../es/testFunctions.js";
import { naturalGradientEstimate } from "../fisher/naturalGradientEstimate.js";
import type { Key } from "../random/key.js";
import { fmt, pm } from "./demoFormat.js";
import { lineSpec, writeSvg } from "./plot.js";
import { progress } from "./progress.js";

/** The runs of section 3, as plain data (the tests recompute the truth from these). */
export const OPTIMIZE_DEMO_SETUP = {
  /** x ~ N(mu, sigma²), f(x) = (x − target)²; θ = [μ, log σ]. */
  natural: { mu: 1, sigma: 2, target: 3 },
  runs: [
    // Restarts (IPOP) make the run robust: without them about 2 % of seeds stall on Rosenbrock's valley.
    { algorithm: "xnes" as AlgorithmName, function: "rosenbrock", dim: 5, x0: 0, sigma0: 0.5, maxEvals: 60_000, restarts: 3 },
    { algorithm: "snes" as AlgorithmName, function: "sphere", dim: 10, x0: 1, sigma0: 1, maxEvals: 20_000, restarts: 0 },
  ],
  target: 1e-10,
} as const;

/** An estimate with its standard error. */
export interface EstimateWithError {
  mean: number[];
  stderr: number[];
}

/** What section 3 computed. */
export interface OptimizeSection {
  /** Score-function estimate of ∇θ E[f] and the natural gradient F⁻¹∇θ E[f] (exact Fisher, per-sample rows). */
  natural: { plain: EstimateWithError; natural: EstimateWithError };
  runs: { algorithm: AlgorithmName; function: string; dim: number; optimalValue: number; result: MinimizeResult }[];
  text: string;
  svgPath: string | null;
}

/** Runs section 3: `samples` samples for the gradient comparison, the two optimizer runs (seeded by `seed`). */
export async function runOptimizeSection(
  sectionKey: Key,
  opts: { samples: number; seed: number; out: string | null; progress: boolean },
): Promise<OptimizeSection> {
  const { mu, sigma, target } = OPTIMIZE_DEMO_SETUP.natural;
  const n = opts.samples;
  const dist = new Normal({ loc: mu, scale: sigma });
  const plain = scoreFunction((x) => (x[0] - target) ** 2, dist, sectionKey, { numSamples: n, baseline: "optimal", keepRows: true });
  // F⁻¹ applied to every per-sample row: the natural gradient with its SE (src/fisher/naturalGradientEstimate.ts).
  const nat = naturalGradientEstimate(dist.fisher(), plain, { damping: 0 });

  const budget = OPTIMIZE_DEMO_SETUP.runs.reduce((s, r) => s + r.maxEvals, 0);
  const bar = progress("demo 3/4 optimization", budget, { enabled: opts.progress });
  const runs: OptimizeSection["runs"] = [];
  try {
    for (const r of OPTIMIZE_DEMO_SETUP.runs) {
      const t = testFunction(r.function);
      let shown = 0;
      const result = minimize(t.f, new Float64Array(r.dim).fill(r.x0), {
        algorithm: r.algorithm,
        sigma0: r.sigma0,
        seed: opts.seed,
        maxEvals: r.maxEvals,
        restarts: r.restarts,
        target: OPTIMIZE_DEMO_SETUP.target,
        onGeneration: (g) => {
          const step = Math.min(g.evals, r.maxEvals) - shown;
          if (step > 0) bar.tick(step, { run: `${r.algorithm} ${r.function}`, best: g.bestF });
          shown += Math.max(step, 0);
        },
      });
      bar.tick(r.maxEvals - shown);
      runs.push({ algorithm: r.algorithm, function: r.function, dim: r.dim, optimalValue: t.optimalValue, result });
    }
  } finally {
    bar.stop();
  }
  const spec = lineSpec({
    title: `Black-box minimization to f ≤ ${OPTIMIZE_DEMO_SETUP.target} (seed ${opts.seed})`,
    xLabel: "function evaluations",
    yLabel: "best f so far (log)",
    series: runs.map((r) => ({
      name: `${r.algorithm} on ${r.function} (d = ${r.dim})`,
      x: r.result.history.evals,
      y: r.result.history.bestF.map((v) => Math.max(v, 1e-300)),
    })),
    logY: true,
    hLines: [{ y: OPTIMIZE_DEMO_SETUP.target, label: `target ${OPTIMIZE_DEMO_SETUP.target}` }],
    vLines: runs.flatMap((r) => r.result.restarts.map((x, i) => ({ x: x.evals, label: `${r.algorithm} restart ${i + 1}` }))),
    notes: runs.map((r) => `${r.algorithm} on ${r.function}: stopped by ${r.result.stop}, ${r.result.restarts.length} restart(s)`),
  });
  const svgPath = opts.out === null ? null : await writeSvg(spec, join(opts.out, "demo-optimize.svg"));
  const natural = {
    plain: { mean: Array.from(plain.mean), stderr: Array.from(plain.stderr) },
    natural: { mean: Array.from(nat.mean), stderr: Array.from(nat.stderr) },
  };
  return { natural, runs, text: formatOptimize(natural, runs, n, svgPath), svgPath };
}

function formatOptimize(natural: OptimizeSection["natural"], runs: OptimizeSection["runs"], n: number, svgPath: string | null): string {
  const { mu, sigma, target } = OPTIMIZE_DEMO_SETUP.natural;
  const pair = (e: EstimateWithError) => `(${e.mean.map((m, j) => pm(m, e.stderr[j])).join(", ")})`;
  const out = [
    "3. Black-box optimization — the score-function gradient, preconditioned by the Fisher, is the natural gradient of NES",
    `  x ~ N(${mu}, ${sigma}²), f = (x − ${target})², θ = (μ, log σ), ${n} samples (optimal baseline), exact Fisher F = diag(1/σ², 2):`,
    `  plain ∇θ E[f] = ${pair(natural.plain)};  natural F⁻¹∇θ E[f] = ${pair(natural.natural)} (invariant to how θ is parameterized)`,
  ];
  for (const r of runs) {
    const x = r.result.x;
    out.push(
      `  ${r.algorithm} on ${r.function}, d = ${r.dim}: best f = ${fmt(r.result.fx)} (optimum ${r.optimalValue}) after ${r.result.evals} evaluations,` +
        ` ${r.result.generations} generations${r.result.restartsUsed > 0 ? ` (${r.result.restartsUsed} restarts)` : ""}, stopped by ${r.result.stop}; x = [${Array.from(x.slice(0, 5), (v) => v.toFixed(4)).join(", ")}${x.length > 5 ? ", …" : ""}]`,
    );
  }
  out.push(svgPath === null ? "(no plot written)" : `convergence plot: ${svgPath}`);
  return out.join("\n");
}
