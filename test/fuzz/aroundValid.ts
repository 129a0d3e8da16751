/**
 * Fuzz targets built around one valid call: each argument is the valid one most of the time and, independently, a
 * hostile value (`wild`) otherwise, so every argument's validation is reached with the others well formed. A target
 * is a valid-argument factory (called per case: fresh objects, so no case sees another's mutation) and the call.
 */
import fc from "fast-check";
import { wild } from "./arbitraries.js";
import type { FuzzTarget } from "./targets.js";

/**
 * A shared checker's errors start with the caller's name it was given (its `fn` argument): these are the names `wild`
 * can generate that pass checkCallerName, accepted as naming the function for targets with such an argument.
 */
export const WILD_CALLER_NAME = /^(?:abc|__proto__|toString)(?:\.\w+)*: \S/;

/** One in `odds` arguments is replaced by a hostile value. */
const ODDS = 4;

/** The arguments of `valid()`, each replaced by a hostile value with probability 1/ODDS. */
export function aroundValid(valid: () => unknown[]): fc.Arbitrary<unknown[]> {
  const n = valid().length;
  return fc
    .tuple(fc.array(fc.integer({ min: 0, max: ODDS - 1 }), { minLength: n, maxLength: n }), fc.array(wild, { minLength: n, maxLength: n }))
    .map(([mask, hostile]) => valid().map((v, i) => (mask[i] === 0 ? hostile[i] : v)));
}

/** A target calling `call` on arguments around `valid()`. */
export function validTarget(
  name: string,
  owner: FuzzTarget["owner"],
  valid: () => unknown[],
  call: (...args: unknown[]) => unknown,
  extra: Partial<Pick<FuzzTarget, "nonFinite" | "nonFinitePaths" | "namedErrorPrefix">> = {},
): FuzzTarget {
  return { name, owner, args: aroundValid(valid), call, ...extra };
}
