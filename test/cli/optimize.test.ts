/** `mcgrad optimize`: checkpoint files, option errors (exit 2, naming the option), the report and the plot. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runOptimize, RunInterrupted } from "../../src/cli/optimize.js";
import { OptionError } from "../../src/cli/options.js";
import { CheckpointOptionError } from "../../src/cli/checkpointFile.js";
import { interruptWhen } from "../helpers/interrupt.js";

const tmp = () => mkdtempSync(join(tmpdir(), "mcgrad-opt-"));
const CLI = ["--import", "tsx", "src/cli/main.ts", "optimize"];

describe("mcgrad optimize --checkpoint/--resume", () => {
  it("resuming from the checkpoint file reproduces the run without redoing it", async () => {
    const dir = tmp();
    const file = join(dir, "run.json");
    const common = { function: "rosenbrock", algorithm: "xnes" as const, dim: 4, seed: 5, maxEvals: 20_000, out: dir };
    const full = await runOptimize({ ...common, checkpoint: file });
    const saved = JSON.parse(readFileSync(file, "utf8")) as { payload: { evals: number } };
    assert.ok(saved.payload.evals > 0 && saved.payload.evals < full.result.evals, `checkpoint at ${saved.payload.evals} of ${full.result.evals} evaluations`);
    const resumed = await runOptimize({ ...common, checkpoint: file, resume: true });
    assert.equal(resumed.result.evals, full.result.evals);
    assert.equal(resumed.result.fx, full.result.fx);
    assert.deepEqual(Array.from(resumed.result.x), Array.from(full.result.x));
    assert.deepEqual(resumed.result.history, full.result.history);
    // Before: --checkpoint without --resume silently overwrote the saved run.
    await assert.rejects(runOptimize({ ...common, checkpoint: file }), (e) => e instanceof CheckpointOptionError && /already holds a saved run; add --resume to continue it or --force/.test(e.message));
    // Before: a checkpoint of Rosenbrock resumed for the sphere printed Rosenbrock's f with exit 0.
    for (const [change, option] of [[{ function: "sphere" }, "--function"], [{ sigma0: 1 }, "--sigma0"], [{ maxEvals: 30_000 }, "--max-evals"], [{ stepSize: "path" }, "--step-size"]] as const) {
      await assert.rejects(runOptimize({ ...common, ...change, checkpoint: file, resume: true }), (e) => e instanceof OptionError && e.message.includes(`(set by ${option})`) && /--resume: .*run\.json was written for/.test(e.message));
    }
    // Before: an edited sigma = -1 was accepted and changed the result.
    const edited = JSON.parse(readFileSync(file, "utf8")) as { payload: { state: { sigma: number } } };
    edited.payload.state.sigma = -1;
    writeFileSync(file, JSON.stringify(edited));
    await assert.rejects(runOptimize({ ...common, checkpoint: file, resume: true }), /^Error: --resume: .*run\.json field state\.sigma = -1 must be a finite number > 0 ≤ 1e\+150; the checkpoint is damaged or was edited$/);
    const forced = await runOptimize({ ...common, seed: 6, checkpoint: file, force: true, maxEvals: 600 });
    assert.equal(forced.result.evals, 600);
  });

  it("refuses --resume without a checkpoint file", async () => {
    const dir = tmp();
    await assert.rejects(runOptimize({ dim: 2, resume: true, out: dir }), /--resume needs --checkpoint FILE/);
    await assert.rejects(runOptimize({ dim: 2, resume: true, checkpoint: join(dir, "none.json"), out: dir }), /does not exist/);
  });
});

describe("mcgrad optimize options", () => {
  it("bad values are OptionErrors naming the option, raised before any work", async () => {
    const dir = tmp();
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    const cases: [Parameters<typeof runOptimize>[0], RegExp][] = [
      [{ dim: 1 }, /^--dim must be an integer ≥ 2 for --function rosenbrock, got 1$/],
      [{ dim: 2, algorithm: "pgpe", stepSize: "path" }, /^--step-size applies to --algorithm xnes and snes only, got --step-size path with --algorithm pgpe$/],
      // Before: the whole run was computed and then lost on the SVG write (ENOTDIR).
      [{ dim: 2, out: join(file, "sub") }, /^optimize: --out must be a writable directory, got ".*a-file\/sub"/],
      [{ dim: 2, checkpoint: join(file, "run.json") }, /^optimize: --checkpoint's directory must be a writable directory/],
      // Before: --dim 1e9 grew the process to 12–16 GB with no output.
      [{ dim: 1e9 }, /^--dim 1000000000 with --algorithm xnes needs an array of 1\.00e\+18 float64 values .* more than the limit of 16777216 \(128 MiB per array\)/],
      [{ dim: 3e6, algorithm: "snes" }, /^--dim 3000000 with --algorithm snes needs an array of .* more than the limit/],
      [{ dim: 2, x0: 1e200 }, /^--x0 must satisfy \|x0\| ≤ 1e\+150/],
      // Before: --queue without --redis was ignored in silence.
      [{ dim: 2, queue: "q" }, /^--queue applies with --redis only/],
    ];
    for (const [o, message] of cases) {
      await assert.rejects(runOptimize({ out: dir, maxEvals: 100, ...o }), (e) => e instanceof OptionError && message.test(e.message), `${JSON.stringify(o)}`);
    }
  });

  it("--max-evals is a hard budget: 3 runs 3 evaluations (it ran 8)", async () => {
    for (const maxEvals of [1, 3, 10]) {
      const r = await runOptimize({ dim: 2, maxEvals, out: tmp() });
      assert.equal(r.result.evals, maxEvals);
      assert.equal(r.result.stop, "maxEvals");
      assert.match(r.text, new RegExp(`stopped: used the whole budget of ${maxEvals} evaluations`));
    }
  });

  it("a run whose f is never finite ends with its report (it ended in 'lineSpec: … must be finite')", async () => {
    const r = await runOptimize({ dim: 3, x0: 1e100, maxEvals: 200, out: tmp() });
    assert.equal(r.result.fx, Infinity);
    assert.equal(r.svgPath, null);
    assert.match(r.text, /best f = Infinity .*\n.*stopped: .*\n.*restarts: none\n.*non-finite f values: \d+\n {2}x = \[1\.00000e\+100, 1\.00000e\+100, 1\.00000e\+100\]\n {2}no convergence plot: f was never finite/);
  });

  it("the summary and the plot say why the run stopped and where restarts happened; file names carry seed and rule", async () => {
    const dir = tmp();
    const common = { function: "rastrigin", algorithm: "snes" as const, dim: 3, x0: 3, sigma0: 2, restarts: 3, maxEvals: 20_000, out: dir };
    const r = await runOptimize(common);
    assert.ok(r.result.restarts.length >= 1, "the run made no restart");
    assert.match(r.text, new RegExp(`restarts: ${r.result.restarts.length} \\(at ${r.result.restarts[0].evals} evaluations: (f stagnated|the distribution collapsed)`));
    assert.match(r.text, /stopped: (reached the target f ≤ 1e-10|used the whole budget)/);
    assert.equal(r.svgPath, join(dir, "optimize-rastrigin-snes-nes-d3-seed0.svg"));
    const svg = readFileSync(r.svgPath, "utf8");
    for (const text of ["target 1e-10", "restart 1", `restarts: ${r.result.restarts.length}`, "stopped: "]) assert.ok(svg.includes(text), `SVG lacks "${text}"`);
    const other = await runOptimize({ ...common, seed: 1, stepSize: "path", maxEvals: 500 });
    assert.equal(other.svgPath, join(dir, "optimize-rastrigin-snes-path-d3-seed1.svg"));
    assert.equal(r.json.evals, r.result.evals);
  });

  it("an aborted run rejects with how to resume", async () => {
    const dir = tmp();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(runOptimize({ dim: 2, out: dir, signal: controller.signal }), (e) => e instanceof RunInterrupted && /nothing was saved.*--checkpoint FILE/.test(e.message));
  });
});

describe("mcgrad optimize as a process", () => {
  it("exits 2 for bad option values (0x10, 1e400, --dim 1, unwritable --out) and 0 with --json last", () => {
    for (const args of [["--dim", "0x10"], ["--x0", "1e400"], ["--dim", "1"], ["--dim", "2", "--out", "/proc/mcgrad-no"]]) {
      const r = spawnSync(process.execPath, [...CLI, ...args], { encoding: "utf8" });
      assert.equal(r.status, 2, `${args.join(" ")}: exit ${r.status}, stderr ${r.stderr}`);
      assert.match(r.stderr, /--dim|--x0|--out/);
      assert.doesNotMatch(r.stderr, /runOptimize|lineSpec/);
    }
    const ok = spawnSync(process.execPath, [...CLI, "--dim", "2", "--max-evals", "30", "--out", tmp(), "--json"], { encoding: "utf8" });
    assert.equal(ok.status, 0, ok.stderr);
    const last = JSON.parse(ok.stdout.trim().split("\n").at(-1) as string) as { evals: number };
    assert.equal(last.evals, 30);
  });

  it("Ctrl-C (SIGINT) stops the run with exit 130 and says how to resume", async () => {
    const dir = tmp();
    const file = join(dir, "run.json");
    // Interrupt (once) when the first percentage line shows the run is under way.
    const { code, stderr } = await interruptWhen([...CLI, "--dim", "30", "--function", "rastrigin", "--target=-inf", "--max-evals", "100000", "--checkpoint", file, "--out", dir], /25%/);
    assert.equal(code, 130, stderr);
    const m = /interrupted after (\d+) evaluations\. .*run\.json holds the run at (\d+) evaluations; continue it with the same options plus --checkpoint .*run\.json --resume/.exec(stderr);
    assert.ok(m !== null, stderr);
    // Nothing is lost: the file was written at the generation where the run stopped.
    assert.equal(m[2], m[1]);
    assert.equal((JSON.parse(readFileSync(file, "utf8")) as { payload: { evals: number } }).payload.evals, Number(m[1]));
  });
});

describe("mcgrad optimize on a terminal", () => {
  // `script` gives the process a pseudo-terminal, so the live bar hides the cursor and turns line wrap off.
  const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
  it("Ctrl-C restores the terminal: cursor shown (ESC[?25h) and line wrap back on (ESC[?7h)", { skip: !hasScript && "no `script` command" }, () => {
    const dir = tmp();
    // d = 100 with restarts: the run lasts far longer than the 5 s before SIGINT even on an idle machine (no early tolFun stop).
    const run = `${process.execPath} ${CLI.join(" ")} --dim 100 --function rastrigin --target=-inf --max-evals 3000000 --restarts 6 --out ${dir} & P=$!; sleep 5; kill -INT $P; wait $P; echo "exit=$?"`;
    const r = spawnSync("script", ["-qc", run, "/dev/null"], { encoding: "utf8", timeout: 60_000 });
    const ESC = String.fromCharCode(27);
    assert.ok(r.stdout.includes(`${ESC}[?25l`), "the bar never hid the cursor (not a terminal?)");
    const tail = r.stdout.slice(r.stdout.lastIndexOf(`${ESC}[?25l`));
    assert.ok(tail.includes(`${ESC}[?25h`), "cursor left hidden");
    assert.ok(tail.includes(`${ESC}[?7h`), "line wrap left off");
    assert.match(r.stdout, /interrupted after \d+ evaluations; nothing was saved/);
    assert.match(r.stdout, /exit=130/);
  });
});
