/**
 * Env throughput: steps per second of CartPole-v1 as a single wrapped env (makeEnv), as the bare env, and as a
 * SyncVectorEnv of 8 and 64 copies (env steps, i.e. copies × calls), plus the other four envs single. Actions come
 * from a fixed pseudo-random table so the env alone is timed. The reference, when python3 and a Gymnasium work
 * tree are present (MCGRAD_GYMNASIUM=/path/to/work-tree, default /tmp/gymnasium), is Gymnasium's own CartPole-v1
 * (gym.make, and make_vec with 8 copies, sync) timed the same way on this machine; `ratio*` = ours ÷ Gymnasium.
 * Discovered by bench/run.ts.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ENV_IDS, makeEnv } from "../src/rl/envs/registry.js";
import { makeVectorEnv } from "../src/rl/vectorEnv.js";
import type { Env, UnwrappedEnv } from "../src/rl/env.js";
import { best } from "./timing.js";

const STEPS = 1_000_000;
const PYTHON_STEPS = 50_000;
const REPEATS = 3;
const TABLE = Array.from({ length: 4096 }, (_, i) => (Math.imul(i, 2654435761) >>> 31) & 1);

/** Env steps per (wall) second of a single env, resetting whenever an episode ends. */
function singleRate(env: Env | UnwrappedEnv, action: (t: number) => number | number[]): number {
  env.reset({ seed: 0 });
  const t = best(REPEATS, () => {
    for (let s = 0; s < STEPS; s++) {
      const r = env.step(action(s));
      if (r.terminated || r.truncated) env.reset();
    }
  });
  return STEPS / t.wall;
}

function vectorRate(numEnvs: number): number {
  const vec = makeVectorEnv("CartPole-v1", numEnvs);
  vec.reset({ seed: 0 });
  const calls = Math.ceil(STEPS / numEnvs);
  const actions = Array.from({ length: 64 }, (_, j) => Array.from({ length: numEnvs }, (_, i) => TABLE[(j * 31 + i) & 4095]));
  const t = best(REPEATS, () => {
    for (let c = 0; c < calls; c++) vec.step(actions[c & 63]);
  });
  return (calls * numEnvs) / t.wall;
}

const PYTHON_REFERENCE = `
import sys, time, types
sys.path.insert(0, sys.argv[1])
sys.modules.setdefault("farama_notifications", types.SimpleNamespace(notifications={}))
import numpy as np, gymnasium as gym
N = int(sys.argv[2]); table = [((i * 2654435761) % 2**32) >> 31 for i in range(4096)]
def single():
    env = gym.make("CartPole-v1"); env.reset(seed=0); t0 = time.perf_counter()
    for s in range(N):
        _, _, te, tr, _ = env.step(table[s & 4095])
        if te or tr: env.reset()
    return N / (time.perf_counter() - t0)
def vector(n):
    envs = gym.make_vec("CartPole-v1", num_envs=n, vectorization_mode="sync"); envs.reset(seed=0)
    acts = [np.array([table[(j * 31 + i) & 4095] for i in range(n)]) for j in range(64)]
    calls = N // n; t0 = time.perf_counter()
    for c in range(calls): envs.step(acts[c & 63])
    return calls * n / (time.perf_counter() - t0)
print(max(single() for _ in range(2)), max(vector(8) for _ in range(2)))
`;

/** Gymnasium's CartPole steps/s (single, vector of 8), or why it could not be measured. */
function gymnasiumReference(): { single: number; vector8: number } | string {
  const tree = process.env.MCGRAD_GYMNASIUM ?? "/tmp/gymnasium";
  if (!existsSync(join(tree, "gymnasium", "__init__.py"))) return `no Gymnasium work tree at ${tree} (set MCGRAD_GYMNASIUM)`;
  const r = spawnSync("python3", ["-c", PYTHON_REFERENCE, tree, String(PYTHON_STEPS)], { encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) return `python3 failed: ${(r.stderr ?? "").trim().split("\n").pop()}`;
  const [single, vector8] = r.stdout.trim().split(/\s+/).map(Number);
  return { single, vector8 };
}

export async function run(): Promise<Record<string, unknown>> {
  const cartPole = makeEnv("CartPole-v1");
  const single = singleRate(cartPole, (s) => TABLE[s & 4095]);
  const bare = singleRate(makeEnv("CartPole-v1").unwrapped, (s) => TABLE[s & 4095]);
  const vector8 = vectorRate(8);
  const vector64 = vectorRate(64);
  const others: Record<string, number> = {};
  for (const id of ENV_IDS.filter((i) => i !== "CartPole-v1")) {
    const env = makeEnv(id);
    const discrete = env.actionSpace.kind === "discrete";
    others[id] = Math.round(singleRate(env, (s) => (discrete ? TABLE[s & 4095] * 2 : [TABLE[s & 4095] - 0.5])));
  }
  const ref = gymnasiumReference();
  return {
    cartPoleStepsPerSec: Math.round(single),
    cartPoleBareStepsPerSec: Math.round(bare),
    cartPoleVector8StepsPerSec: Math.round(vector8),
    cartPoleVector64StepsPerSec: Math.round(vector64),
    otherEnvsStepsPerSec: others,
    gymnasiumReference:
      typeof ref === "string"
        ? ref
        : { cartPoleStepsPerSec: Math.round(ref.single), cartPoleVector8StepsPerSec: Math.round(ref.vector8) },
    ratioSingleVsGymnasium: typeof ref === "string" ? null : Number((single / ref.single).toFixed(1)),
    ratioVector8VsGymnasium: typeof ref === "string" ? null : Number((vector8 / ref.vector8).toFixed(1)),
  };
}
