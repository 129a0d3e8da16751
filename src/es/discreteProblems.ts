/**
 * Binary black-box test problems with known optima, for searches over Bernoulli logits ({@link naturalSearch}):
 * OneMax and LeadingOnes in any dimension, a 12-item 0/1 knapsack and a 14-variable MAX-3-SAT instance with 90
 * clauses. All are written as minimization over x ∈ {0, 1}^d (entries 0 or 1; other values are refused).
 * The fixed instances were generated once (pseudo-random, seeds in the comments) and their optima found by
 * exhaustive search over all 2^d strings; test/es/discreteProblems.test.ts repeats that search.
 */
import { show } from "../util/validate.js";

/** A binary problem of fixed dimension with its known optimum. */
export interface BinaryProblem {
  readonly name: string;
  readonly dim: number;
  /** f(x) for x ∈ {0, 1}^dim (lower is better). */
  readonly f: (x: ArrayLike<number>) => number;
  /** The global minimum of f. */
  readonly optimalValue: number;
}

function checkBits(fn: string, x: ArrayLike<number>, dim: number): void {
  if (x === null || typeof x !== "object" || x.length !== dim) throw new Error(`${fn}: x must be ${dim} bits, got ${show(x)}`);
  for (let i = 0; i < dim; i++) if (x[i] !== 0 && x[i] !== 1) throw new Error(`${fn}: x[${i}] must be 0 or 1, got ${show(x[i])}`);
}

function checkDim(fn: string, d: unknown): number {
  if (typeof d !== "number" || !Number.isInteger(d) || d < 1 || d > 1e6) throw new Error(`${fn}: d must be an integer in [1, 10⁶], got ${show(d)}`);
  return d;
}

/**
 * OneMax as minimization: f(x) = number of zeros; minimum 0 at x = 1…1.
 * @example minimize(oneMax(20).f, new Float64Array(20), { algorithm: "naturalSearch", algorithmOptions: { distribution: new Bernoulli({ logits: new Float64Array(20) }) } })
 */
export function oneMax(d: number): BinaryProblem {
  checkDim("oneMax", d);
  return {
    name: `oneMax${d}`,
    dim: d,
    f: (x) => {
      checkBits("oneMax", x, d);
      let s = 0;
      for (let i = 0; i < d; i++) s += 1 - x[i];
      return s;
    },
    optimalValue: 0,
  };
}

/**
 * LeadingOnes as minimization: f(x) = d − (length of the leading run of ones); minimum 0 at x = 1…1.
 * @example leadingOnes(4).f(new Float64Array([1, 1, 0, 1])) // 2: a leading run of two ones out of 4
 */
export function leadingOnes(d: number): BinaryProblem {
  checkDim("leadingOnes", d);
  return {
    name: `leadingOnes${d}`,
    dim: d,
    f: (x) => {
      checkBits("leadingOnes", x, d);
      let i = 0;
      while (i < d && x[i] === 1) i++;
      return d - i;
    },
    optimalValue: 0,
  };
}

/** Weights, values and capacity of the knapsack instance (Python random.seed(7); capacity ⌊Σw/2⌋). */
export const KNAPSACK = {
  weights: [25, 14, 30, 8, 9, 39, 11, 28, 8, 37, 18, 7],
  values: [10, 32, 31, 9, 20, 10, 40, 32, 8, 57, 41, 12],
  capacity: 117,
} as const;

/**
 * 0/1 knapsack, 12 items: f(x) = −Σ v_i x_i when Σ w_i x_i ≤ capacity, else the excess weight Σ w_i x_i − capacity
 * (> 0, so worse than every feasible packing). Minimum −222 (a unique packing).
 */
export const knapsack12: BinaryProblem = {
  name: "knapsack12",
  dim: 12,
  f: (x) => {
    checkBits("knapsack12", x, 12);
    let w = 0;
    let v = 0;
    for (let i = 0; i < 12; i++) {
      w += KNAPSACK.weights[i] * x[i];
      v += KNAPSACK.values[i] * x[i];
    }
    return w <= KNAPSACK.capacity ? -v : w - KNAPSACK.capacity;
  },
  optimalValue: -222,
};

/** The MAX-3-SAT clauses: literal ±(i + 1) means x_i = 1 / x_i = 0 (Python random.seed(11), 14 variables). */
export const MAX_SAT_CLAUSES: readonly (readonly [number, number, number])[] = [
  [8, -9, 14], [-13, -9, 8], [-5, -3, -2], [-10, -7, 8], [1, 9, 2], [1, -13, 8], [4, -11, 5], [-5, -7, -9], [-6, 13, -4],
  [-2, 7, -14], [14, -11, 1], [7, -12, 14], [11, 5, -6], [13, 2, 3], [-13, 8, -3], [12, 13, 3], [-4, -1, -5], [1, -4, -3],
  [2, 1, -3], [6, 5, -7], [4, -1, 10], [10, 8, -14], [5, 4, -10], [-9, -4, -11], [7, -1, 2], [12, -14, -7], [-5, -9, 3],
  [-8, -9, 11], [4, 12, 1], [1, -3, 5], [-6, -3, -8], [10, 3, -14], [12, -5, 1], [12, 5, 6], [-6, -12, -1], [13, 6, 14],
  [-14, -7, -1], [7, 14, 10], [-2, 5, -7], [10, -8, -13], [-9, 1, 5], [-12, -2, 8], [1, -6, -5], [-13, 6, 11], [7, 11, -5],
  [4, -14, 7], [-3, -8, -6], [5, 3, 2], [-7, -14, -11], [14, -10, 8], [-10, -1, 11], [-13, 10, 1], [-13, -5, -4],
  [-2, -8, -14], [2, 11, 4], [-1, 13, 8], [-13, -6, -9], [-13, -3, 7], [7, 12, -14], [-1, -7, -9], [-6, 8, -14],
  [-14, 13, 11], [-7, -2, 5], [-12, 1, 6], [7, 13, -5], [2, 7, -1], [-3, -8, -14], [-11, 12, -8], [2, -13, -4],
  [-9, -11, -3], [-5, -11, -7], [-5, -3, 9], [9, 2, -14], [-1, -9, 7], [2, -12, 3], [13, 7, 5], [14, 8, -9], [-5, 3, 12],
  [4, -1, 11], [-8, 2, -14], [-5, -12, 4], [-11, -7, -9], [-9, -11, -4], [-14, -3, 4], [3, -6, 10], [-4, 2, 3],
  [-7, 2, -14], [-3, -4, 7], [-10, -11, 6], [-9, -11, 6],
];

/** MAX-3-SAT, 14 variables, 90 clauses: f(x) = number of unsatisfied clauses. Minimum 1 (no assignment satisfies all). */
export const maxSat14: BinaryProblem = {
  name: "maxSat14",
  dim: 14,
  f: (x) => {
    checkBits("maxSat14", x, 14);
    let unsat = 0;
    for (const clause of MAX_SAT_CLAUSES) {
      if (!clause.some((l) => x[Math.abs(l) - 1] === (l > 0 ? 1 : 0))) unsat++;
    }
    return unsat;
  },
  optimalValue: 1,
};
