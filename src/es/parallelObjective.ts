/**
 * The objective's side of the worker pool (Node-only), shared by the calling thread and the worker threads of
 * src/es/parallelTeam.ts and by the piscina worker of src/es/parallelWorker.ts: f loaded once per thread from its module
 * and export, and the claim loop that evaluates candidates of a population held in shared memory.
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The user's objective, as loaded from its module. */
export type Objective = (x: Float64Array) => number;

/**
 * import(), with a fallback for TypeScript modules under tsx on Node 20, where worker threads get tsx's require hook
 * but not its ESM loader hooks: such a module is loaded through require (tsx transpiles it).
 */
async function importModule(url: string): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: string }).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw e;
    return createRequire(import.meta.url)(fileURLToPath(url)) as Record<string, unknown>;
  }
}

const cache = new Map<string, Promise<Objective>>();

/** An Error's name and message, or what else was thrown ("a thrown string \"bad x\""). */
function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `a thrown ${typeof e} ${typeof e === "string" ? JSON.stringify(e) : String(e)}`;
}

/** f from `module[exportName]`, imported once per thread (the module is resolved once, then cached by its URL). */
export function loadObjective(moduleUrl: string, exportName: string): Promise<Objective> {
  const id = `${moduleUrl}#${exportName}`;
  let f = cache.get(id);
  if (f === undefined) {
    const url = moduleUrl.startsWith("file:") ? moduleUrl : pathToFileURL(moduleUrl).href;
    f = importModule(url)
      .catch((e: unknown) => {
        throw new Error(`cannot import module ${moduleUrl}: ${describeThrown(e)}`);
      })
      .then((m: Record<string, unknown>) => {
        const fn = m[exportName];
        if (typeof fn !== "function") throw new Error(`${moduleUrl} has no function export "${exportName}"`);
        return fn as Objective;
      });
    cache.set(id, f);
  }
  return f;
}

/** f on one candidate row; the Error for a throw or a non-number names the candidate (same rule as evaluatePopulation). */
function evaluateCandidate(f: Objective, row: Float64Array, index: number): number {
  let v: unknown;
  try {
    v = f(row);
  } catch (e) {
    throw new Error(`f threw for candidate ${index}: ${describeThrown(e)}`);
  }
  if (typeof v !== "number") throw new Error(`parallelEvaluator: f must return a number, got ${typeof v === "string" ? JSON.stringify(v) : String(v)} for candidate ${index}`);
  return v;
}

/**
 * Slots of the team's control block (an Int32Array on a SharedArrayBuffer). The calling thread publishes a population
 * by writing x, DIM, SIZE, DONE = 0, REMAINING = SIZE, then bumping EPOCH (workers sleep on EPOCH); every thread then
 * claims candidates by decrementing REMAINING, writes f into fx and counts DONE (the caller sleeps on DONE).
 */
export const Slot = { EPOCH: 0, REMAINING: 1, DONE: 2, SIZE: 3, DIM: 4, FAILED: 5, STOP: 6 } as const;
/** Int32 slots in the control block. */
export const CONTROL_SLOTS = 8;

/**
 * Claims and evaluates candidates of the published population until none is left; returns undefined, or the Error of
 * the candidate that failed (after marking FAILED and withdrawing the unclaimed candidates).
 *
 * A claim is a compare-and-swap of REMAINING from r to r − 1, giving candidate SIZE − r (in ascending order, so one
 * thread meets a failing candidate where the serial loop does); SIZE, DIM, x and fx are read only after it. A claim therefore always belongs to the population being published at that moment (REMAINING only
 * returns to a positive value when the next population is published, after every candidate of this one is DONE), so
 * a thread that wakes late can never evaluate a stale row nor count into the wrong population. Each value is written
 * by index, so fx is the same whichever thread evaluated which candidate.
 */
export function evaluateClaims(f: Objective, ctrl: Int32Array, x: Float64Array, fx: Float64Array): Error | undefined {
  for (;;) {
    const r = Atomics.load(ctrl, Slot.REMAINING);
    if (r <= 0) return undefined;
    if (Atomics.compareExchange(ctrl, Slot.REMAINING, r, r - 1) !== r) continue;
    const i = Atomics.load(ctrl, Slot.SIZE) - r;
    const d = Atomics.load(ctrl, Slot.DIM);
    try {
      // A copy of the row, as evaluatePopulation gives: an f that keeps its argument must not see the next population.
      fx[i] = evaluateCandidate(f, x.slice(i * d, (i + 1) * d), i);
    } catch (e) {
      Atomics.store(ctrl, Slot.REMAINING, 0);
      Atomics.store(ctrl, Slot.FAILED, 1);
      Atomics.notify(ctrl, Slot.DONE);
      return e instanceof Error ? e : new Error(String(e));
    }
    if (Atomics.add(ctrl, Slot.DONE, 1) + 1 === Atomics.load(ctrl, Slot.SIZE)) Atomics.notify(ctrl, Slot.DONE);
  }
}

/** A gap this long (ms) between two looks at the clock while spinning means the thread was preempted. */
const PREEMPTED_MS = 0.05;

/**
 * A busy-wait of up to `ms` milliseconds while ctrl[slot] === value, returning true when the value changed. It backs
 * off when it sees its own thread preempted (the machine has no idle core for it, so spinning would only take time
 * from the threads doing the work): the next 1, 2, 4, … up to 1024 waits sleep at once; each wait that ends well
 * halves that penalty.
 */
export function spinner(ms: number): (ctrl: Int32Array, slot: number, value: number) => boolean {
  let penalty = 0;
  let skip = 0;
  return (ctrl, slot, value) => {
    if (Atomics.load(ctrl, slot) !== value) return true;
    if (ms <= 0) return false;
    if (skip > 0) {
      skip--;
      return false;
    }
    let last = performance.now();
    const end = last + ms;
    while (Atomics.load(ctrl, slot) === value) {
      const now = performance.now();
      if (now - last > PREEMPTED_MS) {
        penalty = Math.min(1024, Math.max(1, 2 * penalty));
        skip = penalty;
        return false;
      }
      if (now > end) return false;
      last = now;
    }
    penalty >>= 1;
    return true;
  };
}
