// `mcgrad optimize --redis` and `mcgrad worker` as processes (issue 10): the same JSON result as the local run; the
// coordinator killed with SIGKILL resumes from its checkpoint to the same result; an unreachable Redis is exit 1
// within a bounded time naming the URL without its password; a password and TLS (rediss://) work and the password
// is never printed. The local reference runs in this process through runOptimize (what the command calls).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runOptimize } from "../../src/cli/optimize.js";
import { cli, freePort, kill, lastJson, runCli, SKIP, startRedis, startWorkerProcess } from "./redisServer.js";

const RESULT = ["x", "fx", "evals", "generations", "stopReason"];

/** The local run's JSON for the same command-line options (numbers where the command passes numbers). */
async function local(o: Parameters<typeof runOptimize>[0]): Promise<Record<string, unknown>> {
  return JSON.parse(JSON.stringify((await runOptimize({ ...o, out: mkdtempSync(join(tmpdir(), "mcgrad-dist-")) })).json)) as Record<string, unknown>;
}

function sameResult(remote: Record<string, unknown>, reference: Record<string, unknown>): void {
  for (const k of RESULT) assert.deepEqual(remote[k], reference[k], k);
}

describe("mcgrad optimize --redis and mcgrad worker processes", { skip: SKIP }, () => {
  let redis: ChildProcess;
  let url = "";
  const workers: ChildProcess[] = [];
  const out = mkdtempSync(join(tmpdir(), "mcgrad-dist-cli-"));
  before(async () => {
    const port = await freePort();
    redis = await startRedis(port);
    url = `redis://127.0.0.1:${port}`;
    workers.push(...(await Promise.all([startWorkerProcess(["--redis", url]), startWorkerProcess(["--redis", url])])));
  });
  after(async () => {
    await Promise.all(workers.map((w) => kill(w)));
    await kill(redis);
  });

  it("prints the same JSON result as the local run; a bad --redis exits 2", async () => {
    const options = ["--function", "sphere", "--dim", "3", "--max-evals", "200", "--x0", "1", "--json", "--out", out];
    const [remote, bad] = await Promise.all([runCli(["optimize", ...options, "--redis", url]), runCli(["optimize", ...options, "--redis", "localhost:6379"])]);
    assert.equal(remote.status, 0, remote.stderr);
    sameResult(lastJson(remote.stdout), await local({ function: "sphere", dim: 3, maxEvals: 200, x0: 1 }));
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /--redis: redis must use redis:\/\/ or rediss:\/\//);
  });

  it("a coordinator killed with SIGKILL after a checkpoint resumes with --resume and ends as the uninterrupted run", async () => {
    const file = join(out, "run.json");
    const options = ["--function", "rosenbrock", "--dim", "4", "--max-evals", "3000", "--target=-Infinity", "--json", "--out", out, "--redis", url, "--checkpoint", file];
    const p = spawn(process.execPath, cli(["optimize", ...options]), { stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((r) => p.once("exit", (_, signal) => r(signal)));
    // SIGKILL as soon as the first checkpoint (generation 50 of 375) is on disk.
    while (!existsSync(file) && p.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    p.kill("SIGKILL");
    assert.equal(await exited, "SIGKILL", "the coordinator was killed mid-run, not finished");
    const resumed = await runCli(["optimize", ...options, "--resume"]);
    assert.equal(resumed.status, 0, resumed.stderr);
    sameResult(lastJson(resumed.stdout), await local({ function: "rosenbrock", dim: 4, maxEvals: 3000, target: -Infinity }));
  });

  it("an unreachable Redis: optimize and worker exit 1 within 15 s, naming the URL without its password", async () => {
    const closed = `redis://:s3cret@127.0.0.1:${await freePort()}`;
    const runs = await Promise.all([runCli(["optimize", "--function", "sphere", "--dim", "2", "--out", out, "--redis", closed]), runCli(["worker", "--redis", closed])]);
    for (const r of runs) {
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ within 5000 ms/);
      assert.ok(!`${r.stdout}${r.stderr}`.includes("s3cret"), r.stderr);
      assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
    }
  });

  it("rediss:// with a password: the run equals the local one; a wrong password is a clear error; the password is never printed", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "mcgrad-tls-"));
    const [cert, keyFile] = [join(dir, "cert.pem"), join(dir, "key.pem")];
    const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", cert, "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1"], { stdio: "ignore" });
    if (made.status !== 0) return t.skip("openssl is needed to make a certificate for the TLS test");
    const port = await freePort();
    const tls = await startRedis(port, ["--tls-cert-file", cert, "--tls-key-file", keyFile, "--tls-ca-cert-file", cert, "--tls-auth-clients", "no", "--requirepass", "s3cret pw"]);
    // The self-signed certificate is trusted through Node's own variable, as a user would trust their CA.
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: cert };
    const log = { text: "" };
    const secure = `rediss://:${encodeURIComponent("s3cret pw")}@127.0.0.1:${port}`;
    const worker = await startWorkerProcess(["--redis", secure], env, log);
    try {
      const options = ["optimize", "--function", "rastrigin", "--dim", "2", "--max-evals", "120", "--json", "--out", out];
      const [remote, wrong] = await Promise.all([runCli([...options, "--redis", secure], env), runCli([...options, "--redis", `rediss://:nope@127.0.0.1:${port}`], env)]);
      assert.equal(remote.status, 0, remote.stderr);
      sameResult(lastJson(remote.stdout), await local({ function: "rastrigin", dim: 2, maxEvals: 120 }));
      assert.equal(wrong.status, 1, wrong.stderr);
      assert.match(wrong.stderr, new RegExp(`Redis at rediss://127\\.0\\.0\\.1:${port} refused the credentials`));
      for (const text of [log.text, remote.stdout, remote.stderr, wrong.stderr]) assert.ok(!/s3cret|nope/.test(text), text);
      assert.match(log.text, new RegExp(`serving .* at rediss://127\\.0\\.0\\.1:${port}\\n`));
    } finally {
      await kill(worker);
      await kill(tls);
    }
  });
});
