/** `mcgrad train`: exit codes, the --json line, the files, and kill -9 + --resume ending as the uninterrupted run. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { registerTrain } from "../../src/cli/train.js";

const cli = ["--import", "tsx", "src/cli/main.ts", "train"];
const run = (args: string[]) => spawnSync(process.execPath, [...cli, ...args], { encoding: "utf8" });
const small = ["--env", "CartPole-v1", "--algorithm", "ppo", "--seed", "3", "--steps", "2048", "--eval-every", "1024", "--eval-episodes", "3"];

describe("mcgrad train", () => {
  /** Parses `mcgrad train …` in-process (as main.ts does: exitOverride, so a usage error is a CommanderError, exit 2). */
  async function usage(args: string[]): Promise<{ exitCode: number; stderr: string }> {
    let stderr = "";
    const program = new Command("mcgrad").exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => {} });
    registerTrain(program);
    try {
      await program.parseAsync(["node", "mcgrad", "train", ...args]);
    } catch (e) {
      if (e instanceof CommanderError) return { exitCode: e.exitCode === 0 ? 0 : 2, stderr };
      throw e;
    }
    return { exitCode: 0, stderr };
  }

  it("exits 2 for a bad option value, naming the option and what is allowed", async () => {
    const env = await usage(["--env", "CartPole-v9"]);
    assert.equal(env.exitCode, 2);
    assert.match(env.stderr, /--env <id>.*CartPole-v9.*expected one of CartPole-v1, Acrobot-v1/s);
    const alg = await usage(["--algorithm", "sac"]);
    assert.equal(alg.exitCode, 2);
    assert.match(alg.stderr, /expected one of reinforce, a2c, ppo, npg, got "sac"/);
    const steps = await usage(["--steps", "0"]);
    assert.equal(steps.exitCode, 2);
    assert.match(steps.stderr, /--steps <n>.*expected an integer (≥ 1|in \[1, )/s);
    const resume = await usage(["--resume"]);
    assert.equal(resume.exitCode, 2);
    assert.match(resume.stderr, /--resume needs --checkpoint FILE/);
  });

  it("exits 1 on a run-time failure (a damaged checkpoint), naming the field", () => {
    const dir = mkdtempSync(join(tmpdir(), "mcgrad-train-"));
    const file = join(dir, "run.json");
    writeFileSync(file, "{ not json");
    const r = run([...small, "--out", dir, "--checkpoint", file, "--resume"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /trainAsync: resume is not valid JSON/);
  });

  it("after kill -9 mid-run, --resume ends with the uninterrupted run's result; --json is the last stdout line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcgrad-train-"));
    const whole = run([...small, "--out", join(dir, "a"), "--json"]);
    assert.equal(whole.status, 0, whole.stderr);
    const lines = whole.stdout.trim().split("\n");
    const record = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    for (const k of ["env", "algorithm", "seed", "solved", "envSteps", "wallSeconds", "evalMean"]) assert.ok(k in record, `--json line lacks ${k}`);
    assert.equal(record.env, "CartPole-v1");
    assert.equal(record.envSteps, 2048);
    const files = record.files as { curve: string; variance: string; record: string };
    for (const f of [files.curve, files.variance, files.record]) assert.ok(existsSync(f), `${f} missing`);

    // Start the same run with a checkpoint file, kill -9 it once a checkpoint exists, resume it.
    const file = join(dir, "run.json");
    const child = spawn(process.execPath, [...cli, ...small, "--out", join(dir, "b"), "--checkpoint", file], { stdio: "ignore" });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(file) || child.exitCode !== null) {
          clearInterval(poll);
          child.kill("SIGKILL");
          resolve();
        }
      }, 5);
    });
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    const savedSteps = (JSON.parse(readFileSync(file, "utf8")) as { payload: { envSteps: number } }).payload.envSteps;
    assert.ok(savedSteps < 2048, `the run was not interrupted (checkpoint at ${savedSteps} steps)`);
    const refused = await usage([...small, "--out", join(dir, "b"), "--checkpoint", file]);
    assert.equal(refused.exitCode, 2, "a saved run must not be overwritten without --resume or --force");
    assert.match(refused.stderr, /already holds a saved run; add --resume to continue it or --force/);
    const resumed = run([...small, "--out", join(dir, "b"), "--checkpoint", file, "--resume", "--json"]);
    assert.equal(resumed.status, 0, resumed.stderr);
    const a = JSON.parse(readFileSync(files.record, "utf8")) as Record<string, unknown>;
    const b = JSON.parse(readFileSync(join(dir, "b", "train-CartPole-v1-ppo-seed3.json"), "utf8")) as Record<string, unknown>;
    for (const k of ["theta", "criticTheta", "curve", "evaluations", "diagnostics", "envSteps", "solved", "lastStats"]) assert.deepEqual(b[k], a[k], `${k} differs after kill -9 and --resume`);
  });
  it("Ctrl-C (SIGINT) stops the run with exit 130, keeps a checkpoint of the update it stopped at, and says how to resume", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcgrad-train-"));
    const file = join(dir, "run.json");
    const child = spawn(process.execPath, [...cli, ...small, "--steps", "200000", "--out", dir, "--checkpoint", file], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    let sent = false;
    const poll = setInterval(() => {
      if (!sent && existsSync(file)) sent = child.kill("SIGINT");
    }, 5);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    clearInterval(poll);
    assert.equal(code, 130, stderr);
    const m = /interrupted after (\d+) updates \((\d+) training steps\)\. .*run\.json holds the run at that point; continue it with the same options plus --checkpoint .*run\.json --resume/.exec(stderr);
    assert.ok(m !== null, stderr);
    const payload = (JSON.parse(readFileSync(file, "utf8")) as { payload: { update: number; envSteps: number } }).payload;
    assert.equal(payload.update, Number(m[1]), "the checkpoint must hold the update the run stopped at");
    assert.equal(payload.envSteps, Number(m[2]));
    assert.ok(payload.envSteps < 200000, "the run was not interrupted");
  });
});
