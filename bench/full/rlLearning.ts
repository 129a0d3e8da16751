/**
 * Full learning runs behind the README's numbers (not part of `npm test` or `npm run bench`: minutes per run).
 *   node --import tsx bench/full/rlLearning.ts ENV SEEDS [ALGORITHM] [STEPS] [HYPER_JSON] [NETWORK_JSON]
 * e.g. `node --import tsx bench/full/rlLearning.ts Acrobot-v1 0,1,2`. With no algorithm/steps/hyper it runs the env's
 * recommended defaults, exactly what `mcgrad train --env ENV --seed S` runs. Prints one JSON line per seed
 * ({ seed, solved, envSteps, wallSeconds, evalMean, evaluations }) and a summary line with the median of envSteps
 * (unsolved runs count as +∞) and of the last evaluation mean.
 */
import { train } from "../../src/rl/train.js";
import type { AlgorithmName } from "../../src/rl/algorithm.js";

const [env, seedList, algorithm, steps, hyper, network] = process.argv.slice(2);
if (env === undefined || seedList === undefined) throw new Error("usage: rlLearning.ts ENV SEEDS [ALGORITHM] [STEPS] [HYPER_JSON] [NETWORK_JSON]");
const rows: { seed: number; solved: boolean; envSteps: number; last: number }[] = [];
for (const seed of seedList.split(",").map(Number)) {
  const t0 = performance.now();
  let shown: number | undefined;
  const r = train({
    env,
    seed,
    ...(algorithm ? { algorithm: algorithm as AlgorithmName } : {}),
    ...(steps ? { steps: Number(steps) } : {}),
    ...(hyper ? { hyper: JSON.parse(hyper) as Record<string, unknown> } : {}),
    ...(network ? { network: JSON.parse(network) as Record<string, unknown> } : {}),
    onProgress: (e) => {
      if (e.metrics.evalMean !== shown) process.stderr.write(`seed ${seed}: ${e.done} steps, evaluation mean ${(shown = e.metrics.evalMean)}, training mean ${e.metrics.meanReturn}\n`);
    },
  });
  const last = r.evaluations.at(-1)?.mean ?? NaN;
  rows.push({ seed, solved: r.solved, envSteps: r.envSteps, last });
  const evaluations = r.evaluations.map((e) => [e.steps, Number(e.mean.toFixed(1))]);
  console.log(JSON.stringify({ env, algorithm: r.algorithm, seed, solved: r.solved, envSteps: r.envSteps, wallSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)), evalMean: last, evaluations }));
}
const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
console.log(JSON.stringify({ env, seeds: rows.length, solved: rows.filter((r) => r.solved).length, medianEnvSteps: median(rows.map((r) => (r.solved ? r.envSteps : Infinity))), medianLastEvalMean: median(rows.map((r) => r.last)) }));
