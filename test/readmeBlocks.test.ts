// README.md's code blocks exactly as printed: every ```ts block type-checks (strict) against the package's import
// paths, and the blocks that need no service and run in well under a second are run as they stand. test/readme.test.ts
// checks their numbers against the truth; this file catches a block a user cannot paste: a name used but never
// declared or imported, an option that does not exist, an import path the package does not export, a call that throws.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import ts from "typescript";

const readme = readFileSync("README.md", "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { exports: Record<string, { import: string }> };
/** Each import path of the package ("mcgrad", "mcgrad/rl", …) → its source file (what dist/… is built from). */
const sources = new Map(
  Object.entries(pkg.exports).map(([subpath, t]) => [
    subpath === "." ? "mcgrad" : `mcgrad/${subpath.slice(2)}`,
    resolve(t.import.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts")),
  ]),
);

/** Type errors of each snippet (file name → messages), compiled together as separate modules. */
function typeErrors(snippets: Map<string, string>): Map<string, string[]> {
  const paths = Object.fromEntries([...sources].map(([name, file]) => [name, [file]]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts"], types: ["node"], strict: true, noEmit: true, skipLibCheck: true, paths,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (f, v, ...rest) => (snippets.has(f) ? ts.createSourceFile(f, snippets.get(f) as string, v) : getSourceFile(f, v, ...rest));
  host.fileExists = (f) => snippets.has(f) || fileExists(f);
  host.readFile = (f) => snippets.get(f) ?? readFile(f);
  const program = ts.createProgram([...snippets.keys()], options, host);
  const errors = new Map<string, string[]>([...snippets.keys()].map((f) => [f, []]));
  // Only the snippets are checked (the library's own files are type-checked by `npm run typecheck`).
  for (const f of snippets.keys()) {
    const file = program.getSourceFile(f)!;
    for (const d of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
      const line = file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
      errors.get(f)!.push(`line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    }
  }
  return errors;
}

test("README: every ts block type-checks as printed against the package's import paths (and a broken one would not)", () => {
  assert.ok(blocks.length >= 15, `README has ${blocks.length} ts blocks`);
  const snippets = new Map(blocks.map((b, i) => [resolve(`readme-block-${i}.ts`), b]));
  // Controls: a name never declared, and an import path the package does not export.
  const undeclared = resolve("readme-control-undeclared.ts");
  const badPath = resolve("readme-control-path.ts");
  snippets.set(undeclared, 'import { key } from "mcgrad";\nkey(0); dist.sample(key(1), 2);\n');
  snippets.set(badPath, 'import { key } from "mcgrad/nowhere";\nkey(0);\n');
  const errors = typeErrors(snippets);
  assert.match(errors.get(undeclared)!.join("\n"), /Cannot find name 'dist'/);
  assert.match(errors.get(badPath)!.join("\n"), /Cannot find module 'mcgrad\/nowhere'/);
  const bad = blocks.flatMap((b, i) => errors.get(resolve(`readme-block-${i}.ts`))!.map((e) => `block ${i} (${b.split("\n")[0].slice(0, 60)}…) ${e}`));
  assert.deepEqual(bad, []);
});

test("README: the self-contained ts blocks run as printed without throwing", async () => {
  // Not run here: the parallel example (test/es/parallelReadme.test.ts runs it), the BullMQ one (needs Redis and
  // workers: test/distributed), and the policy-gradient one (trains PPO for 50 000 steps: test/rl covers train).
  const skip = (b: string) => /mcgrad\/es\/parallel|mcgrad\/distributed|mcgrad\/rl/.test(b);
  const runnable = blocks.filter((b) => !skip(b));
  assert.ok(runnable.length >= 12, `only ${runnable.length} runnable blocks`);
  const dir = mkdtempSync(join(tmpdir(), "mcgrad-readme-blocks-"));
  try {
    for (const [i, b] of runnable.entries()) {
      const code = b.replace(/from "(mcgrad(?:\/[a-z/]+)?)"/g, (m, name: string) => {
        const file = sources.get(name);
        assert.ok(file !== undefined, `block ${i} imports ${name}, which package.json does not export`);
        return `from ${JSON.stringify(pathToFileURL(file).href)}`;
      });
      const file = join(dir, `block${i}.ts`);
      writeFileSync(file, code);
      await assert.doesNotReject(import(pathToFileURL(file).href), `block ${i}: ${b.split("\n")[0]}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("README: no HTML comment left open or half-deleted (its text would show)", () => {
  const opens = readme.split("<!--").length - 1;
  const closes = readme.split("-->").length - 1;
  assert.equal(closes, opens, `${opens} "<!--" but ${closes} "-->"`);
  for (const m of readme.matchAll(/-->/g)) assert.ok(readme.lastIndexOf("<!--", m.index) > readme.lastIndexOf("-->", m.index - 1), `an unmatched "-->" at offset ${m.index}`);
});
