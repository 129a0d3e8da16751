// Ctrl-C in a CLI test: run `node args…` and send SIGINT once, when its stderr first shows `when` (a progress line),
// then resolve to the exit code and everything it wrote to stderr.
import { spawn } from "node:child_process";

export async function interruptWhen(args: string[], when: RegExp): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let sent = false;
  child.stdout.resume();
  child.stderr.on("data", (b: Buffer) => {
    stderr += b.toString();
    if (!sent && when.test(stderr)) sent = child.kill("SIGINT");
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { code, stderr };
}
