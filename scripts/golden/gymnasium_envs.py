"""Golden vectors for mcgrad/rl's classic-control envs, made by running Gymnasium's own source.

Usage (python3 + numpy only; nothing is installed):
    git --git-dir=<fetched Gymnasium repo> archive HEAD gymnasium | tar -x -C /tmp/gymnasium
    python3 scripts/golden/gymnasium_envs.py /tmp/gymnasium test/fixtures/gymnasium [commit]

Gymnasium imports the optional package `farama_notifications` at start-up; when it is missing (pip cannot reach
PyPI here) this script puts an empty stand-in module in sys.modules. Nothing else is stubbed: the envs below are
Gymnasium's classes, stepped from states we set and with actions we choose.

For every env the fixture holds single steps from many random and edge-case states (termination boundaries,
clipping, angle wrap, float32 states) and a few trajectories (reset state, then a policy), each step with the
next float64 state, the float32 observation, the reward and the flags. Box actions are float32, as the Box(float32)
action space holds them.
"""

import json
import math
import os
import sys
import types

if len(sys.argv) < 3:
    sys.exit("usage: gymnasium_envs.py GYMNASIUM_WORK_TREE OUT_DIR [COMMIT]")
sys.path.insert(0, sys.argv[1])
if "farama_notifications" not in sys.modules:
    try:
        import farama_notifications  # noqa: F401
    except ImportError:
        stub = types.ModuleType("farama_notifications")
        stub.notifications = {}
        sys.modules["farama_notifications"] = stub

import numpy as np  # noqa: E402

import gymnasium as gym  # noqa: E402

OUT = sys.argv[2]
COMMIT = sys.argv[3] if len(sys.argv) > 3 else "unknown"
rng = np.random.default_rng(20261130)
f32 = np.float32


def floats(xs):
    return [float(x) for x in xs]


def bare(env_id, **kwargs):
    env = gym.make(env_id, disable_env_checker=True, **kwargs).unwrapped
    env.reset(seed=0)
    return env


def record(env, state_dtype, action, extra=None):
    """Sets env.state, steps once with `action`, returns the case."""
    before = floats(env.state)
    obs, reward, terminated, truncated, _ = env.step(action)
    case = {
        "state": before,
        "action": int(action) if isinstance(action, (int, np.integer)) else float(action[0]),
        "next": floats(env.state),
        "obs": floats(obs),
        "reward": float(reward),
        "terminated": bool(terminated),
        "truncated": bool(truncated),
    }
    if state_dtype != "float64":
        case["stateDtype"] = state_dtype
    if extra:
        case.update(extra)
    return case


def step_from(env, state, action, state_dtype="float64", extra_fn=None):
    env.state = np.array(state, dtype=np.float32 if state_dtype == "float32" else np.float64)
    extra = extra_fn(env.state, action) if extra_fn else None
    return record(env, state_dtype, action, extra)


def trajectory(env, seed, policy, steps, options=None, extra_fn=None):
    env.reset(seed=seed, options=options)
    start = floats(env.state)
    records = []
    for _ in range(steps):
        action = policy(env)
        records.append(record(env, "float64", action, extra_fn(env.state, action) if extra_fn else None))
    for r in records:
        del r["state"]
    return {"start": start, "steps": records}


def box_action(a):
    return np.array([a], dtype=np.float32)


def pendulum_squares_exact(state, action):
    """Whether libm's pow(x, 2) / powf(u, 2) (which Gymnasium's reward uses) were correctly rounded here."""
    th, thdot = (np.float64(v) for v in state)
    an = ((th + np.pi) % (2 * np.pi)) - np.pi
    u = np.clip(action, -2.0, 2.0)[0]
    ok = an**2 == an * an and thdot**2 == thdot * thdot and u**2 == f32(float(u) * float(u))
    return {"libmSquaresExact": bool(ok)}


def cartpole():
    env = bare("CartPole-v1")
    steps = []
    for _ in range(300):
        s = [rng.uniform(-2.4, 2.4), rng.uniform(-3, 3), rng.uniform(-0.21, 0.21), rng.uniform(-3, 3)]
        steps.append(step_from(env, s, int(rng.integers(2))))
    tau = 0.02
    theta_t = 12 * 2 * math.pi / 360
    for sign in (-1, 1):
        for delta in (-1e-9, 1e-9):
            xdot = rng.uniform(-1, 1)
            steps.append(step_from(env, [sign * 2.4 - tau * xdot + delta, xdot, 0.0, 0.0], int(rng.integers(2))))
            tdot = rng.uniform(-1, 1)
            steps.append(step_from(env, [0.0, 0.0, sign * theta_t - tau * tdot + delta, tdot], int(rng.integers(2))))
    trajs = [trajectory(env, seed, lambda e: int(rng.integers(2)), 40) for seed in range(3)]
    # Past termination on the bare env: Gymnasium's steps_beyond_terminated (reward 0 after the terminal step).
    trajs.append(trajectory(env, 7, lambda e: 1, 25, options={"low": 0.15, "high": 0.2}))
    return env, steps, trajs


def acrobot():
    env = bare("Acrobot-v1")
    pi = math.pi
    steps = []
    for _ in range(300):
        s = [rng.uniform(-pi, pi), rng.uniform(-pi, pi), rng.uniform(-4 * pi, 4 * pi), rng.uniform(-9 * pi, 9 * pi)]
        steps.append(step_from(env, s, int(rng.integers(3))))
    for _ in range(60):  # near the goal height, at the wrap point, and at the velocity bounds
        s = [rng.uniform(2.5, pi) * rng.choice([-1, 1]), rng.uniform(-0.5, 0.5), rng.uniform(-3, 3), rng.uniform(-3, 3)]
        steps.append(step_from(env, s, int(rng.integers(3))))
        s = [rng.uniform(-pi, pi), rng.uniform(-pi, pi), 4 * pi * rng.choice([-1, 1]), 9 * pi * rng.choice([-1, 1])]
        steps.append(step_from(env, s, int(rng.integers(3))))
    trajs = [trajectory(env, seed, lambda e: int(rng.integers(3)), 40) for seed in range(3)]
    trajs.append(trajectory(env, 11, lambda e: 2 if e.state[2] > 0 else 0, 120))  # energy pumping: reaches the goal
    return env, steps, trajs


def mountain_car():
    env = bare("MountainCar-v0")
    steps = []
    for _ in range(300):
        steps.append(step_from(env, [rng.uniform(-1.2, 0.6), rng.uniform(-0.07, 0.07)], int(rng.integers(3))))
    for _ in range(40):  # left wall, goal, speed limit
        steps.append(step_from(env, [rng.uniform(-1.2, -1.15), rng.uniform(-0.07, 0.0)], int(rng.integers(3))))
        steps.append(step_from(env, [rng.uniform(0.44, 0.5), rng.uniform(-0.01, 0.07)], int(rng.integers(3))))
        steps.append(step_from(env, [rng.uniform(-0.6, 0.0), 0.07 * rng.choice([-1, 1])], int(rng.integers(3))))
    trajs = [trajectory(env, seed, lambda e: int(rng.integers(3)), 40) for seed in range(3)]
    trajs.append(trajectory(env, 5, lambda e: 2 if e.state[1] >= 0 else 0, 130))
    return env, steps, trajs


def mountain_car_continuous():
    env = bare("MountainCarContinuous-v0")
    steps = []

    def act():
        u = rng.random()
        if u < 0.1:
            return box_action(rng.choice([-1.0, 1.0]))
        if u < 0.2:
            return box_action(rng.uniform(-4, 4))
        return box_action(rng.uniform(-1, 1))

    for dtype in ("float64", "float32"):
        for _ in range(200):
            steps.append(step_from(env, [rng.uniform(-1.2, 0.6), rng.uniform(-0.07, 0.07)], act(), dtype))
        for _ in range(40):
            steps.append(step_from(env, [rng.uniform(-1.2, -1.15), rng.uniform(-0.07, 0.0)], act(), dtype))
            steps.append(step_from(env, [rng.uniform(0.4, 0.45), rng.uniform(-0.01, 0.07)], act(), dtype))
            steps.append(step_from(env, [rng.uniform(-0.6, 0.0), 0.07 * rng.choice([-1, 1])], act(), dtype))
        # At the float32 images of the bounds: -1.2, 0.45, ±0.07 compare in float32 there.
        for p, v in ((-1.2, -0.0007), (-1.2, 0.0), (0.45, 0.0), (0.45, 0.001), (0.6, 0.07), (0.0, 0.07), (0.0, -0.07)):
            for a in (-1.0, 0.0, 1.0):
                steps.append(step_from(env, [float(f32(p)), float(f32(v))], box_action(a), dtype))
    # A float32 state that stays at float32(0.45) = 0.44999998…: the goal test passes only in float32 comparison.
    p45 = f32(0.45)
    v_tiny = np.nextafter(f32(0.0025 * math.cos(f32(3) * p45)), f32(1))
    for dtype in ("float32", "float64"):
        steps.append(step_from(env, [float(p45), float(v_tiny)], box_action(0.0), dtype))
    trajs = [trajectory(env, seed, lambda e: act(), 40) for seed in range(3)]
    trajs.append(trajectory(env, 3, lambda e: box_action(1.0 if e.state[1] >= 0 else -1.0), 115))
    trajs.append(trajectory(env, 4, lambda e: box_action(-1.0), 80, options={"low": -1.15, "high": -1.1}))
    return env, steps, trajs


def pendulum():
    env = bare("Pendulum-v1")
    steps = []
    for _ in range(300):
        s = [rng.uniform(-10, 10), rng.uniform(-8, 8)]
        a = box_action(rng.uniform(-3, 3)) if rng.random() < 0.8 else box_action(rng.choice([-2.0, 2.0]))
        steps.append(step_from(env, s, a, extra_fn=pendulum_squares_exact))
    for _ in range(40):  # speed limit, angle wrap at ±π
        s = [rng.uniform(-math.pi, math.pi), 8.0 * rng.choice([-1, 1]) - rng.uniform(0, 0.2)]
        steps.append(step_from(env, s, box_action(rng.uniform(-2, 2)), extra_fn=pendulum_squares_exact))
        s = [math.pi * rng.choice([-1, 1, 3, -3]) + rng.uniform(-1e-9, 1e-9), rng.uniform(-1, 1)]
        steps.append(step_from(env, s, box_action(rng.uniform(-2, 2)), extra_fn=pendulum_squares_exact))
    trajs = [trajectory(env, seed, lambda e: box_action(rng.uniform(-2.5, 2.5)), 40, extra_fn=pendulum_squares_exact)
             for seed in range(3)]
    return env, steps, trajs


def variants(env_id):
    """Trajectories with the env's keyword arguments (makeEnv's options), as {options, trajectories}."""
    if env_id == "CartPole-v1":
        env = bare(env_id, sutton_barto_reward=True)
        trajs = [trajectory(env, seed, lambda e: 1, 25, options={"low": 0.1, "high": 0.15}) for seed in range(2)]
        return [{"options": {"suttonBartoReward": True}, "trajectories": trajs}]
    if env_id == "MountainCar-v0":
        env = bare(env_id, goal_velocity=0.02)
        near_goal = [step_from(env, [rng.uniform(0.48, 0.5), rng.uniform(0, 0.04)], 2) for _ in range(30)]
        return [{"options": {"goalVelocity": 0.02}, "steps": near_goal,
                 "trajectories": [trajectory(env, 5, lambda e: 2 if e.state[1] >= 0 else 0, 130)]}]
    if env_id == "MountainCarContinuous-v0":
        env = bare(env_id, goal_velocity=0.02)
        near_goal = [step_from(env, [rng.uniform(0.43, 0.45), rng.uniform(0, 0.04)], box_action(1.0), dtype)
                     for dtype in ("float64", "float32") for _ in range(15)]
        return [{"options": {"goalVelocity": 0.02}, "steps": near_goal,
                 "trajectories": [trajectory(env, 3, lambda e: box_action(1.0 if e.state[1] >= 0 else -1.0), 115)]}]
    if env_id == "Pendulum-v1":
        env = bare(env_id, g=9.81)
        return [{"options": {"g": 9.81},
                 "trajectories": [trajectory(env, s, lambda e: box_action(rng.uniform(-2.5, 2.5)), 40,
                                             extra_fn=pendulum_squares_exact) for s in range(2)]}]
    return []


def main():
    os.makedirs(OUT, exist_ok=True)
    for env_id, build in (
        ("CartPole-v1", cartpole),
        ("Acrobot-v1", acrobot),
        ("MountainCar-v0", mountain_car),
        ("MountainCarContinuous-v0", mountain_car_continuous),
        ("Pendulum-v1", pendulum),
    ):
        _, steps, trajs = build()
        spec = gym.spec(env_id)
        doc = {
            "id": env_id,
            "source": {"gymnasium": gym.__version__, "commit": COMMIT, "numpy": np.__version__,
                       "script": "scripts/golden/gymnasium_envs.py"},
            "spec": {"maxEpisodeSteps": spec.max_episode_steps, "rewardThreshold": spec.reward_threshold},
            "steps": steps,
            "trajectories": trajs,
            "variants": variants(env_id),
        }
        path = os.path.join(OUT, env_id + ".json")
        with open(path, "w") as f:
            json.dump(doc, f, separators=(",", ":"))
        print(path, os.path.getsize(path), "bytes,", len(steps), "steps,", sum(len(t["steps"]) for t in trajs), "trajectory steps")


main()
