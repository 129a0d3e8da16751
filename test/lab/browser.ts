/**
 * Shared set-up of the lab's end-to-end tests: builds the lab once (vite's JS API), serves lab/dist with vite preview
 * on 127.0.0.1, and drives Debian's chromium through playwright-core. Without /usr/bin/chromium the tests skip, saying
 * how to enable them.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const SKIP = existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) to run the lab's end-to-end tests`;
export const SHOTS = join("test-results", "lab");

export interface Lab {
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

let shared: Promise<Lab> | null = null;

/** Builds and serves the lab and launches chromium (once per test process). */
export function startLab(): Promise<Lab> {
  shared ??= (async () => {
    const { build, preview } = await import("vite");
    const { chromium } = await import("playwright-core");
    const configFile = join("lab", "vite.config.ts");
    await build({ configFile, logLevel: "error" });
    const server = await preview({ configFile, logLevel: "error", preview: { host: "127.0.0.1", port: 0, strictPort: false, open: false } });
    const address = server.httpServer.address();
    if (address === null || typeof address === "string") throw new Error(`vite preview: no TCP address (${String(address)})`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-background-networking"] });
    mkdirSync(SHOTS, { recursive: true });
    return {
      browser,
      url: `http://127.0.0.1:${address.port}/`,
      async close() {
        await browser.close();
        await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
      },
    };
  })();
  return shared;
}

/** A new page that records console errors, page errors and main-thread long tasks. */
export async function openPage(lab: Lab, route: string): Promise<{ page: Page; errors: string[] }> {
  const page = await lab.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  // The page's scripts are DOM code; they are given as strings here, where the types are Node's.
  await page.addInitScript(`
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  `);
  await page.goto(`${lab.url}#/${route}`);
  return { page, errors };
}

/** The data-value numbers of a table's rows (cells without one give NaN). */
export async function tableValues(page: Page, table: string): Promise<number[][]> {
  return page.$$eval(`[data-table=${table}] tbody tr`, (rows) =>
    rows.map((r) => [...r.querySelectorAll("td")].map((td) => (td.dataset.value === undefined ? NaN : Number(td.dataset.value)))),
  );
}

/** #page's data-<name> attribute (camelCase name), or undefined. */
export async function pageData(page: Page, name: string): Promise<string | undefined> {
  return (await page.evaluate(`document.getElementById("page").dataset[${JSON.stringify(name)}]`)) as string | undefined;
}

/** Waits until #page's data-<name> (a number) is at least `min`. */
export async function waitData(page: Page, name: string, min: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(`Number(document.getElementById("page").dataset[${JSON.stringify(name)}] ?? -1) >= ${min}`, undefined, { timeout });
}

/** The longest main-thread task (ms) that started at or after `since` (performance.now() in the page). */
export async function longestTaskSince(page: Page, since: number): Promise<number> {
  return (await page.evaluate(`Math.max(0, ...window.__longTasks.filter((t) => t.start >= ${since}).map((t) => t.duration))`)) as number;
}

/** Sets a text control and commits it (Enter fires its change event). */
export async function setInput(page: Page, control: string, value: string): Promise<void> {
  await page.fill(`[data-control=${control}]`, value);
  await page.press(`[data-control=${control}]`, "Enter");
}

/**
 * Asserts that numbers shown by the page are the library's numbers computed in Node. Not to the bit: Chromium's V8
 * and Node 20's V8 round Math.exp, log, cos, pow, … differently in the last bit for a few percent of arguments
 * (measured: 1 900 of 20 000 exp arguments differ), so equal computations agree to ~1e-15 relative. The tolerance,
 * 1e-9 of the vector's largest magnitude, is still millions of times below any Monte Carlo standard error: another
 * seed, sample count or parameter fails it.
 */
export function assertSameNumbers(shown: readonly number[], node: readonly number[], what: string): void {
  const scale = Math.max(...node.map(Math.abs), Number.MIN_VALUE);
  const bad = shown.length !== node.length || shown.some((v, i) => !(Math.abs(v - node[i]) <= 1e-9 * scale));
  if (bad) throw new Error(`${what}: the page shows ${JSON.stringify(shown)}, the library in Node computes ${JSON.stringify(node)}`);
}
