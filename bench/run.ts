/**
 * `npm run bench [-- FILTER …]`: discovers bench/*.bench.ts, runs each (or those whose name contains one of the
 * FILTER words) one after another, and prints one JSON object to stdout: { meta, results: { name: … } }.
 * Each bench file exports `async function run(): Promise<Record<string, unknown>>`. Not a test: numbers only.
 */
import { readdirSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

type BenchModule = { run?: () => Promise<Record<string, unknown>> };

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const here = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(here)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
    .sort();
  if (files.length === 0) throw new Error(`bench: no bench/*.bench.ts file matches ${JSON.stringify(filters)}`);
  const results: Record<string, unknown> = {};
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, "");
    process.stderr.write(`bench: ${name} …\n`);
    const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
    if (typeof mod.run !== "function") {
      results[name] = { error: `${file} does not export async function run()` };
      continue;
    }
    const t0 = performance.now();
    try {
      results[name] = { ...(await mod.run()), seconds: Number(((performance.now() - t0) / 1000).toFixed(2)) };
    } catch (e) {
      results[name] = { error: e instanceof Error ? e.message : String(e) };
    }
  }
  const meta = { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, date: new Date().toISOString() };
  console.log(JSON.stringify({ meta, results }, null, 2));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
