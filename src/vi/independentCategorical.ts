/**
 * Many independent categorical latents — one assignment per data point — as a product of core Categoricals. The core
 * Categorical is one index (dim 1, no batch); a ProductGuide of N of them has the block-diagonal exact Fisher, the
 * concatenated scores and the summed entropy, all from the core family.
 */
import { Categorical } from "../distributions/categorical.js";
import { checkPositiveInt, show } from "../util/validate.js";
import { ProductGuide } from "./productGuide.js";

/**
 * N independent Categoricals over K categories — one per data point, say — as a {@link ProductGuide} of N core
 * Categorical blocks, latent i being block i. `logits` is N×K (row-major flat with `numCategories`, or N rows);
 * θ is the logits row by row. To use it beside other latents, make it one block of an outer ProductGuide.
 * @example independentCategorical([[0, 0, 0], [1, 0, -1]]) // two points, three categories
 */
export function independentCategorical(logits: ArrayLike<number> | ArrayLike<ArrayLike<number>>, numCategories?: number): ProductGuide {
  const fn = "independentCategorical";
  let rows: ArrayLike<number>[];
  if (Array.isArray(logits) && logits.length > 0 && typeof logits[0] === "object" && logits[0] !== null) {
    rows = logits as ArrayLike<number>[];
  } else {
    if (logits === null || typeof logits !== "object" || typeof (logits as ArrayLike<number>).length !== "number") {
      throw new Error(`${fn}: logits must be N×K (rows, or flat with numCategories), got ${show(logits)}`);
    }
    const flat = logits as ArrayLike<number>;
    const K = checkPositiveInt(fn, "numCategories", numCategories);
    if (flat.length === 0 || flat.length % K !== 0) throw new Error(`${fn}: flat logits of length ${flat.length} are not a multiple of numCategories = ${K}`);
    rows = Array.from({ length: flat.length / K }, (_, i) => Array.prototype.slice.call(flat, i * K, (i + 1) * K) as number[]);
  }
  if (rows.length === 0) throw new Error(`${fn}: logits must have at least one row, got none`);
  return new ProductGuide(rows.map((r, i) => ({ dist: new Categorical({ logits: r }), latents: [i] })));
}
