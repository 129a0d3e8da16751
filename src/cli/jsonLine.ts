/**
 * The `--json` line of a command: one JSON object on one line, typed arrays written as arrays (JSON.stringify would
 * write a Float64Array as {"0": …, "1": …}) and non-finite numbers as null, as JSON.stringify does.
 */

/**
 * `value` as one line of JSON (no newline), typed arrays as arrays.
 * @example jsonLine({ mean: new Float64Array([1, 2]) }) // '{"mean":[1,2]}'
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v));
}
