/**
 * The README's "The command line" and the CLI's own help agree: every command `mcgrad --help` lists has a README
 * bullet, and the options of that bullet's synopsis are exactly those `mcgrad <command> --help` lists (`mcgrad worker`
 * had no bullet; `--redis` and `--queue` of optimize were in no synopsis).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mcgradProgram } from "../../src/cli/program.js";

const readme = readFileSync("README.md", "utf8");
const section = readme.slice(readme.indexOf("## The command line"), readme.indexOf("## The browser lab"));

/** The `--long-name` options a synopsis names. */
const options = (text: string): string[] => [...new Set([...text.matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)].map((m) => m[0]))].sort();

test("every command of the mcgrad program has a README bullet whose synopsis lists exactly the command's options", () => {
  const commands = mcgradProgram().commands;
  assert.ok(commands.length >= 7, `mcgrad has the commands ${commands.map((c) => c.name()).join(", ")}`);
  const bad: string[] = [];
  for (const command of commands) {
    const c = command.name();
    // The synopsis is the bullet's first code span: "- `mcgrad optimize [--function NAME] …`".
    const synopsis = new RegExp(`^- \`(mcgrad ${c}\\b[^\`]*)\``, "m").exec(section)?.[1];
    if (synopsis === undefined) {
      bad.push(`${c}: no README bullet "- \`mcgrad ${c} …\`" under "The command line"`);
      continue;
    }
    const inHelp = command.options.map((o) => o.long as string).sort();
    const inReadme = options(synopsis);
    const missing = inHelp.filter((o) => !inReadme.includes(o));
    const extra = inReadme.filter((o) => !inHelp.includes(o));
    if (missing.length > 0) bad.push(`${c}: README's synopsis lacks ${missing.join(", ")}`);
    if (extra.length > 0) bad.push(`${c}: README's synopsis names ${extra.join(", ")}, which --help does not list`);
  }
  assert.deepEqual(bad, []);
});

test("the user guide's command table (docs/guide.md §7) lists every command", () => {
  const guide = readFileSync("docs/guide.md", "utf8");
  const missing = mcgradProgram().commands.map((c) => c.name()).filter((c) => !guide.includes(`| \`mcgrad ${c}\` |`));
  assert.deepEqual(missing, [], `docs/guide.md has no row for mcgrad ${missing.join(", ")}`);
});

test("every command that produces a result takes --json (the README says: every command but worker)", () => {
  const without = mcgradProgram().commands.filter((c) => !c.options.some((o) => o.long === "--json")).map((c) => c.name());
  assert.deepEqual(without, ["worker"]);
  assert.match(section, /with `--json` \(every\s+command but `worker`\) the last stdout line is one JSON object/);
});
