/**
 * `trainAsync`: the training loop of {@link train}, yielding to the event loop between updates so a caller can stop
 * it (Ctrl-C in `mcgrad train`) through an AbortSignal. Stopping happens at an update boundary: the state of that
 * update goes to `options.checkpoint` and the promise rejects with {@link TrainAborted}; resuming that checkpoint ends
 * bit for bit as the uninterrupted run (the same stepping code as `train`).
 */
import { startTraining, type TrainOptions, type TrainResult } from "./train.js";
import { checkOptionsObject } from "../util/validate.js";
import { RunAborted, runStepped, type SteppedOptions } from "../run/stepped.js";

/** Options of {@link trainAsync}: those of `train` plus the signal that stops the run. */
export interface TrainAsyncOptions extends TrainOptions, SteppedOptions {}

/** Rejection of {@link trainAsync} when its signal aborts the run; `updates` is the update count saved. */
export class TrainAborted extends RunAborted {
  /** The updates done and saved. */
  readonly updates: number;
  constructor(updates: number, saved: boolean) {
    super("trainAsync", updates, "updates", saved);
    this.updates = updates;
    this.name = "TrainAborted";
  }
}

/**
 * Trains a policy exactly as `train` does (same identity, same checkpoints, same result to the bit), yielding to the
 * event loop at least every `yieldEveryMs` so `signal` can stop it.
 * @example
 *   const ac = new AbortController(); process.once("SIGINT", () => ac.abort());
 *   const r = await trainAsync({ env: "CartPole-v1", seed: 1, checkpoint: save, signal: ac.signal });
 */
export async function trainAsync(options: TrainAsyncOptions = {}): Promise<TrainResult> {
  const fn = "trainAsync";
  const { signal, yieldEveryMs, ...rest } = checkOptionsObject<TrainAsyncOptions>(fn, options);
  return runStepped(fn, { signal, yieldEveryMs }, () => startTraining(fn, rest), (updates) => new TrainAborted(updates, rest.checkpoint !== undefined));
}
