/**
 * Mathematical constants used by more than one file, defined once.
 */

/** log(2π). */
export const LOG_2PI = Math.log(2 * Math.PI);

/** ½ log(2π), the log-normalizer of a standard Normal density per coordinate. */
export const HALF_LOG_2PI = 0.5 * LOG_2PI;

/** √(2π). */
export const SQRT_2PI = Math.sqrt(2 * Math.PI);
