/**
 * Option-value parsers shared by the CLI subcommands. Each throws commander's InvalidArgumentError, which the
 * program reports as "error: option '--x <n>' argument 'v' is invalid. …" and exits with code 2.
 *
 * Numbers are read as decimal literals only (digits, an optional fraction and exponent, `_` as a digit separator):
 * "0x10", "0b1", "1e400" (which overflows float64 to ∞) and "" are refused alike, so an option value never changes
 * meaning silently. ±Infinity is accepted where an option allows it, spelled "Infinity", "-Infinity", "inf" or "-inf".
 */
import { InvalidArgumentError } from "commander";

/** A bad option value or combination found after parsing (e.g. `--dim 1` for a function that needs d ≥ 2): exit code 2. */
export class OptionError extends Error {}

const DECIMAL = /^[+-]?(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)(e[+-]?\d+)?$/i;
const INFINITE = /^([+-]?)(infinity|inf)$/i;

/** Parses a decimal literal (or ±Infinity when `infinite`), refusing hex, binary, octal and float64 overflow. */
function parseDecimal(value: string, infinite: boolean): number {
  const text = value.trim();
  const inf = INFINITE.exec(text);
  if (inf !== null) {
    if (!infinite) throw new InvalidArgumentError(`expected a finite number, got "${value}".`);
    return inf[1] === "-" ? -Infinity : Infinity;
  }
  if (!DECIMAL.test(text)) throw new InvalidArgumentError(`expected a decimal number, got "${value}".`);
  const v = Number(text.replaceAll("_", ""));
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`"${value}" is outside the float64 range (|x| ≤ 1.8e308).`);
  return v;
}

/** A parser for integers in [min, max], e.g. `intInRangeOption(2, 1e7)` for a sample count. Accepts 1e5 and 100_000. */
export function intInRangeOption(min: number, max = Number.MAX_SAFE_INTEGER, why = ""): (value: string) => number {
  return (value) => {
    const v = parseDecimal(value, false);
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new InvalidArgumentError(`expected an integer in [${min}, ${max}]${why}, got "${value}".`);
    }
    return v;
  };
}

/** A parser for integers ≥ min (up to 2⁵³ − 1). */
export function intAtLeastOption(min: number): (value: string) => number {
  return intInRangeOption(min);
}

/** A safe integer (negative allowed), e.g. a seed. */
export const intOption = intInRangeOption(Number.MIN_SAFE_INTEGER);

/** A positive integer (≥ 1). */
export const positiveIntOption = intAtLeastOption(1);

/**
 * Sample counts: at most 10⁷, so that the n × P rows an estimator keeps stay well under 1 GiB of float64 (a larger
 * count used to grow the process to 12–16 GB before failing).
 */
export const MAX_SAMPLES = 10_000_000;

/** A sample count in [min, {@link MAX_SAMPLES}]. */
export function sampleCountOption(min: number): (value: string) => number {
  return intInRangeOption(min, MAX_SAMPLES, " (larger counts would need more than 1 GiB of memory)");
}

/** Any number (not NaN; ±Infinity allowed when spelled out), e.g. a target value. */
export function numberOption(value: string): number {
  return parseDecimal(value, true);
}

/** A finite number, e.g. a start coordinate. */
export function finiteNumberOption(value: string): number {
  return parseDecimal(value, false);
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
  const v = parseDecimal(value, false);
  if (!(v > 0)) throw new InvalidArgumentError(`expected a number > 0, got "${value}".`);
  return v;
}
