/**
 * mcgrad/distributions — The distribution families, their shared contract and the family facts (paramInfo, finiteSupport, enumerateSupport).
 * Explicit named re-exports only (no `export *`); everything here is public API.
 *
 * @module mcgrad/distributions
 */
export {
  type Distribution,
  type Reparameterizable,
  type DiagonalGaussian,
  type ParamInfo,
  type ParamRole,
  isReparameterizable,
  MAX_ENUMERATED_OUTCOMES,
} from "./distribution.js";
export { Normal, type NormalParams } from "./normal.js";
export { Categorical, type CategoricalParams } from "./categorical.js";
export { Bernoulli, type BernoulliParams } from "./bernoulli.js";
export { Poisson, type PoissonParams, poissonEntropy } from "./poisson.js";
export { Exponential, type ExponentialParams } from "./exponential.js";
export { Laplace, type LaplaceParams } from "./laplace.js";
export { MultivariateNormal, type MultivariateNormalParams, type MatrixInput } from "./multivariateNormal.js";
export { Gamma, type GammaParams } from "./gamma.js";
export { Beta, type BetaParams } from "./beta.js";
export { Dirichlet, type DirichletParams } from "./dirichlet.js";
export { Product, type ProductBlock, independentCategorical } from "./product.js";
export { CategoricalProduct, type CategoricalProductParams } from "./categoricalProduct.js";
export { type WeakDerivativeDraws, type WeakDerivativeStream } from "./weakDerivative.js";
export { distributionSpec, rebuildDistribution, type DistributionSpec } from "./rebuild.js";
