import { chromium } from "playwright-core";
const base = process.argv[2];
const pages = process.argv.slice(3);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-background-networking"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
page.on("console", (m) => console.log("console", m.type(), m.text()));
page.on("pageerror", (e) => console.log("pageerror", e.message));
for (const p of pages) {
  const [name, wait] = p.split(":");
  await page.goto(`${base}#/${name}`);
  await page.waitForTimeout(1500);
  if (name === "rl") await page.click("[data-control=train]");
  if (name === "es") await page.click("[data-control=play]");
  await page.waitForTimeout(Number(wait ?? 4000));
  await page.screenshot({ path: `/tmp/h9-${name || "home"}.png`, fullPage: true });
  console.log("shot", name);
}
await browser.close();
