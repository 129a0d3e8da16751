/**
 * Family facts: what each coordinate of θ is (its role and the sample coordinate it acts on) and the enumeration of a
 * finite support — the vocabulary in which code above the distributions asks a family about itself, instead of
 * asking for it by name. Each family declares its facts (`paramInfo()`, `finiteSupport()`); distribution.ts turns
 * them into defaults (`enumerateSupport()`, `entropyGradient()`).
 */

/**
 * What one coordinate of θ is, so that code above the distributions never has to ask for a family by name:
 * "location" shifts a sample coordinate (x = loc + …); "logScale" is the log of a scale factor of x;
 * "logPositive" is the log of another positive parameter (a rate, shape or concentration); "logit" is a logit
 * (Bernoulli, Categorical); "other" is anything else (an off-diagonal Cholesky entry).
 */
export type ParamRole = "location" | "logScale" | "logPositive" | "logit" | "other";

/** A family fact about θ_p: its role and the sample coordinate it belongs to. */
export interface ParamInfo {
  readonly role: ParamRole;
  /**
   * The coordinate c such that the score of θ_p depends on x only through x_c, with the coordinates of x
   * independent (a factorized family: Normal, Bernoulli, Gamma, …); null when the coordinates are dependent
   * (MultivariateNormal, Dirichlet). A one-dimensional family maps every parameter to 0.
   */
  readonly coordinate: number | null;
}

/** The largest number of outcomes `enumerateSupport` lists (2²⁰: a Bernoulli of dimension 20). */
export const MAX_ENUMERATED_OUTCOMES = 2 ** 20;

/** All dim-tuples over `values` (the first coordinate varies fastest), row-major m×dim. */
export function enumerateProduct(fn: string, values: readonly number[] | null, dim: number): Float64Array {
  if (values === null) throw new Error(`${fn}: the support is infinite; only families with a finite support can be enumerated`);
  const V = values.length;
  const m = V ** dim;
  if (!(m <= MAX_ENUMERATED_OUTCOMES)) {
    throw new Error(`${fn}: ${V}^${dim} outcomes exceed the limit of ${MAX_ENUMERATED_OUTCOMES}; sample instead`);
  }
  const out = new Float64Array(m * dim);
  for (let i = 0; i < m; i++) {
    for (let c = 0, rest = i; c < dim; c++, rest = Math.floor(rest / V)) out[i * dim + c] = values[rest % V];
  }
  return out;
}

/**
 * The parameter facts of a family whose θ is `roles.length` blocks of d entries, block b holding role b for each
 * of d independent coordinates (Normal: ["location", "logScale"], Bernoulli: ["logit"]).
 */
export function blockParamInfo(d: number, roles: readonly ParamRole[]): ParamInfo[] {
  return roles.flatMap((role) => Array.from({ length: d }, (_, c) => ({ role, coordinate: c })));
}
