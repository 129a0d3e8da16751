// Runs every test/**/*.test.ts file with Node's test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [substring-filter]
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const filter = process.argv[2] ?? "";
const files = readdirSync("test", { recursive: true })
  .map((f) => join("test", String(f)))
  .filter((f) => f.endsWith(".test.ts") && f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`run-tests: no test files match "${filter}"`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
