/**
 * Plots for the command line: the Vega-Lite specs come from src/plots/ (pure, shared with the browser lab); this file
 * writes them as SVG files (rendered by src/plots/renderSvg.ts, as in the lab) and checks output directories.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { renderSvg } from "../plots/renderSvg.js";
import { OptionError } from "./options.js";

export { lineSpec, type Series, type LineSpecOptions } from "../plots/lineSpec.js";
export { gridSpec } from "../plots/gridSpec.js";

/**
 * Makes sure `dir` is (or can be created as) a writable directory, before a long computation whose plots go there:
 * a bad --out then fails at once, naming `fn` and the path, instead of after the run with the results lost. Throws
 * an {@link OptionError} (exit code 2: the option's value is bad).
 * Missing levels are created one at a time (a recursive mkdir under /proc never returns on Node 20).
 * Returns the absolute path.
 */
export function ensureOutDir(fn: string, dir: string, what = "out"): string {
  const abs = resolve(dir);
  const missing: string[] = [];
  for (let p = abs; !existsSync(p) && dirname(p) !== p; p = dirname(p)) missing.push(p);
  try {
    for (const m of missing.reverse()) mkdirSync(m);
    if (!statSync(abs).isDirectory()) throw new Error("not a directory");
    accessSync(abs, constants.W_OK);
  } catch (e) {
    throw new OptionError(`${fn}: ${what} must be a writable directory, got ${JSON.stringify(dir)} (${(e as Error).message})`);
  }
  return abs;
}

/**
 * Renders a Vega-Lite spec to SVG (src/plots/renderSvg.ts, the renderer the lab uses too) and writes it to `path`
 * (creating the directory). Returns the absolute path written.
 */
export async function writeSvg(spec: Record<string, unknown>, path: string): Promise<string> {
  const svg = await renderSvg(spec);
  const abs = resolve(path);
  await mkdir(dirname(abs), { recursive: true });
  await writeFile(abs, svg, "utf8");
  return abs;
}
