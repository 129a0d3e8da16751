/**
 * CartPole trained live (pure except for the `post` callback; the worker runs it, the e2e tests run `train` in Node
 * with the same options): REINFORCE from src/rl `train`, with the baseline chosen on the page. Every few updates the
 * checkpoint train() writes is decoded for θ, the curve and the gradient diagnostics, and one episode of the current
 * policy is played for the animation. Stop = the page ends the worker, keeping the last checkpoint; resume = `train`
 * with `resume`, which continues bit for bit.
 */
import { foldIn, key } from "../../../src/random/key.js";
import { makeEnv } from "../../../src/rl/envs/registry.js";
import { train, type TrainOptions } from "../../../src/rl/train.js";
import { buildAlgorithm } from "../../../src/rl/trainConfig.js";
import { decodeExact } from "../../../src/util/codec.js";

export const RL_BASELINES = ["none", "mean", "optimal", "value"] as const;

export interface RlParams {
  baseline: string;
  seed: number;
  steps: number;
  resume?: string;
}

/** The options the lab passes to `train` (exported so the tests run the identical run in Node). */
export function rlTrainOptions(p: RlParams): TrainOptions {
  if (!(RL_BASELINES as readonly string[]).includes(p.baseline)) throw new Error(`baseline must be one of ${RL_BASELINES.join(", ")}, got "${p.baseline}"`);
  if (!Number.isInteger(p.steps) || p.steps < 500) throw new Error(`steps must be an integer ≥ 500, got ${p.steps}`);
  return {
    env: "CartPole-v1",
    algorithm: "reinforce",
    hyper: { baseline: p.baseline as "none", numEnvs: 1, episodesPerEnv: 4 },
    network: { hidden: [32, 32] },
    seed: p.seed,
    steps: p.steps,
    evalEvery: 1e9,
    evalEpisodes: 5,
    stopWhenSolved: false,
    diagnosticsEvery: 2,
    checkpointEvery: 4,
  };
}

export interface RlUpdate {
  envSteps: number;
  total: number;
  updates: number;
  curve: { steps: number[]; meanReturn: number[] };
  diagnostics: { steps: number; variants: Record<string, { meanVariance: number }> }[];
  /** Cart position and pole angle of one episode of the current policy. */
  episode: number[][];
  checkpoint: string;
}

/** Trains, posting an {@link RlUpdate} after every checkpoint; returns the final update. */
export function rlTrain(p: RlParams, post: (u: RlUpdate) => void): RlUpdate {
  const opts = rlTrainOptions(p);
  const policy = buildAlgorithm(makeEnv("CartPole-v1"), "reinforce", opts.network, opts.hyper).alg.policy;
  let last: RlUpdate | null = null;
  const onCheckpoint = (json: string) => {
    const s = decodeExact((JSON.parse(json) as { payload: unknown }).payload) as {
      update: number;
      envSteps: number;
      theta: Float64Array;
      curve: RlUpdate["curve"];
      diagnostics: RlUpdate["diagnostics"];
    };
    last = { envSteps: s.envSteps, total: p.steps, updates: s.update, curve: s.curve, diagnostics: s.diagnostics, episode: playEpisode(policy, s.theta.subarray(0, policy.paramSize), s.update), checkpoint: json };
    post(last);
  };
  train({ ...opts, checkpoint: onCheckpoint, ...(p.resume ? { resume: p.resume } : {}) });
  if (last === null) throw new Error("training wrote no checkpoint");
  return last;
}

/** One episode (at most 500 steps) of the policy: [x, θ] per step, for the animation. */
function playEpisode(policy: ReturnType<typeof buildAlgorithm>["alg"]["policy"], theta: Float64Array, update: number): number[][] {
  const env = makeEnv("CartPole-v1");
  let obs = env.reset({ seed: 1000 + update }).observation;
  const out: number[][] = [[obs[0], obs[2]]];
  for (let t = 0; t < 500; t++) {
    const a = policy.act(foldIn(key(update), t), theta, obs).actions[0];
    const r = env.step(a);
    obs = r.observation;
    out.push([obs[0], obs[2]]);
    if (r.terminated || r.truncated) break;
  }
  return out;
}
