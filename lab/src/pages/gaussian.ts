/** The note's Gaussian example: sliders μ and σ, three estimators on the same draws, updating as the sliders move. */
import { histogramSpec } from "../../../src/plots/histogramSpec.js";
import { lineSpec } from "../../../src/plots/lineSpec.js";
import { COST_CHOICES } from "../compute/costs.js";
import { HISTOGRAM_MAX } from "../compute/explorer.js";
import type { GaussianParams, GaussianResult } from "../compute/gaussian.js";
import { card, fmt, frame, h, inputControl, numberParser, numberTable, selectControl, setStatus, sliderControl, type Page } from "../layout.js";
import { drawSpec } from "../plot.js";
import { startWorker, superseded } from "../workerClient.js";

export const gaussianPage: Page = {
  title: "Gaussian example",
  mount(root) {
    const { controls, status, grid } = frame(
      root,
      "The Gaussian example",
      "x ~ N(μ, σ²). The log-derivative trick: ∇ E[f(x)] = E[f(x) ∇ log p(x)], with scores ∂μ log p = (x − μ)/σ² and ∂σ log p = ((x − μ)² − σ²)/σ³. A baseline b gives E[(f(x) − b) ∇ log p(x)], the same mean (E[score] = 0) with less spread; the pathwise estimator differentiates f itself: E[f′(μ + σε)·(1, ε)].",
    );
    const worker = startWorker();
    const update = () => void compute();
    const mu = sliderControl("μ", "mu", -3, 3, 0.05, 1, update);
    const sigma = sliderControl("σ", "sigma", 0.05, 3, 0.05, 1, update);
    const cost = selectControl("cost f(x)", "cost", COST_CHOICES.filter((c) => ["quadratic", "exp", "cos"].includes(c.value)), "cos", update);
    const k = inputControl("k", "k", "1.5", numberParser("k"), update);
    const n = inputControl("n (samples)", "n", "1000", numberParser("n", { min: 2, max: 100000, integer: true }), update);
    const seed = inputControl("seed", "seed", "0", numberParser("seed", { min: 0, integer: true }), update);
    controls.append(mu.el, sigma.el, cost.el, k.el, n.el, seed.el);
    const estBody = card(grid, "∇(μ, σ) E[f]: estimates ± SE on the same draws", "estimates");
    const scoreBody = card(grid, "The score function and the cost", "score");
    const histBody = card(grid, "Per-sample terms of ∂/∂μ", "histogram");

    async function compute(): Promise<void> {
      const kv = k.read();
      const nv = n.read();
      const sv = seed.read();
      if (kv === null || nv === null || sv === null) {
        setStatus(status, "A control has a bad value (see the message under it); the results shown are the last good ones.", true);
        return;
      }
      const req: GaussianParams = { mu: mu.read()!, sigma: sigma.read()!, cost: cost.input.value, k: kv, n: nv, seed: sv };
      try {
        const r = await worker.request<GaussianResult>("gaussian", req);
        if (superseded(r)) return;
        estBody.replaceChildren(
          numberTable(
            ["estimator", "∂/∂μ", "∂/∂σ", "variance ∂μ", "variance ∂σ"],
            [
              ...r.estimates.map((e) => [
                e.name,
                { text: `${fmt(e.mean[0])} ± ${fmt(e.stderr[0])}`, value: e.mean[0] },
                { text: `${fmt(e.mean[1])} ± ${fmt(e.stderr[1])}`, value: e.mean[1] },
                { text: fmt(e.variance[0]), value: e.variance[0] },
                { text: fmt(e.variance[1]), value: e.variance[1] },
              ]),
              ["exact", { text: fmt(r.exact[0]), value: r.exact[0] }, { text: fmt(r.exact[1]), value: r.exact[1] }, "", ""],
            ],
            "estimates",
          ),
          h("p", { class: "status" }, `${r.costLabel}, μ = ${req.mu}, σ = ${req.sigma}, n = ${req.n}, seed ${req.seed}. Variance is per sample (the estimate's variance is it ÷ n).`),
        );
        const c = r.curves;
        const errs = await Promise.all([
          drawSpec(scoreBody, () =>
            lineSpec({
              title: `Scores and f on μ ± 4σ`,
              xLabel: "x",
              yLabel: "value",
              series: [
                { name: "∂μ log p(x)", x: c.x, y: c.scoreMu },
                { name: "∂σ log p(x)", x: c.x, y: c.scoreSigma },
                { name: r.costLabel, x: c.x, y: c.f },
                { name: "p(x) × 10", x: c.x, y: c.density.map((d) => 10 * d) },
              ],
              vLines: [{ x: req.mu, label: "μ" }],
            }),
          ),
          drawSpec(histBody, () =>
            histogramSpec({
              title: `Per-sample terms of ∂/∂μ, n = ${req.n}`,
              xLabel: "per-sample gradient term, ∂/∂μ",
              series: r.estimates.map((e) => ({ name: e.name, values: e.termsMu })),
              vLines: [{ x: r.exact[0], label: "exact" }],
              notes: req.n > HISTOGRAM_MAX ? [`the first ${HISTOGRAM_MAX} of ${req.n} terms`] : [],
            }),
          ),
        ]);
        const err = errs.find((e) => e !== null);
        setStatus(status, err ?? "", err !== undefined);
        root.dataset.ready = String(Number(root.dataset.ready ?? 0) + 1);
      } catch (e) {
        setStatus(status, `${(e as Error).message} — the results shown are the last good ones.`, true);
      }
    }
    void compute();
    return () => worker.terminate();
  },
};
