/**
 * The lab in a real browser (chromium via playwright-core): each page loads without console errors, its controls
 * change what is shown, bad input shows an inline message and keeps the last good result, the numbers shown for a
 * fixed seed are the library's numbers computed here in Node (bit for bit: the same source on the same float64), the
 * main thread stays responsive while a worker trains, and a screenshot of each page goes to test-results/lab/.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { train } from "../../src/rl/train.js";
import { esInit, esStep } from "../../lab/src/compute/es.js";
import { runExplorer, type ExplorerParams } from "../../lab/src/compute/explorer.js";
import { runGaussian } from "../../lab/src/compute/gaussian.js";
import { rlTrainOptions } from "../../lab/src/compute/rl.js";
import { viRun } from "../../lab/src/compute/vi.js";
import { assertSameNumbers, longestTaskSince, openPage, pageData, setInput, SHOTS, SKIP, startLab, tableValues, waitData, type Lab } from "./browser.js";

/** Load average per core above which the long-task bound is reported, not asserted (see the RL test). */
const LOAD_LIMIT = 2;

describe("the lab in a browser", { skip: SKIP }, () => {
  let lab: Lab;
  before(async () => {
    lab = await startLab();
  });
  after(async () => {
    await lab?.close();
  });

  it("home lists every page and loads without console errors", async () => {
    const { page, errors } = await openPage(lab, "");
    const links = await page.$$eval(".home-list a", (as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(links, ["#/explorer", "#/gaussian", "#/es", "#/rl", "#/vi"]);
    await page.screenshot({ path: join(SHOTS, "home.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("explorer: the library's numbers, controls recompute, bad input is refused inline", async () => {
    const { page, errors } = await openPage(lab, "explorer");
    await waitData(page, "ready", 1);
    const base: ExplorerParams = { family: "Normal", params: { loc: 1, scale: 1 }, cost: "cos", k: 1.5, expression: "x^2 * sin(k * x)", n: 2000, seed: 0, coordinate: 0 };
    const expectTable = async (p: ExplorerParams) => {
      const r = runExplorer(p);
      const shown = await tableValues(page, "estimates");
      assert.equal(shown.length, r.estimates.length + (r.exact ? 1 : 0), "one row per estimator, and the exact gradient when known");
      r.estimates.forEach((e, i) => assertSameNumbers(shown[i].slice(1, 3), e.mean, `${e.name} at ${JSON.stringify(p)}`));
      if (r.exact) assertSameNumbers(shown.at(-1)!.slice(1, 3), r.exact, "exact gradient");
      return shown;
    };
    await expectTable(base);
    assert.equal(await page.getAttribute("[data-score-pass]", "data-score-pass"), "true");

    await setInput(page, "n", "500");
    await waitData(page, "ready", 2);
    const good = await expectTable({ ...base, n: 500 });

    for (const [control, value, message] of [
      ["param-scale", "-1", "scale must be > 0"],
      ["n", "0", "n must be ≥ 2"],
    ] as const) {
      await setInput(page, control, value);
      await page.waitForSelector(`[data-msg=${control}]:has-text("${message}")`);
      assert.deepEqual(await tableValues(page, "estimates"), good, `the last good result stays after ${control} = ${value}`);
      assert.match((await page.textContent("[data-status]"))!, /last good/);
    }
    await page.uncheck("[data-estimator=pathwise]");
    await page.waitForFunction(`document.querySelectorAll("[data-table=estimates] tbody tr").length === ${good.length - 1}`);
    assert.ok(!(await page.textContent("[data-table=estimates]"))!.includes("pathwise"), "an unticked estimator leaves the table");
    await page.check("[data-estimator=pathwise]");
    await page.waitForFunction(`document.querySelectorAll("[data-table=estimates] tbody tr").length === ${good.length}`);
    await setInput(page, "param-scale", "1");
    await setInput(page, "n", "500");
    await page.selectOption("[data-control=cost]", "expr");
    await waitData(page, "ready", 3);
    await expectTable({ ...base, n: 500, cost: "expr" });
    const exprGood = await tableValues(page, "estimates");
    for (const [expr, message] of [
      ["x^", "does not parse"],
      ["log(x - 5)", "not a real number"],
      ["x / 0 - x / 0", "is NaN"],
      ["y + 1", "x and k only"],
    ]) {
      await setInput(page, "expression", expr);
      await page.waitForSelector(`[data-status].error:has-text("${message}")`);
      assert.deepEqual(await tableValues(page, "estimates"), exprGood, `the last good result stays after f = ${expr}`);
    }
    await setInput(page, "expression", "x^2 * sin(k * x)");
    await waitData(page, "ready", 4);
    await page.screenshot({ path: join(SHOTS, "explorer.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("gaussian: a keyboard-moved slider recomputes the library's numbers", async () => {
    const { page, errors } = await openPage(lab, "gaussian");
    await waitData(page, "ready", 1);
    const base = { mu: 1, sigma: 1, cost: "cos", k: 1.5, n: 1000, seed: 0 };
    const check = async (p: typeof base) => {
      const r = runGaussian(p);
      const shown = await tableValues(page, "estimates");
      r.estimates.forEach((e, i) => assertSameNumbers(shown[i].slice(1, 5), [...e.mean, ...e.variance], e.name));
      assertSameNumbers(shown[3].slice(1, 3), r.exact, "exact gradient");
    };
    await check(base);
    await page.focus("[data-control=mu]");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.waitForSelector('[data-card=estimates] p:has-text("μ = 1.1,")');
    await check({ ...base, mu: 1.1 });
    await setInput(page, "n", "0");
    await page.waitForSelector('[data-msg=n]:has-text("n must be ≥ 2")');
    await page.screenshot({ path: join(SHOTS, "gaussian.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("black-box optimization: stepping shows the strategies' own generations; play and pause", async () => {
    const { page, errors } = await openPage(lab, "es");
    await page.waitForSelector("[data-table=es]");
    for (let g = 1; g <= 5; g++) {
      await page.click("[data-control=step]");
      await waitData(page, "generation", g);
    }
    let run = esInit({ fn: "rosenbrock", seed: 0, x0: [-1.5, 2.5], sigma0: 0.5, target: 1e-6 });
    for (let g = 0; g < 5; g++) run = esStep(run);
    const shown = await tableValues(page, "es");
    assertSameNumbers(shown.map((r) => r[3]), run.snapshot.algos.map((a) => a.bestF), "best f after 5 generations");
    await page.click("[data-control=play]");
    await waitData(page, "generation", 40);
    await page.click("[data-control=play]");
    assert.equal(await page.getAttribute("[data-control=play]", "aria-pressed"), "false");
    await setInput(page, "sigma0", "-1");
    await page.waitForSelector('[data-msg=sigma0]:has-text("σ₀ must be > 0")');
    await page.screenshot({ path: join(SHOTS, "es.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("policy gradients: trains in a worker without long main-thread tasks; stop and resume end where an uninterrupted run ends", async (t) => {
    const { page, errors } = await openPage(lab, "rl");
    await page.waitForSelector("[data-control=train]");
    const t0 = (await page.evaluate("performance.now()")) as number;
    // 40 000 steps: long enough that the stop below lands before the run ends (10 000 steps took ≈ 0.4 s once the core
    // got faster, and the click could come after the end). Not much longer: Chromium 156's Math.tanh/exp/sin/… differ
    // from Node 20's in the last bit for some arguments (measured: tanh 19 of 2·10⁵ random arguments, exp ≈ 10%), and a
    // policy-gradient run is chaotic, so a run long enough to meet such an argument (200 000 steps did) leaves Node's.
    await setInput(page, "steps", "40000");
    await page.waitForFunction(`document.getElementById("page").dataset.envSteps !== undefined`);
    await page.click("[data-control=stop]");
    await page.waitForSelector('[data-status]:has-text("stopped at")');
    await page.click("[data-control=resume]");
    await waitData(page, "done", 1, 60_000);
    const longest = await longestTaskSince(page, t0);
    const node = train(rlTrainOptions({ baseline: "mean", seed: 0, steps: 40000 }));
    const shownReturn = Number(await pageData(page, "meanReturn"));
    assertSameNumbers([shownReturn], [node.curve.meanReturn.at(-1)!], "final mean return");
    // A long task is measured in wall time: on a machine whose cores are busy with other work the page's thread is
    // descheduled and every task looks long, so the bound is asserted only when a core is free for it.
    const load = loadavg()[0] / cpus().length;
    // Training on the main thread would show tasks of seconds; 150 ms leaves room for a VM descheduling the page's
    // thread while other test files run beside it (104 ms was seen once at a load below the limit).
    if (load <= LOAD_LIMIT) assert.ok(longest <= 150, `the longest main-thread task while training took ${longest} ms (must be ≤ 150)`);
    else t.diagnostic(`not asserted: load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores; the longest main-thread task took ${longest} ms`);
    await page.screenshot({ path: join(SHOTS, "rl.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("variational inference: each estimator's fitted ELBO is the library's; a new ρ refits; a bad ρ is refused", async () => {
    const { page, errors } = await openPage(lab, "vi");
    await waitData(page, "done", 1);
    const node = viRun({ rho: 0.8, guide: "fullRank", steps: 400, numSamples: 8, learningRate: 0.05, seed: 0 }, () => {});
    const shown = await tableValues(page, "vi");
    assertSameNumbers(shown.slice(0, 4).map((r) => r[4]), node.fits.map((f) => f.elbo.at(-1)!), "last ELBO per estimator");
    await setInput(page, "rho", "1");
    await page.waitForSelector('[data-msg=rho]:has-text("ρ must be ≤ 0.99")');
    assert.deepEqual(await tableValues(page, "vi"), shown);
    await setInput(page, "rho", "-0.5");
    await waitData(page, "done", 2);
    assert.notDeepEqual(await tableValues(page, "vi"), shown);
    await page.screenshot({ path: join(SHOTS, "vi.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
