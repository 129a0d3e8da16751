/**
 * Arbitraries for the public-API fuzz suite: well-formed inputs (small sizes, so no case can run long) mixed with
 * the hostile values a JavaScript caller can pass — null, undefined, strings, BigInt (alone and inside arrays), NaN,
 * ±∞, −0, numbers at float64's limits, huge sizes and fake array-likes.
 */
import fc from "fast-check";
import {
  Bernoulli, Beta, Categorical, Dirichlet, Exponential, Gamma, Laplace, MultivariateNormal, Normal, Poisson, key,
  type Distribution, type Key,
} from "../../src/index.js";

/** Finite numbers at float64's edges: the values that overflow products, squares and exponentials. */
export const EXTREME_FINITE = [
  Number.MAX_VALUE, -Number.MAX_VALUE, 1.7976931348623155e308, 1e308, -1e308, 1e200, -1e200, 1.4e154, 1e16, -1e16, 1e10, -1e10,
  Number.MIN_VALUE, 5e-324, 1e-300, 2.2e-308, 1e-154, -1e-300, 2 ** 53 - 1,
];
/** Sizes no call can honour in memory: each must be refused, naming the function, before anything is allocated. */
export const HUGE_SIZES = [2 ** 31, 1e9, 2 ** 40, 2 ** 53 - 1, 2 ** 53, 1e300];
const NON_FINITE = [NaN, Infinity, -Infinity];
const EDGE_SMALL = [-0, 0, -1, 0.5, 1, 2, 3];

/** A fake array: an object with a length and numeric keys, but not an array. */
const fakeArray = fc.constantFrom<unknown>({ length: 3, 0: 1, 1: 2, 2: 3 }, { length: 2 ** 40 }, { length: -1 }, { length: NaN });

/** Any hostile value at all. */
export const wild: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, "abc", "1", "", "__proto__", "toString", true, false, {}, [], 10n, Symbol.iterator),
  fc.constantFrom(...NON_FINITE, ...EDGE_SMALL, ...EXTREME_FINITE, ...HUGE_SIZES),
  fakeArray,
  fc.constantFrom<unknown>([1, 2n, 3], [1n], ["1", "2"], [null, 1], [undefined], [[1, 2], [3]], new Float32Array([1, 2])),
  fc.array(fc.constantFrom(...NON_FINITE, ...EXTREME_FINITE, ...EDGE_SMALL), { minLength: 1, maxLength: 5 }),
  fc.array(fc.constantFrom(...NON_FINITE, ...EXTREME_FINITE, ...EDGE_SMALL), { minLength: 1, maxLength: 5 }).map((a) => Float64Array.from(a)),
);

/** `arb` most of the time, a hostile value otherwise. */
export function maybe<T>(arb: fc.Arbitrary<T>, wildWeight = 1): fc.Arbitrary<T | unknown> {
  return fc.oneof({ weight: 5, arbitrary: arb }, { weight: wildWeight, arbitrary: wild });
}

/** Moderate finite reals (for arguments whose extremes are refused up front and are not the point of a target). */
export const moderate = fc.double({ min: -100, max: 100, noNaN: true });
/** Finite reals: mostly moderate, sometimes at float64's limits. */
export const num: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: moderate },
  { weight: 1, arbitrary: fc.constantFrom(...EXTREME_FINITE, -0) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);
/** Finite reals > 0: mostly moderate, sometimes tiny or huge. */
export const pos: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0.05, max: 20, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.MAX_VALUE, 1e308, 1e200, 1.4e154, 1e16, 1e-10, 1e-154, 1e-300, 2.2e-308, 5e-324) },
  { weight: 1, arbitrary: fc.double({ min: 5e-324, max: Number.MAX_VALUE, noNaN: true }) },
);
/** A small positive size. */
export const size = fc.integer({ min: 1, max: 6 });
/** A sample count for estimators (small: every case must run in milliseconds). */
export const samples = fc.integer({ min: 1, max: 24 });

/** A vector of `len` (or 1–4) entries, as a number[] or a Float64Array. */
export function vec(entry: fc.Arbitrary<number> = num, len?: number): fc.Arbitrary<number[] | Float64Array> {
  const a = fc.array(entry, len === undefined ? { minLength: 1, maxLength: 4 } : { minLength: len, maxLength: len });
  return fc.oneof(a, a.map((v) => Float64Array.from(v)));
}

/** A key from a seed (the same case always gets the same key). */
export const keyArb: fc.Arbitrary<Key> = fc.integer({ min: -1000, max: 1000 }).map((s) => key(s));

/** Functions of one sample the estimators accept; some overflow or return non-numbers at some points. */
export const sampleFn: fc.Arbitrary<(x: Float64Array) => number> = fc.constantFrom(
  (x: Float64Array) => x[0],
  (x: Float64Array) => x.reduce((s, v) => s + v * v, 0),
  (_x: Float64Array) => 3,
  (x: Float64Array) => 1e300 * x[0],
  (x: Float64Array) => Math.exp(x[0]),
  (x: Float64Array) => (x[0] > 0.5 ? 1 : 0),
  (x: Float64Array) => Math.sin(x[0]) * 1e154,
);

/** Builds a distribution, or null when the constructor (rightly) refuses the parameters. */
function build(make: () => Distribution): Distribution | null {
  try {
    return make();
  } catch {
    return null;
  }
}

/** Valid distributions of every family with parameters from moderate to float64's limits. */
export const distArb: fc.Arbitrary<Distribution> = fc
  .oneof(
    fc.tuple(vec(num, 2), vec(pos, 2)).map(([loc, scale]) => build(() => new Normal({ loc, scale }))),
    fc.tuple(vec(num, 1), vec(pos, 1)).map(([loc, scale]) => build(() => new Laplace({ loc, scale }))),
    vec(pos).map((rate) => build(() => new Exponential({ rate }))),
    vec(pos).map((rate) => build(() => new Poisson({ rate }))),
    vec(num).map((logits) => build(() => new Bernoulli({ logits }))),
    vec(num).map((logits) => build(() => new Categorical({ logits }))),
    fc.tuple(vec(pos, 2), vec(pos, 2)).map(([concentration, rate]) => build(() => new Gamma({ concentration, rate }))),
    fc.tuple(vec(pos, 1), vec(pos, 1)).map(([alpha, beta]) => build(() => new Beta({ alpha, beta }))),
    vec(pos, 3).map((concentration) => build(() => new Dirichlet({ concentration }))),
    fc.tuple(vec(num, 2), pos, num, pos).map(([loc, a, b, c]) => build(() => new MultivariateNormal({ loc, scaleTril: [a, 0, b, c] }))),
  )
  .filter((d): d is Distribution => d !== null);

/** A moderate, well-conditioned distribution (for arguments whose extremes are not the point of the target). */
export const plainDistArb: fc.Arbitrary<Distribution> = fc.constantFrom<Distribution>(
  new Normal({ loc: [1, -1], scale: [2, 0.5] }),
  new Bernoulli({ logits: [0.3, -0.7] }),
  new Categorical({ logits: [0, 1, -1] }),
  new Poisson({ rate: 3 }),
  new Gamma({ concentration: 2, rate: 1 }),
  new Exponential({ rate: 1.5 }),
);
