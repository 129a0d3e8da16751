/**
 * Fitness shaping for black-box optimizers: a plug-in that maps raw fitness (lower is better, the minimization
 * convention of every optimizer in src/es/) to utilities (higher is better) that weight the search gradient.
 * Rank-based shaping makes an evolution strategy invariant to monotone transformations of f (Wierstra et al. 2014, §3.1).
 *
 * Non-finite policy (shared by all optimizers): before shaping, every NaN, +Infinity or −Infinity fitness is replaced
 * by +Infinity, i.e. ranked worst (ties among them share the average utility of their ranks). The optimizer counts
 * them in `state.nonFinite`. z-scores treat such a value as equal to the worst finite value.
 */
import { show } from "../util/validate.js";

/**
 * A fitness-shaping function: receives n fitness values (lower is better; +Infinity marks a failed evaluation) and
 * returns n finite utilities (higher is better). Must not mutate its input.
 */
export type FitnessShaping = (fitness: Float64Array) => Float64Array;

/** The built-in shapings, by name (names keep an optimizer state JSON-serializable). */
export type ShapingName = "nes" | "centeredRanks" | "zScores";

/** The fitness a shaping receives: a Float64Array, or an array of numbers (copied); anything else is refused by name. */
function checkFitness(fn: string, fitness: unknown): Float64Array {
  if (fitness instanceof Float64Array) return fitness;
  if (!Array.isArray(fitness)) throw new Error(`${fn}: fitness must be a Float64Array of fitness values, got ${show(fitness)}`);
  fitness.forEach((v, i) => {
    if (typeof v !== "number") throw new Error(`${fn}: fitness[${i}] must be a number, got ${show(v)}`);
  });
  return Float64Array.from(fitness as number[]);
}

/**
 * Looks up utilities by rank: the i-th lowest value gets table[i] (+Infinity sorts last), and tied values share the
 * mean of their block of the table, which keeps Σ utilities unchanged.
 */
function fromRanks(values: Float64Array, table: Float64Array): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const va = values[a];
    const vb = values[b];
    return va < vb ? -1 : va > vb ? 1 : a - b;
  });
  const out = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    let s = 0;
    for (let k = i; k < j; k++) s += table[k];
    for (let k = i; k < j; k++) out[order[k]] = s / (j - i);
    i = j;
  }
  return out;
}

/**
 * NES utilities (Wierstra et al., JMLR 2014, eq. in §3.1): for the k-th best of n (k = 1 … n),
 * u_k = max(0, ln(n/2 + 1) − ln k) / Σ_j max(0, ln(n/2 + 1) − ln j) − 1/n. They sum to zero, favour the best few,
 * and give every below-median candidate the same small negative weight.
 * @example nesUtilities(new Float64Array([3, 1, 2])) // the best (value 1) gets the largest utility
 */
export function nesUtilities(values: Float64Array): Float64Array {
  const fitness = checkFitness("nesUtilities", values);
  const n = fitness.length;
  const table = new Float64Array(n);
  let total = 0;
  for (let k = 1; k <= n; k++) {
    const w = Math.max(0, Math.log(n / 2 + 1) - Math.log(k));
    table[k - 1] = w;
    total += w;
  }
  for (let k = 0; k < n; k++) table[k] = table[k] / total - 1 / n;
  return fromRanks(fitness, table);
}

/**
 * Centered ranks (Salimans et al. 2017): the best gets +0.5, the worst −0.5, linearly in rank between; sums to zero.
 * A single candidate gets 0.
 * @example centeredRankUtilities(new Float64Array([3, 1, 2])) // [−0.5, 0.5, 0]
 */
export function centeredRankUtilities(values: Float64Array): Float64Array {
  const fitness = checkFitness("centeredRankUtilities", values);
  const n = fitness.length;
  const table = new Float64Array(n);
  if (n > 1) for (let r = 0; r < n; r++) table[r] = 0.5 - r / (n - 1);
  return fromRanks(fitness, table);
}

/**
 * z-scores with the sign flipped for minimization: u_i = −(f_i − mean) / sd (sample sd, divisor n). Zero spread or
 * n = 1 gives all zeros. Failed evaluations (+Infinity) count as the worst finite value; if none is finite, all zeros.
 * @example zScoreUtilities(new Float64Array([0, 2])) // [1, −1]
 */
export function zScoreUtilities(values: Float64Array): Float64Array {
  const fitness = checkFitness("zScoreUtilities", values);
  const n = fitness.length;
  let worst = -Infinity;
  for (let i = 0; i < n; i++) if (Number.isFinite(fitness[i]) && fitness[i] > worst) worst = fitness[i];
  const out = new Float64Array(n);
  if (worst === -Infinity) return out;
  const v = fitness.map((f) => (Number.isFinite(f) ? f : worst));
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i] - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  if (!(sd > 0) || !Number.isFinite(sd)) return out;
  for (let i = 0; i < n; i++) out[i] = -(v[i] - mean) / sd;
  return out;
}

const SHAPINGS: Record<ShapingName, FitnessShaping> = {
  nes: nesUtilities,
  centeredRanks: centeredRankUtilities,
  zScores: zScoreUtilities,
};

/** Resolves a shaping given by name or as a function; throws naming `fn` for anything else. */
export function resolveShaping(fn: string, shaping: ShapingName | FitnessShaping): FitnessShaping {
  if (typeof shaping === "function") return shaping;
  const s = typeof shaping === "string" && Object.hasOwn(SHAPINGS, shaping) ? SHAPINGS[shaping as ShapingName] : undefined;
  if (s === undefined) {
    throw new Error(`${fn}: shaping must be one of ${Object.keys(SHAPINGS).join(", ")} or a function, got ${show(shaping)}`);
  }
  return s;
}

/**
 * Applies the non-finite policy and a shaping: returns finite utilities and the number of non-finite fitness values.
 * Throws (naming `fn`) if a custom shaping returns a wrong length or a non-finite utility.
 */
export function shapeFitness(
  fn: string,
  shaping: ShapingName | FitnessShaping,
  fitness: ArrayLike<number>,
): { utilities: Float64Array; nonFinite: number } {
  const n = fitness.length;
  const clean = new Float64Array(n);
  let nonFinite = 0;
  for (let i = 0; i < n; i++) {
    const f = fitness[i];
    if (typeof f === "number" && Number.isFinite(f)) clean[i] = f;
    else {
      clean[i] = Infinity;
      nonFinite++;
    }
  }
  const utilities = resolveShaping(fn, shaping)(clean);
  if (utilities.length !== n) throw new Error(`${fn}: shaping returned ${utilities.length} utilities for ${n} fitness values`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(utilities[i])) throw new Error(`${fn}: shaping returned a non-finite utility ${utilities[i]} at index ${i}`);
  }
  return { utilities, nonFinite };
}
