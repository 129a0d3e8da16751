/**
 * Timing shared by the bench files (not a bench itself: bench/run.ts only discovers *.bench.ts).
 */

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
