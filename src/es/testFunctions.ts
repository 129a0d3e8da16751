/**
 * Standard test functions for black-box optimizers, each with its known global minimum (location and value).
 * Definitions follow the common benchmark literature (e.g. Hansen et al., COCO/BBOB; Jamil & Yang 2013).
 */
import { checkSize, show } from "../util/validate.js";

/**
 * x must be an array or typed array of numbers: a fake array-like is refused (its length could be 2⁴⁰), and so is a
 * non-number entry (a BigInt would throw a TypeError inside the sum). A Float64Array passes without a scan.
 */
function checkPoint(fn: string, x: ArrayLike<number>, minDim = 1): void {
  if (!Array.isArray(x) && !(ArrayBuffer.isView(x) && !(x instanceof DataView))) throw new Error(`${fn}: x must be an array or Float64Array of numbers, got ${show(x)}`);
  if (x.length < minDim) throw new Error(`${fn}: x must have at least ${minDim} coordinate${minDim === 1 ? "" : "s"}, got length ${x.length}`);
  if (x instanceof Float64Array) return;
  for (let i = 0; i < x.length; i++) if (typeof x[i] !== "number") throw new Error(`${fn}: x[${i}] must be a number, got ${show(x[i])}`);
}

/** A test function of any dimension d ≥ minDim with its known minimizer. */
export interface TestFunction {
  readonly name: string;
  /** f(x) for x of any length ≥ minDim. */
  readonly f: (x: ArrayLike<number>) => number;
  /** The global minimizer in dimension d. */
  readonly optimum: (d: number) => Float64Array;
  /** The global minimum value (the same in every dimension). */
  readonly optimalValue: number;
  readonly minDim: number;
}

/**
 * f's value, unless it is NaN: then x held a NaN or an infinity the formula cannot take (∞ − ∞, cos ∞), and the
 * error names the function and the entry (+∞ from huge finite x is the exact value and is returned).
 */
function valueAt(fn: string, x: ArrayLike<number>, value: number): number {
  if (!Number.isNaN(value)) return value;
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) throw new Error(`${fn}: x[${i}] must be a finite number, got ${show(x[i])}`);
  throw new Error(`${fn}: f is NaN at x = ${show(x)}`);
}

/** The dimension d of `name.optimum(d)`: an integer ≥ minDim whose array fits in memory. */
function optimumDim(name: string, d: unknown, minDim: number): number {
  checkSize(`${name}.optimum`, "d", d);
  if ((d as number) < minDim) throw new Error(`${name}.optimum: d must be ≥ ${minDim} (${name} needs ${minDim} coordinates), got ${show(d)}`);
  return d as number;
}

/** Sphere: f(x) = Σ x_i²; minimum 0 at x = 0. */
export const sphere: TestFunction = {
  name: "sphere",
  f: (x) => {
    checkPoint("sphere", x);
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    return valueAt("sphere", x, s);
  },
  optimum: (d) => new Float64Array(optimumDim("sphere", d, 1)),
  optimalValue: 0,
  minDim: 1,
};

/** Ellipsoid: f(x) = Σ 10^{6(i−1)/(d−1)} x_i² (condition number 10⁶); minimum 0 at x = 0. */
export const ellipsoid: TestFunction = {
  name: "ellipsoid",
  f: (x) => {
    checkPoint("ellipsoid", x);
    const d = x.length;
    let s = 0;
    for (let i = 0; i < d; i++) s += Math.pow(1e6, d > 1 ? i / (d - 1) : 0) * x[i] * x[i];
    return valueAt("ellipsoid", x, s);
  },
  optimum: (d) => new Float64Array(optimumDim("ellipsoid", d, 1)),
  optimalValue: 0,
  minDim: 1,
};

/** Rosenbrock: f(x) = Σ_{i<d} 100 (x_{i+1} − x_i²)² + (1 − x_i)²; minimum 0 at x = (1, …, 1). */
export const rosenbrock: TestFunction = {
  name: "rosenbrock",
  f: (x) => {
    checkPoint("rosenbrock", x, 2);
    let s = 0;
    for (let i = 0; i + 1 < x.length; i++) {
      const a = x[i + 1] - x[i] * x[i];
      const b = 1 - x[i];
      s += 100 * a * a + b * b;
    }
    return valueAt("rosenbrock", x, s);
  },
  optimum: (d) => new Float64Array(optimumDim("rosenbrock", d, 2)).fill(1),
  optimalValue: 0,
  minDim: 2,
};

/** Rastrigin: f(x) = 10 d + Σ (x_i² − 10 cos 2πx_i); minimum 0 at x = 0 (highly multimodal). */
export const rastrigin: TestFunction = {
  name: "rastrigin",
  f: (x) => {
    checkPoint("rastrigin", x);
    let s = 10 * x.length;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i] - 10 * Math.cos(2 * Math.PI * x[i]);
    return valueAt("rastrigin", x, s);
  },
  optimum: (d) => new Float64Array(optimumDim("rastrigin", d, 1)),
  optimalValue: 0,
  minDim: 1,
};

/** Ackley: f(x) = −20 exp(−0.2 √(Σx_i²/d)) − exp(Σ cos(2πx_i)/d) + 20 + e; minimum 0 at x = 0. */
export const ackley: TestFunction = {
  name: "ackley",
  f: (x) => {
    checkPoint("ackley", x);
    const d = x.length;
    let sq = 0;
    let cs = 0;
    for (let i = 0; i < d; i++) {
      sq += x[i] * x[i];
      cs += Math.cos(2 * Math.PI * x[i]);
    }
    // Written so that f(0) is exactly 0 in float64: (20 − 20 e^{…}) + (e − e^{…}).
    return valueAt("ackley", x, 20 * -Math.expm1(-0.2 * Math.sqrt(sq / d)) + (Math.E - Math.exp(cs / d)));
  },
  optimum: (d) => new Float64Array(optimumDim("ackley", d, 1)),
  optimalValue: 0,
  minDim: 1,
};

/** All test functions by name. */
export const testFunctions: Readonly<Record<string, TestFunction>> = { sphere, ellipsoid, rosenbrock, rastrigin, ackley };

/**
 * Looks a test function up by name; throws naming the argument and the choices.
 * @example testFunction("rosenbrock").f(new Float64Array([1, 1, 1])) // 0, its minimum
 */
export function testFunction(name: string): TestFunction {
  const t = typeof name === "string" && Object.hasOwn(testFunctions, name) ? testFunctions[name] : undefined;
  if (t === undefined) throw new Error(`testFunction: name must be one of ${Object.keys(testFunctions).join(", ")}, got ${show(name)}`);
  return t;
}
