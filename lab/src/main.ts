/**
 * The lab's entry: one layout, pages chosen by the URL hash (#/explorer, …), so the built site works from any static
 * host without server routing.
 */
import { h, type Page } from "./layout.js";
import { explorerPage } from "./pages/explorer.js";
import { gaussianPage } from "./pages/gaussian.js";
import { esPage } from "./pages/es.js";
import { rlPage } from "./pages/rl.js";
import { viPage } from "./pages/vi.js";

const PAGES: Record<string, Page & { blurb: string }> = {
  explorer: { ...explorerPage, blurb: "Any family, any cost: every applicable estimator's estimate ± SE, its per-sample terms, variance against n and per unit cost, and the score identities checked live." },
  gaussian: { ...gaussianPage, blurb: "The note's example: x ~ N(μ, σ²). Move μ and σ and watch the score-function, baseline and pathwise estimates." },
  es: { ...esPage, blurb: "xNES, SNES, OpenAI-ES and PGPE side by side on 2-D test functions, their search distributions drawn each generation." },
  rl: { ...rlPage, blurb: "CartPole trained live by REINFORCE: the cart and pole, the learning curve and the policy-gradient variance under each baseline." },
  vi: { ...viPage, blurb: "A 2-D posterior and the guide's ellipse fitted by each ELBO estimator, with the ELBO traces side by side." },
};

const nav = document.getElementById("nav")!;
const root = document.getElementById("page")!;
for (const [id, p] of Object.entries(PAGES)) nav.append(h("a", { href: `#/${id}`, "data-nav": id }, p.title));

let unmount: (() => void) | null = null;

function home(): void {
  const list = h("div", { class: "home-list" });
  for (const [id, p] of Object.entries(PAGES)) list.append(h("a", { href: `#/${id}` }, h("strong", {}, p.title), h("p", {}, p.blurb)));
  root.replaceChildren(
    h("h1", {}, "mcgrad lab"),
    h("p", { class: "lead" }, "See Monte Carlo gradient estimators work: how the score-function estimate scatters, how a baseline narrows it, when the pathwise estimator wins, how a natural-evolution-strategy ellipse walks down a valley. Every number is computed by the mcgrad library itself, in a Web Worker."),
    list,
  );
}

function route(): void {
  unmount?.();
  unmount = null;
  const id = location.hash.replace(/^#\/?/, "");
  for (const a of nav.querySelectorAll("a")) {
    if (a.dataset.nav === id) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const page = PAGES[id];
  if (!page) {
    document.title = "mcgrad lab";
    home();
    return;
  }
  document.title = `${page.title} · mcgrad lab`;
  unmount = page.mount(root);
  root.focus();
}

window.addEventListener("hashchange", route);
route();
