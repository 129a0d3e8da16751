/**
 * Progress events of long runs (minimize, train, fit). The library never prints: a run calls `onProgress` and the
 * CLI (or the lab) draws a bar from it.
 */

/** One progress report: how far the run is, out of how much, and the metrics worth showing (best f, mean return, ELBO). */
export interface ProgressEvent {
  /** Work done so far in the run's own unit (evaluations, env steps, optimizer steps). */
  readonly done: number;
  /** The budget in the same unit. */
  readonly total: number;
  /** Named scalars for display, e.g. { bestF } or { meanReturn, sps } or { elbo }. */
  readonly metrics: Readonly<Record<string, number>>;
}

/** A subscriber to {@link ProgressEvent}s. */
export type ProgressListener = (event: ProgressEvent) => void;
