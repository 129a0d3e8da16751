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

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ port, host: "127.0.0.1" }, () => c.write("PING\r\n"));
    c.once("data", (d) => {
      c.destroy();
      resolve(d.toString().startsWith("+PONG"));
    });
    c.once("error", () => resolve(false));
  });
}

/** Starts redis-server (no persistence) on `port` and resolves once it answers PING. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const p = spawn(REDIS_BINARY, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    if (await answers(port)) return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  p.kill("SIGKILL");
  throw new Error(`redis-server did not answer on port ${port} within 10 s`);
}

/** Kills a child process and waits for it to exit. */
export function kill(p: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once("exit", () => resolve());
    p.kill(signal);
  });
}

/** Spawns `mcgrad worker` and resolves once it reports it is serving (its first stderr line). */
export function startWorkerProcess(args: string[]): Promise<ChildProcess> {
  const p = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "worker", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let err = "";
    p.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes("mcgrad worker: serving")) resolve(p);
    });
    p.once("exit", (code) => reject(new Error(`mcgrad worker exited with ${code}: ${err}`)));
  });
}
