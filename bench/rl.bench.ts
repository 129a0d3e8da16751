/**
 * Policy-gradient benchmarks (issue 8), each beside a PyTorch reference run on this machine when /usr/bin/python3 has
 * torch (Debian's python3-torch; skipped with a message otherwise):
 * 1. env steps/s on CartPole-v1 with the 64-64 tanh MLP policy (batched forward + sampling for 8 envs, then one batched
 *    VJP of the weighted scores per 8 × 128 steps) vs bench/reference/speed_torch.py doing the same in torch;
 * 2. PPO update time on a 512-step batch (4 epochs × 4 minibatches, CleanRL's ppo.py) vs the same update in torch;
 * 3. CartPole-v1 time to solve (mean of 100 evaluation episodes ≥ 475, evaluated every 10k training steps) by
 *    `train`'s default (the recommended algorithm) vs PyTorch's REINFORCE example settings
 *    (bench/reference/reinforce_torch.py), 5 seeds each, medians; ratio = torch / ours (target ≥ 5).
 * CPU seconds of the process are the primary measure (the machine is shared, so wall time is inflated by other load);
 * wall seconds are reported too.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { foldIn, key } from "../src/random/key.js";
import { makeEnv } from "../src/rl/envs/registry.js";
import { mlpPolicy, valueNetwork } from "../src/rl/policy/mlpPolicy.js";
import { ppoInit, ppoUpdate } from "../src/rl/ppo.js";
import { collectRollout, startRollout } from "../src/rl/rollout.js";
import { train } from "../src/rl/train.js";
import { standardNormal } from "../src/random/samplers.js";
import { best } from "./timing.js";

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = "/usr/bin/python3";
const SEEDS = [0, 1, 2, 3, 4];

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

function hasTorch(): boolean {
  const r = spawnSync(PYTHON, ["-c", "import torch, numpy"], { encoding: "utf8" });
  return r.status === 0;
}

function python(script: string, args: string[]): Record<string, unknown> {
  const r = spawnSync(PYTHON, [join(here, "reference", script), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr.slice(-500)}`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

function envStepsPerSecond(): { cpu: number; wall: number } {
  const env = makeEnv("CartPole-v1");
  const policy = mlpPolicy(env.observationSpace, env.actionSpace);
  const theta = policy.init(key(0));
  const envs = Array.from({ length: 8 }, () => makeEnv("CartPole-v1"));
  let state = startRollout(envs, 100);
  const T = 128;
  const batches = 6;
  let u = 0;
  const t = best(3, () => {
    for (let b = 0; b < batches; b++) {
      const r = collectRollout(foldIn(key(1), u++), envs, policy, theta, state, T);
      state = r.state;
      policy.scoreVjp(theta, r.rollout.observations, r.rollout.actions, standardNormal(foldIn(key(2), u), T * 8));
    }
  });
  const steps = batches * T * 8;
  return { cpu: Math.round(steps / t.cpu), wall: Math.round(steps / t.wall) };
}

function ppoUpdateMs(): { cpu: number; wall: number } {
  const env = makeEnv("CartPole-v1");
  const policy = mlpPolicy(env.observationSpace, env.actionSpace);
  const critic = valueNetwork(4);
  const theta = new Float64Array(policy.paramSize + critic.paramSize);
  theta.set(policy.init(key(0)));
  theta.set(critic.init(key(1)), policy.paramSize);
  const n = 512;
  const obs = standardNormal(key(2), n * 4);
  const { actions, logProbs } = policy.act(key(3), theta.subarray(0, policy.paramSize), obs);
  const values = critic.forward(theta.subarray(policy.paramSize), obs);
  const advantages = standardNormal(key(4), n);
  const batch = { observations: obs, actions, logProbs, advantages, returns: values.map((v, i) => v + advantages[i]), values };
  const t = best(3, () => void ppoUpdate(key(5), { policy, critic }, theta, ppoInit(theta), batch));
  return { cpu: Number((1000 * t.cpu).toFixed(2)), wall: Number((1000 * t.wall).toFixed(2)) };
}

function timeToSolve(): Record<string, unknown> {
  const runs = SEEDS.map((seed) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = train({ env: "CartPole-v1", seed });
    const c = process.cpuUsage(c0);
    return { seed, solved: r.solved, envSteps: r.envSteps, cpuSeconds: (c.user + c.system) / 1e6, wallSeconds: (performance.now() - t0) / 1000 };
  });
  return {
    algorithm: "train default (reinforce, 2 episodes/update, 128 relu)",
    solved: runs.filter((r) => r.solved).length,
    medianEnvSteps: median(runs.map((r) => (r.solved ? r.envSteps : Infinity))),
    medianCpuSeconds: Number(median(runs.map((r) => r.cpuSeconds)).toFixed(2)),
    medianWallSeconds: Number(median(runs.map((r) => r.wallSeconds)).toFixed(2)),
    runs: runs.map((r) => [r.seed, r.solved ? r.envSteps : null, Number(r.cpuSeconds.toFixed(2)), Number(r.wallSeconds.toFixed(2))]),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const mcgrad = { envStepsPerSecond: envStepsPerSecond(), ppoUpdateMs: ppoUpdateMs(), cartPoleTimeToSolve: timeToSolve() };
  if (!hasTorch()) return { mcgrad, torch: `skipped: ${PYTHON} has no torch (apt-get install python3-torch)` };
  const speed = python("speed_torch.py", []);
  const torchRuns = SEEDS.map((seed) => python("reinforce_torch.py", ["--seed", String(seed)]));
  const torchSolve = {
    algorithm: "PyTorch REINFORCE example settings (bench/reference/reinforce_torch.py)",
    solved: torchRuns.filter((r) => r.solved === true).length,
    medianEnvSteps: median(torchRuns.map((r) => (r.solved === true ? Number(r.envSteps) : Infinity))),
    medianCpuSeconds: median(torchRuns.map((r) => Number(r.cpuSeconds))),
    medianWallSeconds: median(torchRuns.map((r) => Number(r.wallSeconds))),
    runs: torchRuns.map((r) => [r.seed, r.solved === true ? r.envSteps : null, r.cpuSeconds, r.wallSeconds]),
  };
  const ours = mcgrad.cartPoleTimeToSolve as { medianCpuSeconds: number; medianWallSeconds: number };
  return {
    mcgrad,
    torch: { torch: speed.torch, envStepsPerCpuSecond: speed.envStepsPerCpuSecond, ppoUpdateCpuMs: speed.ppoUpdateCpuMs, cartPoleTimeToSolve: torchSolve },
    ratios: {
      envStepsPerCpuSecond: Number((mcgrad.envStepsPerSecond.cpu / Number(speed.envStepsPerCpuSecond)).toFixed(2)),
      ppoUpdateSpeedup: Number((Number(speed.ppoUpdateCpuMs) / mcgrad.ppoUpdateMs.cpu).toFixed(2)),
      timeToSolveCpu: Number((torchSolve.medianCpuSeconds / ours.medianCpuSeconds).toFixed(2)),
      timeToSolveWall: Number((torchSolve.medianWallSeconds / ours.medianWallSeconds).toFixed(2)),
    },
  };
}
