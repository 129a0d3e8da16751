"""Reference for bench/vi.bench.ts: the breast-cancer Bayesian logistic regression fit in numpy.

Mean-field Normal guide q(w) = N(mu, diag(sigma^2)), theta = [mu, log sigma]; pathwise (reparameterized) ELBO
gradient with a hand-written gradient of the log joint and the Gaussian entropy in closed form; minibatches of B
rows without replacement scaled by N/B; Adam (ascent). The same problem, options and estimator as the TypeScript
side, so the ratio of their times compares implementations, not algorithms.

Input (stdin, JSON): {"x": [N*d], "y": [N], "d": d, "steps", "samples", "batch", "lr", "seed", "repeats"}.
Output (stdout, one JSON line): {"seconds": best CPU seconds, "wall": best wall seconds, "finalElbo": mean ELBO
estimate over the last 100 steps, "version": numpy version}.
"""
import json
import sys
import time

try:
    import numpy as np
except Exception as e:  # noqa: BLE001 - report any import failure to the caller
    print(json.dumps({"error": "numpy not importable: " + str(e)}))
    sys.exit(0)


def softplus(t):
    return np.logaddexp(0.0, t)


def fit(x, y, d, steps, samples, batch, lr, seed):
    n = y.shape[0]
    rng = np.random.default_rng(seed)
    mu = np.zeros(d)
    log_sigma = np.zeros(d)
    m = np.zeros(2 * d)
    v = np.zeros(2 * d)
    b1, b2, eps_adam = 0.9, 0.999, 1e-8
    scale = n / batch
    const = -0.5 * d * np.log(2 * np.pi)
    elbos = np.empty(steps)
    for t in range(1, steps + 1):
        rows = rng.choice(n, size=batch, replace=False)
        xb, yb = x[rows], y[rows]
        sigma = np.exp(log_sigma)
        eps = rng.standard_normal((samples, d))
        w = mu + sigma * eps
        eta = w @ xb.T
        log_joint = const - 0.5 * np.einsum("ij,ij->i", w, w) + scale * (yb * eta - softplus(eta)).sum(axis=1)
        grad_w = -w + scale * ((yb - 1.0 / (1.0 + np.exp(-eta))) @ xb)
        entropy = 0.5 * d * (1.0 + np.log(2 * np.pi)) + log_sigma.sum()
        elbos[t - 1] = log_joint.mean() + entropy
        g = np.concatenate([grad_w.mean(axis=0), (grad_w * eps).mean(axis=0) * sigma + 1.0])
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        step = lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps_adam)
        mu += step[:d]
        log_sigma += step[d:]
    return float(elbos[-100:].mean())


def main():
    cfg = json.load(sys.stdin)
    d = int(cfg["d"])
    x = np.asarray(cfg["x"], dtype=np.float64).reshape(-1, d)
    y = np.asarray(cfg["y"], dtype=np.float64)
    best, wall, final = float("inf"), float("inf"), None
    for r in range(int(cfg.get("repeats", 1))):
        c0, t0 = time.process_time(), time.perf_counter()
        final = fit(x, y, d, int(cfg["steps"]), int(cfg["samples"]), int(cfg["batch"]), float(cfg["lr"]), int(cfg["seed"]) + r)
        wall = min(wall, time.perf_counter() - t0)
        best = min(best, time.process_time() - c0)
    print(json.dumps({"seconds": best, "wall": wall, "finalElbo": final, "version": np.__version__}))


if __name__ == "__main__":
    main()
