/**
 * A build of src/ as the package ships it (dist/, package.json, node_modules linked), in a temporary directory:
 * transpiled file by file with esbuild (tsx's compiler: the same output as tsc for these files, in milliseconds
 * instead of the seconds of `npm run build`). With `sourceMaps`, each file carries an inline map back to
 * ../../src/<file>.ts, as tsc's maps do, so stack traces under `node --enable-source-maps` name the .ts sources.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { transformSync } from "esbuild";

/** Builds the package into a new temporary directory and returns that directory (the caller removes it). */
export function transpiledPackage({ sourceMaps = false }: { sourceMaps?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "mcgrad-package-"));
  const files = readdirSync("src", { recursive: true }).map(String).filter((f) => f.endsWith(".ts"));
  for (const f of files) {
    const out = join(dir, "dist", f.replace(/\.ts$/, ".js"));
    mkdirSync(dirname(out), { recursive: true });
    const sourcefile = relative(dirname(out), join(dir, "src", f));
    const js = transformSync(readFileSync(join("src", f), "utf8"), { loader: "ts", format: "esm", target: "es2022", ...(sourceMaps ? { sourcemap: "inline" as const, sourcefile } : {}) }).code;
    writeFileSync(out, js);
  }
  writeFileSync(join(dir, "package.json"), readFileSync("package.json"));
  symlinkSync(resolve("node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}
