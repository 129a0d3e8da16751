/**
 * The pathwise (reparameterization) estimator.
 *
 *   ∇θ E_{x~pθ}[f(x)] = ∇θ E_{ε~q}[f(g(ε; θ))] = E_{ε~q}[∇f(x)ᵀ ∂g(ε; θ)/∂θ],  x = g(ε; θ)
 *
 * which needs a family whose samples are a differentiable transform g of parameter-free noise ε, and an f that is
 * differentiable (almost everywhere, with ∇f integrable) — the caller supplies ∇f as `grad`.
 * References: Kingma & Welling (ICLR 2014); Rezende, Mohamed & Wierstra (ICML 2014);
 * Mohamed, Rosca, Figurnov & Mnih (JMLR 2020) §5.
 */
import { isReparameterizable, type Reparameterizable } from "../distributions/distribution.js";
import { assertKey, type Key } from "../random/key.js";
import { checkSize, show } from "../util/validate.js";
import { estimateFromRows, evaluateRows, type GradientEstimate, type SampleFunction, perSampleWidth } from "./result.js";

/** ∇f at one sample x (a length-dim view valid only during the call); returns dim finite numbers. */
export type SampleGradient = (x: Float64Array) => ArrayLike<number>;

/** Options of {@link pathwise}. */
export interface PathwiseOptions {
  /** Number of samples n (default 1000). */
  numSamples?: number;
  /** ∇f(x), length dim. Required: mcgrad does no automatic differentiation. */
  grad: SampleGradient;
}

/**
 * Pathwise (reparameterization) gradient of E_{x~dist}[f(x)] with respect to dist.params (θ).
 *
 * Row i is (∂g(ε_i; θ)/∂θ)ᵀ ∇f(g(ε_i; θ)), computed by `dist.transformVjp`. Only reparameterizable families are
 * accepted (the parameter type refuses others; a runtime check catches JavaScript callers). `f` is evaluated at
 * every sample only to check that it is finite there (where f is ±∞ or NaN the expectation, and so its gradient,
 * is undefined); the rows use `grad` alone.
 * @example
 *   const g = pathwise((x) => x[0] ** 2, new Normal({ loc: 1, scale: 2 }), key(0),
 *     { numSamples: 10_000, grad: (x) => [2 * x[0]] });
 *   g.mean; // ≈ [2·μ, 2σ²] = [2, 8]
 */
export function pathwise(
  f: SampleFunction,
  dist: Reparameterizable,
  key: Key,
  options: PathwiseOptions,
): GradientEstimate {
  const fn = "pathwise";
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function of one sample, got ${show(f)}`);
  const candidate = dist as unknown;
  if (candidate === null || typeof candidate !== "object" || !isReparameterizable(candidate as Reparameterizable)) {
    const named = candidate as { name?: unknown } | null;
    const name = named !== null && typeof named === "object" && typeof named.name === "string" ? named.name : show(dist);
    throw new Error(
      `${fn}: dist must be a reparameterizable distribution (reparameterizable: true, with sampleNoise/transform/transformVjp), got ${name}; use scoreFunction for other families`,
    );
  }
  assertKey(fn, key);
  const { numSamples = 1000, grad } = options ?? ({} as PathwiseOptions);
  checkSize(fn, "numSamples", numSamples, perSampleWidth(dist));
  if (typeof grad !== "function") throw new Error(`${fn}: options.grad must be a function returning ∇f(x), got ${show(grad)}`);
  const n = numSamples;
  const d = dist.dim;
  const eps = dist.sampleNoise(key, n);
  const x = dist.transform(eps);
  evaluateRows(fn, f, x, n, d);
  const gradX = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const xi = x.subarray(i * d, (i + 1) * d);
    const g = grad(xi);
    if (g === null || typeof g !== "object" || typeof g.length !== "number" || g.length !== d) {
      const len = g !== null && typeof g === "object" && typeof g.length === "number" ? `length ${g.length}` : show(g);
      throw new Error(`${fn}: options.grad must return ${d} finite numbers (∇f at x), got ${len} at sample ${i} (x = ${show(xi)})`);
    }
    for (let j = 0; j < d; j++) {
      const v = g[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new Error(`${fn}: options.grad returned ${show(v)} at component ${j} of sample ${i} (x = ${show(xi)}); ∇f must be finite`);
      }
      gradX[i * d + j] = v;
    }
  }
  const rows = dist.transformVjp(eps, gradX);
  return estimateFromRows(rows, n, dist.paramSize, fn);
}
