// The README's parallel-evaluation example, as printed, runs from a working directory other than its own (issue 10:
// "./objective.mjs" is resolved against the calling file, not the working directory) and gives the serial run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { minimize } from "../../src/es/minimize.js";
import { transpiledPackage } from "../helpers/transpiledPackage.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** The first ```ts block after `heading`. */
function blockAfter(heading: string): string {
  const at = readme.indexOf(heading);
  assert.ok(at >= 0, `README has no ${heading}`);
  const m = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(m !== null, `no ts block after ${heading}`);
  return m[1];
}

test("README parallel example: run from another working directory, it finds ./objective.mjs and equals minimize", () => {
  const code = blockAfter("### Parallel evaluation (Node only)");
  const objective = /^\/\/ objective\.mjs:\s*(.*)$/m.exec(code);
  assert.ok(objective !== null, "the example no longer shows objective.mjs");
  const result = "// r equals minimize(rosen, new Float64Array(6), { seed: 3, maxEvals: 600, sigma0: 0.5 }), bit for bit";
  assert.ok(code.includes(result), "the example's result comment changed: update this test");
  const script = code
    .replace(`from "mcgrad/es/parallel"`, `from ${JSON.stringify(new URL("../../src/es/parallel.ts", import.meta.url).href)}`)
    .replace(`from "mcgrad"`, `from ${JSON.stringify(new URL("../../src/index.ts", import.meta.url).href)}`)
    .replace(result, "console.log(JSON.stringify({ x: Array.from(r.x), fx: r.fx, evals: r.evals }));");
  assert.ok(!/from "mcgrad/.test(script), "an import of the example was not mapped to the source");
  const root = mkdtempSync(join(tmpdir(), "mcgrad-readme-"));
  const project = join(root, "project");
  const elsewhere = join(root, "elsewhere");
  mkdirSync(project);
  mkdirSync(elsewhere);
  writeFileSync(join(project, "objective.mjs"), `${objective[1]}\n`);
  writeFileSync(join(project, "example.mjs"), script);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const r = spawnSync(process.execPath, ["--import", tsx, join(project, "example.mjs")], { cwd: elsewhere, encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `exit ${r.status}, signal ${r.signal}: ${r.stderr}`);
  const got = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "") as { x: number[]; fx: number; evals: number };
  const rosen = new Function(`${objective[1].replace(/^export /, "")}; return rosen;`)() as (x: Float64Array) => number;
  const serial = minimize(rosen, new Float64Array(6), { seed: 3, maxEvals: 600, sigma0: 0.5 });
  assert.deepEqual(got, { x: Array.from(serial.x), fx: serial.fx, evals: serial.evals });
});

test("README parallel example as a user runs it: the built package, imported as \"mcgrad\", under node --enable-source-maps", () => {
  // Under source maps the library's own stack frames name src/es/parallel.ts, not the dist/es/parallel.js that
  // import.meta.url names: parallelEvaluator took its own frame for the caller's and looked for ./objective.mjs in src/es/.
  const code = blockAfter("### Parallel evaluation (Node only)");
  const objective = /^\/\/ objective\.mjs:\s*(.*)$/m.exec(code);
  assert.ok(objective !== null, "the example no longer shows objective.mjs");
  const result = "// r equals minimize(rosen, new Float64Array(6), { seed: 3, maxEvals: 600, sigma0: 0.5 }), bit for bit";
  assert.ok(code.includes(result), "the example's result comment changed: update this test");
  const pkg = transpiledPackage({ sourceMaps: true });
  const root = mkdtempSync(join(tmpdir(), "mcgrad-readme-"));
  try {
    const project = join(root, "project");
    mkdirSync(join(project, "node_modules"), { recursive: true });
    mkdirSync(join(root, "elsewhere"));
    symlinkSync(pkg, join(project, "node_modules", "mcgrad"), "dir");
    writeFileSync(join(project, "objective.mjs"), `${objective[1]}\n`);
    writeFileSync(join(project, "example.mjs"), code.replace(result, "console.log(JSON.stringify({ x: Array.from(r.x), fx: r.fx, evals: r.evals }));"));
    const r = spawnSync(process.execPath, ["--enable-source-maps", join(project, "example.mjs")], { cwd: join(root, "elsewhere"), encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 0, `exit ${r.status}, signal ${r.signal}: ${r.stderr}`);
    const got = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "") as { x: number[]; fx: number; evals: number };
    const rosen = new Function(`${objective[1].replace(/^export /, "")}; return rosen;`)() as (x: Float64Array) => number;
    const serial = minimize(rosen, new Float64Array(6), { seed: 3, maxEvals: 600, sigma0: 0.5 });
    assert.deepEqual(got, { x: Array.from(serial.x), fx: serial.fx, evals: serial.evals });
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(pkg, { recursive: true, force: true });
  }
});
