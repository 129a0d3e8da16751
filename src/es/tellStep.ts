/**
 * The one `tell` step every optimizer in src/es/ runs: check → shape → update → assert → bookkeeping.
 *
 * A strategy supplies only its update — the new distribution parameters from the candidates and their utilities —
 * and which of the returned fields must stay strictly positive (step sizes). Everything else is done here, once:
 * the state, population and fitness are checked; fitness is shaped into utilities by the state's shaping (the one
 * sign convention: fitness lower is better, utilities higher is better, non-finite fitness ranks worst and is
 * counted, see ./shaping.ts); every number the update returns must be finite (never a NaN in a state) and the
 * positive ones > 0; and the counters and best point advance.
 */
import { show } from "../util/validate.js";
import { shapeFitness } from "./shaping.js";
import { bookkeeping, checkTell, type EsStateBase, type Population } from "./strategy.js";

/** A strategy's own update: the new values of the fields it changes, from the utilities (higher is better). */
export type StrategyUpdate<S extends EsStateBase, P extends Population> = (state: S, population: P, utilities: Float64Array) => Partial<S>;

/**
 * Builds a strategy's `tell` from its update. `positive` names the returned fields (numbers or vectors) that must
 * stay > 0, such as σ: an underflow to 0 would freeze the search silently.
 * @example const tell = tellStep<SnesState, Population>("snes", update, ["sigma"]);
 */
export function tellStep<S extends EsStateBase, P extends Population>(
  algorithm: S["algorithm"],
  update: StrategyUpdate<S, P>,
  positive: readonly (keyof S & string)[] = [],
): (state: S, population: P, fitness: ArrayLike<number>) => S {
  const fn = `${algorithm}.tell`;
  return (state, population, fitness) => {
    checkTell(fn, algorithm, state, population, fitness);
    const { utilities, nonFinite } = shapeFitness(fn, state.shaping, fitness);
    const fields = update(state, population, utilities);
    assertFiniteFields(fn, fields as Record<string, unknown>, positive);
    return { ...state, ...fields, ...bookkeeping(state, population, fitness, nonFinite) };
  };
}

/**
 * The "never a NaN in the state" rule: every number and Float64Array entry of `fields` must be finite, and those
 * named in `positive` > 0. Throws naming `fn` and the entry (the step size under- or overflowed).
 */
export function assertFiniteFields(fn: string, fields: Record<string, unknown>, positive: readonly string[] = []): void {
  const bad = (name: string, v: number): never => {
    throw new Error(`${fn}: the update made ${name} = ${show(v)}; the search distribution degenerated`);
  };
  for (const [name, v] of Object.entries(fields)) {
    const mustBePositive = positive.includes(name);
    if (typeof v === "number") {
      if (!Number.isFinite(v) || (mustBePositive && !(v > 0))) bad(name, v);
    } else if (v instanceof Float64Array) {
      for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]) || (mustBePositive && !(v[i] > 0))) bad(`${name}[${i}]`, v[i]);
    }
  }
}
