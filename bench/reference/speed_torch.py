#!/usr/bin/python3
"""PyTorch reference for the speed numbers of `npm run bench -- rl` (own code; the networks and the PPO update follow
CleanRL's ppo.py: 4 -> 64 -> 64 tanh actor and critic, orthogonal init, Adam eps 1e-5, clipped surrogate and value
loss, entropy bonus 0.01, global-norm clip 0.5, 4 epochs x 4 minibatches of a 4 x 128 batch).

1. env steps/s on CartPole-v1 (transcribed, see reinforce_torch.py) with the 64-64 policy: per step a batched forward,
   a Categorical sample and its log-probability for 8 envs (no_grad), then per batch of 8 x 128 steps one forward and
   backward of sum_t w_t log pi(a_t|s_t) (the scores).
2. PPO update time (ms) on a 512-step batch.
torch runs on one thread. Prints one JSON line.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reinforce_torch import CartPole  # noqa: E402


def layer(i, o, std=np.sqrt(2)):
    lin = nn.Linear(i, o)
    nn.init.orthogonal_(lin.weight, std)
    nn.init.constant_(lin.bias, 0.0)
    return lin


def mlp(out, std):
    return nn.Sequential(layer(4, 64), nn.Tanh(), layer(64, 64), nn.Tanh(), layer(64, out, std))


def steps_per_second(actor, n_envs=8, T=128, batches=6):
    envs = [CartPole(100 + e) for e in range(n_envs)]
    obs = np.stack([e.reset() for e in envs])
    total = 0
    t0 = time.process_time()
    w0 = time.perf_counter()
    for _ in range(batches):
        obs_buf, act_buf = [], []
        for _ in range(T):
            with torch.no_grad():
                o = torch.from_numpy(obs)
                dist = torch.distributions.Categorical(logits=actor(o))
                a = dist.sample()
                dist.log_prob(a)
            obs_buf.append(o)
            act_buf.append(a)
            nxt = []
            for e, env in enumerate(envs):
                ob, r, term, trunc = env.step(int(a[e]))
                nxt.append(env.reset() if term or trunc else ob)
            obs = np.stack(nxt)
            total += n_envs
        o = torch.cat(obs_buf)
        a = torch.cat(act_buf)
        w = torch.randn(o.shape[0])
        actor.zero_grad()
        (torch.distributions.Categorical(logits=actor(o)).log_prob(a) * w).sum().backward()
    return total / (time.process_time() - t0), total / (time.perf_counter() - w0)


def ppo_update_ms(actor, critic, repeats=5):
    params = list(actor.parameters()) + list(critic.parameters())
    opt = torch.optim.Adam(params, lr=2.5e-4, eps=1e-5)
    n, mb = 512, 128
    obs = torch.randn(n, 4)
    act = torch.randint(0, 2, (n,))
    with torch.no_grad():
        old_lp = torch.distributions.Categorical(logits=actor(obs)).log_prob(act)
        old_v = critic(obs).squeeze(-1)
    adv = torch.randn(n)
    ret = old_v + adv
    best_cpu = float("inf")
    for _ in range(repeats):
        c0 = time.process_time()
        for _epoch in range(4):
            perm = torch.randperm(n)
            for s in range(0, n, mb):
                idx = perm[s:s + mb]
                dist = torch.distributions.Categorical(logits=actor(obs[idx]))
                logratio = dist.log_prob(act[idx]) - old_lp[idx]
                ratio = logratio.exp()
                a = adv[idx]
                a = (a - a.mean()) / (a.std() + 1e-8)
                pg = torch.max(-a * ratio, -a * torch.clamp(ratio, 0.8, 1.2)).mean()
                v = critic(obs[idx]).squeeze(-1)
                vc = old_v[idx] + torch.clamp(v - old_v[idx], -0.2, 0.2)
                vl = 0.5 * torch.max((v - ret[idx]) ** 2, (vc - ret[idx]) ** 2).mean()
                loss = pg - 0.01 * dist.entropy().mean() + 0.5 * vl
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(params, 0.5)
                opt.step()
        best_cpu = min(best_cpu, time.process_time() - c0)
    return 1000 * best_cpu


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    actor, critic = mlp(2, 0.01), mlp(1, 1.0)
    sps_cpu, sps_wall = steps_per_second(actor)
    print(json.dumps({
        "torch": torch.__version__,
        "envStepsPerCpuSecond": round(sps_cpu),
        "envStepsPerWallSecond": round(sps_wall),
        "ppoUpdateCpuMs": round(ppo_update_ms(actor, critic), 2),
    }))


if __name__ == "__main__":
    main()
