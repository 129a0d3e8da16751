/**
 * Which sample coordinate each parameter of a factorized (product) distribution belongs to — the bookkeeping that
 * Rao-Blackwellization needs: the score of θ_p depends on x only through x_{coordinate(p)}.
 */
import type { Distribution } from "../distributions/distribution.js";
import { show } from "../util/validate.js";

/**
 * coordinate(p) for p = 0 … P − 1. `explicit` (length P, integers in [0, dim)) overrides; otherwise a dim-1
 * distribution maps every parameter to coordinate 0 and a factorized family gives the coordinate of each parameter
 * as a family fact (`dist.paramInfo()[p].coordinate`).
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
  const info = typeof dist.paramInfo === "function" ? dist.paramInfo() : [];
  if (info.length === P && info.every((q) => q.coordinate !== null)) {
    for (let p = 0; p < P; p++) out[p] = info[p].coordinate as number;
    return out;
  }
  throw new Error(
    `${fn}: ${dist.name} is not known to factorize over its ${d} coordinates; pass paramCoordinates (the coordinate each parameter belongs to) if it does`,
  );
}
