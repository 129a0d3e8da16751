/**
 * Evolution-strategy benchmarks (issue 4): evaluations until best f ≤ 1e-10 (median, min and max over 9 seeds) next
 * to the reference numbers, for the paper-default step-size rule ("nes") and the cumulative-path variant
 * ("path", `stepSizeAdaptation: "path"`), and the optimizer's own overhead per generation on a cheap f (wall and
 * CPU time; CPU time is the steadier number on a busy machine).
 */
import { foldIn, key } from "../src/random/key.js";
import { minimize, type AlgorithmName } from "../src/es/minimize.js";
import { evaluatePopulation } from "../src/es/strategy.js";
import { rosenbrock, sphere, type TestFunction } from "../src/es/testFunctions.js";
import { xnes } from "../src/es/xnes.js";
import { snes } from "../src/es/snes.js";

const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8];
type Adaptation = "nes" | "path";

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function evalsToTarget(algorithm: AlgorithmName, t: TestFunction, d: number, x0: number, sigma0: number, stepSizeAdaptation: Adaptation) {
  const runs = SEEDS.map((seed) => {
    const r = minimize(t.f, new Float64Array(d).fill(x0), { algorithm, sigma0, seed, target: 1e-10, maxEvals: 200_000, algorithmOptions: { stepSizeAdaptation } });
    return r.fx <= 1e-10 ? r.evals : Infinity;
  });
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs) };
}

function msPerGeneration(d: number, alg: "xnes" | "snes", stepSizeAdaptation: Adaptation): { wall: number; cpu: number } {
  const strategy = alg === "xnes" ? xnes : snes;
  let s = strategy.init(key(0), new Float64Array(d).fill(1), { stepSizeAdaptation }) as never;
  const k = key(1);
  const step = (g: number) => {
    const p = strategy.ask(foldIn(k, g), s) as never;
    s = strategy.tell(s, p, evaluatePopulation(sphere.f, p)) as never;
  };
  for (let g = 0; g < 200; g++) step(g); // warm-up
  const gens = 2000;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let g = 200; g < 200 + gens; g++) step(g);
  const wall = (performance.now() - t0) / gens;
  const c = process.cpuUsage(c0);
  return { wall: Number(wall.toFixed(4)), cpu: Number(((c.user + c.system) / 1000 / gens).toFixed(4)) };
}

export async function run(): Promise<Record<string, unknown>> {
  const cases: [string, AlgorithmName, TestFunction, number, number, number, number, number][] = [
    // name, algorithm, f, d, x0, σ0, NES reference, CMA-ES reference
    ["snes sphere d=10", "snes", sphere, 10, 1, 1, 2300, 1600],
    ["snes sphere d=100", "snes", sphere, 100, 1, 1, 31000, 13000],
    ["xnes sphere d=10", "xnes", sphere, 10, 1, 1, 7500, 1600],
    ["xnes sphere d=100", "xnes", sphere, 100, 1, 1, NaN, 13000],
    ["xnes rosenbrock d=5", "xnes", rosenbrock, 5, 0, 0.5, 3100, 1800],
    ["xnes rosenbrock d=10", "xnes", rosenbrock, 10, 0, 0.5, 11300, 5000],
    ["xnes rosenbrock d=20", "xnes", rosenbrock, 20, 0, 0.5, 49000, 16000],
  ];
  const evaluations: Record<string, unknown> = {};
  for (const [name, alg, t, d, x0, s0, nesRef, cmaRef] of cases) {
    // The paper-default xNES does not reach 1e-10 on the d = 100 sphere within 200 000 evaluations (η_σ ≈ 0.014):
    // that row measures the path variant only.
    const nes = Number.isNaN(nesRef) ? "not run (> 200 000)" : evalsToTarget(alg, t, d, x0, s0, "nes");
    const path = evalsToTarget(alg, t, d, x0, s0, "path");
    evaluations[name] = {
      nes,
      path,
      nesReference: Number.isNaN(nesRef) ? "—" : nesRef,
      cmaEsReference: cmaRef,
      ratioToNes: typeof nes === "string" ? "—" : Number((nes.median / nesRef).toFixed(3)),
      pathRatioToCmaEs: Number((path.median / cmaRef).toFixed(3)),
    };
  }
  const xnesMs = msPerGeneration(100, "xnes", "nes");
  return {
    evaluationsTo1e10: evaluations,
    overhead: {
      xnesMsPerGenerationD100: xnesMs,
      xnesPathMsPerGenerationD100: msPerGeneration(100, "xnes", "path"),
      xnesEvalsPerSecondD100: Math.round(17 / (xnesMs.wall / 1000)),
      snesMsPerGenerationD100: msPerGeneration(100, "snes", "nes"),
      note: "λ = 17 at d = 100; f = sphere (cheap), so this is the optimizer's own cost (ask + tell); wall and CPU ms",
    },
  };
}
