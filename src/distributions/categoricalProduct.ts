/**
 * d independent categorical variables with K categories each — the search space of categorical black-box problems
 * (assignments, colourings, discrete hyper-parameters) for naturalSearch: a {@link Product} of d core Categoricals,
 * variable j being block j. θ is the d blocks of K logits (length dK), a sample is the d chosen indices.
 *
 * log p(x) = Σ_j log softmax(θ_j)[x_j];  score block j = onehot(x_j) − softmax(θ_j);
 * Fisher = block-diag(diag(p_j) − p_j p_jᵀ) (each block singular along (1, …, 1), so search with damping > 0).
 * Every one of these comes from Product and Categorical; this class only fixes the shape.
 */
import { Categorical } from "./categorical.js";
import { Product } from "./product.js";
import { checkTheta } from "./distribution.js";
import { checkParamsObject, show, toFiniteVector } from "../util/validate.js";

/** Parameters of {@link CategoricalProduct}: the d·K logits (variable-major) and K. */
export interface CategoricalProductParams {
  logits: ArrayLike<number>;
  categories: number;
}

/** Independent categorical variables; see the module comment for θ, score and Fisher. */
export class CategoricalProduct extends Product {
  override readonly name: string = "CategoricalProduct";
  /** K, the categories of every variable. */
  readonly categories: number;

  /** @example new CategoricalProduct({ logits: new Float64Array(8 * 4), categories: 4 }) // 8 variables, 4 values each */
  constructor(params: CategoricalProductParams) {
    const fn = "CategoricalProduct";
    const { logits, categories } = checkParamsObject<CategoricalProductParams>(fn, params, "{ logits: new Float64Array(8), categories: 4 }");
    if (!Number.isInteger(categories) || categories < 2) throw new Error(`${fn}: categories must be an integer ≥ 2, got ${show(categories)}`);
    const theta = toFiniteVector(fn, "logits", logits);
    if (theta.length === 0 || theta.length % categories !== 0) throw new Error(`${fn}: logits must hold d·${categories} numbers (d ≥ 1 variables × categories), got ${theta.length}`);
    const d = theta.length / categories;
    super(Array.from({ length: d }, (_, j) => ({ dist: new Categorical({ logits: theta.subarray(j * categories, (j + 1) * categories) }), latents: [j] })));
    this.categories = categories;
  }

  /** One Categorical per variable. */
  get parts(): readonly Categorical[] {
    return this.blocks.map((b) => b.dist as Categorical);
  }

  override withParams(theta: ArrayLike<number>): CategoricalProduct {
    return new CategoricalProduct({ logits: checkTheta("CategoricalProduct.withParams", theta, this.paramSize), categories: this.categories });
  }
}
