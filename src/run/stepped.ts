/**
 * The loop a long run's async form shares (rl's trainAsync, vi's fitAsync): step a run to its end, yielding to the
 * event loop at least every `yieldEveryMs` so an AbortSignal can stop it, and stop only at a step boundary, saving
 * that step first. The run itself (its stepping, checkpoints and result) is the synchronous form's, so an async run
 * ends bit for bit as the synchronous one and a resumed one as the uninterrupted one.
 */
import { show } from "../util/validate.js";

/** A run cut at step boundaries: what `train`/`fit` loop over (`while (!run.done()) run.step()`). */
export interface SteppedRun<R> {
  done(): boolean;
  step(): void;
  /** Writes the checkpoint of the last finished step (when the run has a checkpoint callback); returns its step count. */
  save(): number;
  result(): R;
}

/** Options the async forms add to their synchronous form's. */
export interface SteppedOptions {
  /** Aborting it stops the run after the step (update) under way, with a checkpoint of that step. */
  readonly signal?: AbortSignal;
  /** Longest stretch (ms) without yielding to the event loop (default 50). */
  readonly yieldEveryMs?: number;
}

/**
 * What an async form's promise rejects with when its signal stops the run: `count` steps (in `unit`) done and saved,
 * `saved` false when the run had no checkpoint callback. trainAsync's TrainAborted and fitAsync's FitAborted.
 */
export class RunAborted extends Error {
  constructor(
    fn: string,
    readonly count: number,
    unit: string,
    readonly saved: boolean,
  ) {
    super(`${fn}: stopped by its signal after ${count} ${unit}${saved ? " (checkpoint written)" : " (no checkpoint callback: nothing saved)"}`);
  }
}

/** The next macrotask: setImmediate in Node, a zero timeout elsewhere (a browser has no setImmediate). */
function nextTask(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (typeof immediate === "function" ? immediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * Checks `signal` and `yieldEveryMs` (errors name `fn`) before `start()` makes the run, then steps it to its end;
 * when the signal aborts, saves the last finished step and rejects with `aborted(steps)`.
 * @example return runStepped("fitAsync", options, () => startFit("fitAsync", model, guide, rest), (n) => new FitAborted(n, saved));
 */
export async function runStepped<R>(fn: string, options: SteppedOptions, start: () => SteppedRun<R>, aborted: (steps: number) => Error): Promise<R> {
  const { signal, yieldEveryMs = 50 } = options;
  if (signal !== undefined && (signal === null || typeof signal !== "object" || typeof signal.aborted !== "boolean")) {
    throw new Error(`${fn}: signal must be an AbortSignal, got ${show(signal)}`);
  }
  if (typeof yieldEveryMs !== "number" || !(yieldEveryMs >= 0) || !Number.isFinite(yieldEveryMs)) {
    throw new Error(`${fn}: yieldEveryMs must be a finite number ≥ 0, got ${show(yieldEveryMs)}`);
  }
  const run = start();
  let last = Date.now();
  while (!run.done()) {
    if (signal?.aborted === true) throw aborted(run.save());
    run.step();
    if (Date.now() - last >= yieldEveryMs) {
      await nextTask();
      last = Date.now();
    }
  }
  return run.result();
}
