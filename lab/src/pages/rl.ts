/** Policy gradients: CartPole trained live in a worker, the cart and pole animated, the curves redrawn as it learns. */
import { lineSpec } from "../../../src/plots/lineSpec.js";
import { RL_BASELINES, type RlParams, type RlUpdate } from "../compute/rl.js";
import { button, card, fmt, frame, h, inputControl, numberParser, selectControl, setStatus, type Page } from "../layout.js";
import { drawSpec } from "../plot.js";
import { startWorker, superseded, type WorkerClient } from "../workerClient.js";

const W = 420;
const H = 200;

export const rlPage: Page = {
  title: "Policy gradients",
  mount(root) {
    const { controls, status, grid } = frame(
      root,
      "Policy gradients: CartPole",
      "REINFORCE estimates ∇θ E[return] = E[Σ_t ψ_t ∇θ log π(a_t|s_t)] from whole episodes: the log-derivative trick applied to a policy. A baseline (mean, optimal, a learned value) subtracted from ψ_t keeps the estimate unbiased and lowers its variance; the variance plot measures it under each variant (whole-trajectory return or reward-to-go, with or without a baseline) on the same batch, as training goes.",
    );
    let worker: WorkerClient | null = null;
    const baseline = selectControl("baseline", "baseline", RL_BASELINES.map((b) => ({ value: b, label: b })), "mean", () => restart());
    const steps = inputControl("env-step budget", "steps", "60000", numberParser("steps", { min: 500, max: 1e6, integer: true }), () => restart());
    const seed = inputControl("seed", "seed", "0", numberParser("seed", { min: 0, integer: true }), () => restart());
    const startBtn = button("▶ train", "train", () => restart());
    const stopBtn = button("■ stop", "stop", () => stop());
    const resumeBtn = button("resume", "resume", () => run(true));
    controls.append(baseline.el, steps.el, seed.el, h("div", { class: "control" }, h("span", {}, "run"), h("div", {}, startBtn, " ", stopBtn, " ", resumeBtn)));

    const canvas = h("canvas", { width: String(W), height: String(H), role: "img", "aria-label": "CartPole animation" });
    const animInfo = h("div", { "data-anim": "" });
    card(grid, "The current policy, one episode", "cartpole").append(canvas, animInfo);
    const curveBody = card(grid, "Learning curve", "curve");
    const varBody = card(grid, "Policy-gradient variance", "variance");

    let last: RlUpdate | null = null;
    let running = false;
    let episode: number[][] = [];
    let frameIdx = 0;
    let lastChart = 0;

    function drawCart(): void {
      const g = canvas.getContext("2d")!;
      g.clearRect(0, 0, W, H);
      g.strokeStyle = "#888";
      g.beginPath();
      g.moveTo(0, H - 40);
      g.lineTo(W, H - 40);
      g.stroke();
      if (episode.length === 0) return;
      const [x, th] = episode[Math.min(frameIdx, episode.length - 1)];
      const cx = W / 2 + (x / 2.4) * (W / 2 - 30);
      const cy = H - 52;
      g.fillStyle = "#1f3a5f";
      g.fillRect(cx - 25, cy - 12, 50, 24);
      g.strokeStyle = "#c8782a";
      g.lineWidth = 6;
      g.beginPath();
      g.moveTo(cx, cy - 12);
      g.lineTo(cx + 110 * Math.sin(th), cy - 12 - 110 * Math.cos(th));
      g.stroke();
      g.lineWidth = 1;
      animInfo.textContent = `step ${Math.min(frameIdx, episode.length - 1)} of ${episode.length - 1} (an episode ends at |x| > 2.4, |θ| > 12° or 500 steps)`;
    }
    const anim = window.setInterval(() => {
      if (episode.length === 0) return;
      frameIdx = (frameIdx + 1) % (episode.length + 25);
      drawCart();
    }, 20);

    async function charts(u: RlUpdate): Promise<void> {
      const variants = Object.keys(u.diagnostics[0]?.variants ?? {});
      const errs = await Promise.all([
        u.curve.steps.length > 0
          ? drawSpec(curveBody, () =>
              lineSpec({
                title: `Learning curve, CartPole-v1 (reinforce, baseline ${baseline.input.value})`,
                xLabel: "training env steps",
                yLabel: "mean return (last 100 episodes)",
                series: [{ name: "mean return", x: u.curve.steps, y: u.curve.meanReturn }],
                hLines: [{ y: 475, label: "solved (475)" }],
              }),
            )
          : null,
        variants.length > 0
          ? drawSpec(varBody, () =>
              lineSpec({
                title: "Policy-gradient variance per estimator, CartPole-v1 (reinforce)",
                xLabel: "training env steps",
                yLabel: "mean per-coordinate variance (log)",
                series: variants.map((v) => ({ name: v, x: u.diagnostics.map((d) => d.steps), y: u.diagnostics.map((d) => d.variants[v]?.meanVariance ?? NaN) })).map((s) => ({ ...s, x: s.x.filter((_, i) => Number.isFinite(s.y[i])), y: s.y.filter((y) => Number.isFinite(y)) })).filter((s) => s.x.length > 0),
                logY: true,
                points: true,
              }),
            )
          : null,
      ]);
      const err = errs.find((e) => e);
      if (err) setStatus(status, err, true);
    }

    function onUpdate(u: RlUpdate): void {
      last = u;
      episode = u.episode;
      frameIdx = 0;
      const mr = u.curve.meanReturn.at(-1);
      setStatus(status, `${running ? "training" : "stopped"}: ${u.envSteps} of ${u.total} env steps, ${u.updates} updates, mean return ${mr === undefined ? "–" : fmt(mr)}`);
      root.dataset.envSteps = String(u.envSteps);
      root.dataset.meanReturn = mr === undefined ? "" : String(mr);
      if (performance.now() - lastChart > 2000 || !running) {
        lastChart = performance.now();
        void charts(u);
      }
    }

    function stop(): void {
      if (!running) return;
      running = false;
      worker?.terminate();
      worker = null;
      if (last) onUpdate(last);
      setStatus(status, `stopped at ${last?.envSteps ?? 0} env steps; press resume to continue exactly where it stopped.`);
    }

    function restart(): void {
      stop();
      last = null;
      run(false);
    }

    async function run(resume: boolean): Promise<void> {
      if (running) return;
      const b = baseline.input.value;
      const st = steps.read();
      const sd = seed.read();
      if (st === null || sd === null) {
        setStatus(status, "A control has a bad value (see the message under it); nothing was started.", true);
        return;
      }
      if (resume && last === null) {
        setStatus(status, "nothing to resume: press ▶ train first", true);
        return;
      }
      const req: RlParams = { baseline: b, seed: sd, steps: st, ...(resume && last ? { resume: last.checkpoint } : {}) };
      running = true;
      worker = startWorker();
      setStatus(status, resume ? "resuming…" : "training…");
      try {
        const r = await worker.request<RlUpdate>("rlTrain", req, (u) => onUpdate(u as RlUpdate));
        if (superseded(r)) return;
        running = false;
        onUpdate(r);
        setStatus(status, `done: ${r.envSteps} env steps, ${r.updates} updates, mean return ${fmt(r.curve.meanReturn.at(-1) ?? NaN)}`);
        root.dataset.done = "1";
        worker.terminate();
        worker = null;
      } catch (e) {
        running = false;
        setStatus(status, (e as Error).message, true);
      }
    }

    drawCart();
    return () => {
      window.clearInterval(anim);
      running = false;
      worker?.terminate();
    };
  },
};
