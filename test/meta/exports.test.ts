/**
 * The public API's shape: src/index.ts re-exports, by name and grouped by layer, exactly what each layer's index file
 * makes public; every subpath of package.json "exports" resolves (through Node's own package resolution, on a build
 * of src/) and exports what its index file promises; internal helpers are exported by no entry point.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { transpiledPackage } from "../helpers/transpiledPackage.js";

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
  "toLengthP", "enumerateProduct", "show", "fail", "toFiniteVector", "checkPositiveInt", "logProbOrNegInf", "checkEss", "bookkeeping", "checkTell",
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

  it("src/index.ts re-exports, layer by layer, exactly the names of the core layers' index files (and nothing else)", () => {
    const root = declared("src/index.ts");
    const inRoot = root.sources.map((src) => /^\.\/([a-z]+)\/index\.js$/.exec(src)?.[1]);
    assert.ok(inRoot.every((l) => l !== undefined && LAYERS.includes(l)), `src/index.ts re-exports ${root.sources.join(", ")}: only layer index files with a subpath`);
    // The core is always in the root; applications (rl/, vi/) may be subpaths only.
    for (const core of ["util", "random", "distributions", "estimators", "diagnostics", "variance", "fisher", "optim"]) {
      assert.ok(inRoot.includes(core), `src/index.ts must re-export the core layer ${core}`);
    }
    const fromLayers = (inRoot as string[]).flatMap((l) => declared(`src/${l}/index.ts`).names);
    assert.deepEqual([...root.names].sort(), [...fromLayers].sort());
    const all = LAYERS.flatMap((l) => declared(`src/${l}/index.ts`).names);
    assert.equal(new Set(all).size, all.length, "a name is public in two layers");
    for (const l of LAYERS) {
      for (const s of declared(`src/${l}/index.ts`).sources) assert.match(s, /^\.\/[A-Za-z0-9/]+\.js$/, `src/${l}/index.ts re-exports ${s}: a layer index exports its own layer`);
    }
  });

  it("every public function, constant and class has a TSDoc comment where it is defined; a function's has an @example", () => {
    /** The file that defines `name`, following named re-exports from `file`. */
    const definition = (file: string, name: string): { file: string; documented: boolean; example: boolean } | undefined => {
      const text = readFileSync(file, "utf8");
      const hit = new RegExp(`(/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*)?export\\s+(?:async\\s+)?(?:abstract\\s+)?(function|const|class)\\s+${name}\\b`).exec(text);
      if (hit) return { file, documented: hit[1] !== undefined, example: hit[3] !== "function" || /@example/.test(hit[2] ?? "") };
      for (const m of text.matchAll(/export\s*\{([^}]*)\}\s*from\s*"(\.{1,2}\/[^"]+)\.js"/g)) {
        if (m[1].split(",").some((x) => x.trim() === name)) return definition(join(dirname(file), `${m[2]}.ts`), name);
      }
      return undefined;
    };
    const bad: string[] = [];
    for (const l of LAYERS) {
      const index = readFileSync(`src/${l}/index.ts`, "utf8");
      for (const m of index.matchAll(/export\s*\{([^}]*)\}\s*from\s*"\.\/([^"]+)\.js"/g)) {
        for (const name of valueNames(m[1].split(",").map((x) => x.trim()).filter(Boolean))) {
          const def = definition(`src/${l}/${m[2]}.ts`, name);
          if (def === undefined) bad.push(`${name}: definition not found from src/${l}/${m[2]}.ts`);
          else if (!def.documented) bad.push(`${name} (${def.file}): no TSDoc comment`);
          else if (!def.example) bad.push(`${name} (${def.file}): no @example in its TSDoc comment`);
        }
      }
    }
    assert.deepEqual(bad, []);
  });

  describe("after a build, every subpath resolves through package.json and exports what its index promises", () => {
    const dir = transpiledPackage();
    after(() => rmSync(dir, { recursive: true, force: true }));
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
      // The root is the union of the layers it re-exports.
      const rootLayers = declared("src/index.ts").sources.map((src) => `mcgrad/${src.split("/")[1]}`);
      assert.deepEqual(runtime.mcgrad, rootLayers.flatMap((s) => runtime[s]).sort());
    });

    it("no entry point exports an internal helper", () => {
      for (const [s, names] of Object.entries(runtime)) {
        assert.deepEqual(names.filter((n) => INTERNAL.includes(n)), [], `${s} exports internal helpers`);
      }
    });
  });
});
