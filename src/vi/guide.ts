/**
 * Guides: the variational families q_θ(z) are mcgrad distributions, so their scores and exact Fishers come from the
 * core. This file adds what VI needs on top, always from the families' own logProb, score and transform:
 *
 * - {@link guideFactors}: the independent factors q(z) = Π_g q_g(z[latents_g]) and the θ entries of each, which
 *   Rao-Blackwellization and enumeration need. A diagonal Normal or Laplace and a Bernoulli split per coordinate, a
 *   {@link Product} per block (recursively); any other family (MultivariateNormal, Categorical, …) is one factor.
 * - {@link logProbGradZ}: ∇z log q(z) for the location families (Normal, Laplace, MultivariateNormal and products of
 *   them): log q(z; μ) = h(z − μ) depends on z − μ only, so ∇z log q = −∂ log q/∂μ, the loc part of the core score.
 * - {@link guideEntropyGradient}: ∇θ H(q) in closed form where it exists. For the affine families (z = μ + L ε) the path
 *   derivative d/dθ log q(μ + L ε; θ) = (∂z/∂θ)ᵀ ∇z log q + ∂θ log q does not depend on ε (it is −∂θ log|det L|),
 *   so ∇θ H = −(that derivative at ε = 0). For a finite support, ∇θ H = −Σ_v q(v) log q(v) ∇θ log q(v) exactly
 *   (E[score] = 0 removes the other term).
 */
import { checkDistribution, isReparameterizable, type Distribution } from "../distributions/distribution.js";
import { checkPositiveInt, fail, show } from "../util/validate.js";
import { Product } from "../distributions/product.js";

/** One independent factor of a guide: its distribution, the latents it fills and the θ indices it owns. */
export interface GuideFactor {
  readonly dist: Distribution;
  /** Indices of z, in the order of dist's coordinates. */
  readonly latents: readonly number[];
  /** Indices of θ (the guide's params), in the order of dist's params. */
  readonly params: readonly number[];
}

/** Checks at a public boundary that `guide` is a Distribution over `dim` latents (when given). */
export function checkGuide(fn: string, guide: unknown, dim?: number): Distribution {
  const g = checkDistribution(fn, guide, "guide");
  if (dim !== undefined && g.dim !== dim) throw new Error(`${fn}: guide must have dim ${dim} (the model's latent size), got dim ${g.dim} (${g.name})`);
  return g;
}

/**
 * The independent factors of a guide (see the module comment), covering every latent and every θ entry once.
 * @example guideFactors(new Normal({ loc: [0, 1], scale: 1 })) // two Normal(1-D) factors: latents [0], [1]; params [0, 2], [1, 3]
 */
export function guideFactors(guide: Distribution): GuideFactor[] {
  checkGuide("guideFactors", guide);
  if (guide instanceof Product) {
    const out: GuideFactor[] = [];
    guide.blocks.forEach((b, k) => {
      const o = guide.paramOffsets[k];
      for (const f of guideFactors(b.dist)) out.push({ dist: f.dist, latents: f.latents.map((j) => b.latents[j]), params: f.params.map((p) => o + p) });
    });
    return out;
  }
  const d = guide.dim;
  const perCoordinate = coordinateParams(guide);
  if (perCoordinate !== null) {
    // Independent coordinates (a family fact): one factor per coordinate, owning the θ entries paramInfo assigns to it.
    // Each marginal is built on first use: the score-function estimators of a mean-field guide need only the indices.
    return perCoordinate.map((params, j) => {
      let dist: Distribution | undefined;
      return {
        get dist() {
          return (dist ??= guide.marginal!(j));
        },
        latents: [j],
        params,
      };
    });
  }
  return [{ dist: guide, latents: Array.from({ length: d }, (_, j) => j), params: Array.from({ length: guide.paramSize }, (_, p) => p) }];
}

/**
 * For a family of independent coordinates (d > 1, a `marginal`, every θ entry tied to one coordinate by paramInfo),
 * the θ entries of each coordinate; else null. A family fact, computed once per class and dim (a fit asks every step).
 */
function coordinateParams(guide: Distribution): readonly (readonly number[])[] | null {
  const d = guide.dim;
  if (d <= 1 || typeof guide.marginal !== "function") return null;
  const proto = Object.getPrototypeOf(guide) as object;
  let byDim = COORDINATE_PARAMS.get(proto);
  if (byDim === undefined) COORDINATE_PARAMS.set(proto, (byDim = new Map()));
  let known = byDim.get(d);
  if (known === undefined) {
    const info = guide.paramInfo();
    known = info.every((p) => p.coordinate !== null) ? Array.from({ length: d }, (_, j) => info.flatMap((p, k) => (p.coordinate === j ? [k] : []))) : null;
    byDim.set(d, known);
  }
  return known;
}

const COORDINATE_PARAMS = new WeakMap<object, Map<number, readonly (readonly number[])[] | null>>();

/**
 * True when {@link logProbGradZ} applies: a location family (Normal, Laplace, MultivariateNormal) or a product of them.
 * @example hasLogProbGradZ(new Bernoulli({ logits: [0] })) // false
 */
export function hasLogProbGradZ(guide: Distribution): boolean {
  checkGuide("hasLogProbGradZ", guide);
  if (guide instanceof Product) return guide.blocks.every((b) => hasLogProbGradZ(b.dist));
  // A location family: reparameterizable, and θ starts with dim location entries (so log q depends on z − μ).
  if (!isReparameterizable(guide)) return false;
  const info = guide.paramInfo();
  return info.length >= guide.dim && info.slice(0, guide.dim).every((p) => p.role === "location");
}

/**
 * ∇z log q(z_i) for each of the n rows of z (n×dim), as −(loc part of the core score). Throws for other families.
 * @example logProbGradZ(new Normal({ loc: 0, scale: 2 }), new Float64Array([1]), 1) // [−1/4]
 */
export function logProbGradZ(guide: Distribution, z: Float64Array, n: number): Float64Array {
  const d = checkGuide("logProbGradZ", guide).dim;
  checkPositiveInt("logProbGradZ", "n", n);
  if (!(z instanceof Float64Array) || z.length !== n * d) fail("logProbGradZ", "z", `a Float64Array of n×dim = ${n}×${d} latents`, z);
  const out = new Float64Array(n * d);
  if (guide instanceof Product) {
    guide.blocks.forEach((b) => {
      const db = b.dist.dim;
      const g = logProbGradZ(b.dist, guide.gather(b, z, n), n);
      for (let i = 0; i < n; i++) for (let j = 0; j < db; j++) out[i * d + b.latents[j]] = g[i * db + j];
    });
    return out;
  }
  if (!hasLogProbGradZ(guide)) {
    throw new Error(`logProbGradZ: ∇z log q needs a location family (Normal, Laplace, MultivariateNormal or a product of them), got ${show(guide.name)}`);
  }
  const P = guide.paramSize;
  const s = guide.score(z);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = -s[i * P + j];
  return out;
}

/**
 * μ and σ of a diagonal location–scale guide (x = μ + σ ε coordinate-wise, θ = [μ, log σ]: Normal, Laplace),
 * recognized by its facts — reparameterizable, paramInfo roles "location" then "logScale" for coordinates 0…d−1,
 * and its loc and scale vectors — else null.
 * @example diagonalLocationScale(new Normal({ loc: [0, 1], scale: 2 }))?.scale // [2, 2]
 */
export function diagonalLocationScale(guide: Distribution): { loc: Float64Array; scale: Float64Array } | null {
  const d = guide.dim;
  const g = guide as Distribution & { loc?: unknown; scale?: unknown };
  if (!isReparameterizable(guide) || guide.paramSize !== 2 * d || !(g.loc instanceof Float64Array) || !(g.scale instanceof Float64Array)) return null;
  if (g.loc.length !== d || g.scale.length !== d) return null;
  // paramInfo is a family fact (it depends on the class and dim only): checked once per class and dim, since a fit
  // step makes a new guide and paramInfo builds 2d objects.
  const proto = Object.getPrototypeOf(guide) as object;
  let byDim = LOCATION_SCALE_FACTS.get(proto);
  if (byDim === undefined) LOCATION_SCALE_FACTS.set(proto, (byDim = new Map()));
  let known = byDim.get(d);
  if (known === undefined) {
    const info = guide.paramInfo();
    known = true;
    for (let j = 0; j < d; j++) {
      if (info[j].role !== "location" || info[j].coordinate !== j || info[d + j].role !== "logScale" || info[d + j].coordinate !== j) known = false;
    }
    byDim.set(d, known);
  }
  return known ? { loc: g.loc, scale: g.scale } : null;
}

/** Whether a family (by prototype) of a given dim has the diagonal location–scale roles; see diagonalLocationScale. */
const LOCATION_SCALE_FACTS = new WeakMap<object, Map<number, boolean>>();

/**
 * The finite support of a one-factor discrete family (a 1-D Bernoulli, a Categorical), or null.
 * @example finiteSupport(new Categorical({ logits: [0, 0, 0] })) // [0, 1, 2]
 */
export function finiteSupport(dist: Distribution): number[] | null {
  checkDistribution("finiteSupport", dist);
  const support = dist.dim === 1 ? dist.finiteSupport() : null;
  return support === null ? null : support.slice();
}

/**
 * ∇θ H(q) (length P) where every factor has a closed form (see the module comment), else null (then the ELBO's
 * entropy is estimated by Monte Carlo, −log q(z)).
 * @example guideEntropyGradient(new Normal({ loc: 0, scale: 2 })) // [0, 1]: H = log σ + const, θ = [μ, log σ]
 */
export function guideEntropyGradient(guide: Distribution): Float64Array | null {
  checkGuide("guideEntropyGradient", guide);
  if (guide instanceof Product) {
    const out = new Float64Array(guide.paramSize);
    for (let k = 0; k < guide.blocks.length; k++) {
      const g = guideEntropyGradient(guide.blocks[k].dist);
      if (g === null) return null;
      out.set(g, guide.paramOffsets[k]);
    }
    return out;
  }
  if (diagonalLocationScale(guide) !== null) {
    // x = μ + σ ε: H = H(ε) + Σ_j log σ_j, so ∇θ H = [0 (as −0, what the general formula below gives), 1], no draws.
    const out = new Float64Array(guide.paramSize);
    const d = guide.dim;
    for (let j = 0; j < d; j++) {
      out[j] = -0;
      out[d + j] = 1;
    }
    return out;
  }
  if (hasLogProbGradZ(guide) && isReparameterizable(guide)) {
    // The path derivative of log q at ε = 0 (constant in ε for these affine families).
    const eps = new Float64Array(guide.noiseDim);
    const z = guide.transform(eps);
    const path = guide.transformVjp(eps, logProbGradZ(guide, z, 1));
    const s = guide.score(z);
    return path.map((v, p) => -(v + s[p]));
  }
  if (finiteSupport(guide) !== null) return enumeratedEntropyGradient(guide);
  const factors = guideFactors(guide);
  if (factors.length > 1 && factors.every((f) => finiteSupport(f.dist) !== null)) {
    const out = new Float64Array(guide.paramSize);
    for (const f of factors) enumeratedEntropyGradient(f.dist).forEach((v, k) => (out[f.params[k]] = v));
    return out;
  }
  return null;
}

/** −Σ_v q(v) log q(v) ∇θ log q(v) over a finite support. */
function enumeratedEntropyGradient(dist: Distribution): Float64Array {
  const P = dist.paramSize;
  const x = Float64Array.from(finiteSupport(dist) ?? []);
  const lp = dist.logProb(x);
  const s = dist.score(x);
  const g = new Float64Array(P);
  for (let v = 0; v < x.length; v++) {
    const w = -Math.exp(lp[v]) * lp[v];
    for (let p = 0; p < P; p++) g[p] += w * s[v * P + p];
  }
  return g;
}
