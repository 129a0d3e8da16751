/** The CLI's progress on stderr when it is not a terminal: lines at 25/50/75/100 %, and where a run ended early. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { progress } from "../../src/cli/progress.js";

/** What `body` writes to stderr (not a terminal here: the plain-lines mode). */
function stderrOf(body: () => void): string {
  const write = process.stderr.write.bind(process.stderr);
  const isTTY = process.stderr.isTTY;
  let text = "";
  process.stderr.write = ((chunk: string) => ((text += chunk), true)) as typeof process.stderr.write;
  process.stderr.isTTY = false;
  try {
    body();
  } finally {
    process.stderr.write = write;
    process.stderr.isTTY = isTTY;
  }
  return text;
}

test("plain progress: one line per quarter reached, and the point where a run stopped short of its budget", () => {
  // Before: a run that reached its target or was solved before 25 % of the budget printed nothing at all.
  const early = stderrOf(() => {
    const bar = progress("train CartPole-v1", 100_000);
    bar.tick(20_953, { meanReturn: 480 });
    bar.stop();
    bar.stop();
  });
  assert.equal(early, "train CartPole-v1: ended at 20% (20953/100000) meanReturn=480\n");
  const midway = stderrOf(() => {
    const bar = progress("fit", 10);
    bar.tick(3);
    bar.tick(3, { elbo: -1.5 });
    bar.stop();
  });
  assert.equal(midway, "fit: 25% (3/10)\nfit: 50% (6/10) elbo=-1.5\n", "a stop right after a printed line adds nothing");
  const later = stderrOf(() => {
    const bar = progress("fit", 10);
    bar.tick(6);
    bar.tick(1, { elbo: -1.2 });
    bar.stop();
  });
  assert.equal(later, "fit: 50% (6/10)\nfit: ended at 70% (7/10) elbo=-1.2\n");
  const whole = stderrOf(() => {
    const bar = progress("demo", 4);
    for (let i = 0; i < 4; i++) bar.tick();
    bar.stop();
  });
  assert.equal(whole, "demo: 25% (1/4)\ndemo: 50% (2/4)\ndemo: 75% (3/4)\ndemo: 100% (4/4)\n");
  assert.equal(stderrOf(() => progress("idle", 5).stop()), "", "nothing done, nothing said");
});
