/**
 * Baselines as variance transforms, so they compose with control variates in `chainVariance`.
 *
 *   rows_{i,j} ← rows_{i,j} − b_{i,j} s_{i,j},   E[b_{i,j} s_{i,j}] = E[b_{i,j}] E[s_{i,j}] = 0
 *
 * whenever b_{i,j} is independent of x_i: a constant, a stateful baseline's value (built from earlier batches),
 * or a leave-one-out statistic of the raw f values and scores of the other samples. Because b is computed from the
 * raw batch (f and scores, not the incoming rows), a baseline is unbiased anywhere in a chain.
 * References: Williams (1992); Greensmith, Bartlett & Baxter (JMLR 2004); Mohamed et al. (JMLR 2020) §7.4.
 */
import { checkBaseline, checkBaselineValue, leaveOneOutMean, leaveOneOutOptimal, type Baseline } from "./baselines.js";
import { show } from "../util/validate.js";
import { checkScoreBatch, type ScoreBatch, type VarianceTransform } from "./transform.js";

/** The stateless baseline choices of {@link baselineTransform}. */
export type StatelessBaseline = "mean" | "optimal" | number;

/**
 * A baseline as a {@link VarianceTransform}: "mean" (leave-one-out batch mean), "optimal" (leave-one-out
 * E[f s_j²]/E[s_j²]), a constant number, or a stateful {@link Baseline} such as `emaBaseline()` whose state the
 * transform carries.
 * @example
 *   const t = baselineTransform(emaBaseline({ decay: 0.9 }));
 *   let state = t.init();
 *   ({ state } = scoreFunctionWithTransform(f, dist, key(1), t, state, { numSamples: 32 }));
 */
export function baselineTransform(baseline: StatelessBaseline): VarianceTransform<null>;
export function baselineTransform<S>(baseline: Baseline<S>): VarianceTransform<S>;
export function baselineTransform<S>(baseline: StatelessBaseline | Baseline<S>): VarianceTransform<S> | VarianceTransform<null> {
  const fn = "baselineTransform";
  if (typeof baseline === "number") {
    if (!Number.isFinite(baseline)) throw new Error(`${fn}: baseline must be a finite number, got ${show(baseline)}`);
    return stateless(`baseline(${baseline})`, false, (batch) => new Float64Array(batch.n).fill(baseline), null);
  }
  if (baseline === "mean") {
    return stateless("baseline(mean)", true, (batch) => {
      if (batch.n < 2) throw new Error(`${fn}: baseline "mean" (leave-one-out) needs n ≥ 2 samples, got ${batch.n}`);
      return leaveOneOutMean(batch.fx);
    }, null);
  }
  if (baseline === "optimal") {
    return stateless("baseline(optimal)", true, null, (batch) => {
      if (batch.n < 2) throw new Error(`${fn}: baseline "optimal" (leave-one-out) needs n ≥ 2 samples, got ${batch.n}`);
      return leaveOneOutOptimal(batch.fx, batch.scores, batch.n, batch.paramSize);
    });
  }
  if (typeof baseline === "string" || typeof baseline !== "object" || baseline === null) {
    throw new Error(`${fn}: baseline must be "mean", "optimal", a finite number or a Baseline { init, value, update }, got ${show(baseline)}`);
  }
  checkBaseline(fn, baseline);
  const b = baseline;
  return {
    name: `baseline(${b.name})`,
    couplesRows: false,
    needsIndependentRows: false,
    init: () => b.init(),
    apply(batch: ScoreBatch, state: S) {
      const P = checkScoreBatch(`${fn}.apply`, batch).paramSize;
      const v = checkBaselineValue(fn, b.name, b.value(state, P), P);
      const rows = new Float64Array(batch.rows);
      for (let i = 0; i < batch.n; i++) {
        for (let j = 0; j < P; j++) rows[i * P + j] -= v[j] * batch.scores[i * P + j];
      }
      return { rows, state: b.update(state, batch.fx, batch.scores, P) };
    },
  };
}

/** A transform from a per-row (n) or per-entry (n×P) baseline computed from the batch. */
function stateless(
  name: string,
  couplesRows: boolean,
  perRow: ((batch: ScoreBatch) => Float64Array) | null,
  perEntry: ((batch: ScoreBatch) => Float64Array) | null,
): VarianceTransform<null> {
  return {
    name,
    couplesRows,
    needsIndependentRows: false,
    init: () => null,
    apply(batch: ScoreBatch) {
      const P = checkScoreBatch(`baselineTransform.apply`, batch).paramSize;
      const rows = new Float64Array(batch.rows);
      const s = batch.scores;
      if (perRow) {
        const b = perRow(batch);
        for (let i = 0; i < batch.n; i++) for (let j = 0; j < P; j++) rows[i * P + j] -= b[i] * s[i * P + j];
      } else if (perEntry) {
        const b = perEntry(batch);
        for (let k = 0; k < batch.n * P; k++) rows[k] -= b[k] * s[k];
      }
      return { rows, state: null };
    },
  };
}
