/**
 * Option-value parsers shared by the CLI subcommands. Each throws commander's InvalidArgumentError, which the
 * program reports as "error: option '--x <n>' argument 'v' is invalid. …" and exits with code 2.
 */
import { InvalidArgumentError } from "commander";

/** A safe integer (negative allowed), e.g. a seed. */
export function intOption(value: string): number {
  const v = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(v)) throw new InvalidArgumentError(`expected an integer, got "${value}".`);
  return v;
}

/** A parser for integers ≥ min, e.g. `intAtLeastOption(2)` for a sample count. Accepts 1e5 and 100_000. */
export function intAtLeastOption(min: number): (value: string) => number {
  return (value) => {
    const v = Number(value.replaceAll("_", ""));
    if (value.trim() === "" || !Number.isSafeInteger(v) || v < min) {
      throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${value}".`);
    }
    return v;
  };
}

/** A positive integer (≥ 1). */
export const positiveIntOption = intAtLeastOption(1);

/** Any number (not NaN; ±Infinity allowed), e.g. a target value or a start coordinate. */
export function numberOption(value: string): number {
  const v = Number(value);
  if (value.trim() === "" || Number.isNaN(v)) throw new InvalidArgumentError(`expected a number, got "${value}".`);
  return v;
}

/** A parser for one of the keys of `choices`, e.g. `choiceOption(strategies)` for an algorithm name. */
export function choiceOption<K extends string>(choices: Record<K, unknown>): (value: string) => K {
  return (value) => {
    if (!Object.hasOwn(choices, value)) throw new InvalidArgumentError(`expected one of ${Object.keys(choices).join(", ")}, got "${value}".`);
    return value as K;
  };
}

/** A finite number > 0, e.g. a step size or σ0. */
export function positiveNumberOption(value: string): number {
  const v = Number(value);
  if (value.trim() === "" || !Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(`expected a number > 0, got "${value}".`);
  return v;
}
