/**
 * The public API's shape: src/index.ts re-exports, by name and grouped by layer, exactly what each layer's index file
 * makes public; every subpath of package.json "exports" resolves (through Node's own package resolution, on a build
 * of src/) and exports what its index file promises; internal helpers are exported by no entry point.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { transformSync } from "esbuild";

interface ExportTarget {
  types: string;
  import: string;
}
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { exports: Record<string, ExportTarget> };
/** The layer subpaths ("./distributions" → "distributions"); "." and the Node-only "./es/parallel" are checked apart. */
const LAYERS = Object.keys(pkg.exports)
  .filter((p) => p !== "." && p !== "./es/parallel" && p !== "./distributed")
  .map((p) => p.slice(2));

/** Helpers the library exports between its own modules but never to users. */
const INTERNAL = [
  "leaveOneOutRatio", "checkBaselineValue", "checkBaseline", "checkSampleArgs", "blockParamInfo", "checkDistribution", "checkTheta",
  "expParams", "broadcastPair", "evaluateRows", "sampleScoresAndValues", "normalWeakDerivative", "categoricalWeakDerivative", "checkRows", "checkTransform",
  "toLengthP", "show", "fail", "toFiniteVector", "checkPositiveInt", "logProbOrNegInf", "checkEss", "bookkeeping", "checkTell",
  "resolveShaping", "checkGrads", "paramCoordinates", "DistributionBase",
];

/** The names (with "type " for type-only ones) of every `export { … } from "…"` in a file, and where they come from. */
function declared(file: string): { names: string[]; sources: string[] } {
  const text = readFileSync(file, "utf8");
  const names: string[] = [];
  const sources: string[] = [];
  for (const m of text.matchAll(/export\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
    names.push(...m[1].split(",").map((s) => s.trim().replace(/\s+/g, " ")).filter(Boolean));
    sources.push(m[2]);
  }
  assert.doesNotMatch(text.replace(/export\s*\{[^}]*\}\s*from\s*"[^"]+";/g, ""), /^\s*export\s/m, `${file}: only re-exports belong in an index file`);
  return { names, sources };
}
const valueNames = (names: string[]) => names.filter((n) => !n.startsWith("type ")).sort();

describe("public API: index files and subpath exports", () => {
  it("package.json maps each layer subpath to dist/<layer>/index.js with its types, backed by src/<layer>/index.ts", () => {
    assert.ok(LAYERS.length >= 8, `subpaths: ${LAYERS.join(", ")}`);
    for (const l of LAYERS) {
      assert.deepEqual(pkg.exports[`./${l}`], { types: `./dist/${l}/index.d.ts`, import: `./dist/${l}/index.js` });
      declared(`src/${l}/index.ts`);
    }
    assert.deepEqual(pkg.exports["."], { types: "./dist/index.d.ts", import: "./dist/index.js" });
  });

  it("src/index.ts re-exports, layer by layer, exactly the names of each layer's index file (and nothing else)", () => {
    const root = declared("src/index.ts");
    assert.deepEqual([...root.sources].sort(), LAYERS.map((l) => `./${l}/index.js`).sort());
    const fromLayers = LAYERS.flatMap((l) => declared(`src/${l}/index.ts`).names);
    assert.deepEqual([...root.names].sort(), [...fromLayers].sort());
    assert.equal(new Set(fromLayers).size, fromLayers.length, "a name is public in two layers");
    for (const l of LAYERS) {
      for (const s of declared(`src/${l}/index.ts`).sources) assert.match(s, /^\.\/[A-Za-z]+\.js$/, `src/${l}/index.ts re-exports ${s}: a layer index exports its own layer`);
    }
  });

  describe("after a build, every subpath resolves through package.json and exports what its index promises", () => {
    // A build of src/ in a temporary copy of the package, transpiled file by file with esbuild (tsx's compiler: the
    // same output as tsc for these files, in milliseconds instead of the 20 s of a full `npm run build`).
    const dir = mkdtempSync(join(tmpdir(), "mcgrad-exports-"));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const files = readdirSync("src", { recursive: true }).map(String).filter((f) => f.endsWith(".ts"));
    for (const f of files) {
      const out = join(dir, "dist", f.replace(/\.ts$/, ".js"));
      mkdirSync(dirname(out), { recursive: true });
      const js = transformSync(readFileSync(join("src", f), "utf8"), { loader: "ts", format: "esm", target: "es2022" }).code;
      writeFileSync(out, js);
    }
    writeFileSync(join(dir, "package.json"), readFileSync("package.json"));
    symlinkSync(resolve("node_modules"), join(dir, "node_modules"), "dir");
    const specifiers = ["mcgrad", ...LAYERS.map((l) => `mcgrad/${l}`)];
    writeFileSync(
      join(dir, "check.mjs"),
      `const out = {};\nfor (const s of ${JSON.stringify(specifiers)}) out[s] = Object.keys(await import(s)).sort();\nconsole.log(JSON.stringify(out));\n`,
    );
    const run = spawnSync(process.execPath, ["check.mjs"], { cwd: dir, encoding: "utf8" });
    const runtime = run.status === 0 ? (JSON.parse(run.stdout) as Record<string, string[]>) : {};

    it("each subpath imports by its package name (self-reference) and exports exactly its index's values", () => {
      assert.equal(run.status, 0, run.stderr);
      for (const l of LAYERS) assert.deepEqual(runtime[`mcgrad/${l}`], valueNames(declared(`src/${l}/index.ts`).names), `mcgrad/${l}`);
      assert.deepEqual(runtime.mcgrad, valueNames(declared("src/index.ts").names));
    });

    it("no entry point exports an internal helper", () => {
      for (const [s, names] of Object.entries(runtime)) {
        assert.deepEqual(names.filter((n) => INTERNAL.includes(n)), [], `${s} exports internal helpers`);
      }
    });
  });
});
