// A throw-away redis-server on a free loopback port for the distributed tests, and `mcgrad worker` processes.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createConnection, createServer } from "node:net";

export const REDIS_BINARY = "/usr/bin/redis-server";
export const SKIP = existsSync(REDIS_BINARY) ? false : "install redis-server (apt-get install -y redis-server) to run the distributed tests";

/** A free TCP port on 127.0.0.1 (the OS picks one; it is free when we close our listener). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ port, host: "127.0.0.1" }, () => {
      c.destroy();
      resolve(true);
    });
    c.once("error", () => resolve(false));
  });
}

/**
 * Starts redis-server (no persistence) on `port`, with `extra` arguments (e.g. --requirepass, or TLS: then `port` is
 * the TLS port and the plain one is off), and resolves once it accepts connections (without persistence to load,
 * a listening Redis is a ready one).
 */
export async function startRedis(port: number, extra: string[] = []): Promise<ChildProcess> {
  const tls = extra.includes("--tls-cert-file");
  const ports = tls ? ["--port", "0", "--tls-port", String(port)] : ["--port", String(port)];
  const p = spawn(REDIS_BINARY, [...ports, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...extra], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    if (await listening(port)) return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  p.kill("SIGKILL");
  throw new Error(`redis-server did not listen on port ${port} within 10 s`);
}

/** Kills a child process and waits for it to exit. */
export function kill(p: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once("exit", () => resolve());
    p.kill(signal);
  });
}

/** The command line `node --import tsx src/cli/main.ts ARGS…`, as spawn arguments. */
export const cli = (args: string[]): string[] => ["--import", "tsx", "src/cli/main.ts", ...args];

/** Spawns `mcgrad worker` and resolves once it reports it is serving (its first stderr line); `log` gets its stderr. */
export function startWorkerProcess(args: string[], env: NodeJS.ProcessEnv = process.env, log: { text: string } = { text: "" }): Promise<ChildProcess> {
  const p = spawn(process.execPath, cli(["worker", ...args]), { stdio: ["ignore", "ignore", "pipe"], env });
  return new Promise((resolve, reject) => {
    p.stderr!.on("data", (d: Buffer) => {
      log.text += d.toString();
      if (log.text.includes("mcgrad worker: serving")) resolve(p);
    });
    p.once("exit", (code) => reject(new Error(`mcgrad worker exited with ${code}: ${log.text}`)));
  });
}

/** Runs `mcgrad ARGS…` to completion without blocking this thread (in-process workers keep running); killed after `limit` ms. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env, limit = 60_000): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, cli(args), { stdio: ["ignore", "pipe", "pipe"], env });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill("SIGKILL"), limit);
    p.on("exit", (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** The JSON object a command printed as its last stdout line. */
export function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
}
