/**
 * Timing shared by the bench files (not a bench itself: bench/run.ts only discovers *.bench.ts).
 */
import { spawnSync } from "node:child_process";

/**
 * Best (minimum) time in seconds of `body` over `repeats` runs, after `warmUp` untimed runs. CPU time of this process
 * (user + system) is the primary measure, because a shared machine's other load inflates wall time; both are kept.
 */
export function best(repeats: number, body: () => void, { warmUp = 1 }: { warmUp?: number } = {}): { cpu: number; wall: number } {
  for (let r = 0; r < warmUp; r++) body();
  let cpu = Infinity;
  let wall = Infinity;
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    body();
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  return { cpu, wall };
}

/**
 * Best CPU (and wall) time of each body over `repeats` rounds, the bodies run one after another in every round, so
 * a ratio of two of them compares runs made under the same conditions (a shared machine's load drifts; a process
 * can land on a contended core for a while). One untimed warm-up round first.
 */
export function bestOfEach(repeats: number, bodies: readonly (() => void)[]): { cpu: number; wall: number }[] {
  for (const body of bodies) body();
  const out = bodies.map(() => ({ cpu: Infinity, wall: Infinity }));
  for (let r = 0; r < repeats; r++) {
    bodies.forEach((body, i) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      body();
      out[i].wall = Math.min(out[i].wall, (performance.now() - t0) / 1000);
      const c = process.cpuUsage(c0);
      out[i].cpu = Math.min(out[i].cpu, (c.user + c.system) / 1e6);
    });
  }
  return out;
}

/** Best wall seconds of `repeats` runs of an async body (for benches whose point is to use more than one core). */
export async function bestWall(repeats: number, body: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await body();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

/**
 * Runs a python3 reference (`args` after "python3", `input` on stdin) single-threaded (OMP/OpenBLAS/MKL at one thread,
 * as our side runs) and parses the last stdout line as JSON; an `{ error }` saying why when python3 or its output is
 * unusable, so a bench without numpy still reports our side.
 */
export function runPythonJson<T>(args: readonly string[], input?: string): T | { error: string } {
  const r = spawnSync("python3", args, { input, encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" } });
  if (r.error) return { error: `python3 not runnable: ${r.error.message}` };
  if (r.status !== 0) return { error: `python3 exited with ${r.status}: ${r.stderr.trim().split("\n").slice(-1)[0]}` };
  try {
    return JSON.parse(r.stdout.trim().split("\n").slice(-1)[0]) as T;
  } catch {
    return { error: `unreadable numpy output: ${r.stdout.slice(0, 200)}` };
  }
}
