/**
 * Preparing a data set for a regression model: a reproducible train/test split drawn from a key, standardization
 * with the training set's statistics (zero mean, unit variance per feature), and a bias column.
 */
import { assertKey, type Key } from "../../random/key.js";
import { permutation } from "../../random/permutation.js";
import { checkOptionsObject, checkPositiveInt, checkSamples, checkSize, fail, show, toFiniteArray } from "../../util/validate.js";

/** Row indices of a train/test split (each sorted ascending). */
export interface Split {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/**
 * A random split of n rows into train and test sets, the same for the same key: a Fisher–Yates permutation, the
 * first round(testFraction·n) of it form the test set. Both sets are non-empty.
 * @example const { train, test } = trainTestSplit(key(0), 569, 0.2); // 455 and 114 rows
 */
export function trainTestSplit(k: Key, n: number, testFraction = 0.2): Split {
  const fn = "trainTestSplit";
  assertKey(fn, k);
  checkSize(fn, "n", n);
  if (typeof testFraction !== "number" || !(testFraction > 0 && testFraction < 1)) {
    throw new Error(`${fn}: testFraction must be a number in (0, 1), got ${show(testFraction)}`);
  }
  const nTest = Math.round(testFraction * n);
  if (nTest < 1 || nTest > n - 1) throw new Error(`${fn}: testFraction ${testFraction} of n = ${n} rows leaves an empty train or test set`);
  const perm = permutation(k, n);
  return { test: perm.slice(0, nTest).sort(), train: perm.slice(nTest).sort() };
}

/**
 * The rows `rows` of a row-major n × d matrix, as a new rows.length × d matrix.
 * @example selectRows(new Float64Array([1, 2, 3, 4, 5, 6]), 2, [2, 0]); // [5, 6, 1, 2]
 */
export function selectRows(x: Float64Array, d: number, rows: ArrayLike<number>): Float64Array {
  checkPositiveInt("selectRows", "d", d);
  checkSamples("selectRows", x, d);
  if (!Array.isArray(rows) && !(ArrayBuffer.isView(rows) && !(rows instanceof DataView))) fail("selectRows", "rows", "an array of row indices", rows);
  if (rows.length > 0) checkSize("selectRows", "rows.length", rows.length, d);
  const n = x.length / d;
  const out = new Float64Array(rows.length * d);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error(`selectRows: rows[${r}] must be an integer in [0, ${n}), got ${show(i)}`);
    out.set(x.subarray(i * d, (i + 1) * d), r * d);
  }
  return out;
}

/** Per-feature mean and standard deviation (population form, divisor n) of a training matrix. */
export interface Standardizer {
  readonly mean: Float64Array;
  readonly sd: Float64Array;
}

/**
 * The mean and standard deviation of each column of a row-major n × d matrix (the statistics to standardize with;
 * compute them on the training rows only, and apply them to train and test alike). A constant column is an error.
 * @example fitStandardizer(new Float64Array([1, 10, 3, 30]), 2); // mean [2, 20], sd [1, 10]
 */
export function fitStandardizer(x: Float64Array, d: number): Standardizer {
  const fn = "fitStandardizer";
  checkPositiveInt(fn, "d", d);
  checkSamples(fn, x, d);
  const n = x.length / d;
  if (n < 2) throw new Error(`${fn}: x must hold n ≥ 2 rows of d = ${d} values, got ${x.length} values`);
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sd[j] += (x[i * d + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) {
    sd[j] = Math.sqrt(sd[j]);
    if (!(sd[j] > 0) || !Number.isFinite(sd[j])) throw new Error(`${fn}: column ${j} of x has standard deviation ${show(sd[j])}; it cannot be standardized`);
  }
  return { mean, sd };
}

/**
 * (x − mean) / sd column by column, with an optional leading column of ones (the bias) — the design matrix of a
 * regression. Returns a new row-major n × (d + 1) matrix with `bias` (default true), n × d without.
 * @example standardizeColumns(new Float64Array([1, 3]), 1, { mean: [2], sd: [1] }); // [1, −1, 1, 1]
 */
export function standardizeColumns(x: Float64Array, d: number, s: Standardizer, options: { bias?: boolean } = {}): Float64Array {
  const fn = "standardizeColumns";
  const { bias = true } = checkOptionsObject<{ bias: boolean }>(fn, options);
  if (typeof bias !== "boolean") fail(fn, "options.bias", "true or false", bias);
  checkPositiveInt(fn, "d", d);
  checkSamples(fn, x, d);
  if (s === null || typeof s !== "object") fail(fn, "s", "a Standardizer { mean, sd } (from fitStandardizer)", s);
  const mean = toFiniteArray(fn, "s.mean", s.mean, d);
  const sd = toFiniteArray(fn, "s.sd", s.sd, d);
  for (let j = 0; j < d; j++) if (!(sd[j] > 0)) fail(fn, `s.sd[${j}]`, "> 0", sd[j]);
  const n = x.length / d;
  const w = bias ? d + 1 : d;
  const o = bias ? 1 : 0;
  const out = new Float64Array(n * w);
  for (let i = 0; i < n; i++) {
    if (bias) out[i * w] = 1;
    for (let j = 0; j < d; j++) {
      const v = (x[i * d + j] - mean[j]) / sd[j];
      if (!Number.isFinite(v)) throw new Error(`${fn}: row ${i}, column ${j} standardizes to ${show(v)} (x = ${show(x[i * d + j])}, mean ${show(mean[j])}, sd ${show(sd[j])}); beyond float64's range`);
      out[i * w + o + j] = v;
    }
  }
  return out;
}
