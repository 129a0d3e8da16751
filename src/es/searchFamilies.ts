/**
 * The distribution families {@link naturalSearch} can search over, rebuilt from plain data (family name, event
 * dimension, θ), so that a search state stays plain, serializable data. Every family of src/distributions/ is here:
 * a template of the right size is built once and moved to θ with the family's own `withParams`.
 */
import { Bernoulli } from "../distributions/bernoulli.js";
import { Beta } from "../distributions/beta.js";
import { Categorical } from "../distributions/categorical.js";
import { Dirichlet } from "../distributions/dirichlet.js";
import type { Distribution } from "../distributions/distribution.js";
import { Exponential } from "../distributions/exponential.js";
import { Gamma } from "../distributions/gamma.js";
import { Laplace } from "../distributions/laplace.js";
import { MultivariateNormal } from "../distributions/multivariateNormal.js";
import { Normal } from "../distributions/normal.js";
import { Poisson } from "../distributions/poisson.js";
import { show } from "../util/validate.js";
import { CategoricalProduct } from "../distributions/categoricalProduct.js";

const ones = (n: number) => new Float64Array(n).fill(1);

/** A template of each family for event dimension d and parameter count P (only the sizes matter). */
const TEMPLATES: Readonly<Record<string, (d: number, P: number) => Distribution>> = {
  Normal: (d) => new Normal({ loc: new Float64Array(d), scale: ones(d) }),
  Laplace: (d) => new Laplace({ loc: new Float64Array(d), scale: ones(d) }),
  Bernoulli: (d) => new Bernoulli({ logits: new Float64Array(d) }),
  Categorical: (_d, P) => new Categorical({ logits: new Float64Array(P) }),
  CategoricalProduct: (d, P) => new CategoricalProduct({ logits: new Float64Array(P), categories: Math.max(2, Math.round(P / Math.max(d, 1))) }),
  Exponential: (d) => new Exponential({ rate: ones(d) }),
  Poisson: (d) => new Poisson({ rate: ones(d) }),
  Gamma: (d) => new Gamma({ concentration: ones(d), rate: ones(d) }),
  Beta: (d) => new Beta({ alpha: ones(d), beta: ones(d) }),
  Dirichlet: (_d, P) => new Dirichlet({ concentration: ones(P) }),
  MultivariateNormal: (d) => {
    const L = new Float64Array(d * d);
    for (let i = 0; i < d; i++) L[i * d + i] = 1;
    return new MultivariateNormal({ loc: new Float64Array(d), scaleTril: L });
  },
};

/** The family names {@link searchDistribution} knows. */
export const SEARCH_FAMILIES: readonly string[] = Object.keys(TEMPLATES);

/**
 * The distribution of `family` with event dimension `dim` at θ = `theta`. Throws naming `fn` for an unknown family
 * or sizes the family cannot have; θ is checked by the family's withParams.
 */
export function searchDistribution(fn: string, family: string, dim: number, theta: Float64Array): Distribution {
  if (!Object.hasOwn(TEMPLATES, family)) throw new Error(`${fn}: the search distribution's family must be one of ${SEARCH_FAMILIES.join(", ")}, got ${show(family)}`);
  const template = TEMPLATES[family](dim, theta.length);
  if (template.dim !== dim || template.paramSize !== theta.length) {
    throw new Error(`${fn}: a ${family} of dimension ${dim} has ${template.paramSize} parameters, got θ of length ${theta.length}`);
  }
  return template.withParams(theta);
}
