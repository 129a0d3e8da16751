/**
 * A built-in distribution as plain data (family name, dim, θ) and back, so it can travel to a worker thread or
 * another machine: `rebuildDistribution(distributionSpec(d))` is `d.withParams(d.params)` — the same family at the
 * same θ, drawing the same samples for the same key.
 */
import type { Distribution } from "./distribution.js";
import { Bernoulli } from "./bernoulli.js";
import { Beta } from "./beta.js";
import { Categorical } from "./categorical.js";
import { Dirichlet } from "./dirichlet.js";
import { Exponential } from "./exponential.js";
import { Gamma } from "./gamma.js";
import { Laplace } from "./laplace.js";
import { MultivariateNormal } from "./multivariateNormal.js";
import { Normal } from "./normal.js";
import { Poisson } from "./poisson.js";
import { checkCallerName, show } from "../util/validate.js";

/** A distribution as structured-clone- and JSON-safe data. */
export interface DistributionSpec {
  readonly family: string;
  readonly dim: number;
  readonly paramSize: number;
  readonly params: number[];
}

const ones = (d: number) => new Float64Array(d).fill(1);
const zeros = (d: number) => new Float64Array(d);
function identity(d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) L[i * d + i] = 1;
  return L;
}

/** A member of each family with the given sizes; withParams then sets θ. */
const TEMPLATES: Record<string, (dim: number, paramSize: number) => Distribution> = {
  Normal: (d) => new Normal({ loc: zeros(d), scale: ones(d) }),
  Laplace: (d) => new Laplace({ loc: zeros(d), scale: ones(d) }),
  Bernoulli: (d) => new Bernoulli({ logits: zeros(d) }),
  Categorical: (_d, P) => new Categorical({ logits: zeros(P) }),
  Poisson: (d) => new Poisson({ rate: ones(d) }),
  Exponential: (d) => new Exponential({ rate: ones(d) }),
  Gamma: (d) => new Gamma({ concentration: ones(d), rate: ones(d) }),
  Beta: (d) => new Beta({ alpha: ones(d), beta: ones(d) }),
  Dirichlet: (d) => new Dirichlet({ concentration: ones(d) }),
  MultivariateNormal: (d) => new MultivariateNormal({ loc: zeros(d), scaleTril: identity(d) }),
};

/** The class of each family, so a look-alike object named like a family is refused instead of read. */
const TEMPLATES_CLASS: Record<string, abstract new (...args: never[]) => Distribution> = {
  Normal, Laplace, Bernoulli, Categorical, Poisson, Exponential, Gamma, Beta, Dirichlet, MultivariateNormal,
};

/**
 * The plain-data form of a built-in distribution. Throws, naming `fn`, for a family mcgrad does not ship (a
 * user-defined family cannot be rebuilt elsewhere from data).
 * @example distributionSpec(new Normal({ loc: 0, scale: 2 })) // { family: "Normal", dim: 1, paramSize: 2, params: [0, log 2] }
 */
export function distributionSpec(dist: Distribution, fn = "distributionSpec"): DistributionSpec {
  checkCallerName("distributionSpec", fn);
  const family = (dist as { name?: unknown } | null)?.name;
  if (typeof family !== "string" || !Object.hasOwn(TEMPLATES, family) || !(dist instanceof TEMPLATES_CLASS[family])) {
    throw new Error(`${fn}: dist must be one of mcgrad's families (${Object.keys(TEMPLATES).join(", ")}) to be sent to a worker, got ${show(family ?? dist)}`);
  }
  return { family, dim: dist.dim, paramSize: dist.paramSize, params: Array.from(dist.params) };
}

/**
 * The distribution a {@link DistributionSpec} describes (checked: known family, sizes, θ through withParams).
 * @example rebuildDistribution({ family: "Normal", dim: 1, paramSize: 2, params: [0, 0] }) // Normal(0, 1)
 */
export function rebuildDistribution(spec: DistributionSpec, fn = "rebuildDistribution"): Distribution {
  checkCallerName("rebuildDistribution", fn);
  const make = spec !== null && typeof spec === "object" && typeof spec.family === "string" && Object.hasOwn(TEMPLATES, spec.family) ? TEMPLATES[spec.family] : undefined;
  if (make === undefined || !Number.isInteger(spec.dim) || spec.dim < 1 || !Number.isInteger(spec.paramSize) || spec.paramSize < 1) {
    throw new Error(`${fn}: spec must be { family, dim, paramSize, params } of a built-in family, got ${show(spec)}`);
  }
  const d = make(spec.dim, spec.paramSize);
  if (d.dim !== spec.dim || d.paramSize !== spec.paramSize) {
    throw new Error(`${fn}: ${spec.family} with dim ${spec.dim} has ${d.paramSize} parameters, not ${spec.paramSize}`);
  }
  return d.withParams(spec.params);
}
