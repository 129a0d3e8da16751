/** Black-box optimization: four strategies side by side on a 2-D test function, drawn each generation. */
import { lineSpec } from "../../../src/plots/lineSpec.js";
import { testFunction, testFunctions } from "../../../src/es/testFunctions.js";
import type { EsAlgoSnapshot, EsParams, EsRun } from "../compute/es.js";
import { button, card, fmt, frame, h, inputControl, numberParser, numberTable, selectControl, setStatus, type Page } from "../layout.js";
import { drawSpec } from "../plot.js";
import { startWorker, superseded } from "../workerClient.js";

const VIEW: Record<string, { lo: [number, number]; hi: [number, number]; x0: string }> = {
  rosenbrock: { lo: [-2, -1], hi: [2, 3], x0: "-1.5, 2.5" },
};
const viewOf = (fn: string) => VIEW[fn] ?? { lo: [-5, -5], hi: [5, 5], x0: "-3.5, 3" };
const LABEL: Record<string, string> = { xnes: "xNES", snes: "SNES", openEs: "OpenAI-ES", pgpe: "PGPE" };
const SIZE = 260;

export const esPage: Page = {
  title: "Black-box optimization",
  mount(root) {
    const { controls, status, grid } = frame(
      root,
      "Black-box optimization",
      "Evolution strategies estimate the gradient of E_{x~N(m, C)}[f(x)] by the log-derivative trick from f values alone. Each panel shows f's contours (darker is lower), the current population (dots), and the search distribution's 1σ and 2σ ellipses; ★ is the optimum.",
    );
    const worker = startWorker();
    const fnSel = selectControl("test function", "fn", Object.keys(testFunctions).map((f) => ({ value: f, label: f })), "rosenbrock", () => {
      x0.input.value = viewOf(fnSel.input.value).x0;
      void reset();
    });
    const parseX0 = (t: string): [number, number] => {
      const v = t.split(",").map((s) => Number(s.trim()));
      if (v.length !== 2 || v.some((x) => !Number.isFinite(x) || t.trim() === "")) throw new Error(`x₀ must be two numbers "a, b", got "${t}"`);
      return [v[0], v[1]];
    };
    const x0 = inputControl("x₀", "x0", viewOf("rosenbrock").x0, parseX0, () => void reset());
    const sigma0 = inputControl("σ₀", "sigma0", "0.5", numberParser("σ₀", { min: 0, minExclusive: true }), () => void reset());
    const target = inputControl("target f", "target", "1e-6", numberParser("target"), () => void reset());
    const seed = inputControl("seed", "seed", "0", numberParser("seed", { min: 0, integer: true }), () => void reset());
    const play = button("▶ play", "play", () => toggle());
    const step = button("step", "step", () => void advance(1));
    const resetBtn = button("reset", "reset", () => void reset());
    play.setAttribute("aria-pressed", "false");
    controls.append(fnSel.el, x0.el, sigma0.el, target.el, seed.el, h("div", { class: "control" }, h("span", {}, "run"), h("div", {}, play, " ", step, " ", resetBtn)));

    const panels = h("div", { class: "grid" });
    grid.append(panels);
    const canvases = (["xnes", "snes", "openEs", "pgpe"] as const).map((name) => {
      const c = h("canvas", { width: String(SIZE), height: String(SIZE), "aria-label": `${LABEL[name]} search distribution`, role: "img" });
      const label = h("div", { "data-panel": name, style: `width:${SIZE}px;font-size:0.8rem` }, LABEL[name]);
      panels.append(h("section", { class: "card" }, h("h2", {}, LABEL[name]), c, label));
      return { name, c, label };
    });
    const tableBody = card(grid, "Evaluations to target", "es-table");
    const curveBody = card(grid, "Best f against evaluations", "es-curve");

    let field: ImageData | null = null;
    let view = viewOf("rosenbrock");
    let playing = false;
    let busy = false;
    let last: EsRun["snapshot"] | null = null;
    let fnName = "rosenbrock";

    function contourField(fn: string): ImageData {
      const tf = testFunction(fn);
      const img = new ImageData(SIZE, SIZE);
      const vals = new Float64Array(SIZE * SIZE);
      const p = new Float64Array(2);
      let lo = Infinity;
      let hi = -Infinity;
      for (let r = 0; r < SIZE; r++) {
        for (let c = 0; c < SIZE; c++) {
          p[0] = view.lo[0] + ((c + 0.5) / SIZE) * (view.hi[0] - view.lo[0]);
          p[1] = view.hi[1] - ((r + 0.5) / SIZE) * (view.hi[1] - view.lo[1]);
          const v = Math.log10(tf.f(p) - tf.optimalValue + 1e-3);
          vals[r * SIZE + c] = v;
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      const bands = 14;
      for (let i = 0; i < vals.length; i++) {
        const t = (vals[i] - lo) / (hi - lo || 1);
        const band = Math.floor(t * bands) / bands;
        img.data[4 * i] = 40 + 200 * band;
        img.data[4 * i + 1] = 70 + 170 * band;
        img.data[4 * i + 2] = 120 + 120 * band;
        img.data[4 * i + 3] = 255;
      }
      return img;
    }

    const toPx = (x: number, y: number): [number, number] => [((x - view.lo[0]) / (view.hi[0] - view.lo[0])) * SIZE, ((view.hi[1] - y) / (view.hi[1] - view.lo[1])) * SIZE];

    function drawPanel(c: HTMLCanvasElement, a: EsAlgoSnapshot): void {
      const g = c.getContext("2d")!;
      if (field) g.putImageData(field, 0, 0);
      const opt = testFunction(fnName).optimum(2);
      const [ox, oy] = toPx(opt[0], opt[1]);
      g.fillStyle = "#ffd400";
      g.font = "16px sans-serif";
      g.fillText("★", ox - 6, oy + 6);
      g.fillStyle = "rgba(255,255,255,0.9)";
      for (let i = 0; i + 1 < a.population.length; i += 2) {
        const [px, py] = toPx(a.population[i], a.population[i + 1]);
        g.beginPath();
        g.arc(px, py, 2.2, 0, 2 * Math.PI);
        g.fill();
      }
      // Ellipse of the covariance: eigen-decomposition of the 2×2 symmetric matrix.
      const [c00, c01, , c11] = a.cov;
      const tr = (c00 + c11) / 2;
      const det = Math.sqrt(Math.max(0, ((c00 - c11) / 2) ** 2 + c01 * c01));
      const l1 = tr + det;
      const l2 = Math.max(tr - det, 0);
      const angle = Math.atan2(l1 - c00, c01 || 1e-300);
      const sx = SIZE / (view.hi[0] - view.lo[0]);
      const sy = SIZE / (view.hi[1] - view.lo[1]);
      const [mx, my] = toPx(a.mean[0], a.mean[1]);
      g.strokeStyle = "#ff5a36";
      g.lineWidth = 2;
      for (const r of [1, 2]) {
        g.beginPath();
        for (let t = 0; t <= 64; t++) {
          const th = (2 * Math.PI * t) / 64;
          const u = r * Math.sqrt(l1) * Math.cos(th);
          const v = r * Math.sqrt(l2) * Math.sin(th);
          const x = Math.cos(angle) * u - Math.sin(angle) * v;
          const y = Math.sin(angle) * u + Math.cos(angle) * v;
          const px = mx + x * sx;
          const py = my - y * sy;
          if (t === 0) g.moveTo(px, py);
          else g.lineTo(px, py);
        }
        g.stroke();
      }
      g.fillStyle = "#ff5a36";
      g.beginPath();
      g.arc(mx, my, 3.5, 0, 2 * Math.PI);
      g.fill();
    }

    async function showSnapshot(s: EsRun["snapshot"], withChart: boolean): Promise<void> {
      last = s;
      s.algos.forEach((a, i) => {
        drawPanel(canvases[i].c, a);
        canvases[i].label.textContent = `generation ${a.generation}, ${a.evals} evaluations, best f ${fmt(a.bestF)}`;
      });
      tableBody.replaceChildren(
        numberTable(
          ["strategy", "generation", "evaluations", "best f", "evaluations to target"],
          s.algos.map((a) => [LABEL[a.name], String(a.generation), String(a.evals), { text: fmt(a.bestF), value: a.bestF }, a.evalsToTarget === null ? "not yet" : { text: String(a.evalsToTarget), value: a.evalsToTarget }]),
          "es",
        ),
      );
      if (withChart && s.algos[0].curve.evals.length > 0) {
        const opt = testFunction(fnName).optimalValue;
        const err = await drawSpec(curveBody, () =>
          lineSpec({
            title: `${fnName}: best f − f* against evaluations`,
            xLabel: "evaluations of f",
            yLabel: "best f − f* (log)",
            series: s.algos.map((a) => ({ name: LABEL[a.name], x: a.curve.evals, y: a.curve.bestF.map((v) => Math.max(v - opt, 1e-300)) })),
            logY: true,
            hLines: [{ y: s.target - opt, label: "target" }],
          }),
        );
        if (err) setStatus(status, err, true);
      }
      root.dataset.generation = String(s.algos[0].generation);
    }

    async function reset(): Promise<void> {
      const x = x0.read();
      const sg = sigma0.read();
      const tg = target.read();
      const sd = seed.read();
      if (x === null || sg === null || tg === null || sd === null) {
        setStatus(status, "A control has a bad value (see the message under it); the run shown is the last good one.", true);
        return;
      }
      fnName = fnSel.input.value;
      view = viewOf(fnName);
      field = contourField(fnName);
      const req: EsParams = { fn: fnName, seed: sd, x0: x, sigma0: sg, target: tg };
      try {
        const r = await worker.request<EsRun["snapshot"]>("esInit", req);
        if (superseded(r)) return;
        curveBody.replaceChildren(h("p", { class: "status" }, "press ▶ play or step"));
        await showSnapshot(r, false);
        setStatus(status, `${fnName} from x₀ = (${x.join(", ")}), σ₀ = ${sg}, seed ${sd}.`);
      } catch (e) {
        setStatus(status, (e as Error).message, true);
      }
    }

    async function advance(generations: number): Promise<void> {
      if (busy) return;
      busy = true;
      try {
        const r = await worker.request<EsRun["snapshot"]>("esStep", { generations });
        if (!superseded(r)) await showSnapshot(r, !playing || r.algos[0].generation % 5 === 0);
      } catch (e) {
        setStatus(status, (e as Error).message, true);
        playing = false;
      } finally {
        busy = false;
      }
    }

    let timer: number | undefined;
    function toggle(): void {
      playing = !playing;
      play.textContent = playing ? "❚❚ pause" : "▶ play";
      play.setAttribute("aria-pressed", String(playing));
      const loop = async () => {
        if (!playing) {
          if (last) await showSnapshot(last, true);
          return;
        }
        await advance(1);
        timer = window.setTimeout(() => void loop(), 60);
      };
      void loop();
    }

    void reset();
    return () => {
      playing = false;
      window.clearTimeout(timer);
      worker.terminate();
    };
  },
};
