/**
 * Which sample coordinate each parameter of a factorized (product) distribution belongs to — the bookkeeping that
 * Rao-Blackwellization needs: the score of θ_p depends on x only through x_{coordinate(p)}.
 */
import type { Distribution } from "../distributions/distribution.js";
import { show } from "../util/validate.js";

/** Families whose θ is laid out in blocks of `dim` (one entry per coordinate per block) over independent coordinates. */
const BLOCKWISE_FACTORIZED = new Set(["Normal", "Bernoulli", "Laplace", "Poisson", "Exponential", "Gamma", "Beta"]);

/**
 * coordinate(p) for p = 0 … P − 1. `explicit` (length P, integers in [0, dim)) overrides; otherwise a dim-1
 * distribution maps every parameter to coordinate 0 and the blockwise factorized families map p to p mod dim.
 * Throws for a family that is not known to factorize (MultivariateNormal, Dirichlet, …) without `explicit`.
 * @example paramCoordinates(new Normal({ loc: [0, 0], scale: 1 })); // [0, 1, 0, 1]
 */
export function paramCoordinates(fn: string, dist: Distribution, explicit?: ArrayLike<number>): Int32Array {
  const P = dist.paramSize;
  const d = dist.dim;
  const out = new Int32Array(P);
  if (explicit !== undefined) {
    if (typeof explicit !== "object" || explicit === null || explicit.length !== P) {
      throw new Error(`${fn}: paramCoordinates must be ${P} coordinate indices, got ${show(explicit)}`);
    }
    for (let p = 0; p < P; p++) {
      const c = explicit[p];
      if (!Number.isInteger(c) || c < 0 || c >= d) throw new Error(`${fn}: paramCoordinates[${p}] must be an integer in [0, ${d}), got ${show(c)}`);
      out[p] = c;
    }
    return out;
  }
  if (d === 1) return out;
  if (BLOCKWISE_FACTORIZED.has(dist.name) && P % d === 0) {
    for (let p = 0; p < P; p++) out[p] = p % d;
    return out;
  }
  throw new Error(
    `${fn}: ${dist.name} is not known to factorize over its ${d} coordinates; pass paramCoordinates (the coordinate each parameter belongs to) if it does`,
  );
}
