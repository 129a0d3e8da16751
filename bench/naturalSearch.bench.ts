/**
 * naturalSearch (the generic natural-gradient search over any family, src/es/naturalSearch.ts): misses and median
 * evaluations to the known optimum over 100 seeds on the binary problems (Bernoulli logits, λ = 50, η = 0.1) and a
 * 60-way categorical choice; and its per-generation cost next to SNES, the special case it equals on a diagonal
 * Normal (the ratio is the price of the generic score rows and the P×P Fisher solve).
 */
import { Bernoulli } from "../src/distributions/bernoulli.js";
import { Categorical } from "../src/distributions/categorical.js";
import { knapsack12, leadingOnes, maxSat14, oneMax, type BinaryProblem } from "../src/es/discreteProblems.js";
import { minimize, type MinimizeOptions } from "../src/es/minimize.js";
import { sphere } from "../src/es/testFunctions.js";

const SEEDS = Array.from({ length: 100 }, (_, i) => i);

function median(v: number[]): number | null {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? null : s[Math.floor(s.length / 2)];
}

function solveRate(f: (x: Float64Array) => number, x0: Float64Array, optimum: number, options: (seed: number) => MinimizeOptions) {
  const evals: number[] = [];
  let misses = 0;
  for (const seed of SEEDS) {
    const r = minimize(f, x0, { algorithm: "naturalSearch", seed, target: optimum, ...options(seed) });
    if (r.fx <= optimum) evals.push(r.evals);
    else misses++;
  }
  return { seeds: SEEDS.length, misses, medianEvals: median(evals) };
}

function binary(p: BinaryProblem) {
  return solveRate(p.f, new Float64Array(p.dim), p.optimalValue, () => ({
    maxEvals: 20_000,
    algorithmOptions: { distribution: new Bernoulli({ logits: new Float64Array(p.dim) }), popSize: 50, learningRate: 0.1 },
  }));
}

/** CPU ms per generation of minimize on the sphere (d = 10) with a fixed budget. */
function msPerGeneration(algorithm: "naturalSearch" | "snes"): number {
  const c0 = process.cpuUsage();
  const r = minimize(sphere.f, new Float64Array(10).fill(1), { algorithm, seed: 0, maxEvals: 20_000, tolSpread: 0, tolFun: 0 });
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / r.generations;
}

export async function run(): Promise<Record<string, unknown>> {
  const K = 60;
  const table = Array.from({ length: K }, (_, k) => Math.abs(Math.sin(3.7 * k + 1)) * 10);
  const categorical = solveRate((x) => table[x[0]], new Float64Array(1), Math.min(...table), () => ({
    maxEvals: 5000,
    algorithmOptions: { distribution: new Categorical({ logits: new Float64Array(K) }), popSize: 10, learningRate: 0.1 },
  }));
  const generic = msPerGeneration("naturalSearch");
  const special = msPerGeneration("snes");
  return {
    toOptimum: {
      oneMax30: binary(oneMax(30)),
      leadingOnes15: binary(leadingOnes(15)),
      knapsack12: binary(knapsack12),
      maxSat14: binary(maxSat14),
      categorical60: categorical,
    },
    costPerGenerationSphereD10: {
      naturalSearchCpuMs: Number(generic.toFixed(4)),
      snesCpuMs: Number(special.toFixed(4)),
      ratioToSnes: Number((generic / special).toFixed(2)),
    },
  };
}
