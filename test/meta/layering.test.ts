/**
 * STYLE.md's layout rule, checked: dependencies point one way (a lower layer never imports a higher one), nothing
 * Node-only outside src/cli/ and the worker-pool files of src/es/, no `export *`, no default exports, no Math.random;
 * index files are for users (no module imports one); family facts are asked of the family, never by name or
 * instanceof outside src/distributions/; no maths in src/cli/ (it calls the library); constants defined once.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, normalize } from "node:path";

/** Layer rank: a file may import only from layers of equal or lower rank. */
const RANK: Record<string, number> = {
  util: 0,
  random: 1,
  distributions: 2,
  estimators: 3,
  diagnostics: 4,
  variance: 5,
  fisher: 6,
  optim: 7,
  run: 7.5,
  rl: 8,
  vi: 8,
  es: 8,
  // Pure Vega-Lite spec builders, shared by the CLI (SVG files) and the browser lab (vega-embed).
  plots: 8.5,
  cli: 9,
};
/** Files allowed to use Node's built-in modules (they are never imported by browser-safe code). */
const NODE_ALLOWED = [/^src\/cli\//, /^src\/es\/parallel(Worker|Team|TeamWorker|Objective)?\.ts$/, /^src\/es\/distributed(Worker|Redis|Jobs|Population)?\.ts$/];

const files = readdirSync("src", { recursive: true })
  .map((f) => join("src", String(f)).replaceAll("\\", "/"))
  .filter((f) => f.endsWith(".ts"));

function layerOf(path: string): string | undefined {
  const m = /^src\/([^/]+)\//.exec(path);
  return m ? m[1] : undefined;
}

function importsOf(path: string): { spec: string; resolved?: string }[] {
  const text = readFileSync(path, "utf8");
  const out: { spec: string; resolved?: string }[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/g)) {
    const spec = m[1];
    const resolved = spec.startsWith(".") ? normalize(join(path, "..", spec)).replaceAll("\\", "/") : undefined;
    out.push({ spec, resolved });
  }
  for (const m of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) {
    const spec = m[1];
    out.push({ spec, resolved: spec.startsWith(".") ? normalize(join(path, "..", spec)).replaceAll("\\", "/") : undefined });
  }
  return out;
}

describe("source layout (STYLE.md)", () => {
  it("finds the source tree", () => {
    assert.ok(files.length > 20, `only ${files.length} files under src/`);
    for (const f of files) {
      const layer = layerOf(f);
      if (layer !== undefined) assert.ok(layer in RANK, `${f}: unknown layer "${layer}" — add it to RANK in this test`);
    }
  });

  it("a lower layer never imports a higher one", () => {
    const bad: string[] = [];
    for (const f of files) {
      const from = layerOf(f);
      if (from === undefined) continue;
      for (const { spec, resolved } of importsOf(f)) {
        if (!resolved) continue;
        const to = layerOf(resolved);
        if (to !== undefined && RANK[to] > RANK[from]) bad.push(`${f} (${from}) imports ${spec} (${to})`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it("only src/cli and the ES worker pool use Node built-ins", () => {
    const bad: string[] = [];
    for (const f of files) {
      if (NODE_ALLOWED.some((r) => r.test(f))) continue;
      for (const { spec } of importsOf(f)) {
        if (spec.startsWith("node:") || ["fs", "path", "os", "child_process", "worker_threads", "piscina", "bullmq", "ioredis"].includes(spec)) {
          bad.push(`${f} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(bad, []);
  });

  it("no export *, no default exports, no Math.random", () => {
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      if (/^[ \t]*export[ \t]+\*/m.test(text)) bad.push(`${f}: export *`);
      // piscina loads a worker's default export under tsx on Node 20 (named handlers go through the ESM loader, which
      // the worker lacks there), so the internal worker file is the one exception.
      if (!f.endsWith("parallelWorker.ts") && /^[ \t]*export[ \t]+default\b/m.test(text)) bad.push(`${f}: export default`);
      if (/Math\.random\s*\(/.test(text)) bad.push(`${f}: Math.random`);
    }
    assert.deepEqual(bad, []);
  });
});

describe("one core (issue 7)", () => {
  const text = (f: string) => readFileSync(f, "utf8");

  it("no module imports an index file: src/<layer>/index.ts and src/index.ts are entry points for users only", () => {
    const bad: string[] = [];
    for (const f of files) {
      for (const { spec, resolved } of importsOf(f)) {
        if (!resolved || !/\/index\.js$/.test(spec)) continue;
        // The root index re-exports the layer indexes; nothing else may.
        if (f === "src/index.ts" && /^src\/[a-z]+\/index\.js$/.test(resolved)) continue;
        bad.push(`${f} imports ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it("families are recognized by their facts (paramInfo, finiteSupport, …), not by name strings or instanceof", () => {
    const families = "Normal|Bernoulli|Categorical|Poisson|Exponential|Laplace|MultivariateNormal|Gamma|Beta|Dirichlet";
    const byInstance = new RegExp(`instanceof\\s+(${families})\\b`);
    const byName = new RegExp(`\\.name\\s*[!=]==?\\s*["'](${families})["']|["'](${families})["']\\s*[!=]==?\\s*\\w+\\.name`);
    const byNameSet = new RegExp(`new Set\\(\\[\\s*["'](${families})["']`);
    const bad: string[] = [];
    for (const f of files) {
      if (f.startsWith("src/distributions/")) continue;
      const t = text(f);
      for (const r of [byInstance, byName, byNameSet]) if (r.test(t)) bad.push(`${f}: ${r.exec(t)![0]}`);
    }
    assert.deepEqual(bad, []);
  });

  it("src/cli does no maths: no transcendental functions (the closed forms live in the library)", () => {
    const allowed = new Set(["abs", "max", "min", "round", "floor", "ceil", "trunc", "sign", "hypot", "log10"]);
    const bad: string[] = [];
    for (const f of files.filter((g) => g.startsWith("src/cli/"))) {
      for (const m of text(f).matchAll(/Math\.([A-Za-z0-9]+)/g)) if (!allowed.has(m[1])) bad.push(`${f}: Math.${m[1]}`);
    }
    assert.deepEqual(bad, []);
  });

  it("constants are defined once (src/util/constants.ts), not recomputed in place", () => {
    const bad: string[] = [];
    for (const f of files.filter((g) => g !== "src/util/constants.ts")) {
      const t = text(f);
      if (/Math\.log\(\s*2\s*\*\s*Math\.PI/.test(t) || /Math\.sqrt\(\s*2\s*\*\s*Math\.PI\s*\)/.test(t)) bad.push(f);
    }
    assert.deepEqual(bad, []);
  });
});
