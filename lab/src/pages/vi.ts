/** Variational inference: a 2-D posterior, the guide's ellipse fitted by each ELBO estimator, the ELBO traces. */
import { lineSpec } from "../../../src/plots/lineSpec.js";
import { VI_ESTIMATORS, type ViFrame, type ViParams } from "../compute/vi.js";
import { button, card, fmt, frame, h, inputControl, numberParser, numberTable, selectControl, setStatus, type Page } from "../layout.js";
import { drawSpec } from "../plot.js";
import { startWorker, superseded, type WorkerClient } from "../workerClient.js";

const SIZE = 360;
const LO = [-3, -3];
const HI = [4, 3];
/** Vega-Lite's default palette (tableau10) in the ELBO chart's series order, so the ellipses match the traces; dashes keep overlapping ellipses visible. */
const COLORS: Record<string, string> = { score: "#4c78a8", "score-rb": "#f58518", pathwise: "#e45756", stl: "#72b7b2" };
const DASHES: Record<string, number[]> = { score: [], "score-rb": [10, 6], pathwise: [3, 3], stl: [12, 4, 3, 4] };

export const viPage: Page = {
  title: "Variational inference",
  mount(root) {
    const { controls, status, grid } = frame(
      root,
      "Variational inference",
      "Maximize the ELBO L(θ) = E_{z~qθ}[log p(x, z) − log qθ(z)] over a Gaussian guide qθ. Each estimator of ∇θ L (score function, score function Rao-Blackwellized, pathwise, sticking-the-landing) drives the same Adam optimizer from the same start; the ellipses are the guides' 2σ contours over the posterior's (grey). The posterior is normalized, so the best full-rank ELBO is 0.",
    );
    let worker: WorkerClient | null = null;
    const rho = inputControl("posterior correlation ρ", "rho", "0.8", numberParser("ρ", { min: -0.99, max: 0.99 }), () => void run());
    const guide = selectControl("guide", "guide", [{ value: "fullRank", label: "full-rank MultivariateNormal" }, { value: "meanField", label: "mean-field Normal" }], "fullRank", () => void run());
    const steps = inputControl("steps", "steps", "400", numberParser("steps", { min: 1, max: 20000, integer: true }), () => void run());
    const samples = inputControl("samples per step", "samples", "8", numberParser("samples", { min: 1, max: 4096, integer: true }), () => void run());
    const lr = inputControl("Adam learning rate", "lr", "0.05", numberParser("learning rate", { min: 0, minExclusive: true }), () => void run());
    const seed = inputControl("seed", "seed", "0", numberParser("seed", { min: 0, integer: true }), () => void run());
    controls.append(rho.el, guide.el, steps.el, samples.el, lr.el, seed.el, h("div", { class: "control" }, h("span", {}, "run"), h("div", {}, button("▶ fit", "fit", () => void run()))));
    const canvas = h("canvas", { width: String(SIZE), height: String(SIZE), role: "img", "aria-label": "posterior and fitted guides" });
    const legend = h("div", {});
    legend.innerHTML = VI_ESTIMATORS.map(
      (e) => `<span style="margin-right:1rem"><svg width="30" height="8" aria-hidden="true"><line x1="0" y1="4" x2="30" y2="4" stroke="${COLORS[e]}" stroke-width="2.5" stroke-dasharray="${DASHES[e].join(" ")}"/></svg> ${e}</span>`,
    ).join("");
    card(grid, "Posterior (grey) and guides (2σ ellipses)", "vi-canvas").append(canvas, legend);
    const traceBody = card(grid, "ELBO traces", "vi-trace");
    const tableBody = card(grid, "Fitted guides", "vi-table");
    let lastChart = 0;

    const toPx = (x: number, y: number): [number, number] => [((x - LO[0]) / (HI[0] - LO[0])) * SIZE, ((HI[1] - y) / (HI[1] - LO[1])) * SIZE];
    function ellipse(g: CanvasRenderingContext2D, mean: number[], cov: number[], r: number, color: string, width: number, dash: number[] = []): void {
      const [c00, c01, , c11] = cov;
      const l = Math.sqrt(c00);
      const m = c01 / l;
      const n = Math.sqrt(Math.max(c11 - m * m, 0));
      g.strokeStyle = color;
      g.lineWidth = width;
      g.setLineDash(dash);
      g.beginPath();
      for (let t = 0; t <= 72; t++) {
        const th = (2 * Math.PI * t) / 72;
        const u = r * Math.cos(th);
        const v = r * Math.sin(th);
        const [px, py] = toPx(mean[0] + l * u, mean[1] + m * u + n * v);
        if (t === 0) g.moveTo(px, py);
        else g.lineTo(px, py);
      }
      g.stroke();
    }
    function draw(f: ViFrame): void {
      const g = canvas.getContext("2d")!;
      g.fillStyle = "white";
      g.fillRect(0, 0, SIZE, SIZE);
      g.strokeStyle = "#eee";
      for (let x = Math.ceil(LO[0]); x <= HI[0]; x++) {
        const [px] = toPx(x, 0);
        g.beginPath();
        g.moveTo(px, 0);
        g.lineTo(px, SIZE);
        g.stroke();
      }
      for (let y = Math.ceil(LO[1]); y <= HI[1]; y++) {
        const [, py] = toPx(0, y);
        g.beginPath();
        g.moveTo(0, py);
        g.lineTo(SIZE, py);
        g.stroke();
      }
      for (const r of [0.5, 1, 1.5, 2, 2.5]) ellipse(g, f.target.mean, f.target.cov, r, "#bbb", 1);
      for (const fit of f.fits) if (!fit.error) ellipse(g, fit.mean, fit.cov, 2, COLORS[fit.estimator], 2.5, DASHES[fit.estimator]);
      g.setLineDash([]);
    }
    async function show(f: ViFrame, final: boolean): Promise<void> {
      draw(f);
      tableBody.replaceChildren(
        numberTable(
          ["estimator", "mean", "sd", "correlation", "last ELBO"],
          [
            ...f.fits.map((x) =>
              x.error
                ? [x.estimator, x.error, "", "", ""]
                : [
                    x.estimator,
                    `(${fmt(x.mean[0])}, ${fmt(x.mean[1])})`,
                    `(${fmt(Math.sqrt(x.cov[0]))}, ${fmt(Math.sqrt(x.cov[3]))})`,
                    fmt(x.cov[1] / Math.sqrt(x.cov[0] * x.cov[3])),
                    { text: fmt(x.elbo.at(-1) ?? NaN), value: x.elbo.at(-1) ?? NaN },
                  ],
            ),
            ["posterior", `(${fmt(f.target.mean[0])}, ${fmt(f.target.mean[1])})`, `(${fmt(Math.sqrt(f.target.cov[0]))}, ${fmt(Math.sqrt(f.target.cov[3]))})`, fmt(f.target.cov[1] / Math.sqrt(f.target.cov[0] * f.target.cov[3])), "0 (log Z)"],
          ],
          "vi",
        ),
      );
      if (final || performance.now() - lastChart > 800) {
        lastChart = performance.now();
        const ok = f.fits.filter((x) => !x.error && x.elbo.length > 0);
        // Every 4th step (and the last) keeps the chart light; the ELBO estimate of one step is noisy, a floor at −50 keeps the scale readable.
        const err = ok.length === 0 ? null : await drawSpec(traceBody, () =>
          lineSpec({
            title: `ELBO per step (${f.step} steps)`,
            xLabel: "optimizer step",
            yLabel: "ELBO estimate (floored at −50)",
            series: ok.map((x) => {
              const idx = x.elbo.map((_, i) => i).filter((i) => i % 4 === 0 || i === x.elbo.length - 1);
              return { name: x.estimator, x: idx.map((i) => i + 1), y: idx.map((i) => Math.max(x.elbo[i], -50)) };
            }),
            hLines: [{ y: 0, label: "log Z = 0" }],
          }),
        );
        if (err) setStatus(status, err, true);
      }
      root.dataset.step = String(f.step);
    }
    async function run(): Promise<void> {
      const vals = [rho.read(), steps.read(), samples.read(), lr.read(), seed.read()];
      if (vals.some((v) => v === null)) {
        setStatus(status, "A control has a bad value (see the message under it); the fit shown is the last good one.", true);
        return;
      }
      const [r, st, ns, l, sd] = vals as number[];
      worker?.terminate();
      worker = startWorker();
      const req: ViParams = { rho: r, guide: guide.input.value as ViParams["guide"], steps: st, numSamples: ns, learningRate: l, seed: sd };
      setStatus(status, "fitting…");
      try {
        const res = await worker.request<ViFrame>("vi", req, (f) => void show(f as ViFrame, false));
        if (superseded(res)) return;
        await show(res, true);
        setStatus(status, `done: ${res.step} steps of each estimator.`);
        root.dataset.done = String(Number(root.dataset.done ?? 0) + 1);
      } catch (e) {
        setStatus(status, (e as Error).message, true);
      }
    }
    void run();
    return () => worker?.terminate();
  },
};
