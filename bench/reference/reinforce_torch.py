#!/usr/bin/python3
"""PyTorch REINFORCE on CartPole-v1 with the settings of pytorch/examples (reinforcement_learning/reinforce.py),
held to mcgrad's solved criterion, as the wall-clock reference of `npm run bench -- rl`.

Settings taken from pytorch/examples (own code, not a copy):
  policy 4 -> 128 (dropout p = 0.6, ReLU) -> 2 logits, softmax; Adam lr 1e-2; gamma = 0.99;
  one update per episode on the loss sum_t -log pi(a_t|s_t) * G_t with the episode's discounted returns G_t
  standardized (mean 0, std 1, + float32 eps).
The solved criterion is mcgrad's, not the example's running reward: every `--eval-every` training steps (checked at the
end of an episode, i.e. after an update), 100 evaluation episodes from fresh starts with actions sampled from the
policy (dropout off: model.eval(), no gradient); they are not counted as training steps. The run stops when their mean
return reaches 475 (CartPole-v1's reward threshold) or at the step budget. `wallSeconds` covers everything from the
start to that stop, evaluations included.

CartPole-v1: Gymnasium is not installable on this machine, so the environment is a faithful transcription of
Gymnasium 1.x's CartPoleEnv (euler integration, tau = 0.02, force 10, thresholds 12 degrees and 2.4, reward 1 per step
including the terminating one, time limit 500, reset uniform in [-0.05, 0.05]^4, float32 observations) in plain Python
floats, the way Gymnasium itself computes a step (math.sin/cos on Python floats).

torch runs on one thread (torch.set_num_threads(1)): the 2-core machine is shared, and a 128-unit network gains
nothing from more threads.

Prints one JSON line on stdout: {"solved","envSteps","wallSeconds","evalMean","episodes","seed",...}.
Usage: /usr/bin/python3 bench/reference/reinforce_torch.py [--seed 543] [--steps 200000] [--eval-every 10000]
"""
import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class CartPole:
    """Gymnasium 1.x CartPole-v1 (with its TimeLimit of 500 steps), transcribed."""

    gravity = 9.8
    masscart = 1.0
    masspole = 0.1
    total_mass = masspole + masscart
    length = 0.5
    polemass_length = masspole * length
    force_mag = 10.0
    tau = 0.02
    theta_threshold_radians = 12 * 2 * math.pi / 360
    x_threshold = 2.4
    max_episode_steps = 500

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.state = None
        self.t = 0

    def reset(self):
        self.state = tuple(float(v) for v in self.rng.uniform(-0.05, 0.05, size=4))
        self.t = 0
        return np.array(self.state, dtype=np.float32)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = self.force_mag if action == 1 else -self.force_mag
        costheta = math.cos(theta)
        sintheta = math.sin(theta)
        temp = (force + self.polemass_length * theta_dot**2 * sintheta) / self.total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * costheta**2 / self.total_mass)
        )
        xacc = temp - self.polemass_length * thetaacc * costheta / self.total_mass
        x = x + self.tau * x_dot
        x_dot = x_dot + self.tau * xacc
        theta = theta + self.tau * theta_dot
        theta_dot = theta_dot + self.tau * thetaacc
        self.state = (x, x_dot, theta, theta_dot)
        self.t += 1
        terminated = (
            x < -self.x_threshold
            or x > self.x_threshold
            or theta < -self.theta_threshold_radians
            or theta > self.theta_threshold_radians
        )
        truncated = self.t >= self.max_episode_steps
        return np.array(self.state, dtype=np.float32), 1.0, terminated, truncated


class Policy(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(4, 128)
        self.dropout = nn.Dropout(p=0.6)
        self.out = nn.Linear(128, 2)

    def forward(self, x):
        return F.softmax(self.out(F.relu(self.dropout(self.hidden(x)))), dim=-1)


def sample(policy, obs):
    probs = policy(torch.from_numpy(obs).unsqueeze(0))
    dist = torch.distributions.Categorical(probs)
    a = dist.sample()
    return a.item(), dist.log_prob(a)


def evaluate(policy, env, episodes):
    policy.eval()
    total = 0.0
    with torch.no_grad():
        for _ in range(episodes):
            obs = env.reset()
            done = False
            while not done:
                a, _ = sample(policy, obs)
                obs, r, term, trunc = env.step(a)
                total += r
                done = term or trunc
    policy.train()
    return total / episodes


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=int, default=543)
    p.add_argument("--steps", type=int, default=200_000, help="training env-step budget")
    p.add_argument("--eval-every", type=int, default=10_000)
    p.add_argument("--eval-episodes", type=int, default=100)
    p.add_argument("--threshold", type=float, default=475.0)
    args = p.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    env = CartPole(args.seed)
    eval_env = CartPole(args.seed + 1_000_003)
    policy = Policy()
    optimizer = optim.Adam(policy.parameters(), lr=1e-2)
    eps = np.finfo(np.float32).eps.item()
    gamma = 0.99

    t0 = time.perf_counter()
    c0 = time.process_time()
    steps = 0
    episodes = 0
    next_eval = args.eval_every
    eval_mean = float("nan")
    solved = False
    curve = []
    while steps < args.steps and not solved:
        obs = env.reset()
        log_probs, rewards = [], []
        done = False
        while not done:
            a, lp = sample(policy, obs)
            obs, r, term, trunc = env.step(a)
            log_probs.append(lp)
            rewards.append(r)
            steps += 1
            done = term or trunc
        episodes += 1
        returns = []
        g = 0.0
        for r in reversed(rewards):
            g = r + gamma * g
            returns.append(g)
        returns = torch.tensor(returns[::-1])
        returns = (returns - returns.mean()) / (returns.std() + eps)
        loss = torch.cat([-lp * ret for lp, ret in zip(log_probs, returns)]).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if steps >= next_eval or steps >= args.steps:
            while next_eval <= steps:
                next_eval += args.eval_every
            eval_mean = evaluate(policy, eval_env, args.eval_episodes)
            curve.append([steps, eval_mean])
            solved = eval_mean >= args.threshold
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({
        "env": "CartPole-v1",
        "algorithm": "reinforce (pytorch/examples settings, torch %s)" % torch.__version__,
        "seed": args.seed,
        "solved": solved,
        "envSteps": steps,
        "wallSeconds": round(wall, 3),
        "cpuSeconds": round(cpu, 3),
        "evalMean": eval_mean,
        "episodes": episodes,
        "evalCurve": curve,
    }))


if __name__ == "__main__":
    main()
