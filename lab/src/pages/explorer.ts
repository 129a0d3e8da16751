/** The estimator explorer page: controls, then the worker's result drawn with the shared Vega-Lite specs. */
import { comparisonSpec } from "../../../src/plots/comparisonSpec.js";
import { histogramSpec } from "../../../src/plots/histogramSpec.js";
import { lineSpec } from "../../../src/plots/lineSpec.js";
import { COST_CHOICES } from "../compute/costs.js";
import { FAMILIES, HISTOGRAM_MAX, type ExplorerParams, type ExplorerResult } from "../compute/explorer.js";
import { card, fmt, frame, h, inputControl, numberParser, numberTable, selectControl, setStatus, type Control, type Page } from "../layout.js";
import { drawSpec } from "../plot.js";
import { startWorker, superseded } from "../workerClient.js";

export const explorerPage: Page = {
  title: "Estimator explorer",
  mount(root) {
    const { controls, status, grid } = frame(
      root,
      "Estimator explorer",
      "∇θ E_{x~pθ}[f(x)] by every estimator that applies to the family and the cost: score function (with and without baselines), pathwise (needs f′ and a reparameterizable family), measure-valued. Gradients are with respect to the family's θ (log of positive parameters).",
    );
    const worker = startWorker();
    const update = () => void compute();
    const family = selectControl("family", "family", Object.keys(FAMILIES).map((f) => ({ value: f, label: f })), "Normal", () => {
      buildParams();
      update();
    });
    const paramBox = h("div", { class: "controls", style: "border:none;padding:0;margin:0" });
    let params: { name: string; control: Control<number> }[] = [];
    const buildParams = () => {
      params = FAMILIES[family.input.value].params.map((p) => ({
        name: p.name,
        control: inputControl(p.name, `param-${p.name}`, String(p.initial), numberParser(p.name, p.positive ? { min: 0, minExclusive: true } : {}), update),
      }));
      paramBox.replaceChildren(...params.map((p) => p.control.el));
    };
    buildParams();
    const cost = selectControl("cost f(x)", "cost", COST_CHOICES, "cos", () => {
      expr.el.hidden = cost.input.value !== "expr";
      update();
    });
    const k = inputControl("k", "k", "1.5", numberParser("k"), update);
    const expr = inputControl("expression in x, k (mathjs)", "expression", "x^2 * sin(k * x)", (t) => t, update, { class: "wide" });
    const n = inputControl("n (samples)", "n", "2000", numberParser("n", { min: 2, max: 200000, integer: true }), update);
    const seed = inputControl("seed", "seed", "0", numberParser("seed", { min: 0, integer: true }), update);
    const coord = selectControl("histogram of θ coordinate", "coordinate", [{ value: "0", label: "θ[0]" }, { value: "1", label: "θ[1]" }], "0", update);
    expr.el.hidden = true;
    // The estimators that apply (filled from each result); unticking one hides it everywhere without recomputing.
    const hidden = new Set<string>();
    const picker = h("fieldset", { class: "control", "data-control": "estimators" }, h("legend", {}, "estimators shown"));
    let shown: { r: ExplorerResult; req: ExplorerParams } | null = null;
    const buildPicker = (names: string[]) => {
      picker.replaceChildren(
        h("legend", {}, "estimators shown"),
        ...names.map((name) => {
          const box = h("input", { type: "checkbox", value: name, "data-estimator": name });
          box.checked = !hidden.has(name);
          box.addEventListener("change", () => {
            if (box.checked) hidden.delete(name);
            else hidden.add(name);
            if (shown) void show(shown.r, shown.req).catch((e: Error) => setStatus(status, e.message, true));
          });
          return h("label", {}, box, ` ${name}`);
        }),
      );
    };
    controls.append(family.el, paramBox, cost.el, k.el, expr.el, n.el, seed.el, coord.el, picker);

    const estBody = card(grid, "Estimates ± one standard error", "estimates");
    const histBody = card(grid, "Per-sample gradient terms", "histogram");
    const curveBody = card(grid, "Variance of the estimate against n", "variance-n");
    const cmpBody = card(grid, "Variance per sample and per evaluation of f", "comparison");
    const scoreBody = card(grid, "Score identities: E[s] = 0, E[s sᵀ] = F", "score-check");

    async function compute(): Promise<void> {
      const values = params.map((p) => [p.name, p.control.read()] as const);
      const kv = k.read();
      const nv = n.read();
      const sv = seed.read();
      if (values.some(([, v]) => v === null) || kv === null || nv === null || sv === null) {
        setStatus(status, "A control has a bad value (see the message under it); the results shown are the last good ones.", true);
        return;
      }
      const req: ExplorerParams = {
        family: family.input.value,
        params: Object.fromEntries(values) as Record<string, number>,
        cost: cost.input.value,
        k: kv,
        expression: expr.input.value,
        n: nv,
        seed: sv,
        coordinate: Number(coord.input.value),
      };
      setStatus(status, "computing…");
      try {
        const r = await worker.request<ExplorerResult>("explorer", req);
        if (superseded(r)) return;
        await show(r, req);
        setStatus(status, `${r.familyLabel}, ${r.costLabel}, n = ${req.n}, seed ${req.seed}: done.`);
        root.dataset.ready = String(Number(root.dataset.ready ?? 0) + 1);
      } catch (e) {
        setStatus(status, `${(e as Error).message} — the results shown are the last good ones.`, true);
      }
    }

    async function show(all: ExplorerResult, req: ExplorerParams): Promise<void> {
      shown = { r: all, req };
      buildPicker(all.estimates.map((e) => e.name));
      const keep = (name: string) => !hidden.has(name);
      const r: ExplorerResult = {
        ...all,
        estimates: all.estimates.filter((e) => keep(e.name)),
        varianceVsN: all.varianceVsN.filter((c) => keep(c.name)),
        comparison: { ...all.comparison, estimators: all.comparison.estimators.filter((e) => keep(e.name)) },
      };
      if (r.estimates.length === 0) throw new Error("tick at least one estimator to show");
      const P = r.thetaLabels.length;
      coord.input.replaceChildren(...r.thetaLabels.map((l, j) => h("option", { value: String(j), ...(j === Math.min(req.coordinate, P - 1) ? { selected: "" } : {}) }, `∂/∂${l}`)));
      const header = ["estimator", ...r.thetaLabels.map((l) => `∂/∂${l}`), ...(r.exact ? r.thetaLabels.map((l) => `z (∂/∂${l})`) : [])];
      const rows = r.estimates.map((e) => [
        e.name,
        ...e.mean.map((m, j) => ({ text: `${fmt(m)} ± ${fmt(e.stderr[j])}`, value: m })),
        ...(r.exact ? e.mean.map((m, j) => ({ text: fmt((m - r.exact![j]) / e.stderr[j]), value: (m - r.exact![j]) / e.stderr[j] })) : []),
      ]);
      if (r.exact) rows.push(["exact", ...r.exact.map((v) => ({ text: fmt(v), value: v })), ...r.exact.map(() => "")]);
      estBody.replaceChildren(
        numberTable(header, rows, "estimates"),
        h("p", { class: "status" }, r.exact ? `exact gradient: ${r.exactSource}; z = (estimate − exact)/SE, |z| ≲ 3 expected` : `exact gradient ${r.exactSource}`),
      );
      const j = Math.min(req.coordinate, P - 1);
      const errs = await Promise.all([
        drawSpec(histBody, () =>
          histogramSpec({
            title: `Per-sample terms of ∂/∂${r.thetaLabels[j]}, n = ${req.n}`,
            xLabel: `per-sample gradient term, ∂/∂${r.thetaLabels[j]}`,
            series: r.estimates.map((e) => ({ name: e.name, values: e.terms })),
            vLines: r.exact ? [{ x: r.exact[j], label: "exact" }] : [],
            notes: req.n > HISTOGRAM_MAX ? [`the first ${HISTOGRAM_MAX} of ${req.n} terms`] : [],
          }),
        ),
        drawSpec(curveBody, () =>
          lineSpec({
            title: "Variance of the estimate (summed over θ) against n",
            xLabel: "n, samples per estimate (log)",
            yLabel: "variance over 40 replicates (log)",
            series: r.varianceVsN.map((c) => ({ name: c.name, x: c.n, y: c.variance })),
            logX: true,
            logY: true,
            points: true,
            notes: ["slope −1 on these axes is the 1/n law"],
          }),
        ),
        drawSpec(cmpBody, () => comparisonSpec(`${r.costLabel}, x ~ ${r.familyLabel}`, r.comparison)),
      ]);
      const sc = r.scoreCheck;
      const fRows: (string | { text: string; value: number; cls?: string })[][] = [];
      for (let a = 0; a < P; a++) {
        fRows.push([`E[s_${a}] (${r.thetaLabels[a]})`, { text: fmt(sc.scoreMean[a]), value: sc.scoreMean[a] }, "0", { text: fmt(sc.scoreZ[a]), value: sc.scoreZ[a], cls: Math.abs(sc.scoreZ[a]) <= sc.zThreshold ? "pass" : "fail" }]);
      }
      for (let a = 0; a < P; a++) {
        for (let b = a; b < P; b++) {
          const i = a * P + b;
          fRows.push([`E[s_${a} s_${b}]`, { text: fmt(sc.fisherEstimate[i]), value: sc.fisherEstimate[i] }, fmt(sc.fisherExact[i]), { text: fmt(sc.fisherZ[i]), value: sc.fisherZ[i], cls: Math.abs(sc.fisherZ[i]) <= sc.zThreshold ? "pass" : "fail" }]);
        }
      }
      scoreBody.replaceChildren(
        numberTable(["identity", "Monte Carlo", "exact", "z"], fRows, "score-check"),
        h("p", { class: sc.pass ? "pass" : "fail", "data-score-pass": String(sc.pass) }, `${sc.pass ? "pass" : "FAIL"}: every |z| ≤ ${sc.zThreshold.toFixed(2)} (Bonferroni, α = 0.001), ${sc.numSamples} samples`),
      );
      const err = errs.find((e) => e !== null);
      if (err) throw new Error(err);
    }

    void compute();
    return () => worker.terminate();
  },
};
