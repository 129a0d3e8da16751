/**
 * Natural-gradient VI (Hoffman, Blei, Wang & Paisley 2013; Khan & Nielsen 2018): the steepest-ascent direction of the
 * ELBO under the KL geometry of the guide is F(θ)⁻¹ ∇θ L, with F the guide's exact Fisher from the core, solved by
 * src/fisher naturalGradient with damping λ.
 */
import type { Distribution } from "../distributions/distribution.js";
import { naturalGradient } from "../fisher/naturalGradient.js";
import { checkFinite, show } from "../util/validate.js";
import { checkGuide } from "./guide.js";
import { Product } from "../distributions/product.js";

/**
 * The natural-gradient direction (F + λI)⁻¹ g with the guide's exact Fisher F (Amari 1998; Hoffman et al. 2013),
 * block by block for a Product (its Fisher is block-diagonal, so each block is solved on its own).
 * @example naturalDirection(new Normal({ loc: 0, scale: 2 }), new Float64Array([1, 1]), 0) // [σ²·1, 1/2] = [4, 0.5]
 */
export function naturalDirection(guide: Distribution, g: Float64Array, damping: number): Float64Array {
  checkGuide("naturalDirection", guide);
  if (!(checkFinite("naturalDirection", "damping", damping) >= 0)) throw new Error(`naturalDirection: damping must be ≥ 0, got ${show(damping)}`);
  if (!(g instanceof Float64Array) || g.length !== guide.paramSize) throw new Error(`naturalDirection: g must be a Float64Array of length ${guide.paramSize} (the guide's paramSize), got ${show(g)}`);
  if (!(guide instanceof Product)) return naturalGradient(guide.fisher(), g, { damping });
  const out = new Float64Array(g.length);
  guide.fisherBlocks().forEach((F, k) => {
    const a = guide.paramOffsets[k];
    const b = guide.paramOffsets[k + 1];
    out.set(naturalGradient(F, g.subarray(a, b), { damping }), a);
  });
  return out;
}

/**
 * The damping λ of `fit`'s `natural` option: null when off, 1e-4 for `true`, `{ damping }` checked ≥ 0.
 * @example naturalDamping("fit", { damping: 1e-3 }) // 1e-3
 */
export function naturalDamping(fn: string, natural: boolean | { readonly damping?: number } | undefined): number | null {
  if (natural === undefined || natural === false) return null;
  if (natural === true) return 1e-4;
  if (natural !== null && typeof natural === "object") {
    const d = natural.damping ?? 1e-4;
    if (typeof d !== "number" || !Number.isFinite(d) || d < 0) throw new Error(`${fn}: natural.damping must be a finite number ≥ 0, got ${show(d)}`);
    return d;
  }
  throw new Error(`${fn}: natural must be true, false or { damping }, got ${show(natural)}`);
}
