/**
 * `fitAsync`: the loop of {@link fit}, yielding to the event loop between steps so a caller can stop it (Ctrl-C in
 * `mcgrad fit`) through an AbortSignal. Stopping happens at a step boundary: the state after that step goes to
 * `options.checkpoint` and the promise rejects with {@link FitAborted}; resuming that checkpoint ends bit for bit as
 * the uninterrupted run (the same stepping code as `fit`).
 */
import type { Distribution } from "../distributions/distribution.js";
import { checkOptionsObject } from "../util/validate.js";
import { RunAborted, runStepped, type SteppedOptions } from "../run/stepped.js";
import { startFit, type FitOptions, type FitResult } from "./fit.js";
import type { Model } from "./model.js";

/** Options of {@link fitAsync}: those of `fit` plus the signal that stops the run. */
export interface FitAsyncOptions extends FitOptions, SteppedOptions {}

/** Rejection of {@link fitAsync} when its signal aborts the run; `steps` is the number of steps saved. */
export class FitAborted extends RunAborted {
  /** The steps done and saved. */
  readonly steps: number;
  constructor(steps: number, saved: boolean) {
    super("fitAsync", steps, "steps", saved);
    this.steps = steps;
    this.name = "FitAborted";
  }
}

/**
 * Fits a guide exactly as `fit` does (same identity, same checkpoints, same result to the bit), yielding to the
 * event loop at least every `yieldEveryMs` so `signal` can stop it.
 * @example
 *   const ac = new AbortController(); process.once("SIGINT", () => ac.abort());
 *   const r = await fitAsync(model, guide, { steps: 5000, checkpoint: save, signal: ac.signal });
 * References: as `fit` (Ranganath, Gerrish & Blei 2014; Kingma & Ba 2015).
 */
export async function fitAsync<G extends Distribution>(model: Model, guide: G, options: FitAsyncOptions = {}): Promise<FitResult<G>> {
  const fn = "fitAsync";
  const { signal, yieldEveryMs, ...rest } = checkOptionsObject<FitAsyncOptions>(fn, options);
  return runStepped(fn, { signal, yieldEveryMs }, () => startFit(fn, model, guide, rest), (steps) => new FitAborted(steps, rest.checkpoint !== undefined));
}
