/**
 * docs/guide.md links into the TypeDoc reference (docs/api, built by `npm run docs`, not committed). Each link names
 * a module and a symbol (api/functions/mcgrad_rl.train.html → "mcgrad/rl", train); this checks, without running
 * TypeDoc, that the module is an entry point of typedoc.json and that its entry file exports the symbol, so a renamed
 * or removed export breaks this test instead of leaving a dead link.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const guide = readFileSync("docs/guide.md", "utf8");
const typedoc = JSON.parse(readFileSync("typedoc.json", "utf8")) as { entryPoints: string[] };

/** "mcgrad_es_parallel" → the entry file whose `@module` tag names that module. */
function entryFile(slug: string): string | undefined {
  return typedoc.entryPoints.find((f) => {
    const tag = /@module\s+(\S+)/.exec(readFileSync(f, "utf8"))?.[1];
    return tag !== undefined && tag.replace(/\//g, "_") === slug;
  });
}

test("every API link in docs/guide.md names a symbol its module exports", () => {
  const links = [...guide.matchAll(/\]\(api\/(functions|variables|classes|interfaces|types)\/([a-z_]+)\.([A-Za-z0-9]+)\.html\)/g)];
  assert.ok(links.length >= 10, `docs/guide.md has ${links.length} API links`);
  const bad: string[] = [];
  for (const [, , slug, name] of links) {
    const file = entryFile(slug);
    if (file === undefined) {
      bad.push(`${slug}: no typedoc entry point has @module ${slug.replace(/_/g, "/")}`);
      continue;
    }
    const text = readFileSync(file, "utf8");
    const exported = new RegExp(`export\\s*\\{[^}]*\\b(type\\s+)?${name}\\b[^}]*\\}|export\\s+(async\\s+)?(function|const|class|interface|type)\\s+${name}\\b`);
    if (!exported.test(text)) bad.push(`${name}: not exported by ${file}`);
  }
  assert.deepEqual(bad, []);
});

test("every import path of package.json \"exports\" is a TypeDoc module of that name, and README's Documentation lists it", () => {
  // A subpath left out of typedoc.json has no API reference at all (mcgrad/distributed had none).
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { exports: Record<string, { import: string }> };
  const readme = readFileSync("README.md", "utf8");
  const docs = readme.slice(readme.indexOf("## Documentation"), readme.indexOf("- **User guide**"));
  const bad: string[] = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const name = subpath === "." ? "mcgrad" : `mcgrad/${subpath.slice(2)}`;
    const src = target.import.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts");
    if (!typedoc.entryPoints.includes(src)) bad.push(`${name}: ${src} is not an entry point of typedoc.json`);
    else if (/@module\s+(\S+)/.exec(readFileSync(src, "utf8"))?.[1] !== name) bad.push(`${name}: ${src} lacks the tag @module ${name}`);
    if (!docs.includes(`\`${name}\``)) bad.push(`${name}: not listed in README's Documentation section`);
  }
  assert.deepEqual(bad, []);
});
