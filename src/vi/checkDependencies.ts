/**
 * Auditing a model's declared term dependencies. Rao-Blackwellization trusts each term's `latents`: a term that reads
 * a latent it did not declare makes the "score-rb" estimators silently biased. This check perturbs each latent in
 * turn and reports every term whose value changes although it did not declare that latent — a diagnostic to run
 * once on a new model, not something the estimators do on every step.
 */
import type { Distribution } from "../distributions/distribution.js";
import { assertKey, split, type Key } from "../random/key.js";
import { standardNormal } from "../random/samplers.js";
import { checkOptionsObject, checkPositiveInt, show, toFiniteVector } from "../util/validate.js";
import { checkGuide } from "./guide.js";
import { checkModel, requireTerms, termLabel, type Model } from "./model.js";

/** Options of {@link checkDependencies}. */
export interface CheckDependenciesOptions {
  /** Perturbations per latent (default 3). */
  draws?: number;
  /**
   * Where perturbed values come from. Default: z_j + (1 + |z_j|)·ε with ε ~ N(0, 1), right for continuous latents.
   * A guide over the model's latents: values of latent j drawn from it (right for discrete latents, whose values
   * must stay in the support).
   */
  guide?: Distribution;
  /** A change |Δℓ_t| > tolerance·(1 + |ℓ_t|) counts as a read (default 1e-9). */
  tolerance?: number;
}

/** One undeclared read: term `term` changed by `change` when latent `latent` moved (Infinity: it threw or became non-finite). */
export interface UndeclaredRead {
  readonly term: number;
  readonly label: string;
  readonly latent: number;
  readonly change: number;
}

/** What {@link checkDependencies} found. */
export interface DependencyReport {
  /** True when no undeclared read was found and the terms sum to logJoint at z. */
  readonly ok: boolean;
  readonly undeclared: readonly UndeclaredRead[];
  /** Σ_t ℓ_t(z) − logJoint(z): should be 0 up to rounding. */
  readonly sumMismatch: number;
  /** A one-paragraph human summary. */
  readonly message: string;
}

/**
 * Finds terms that read latents they do not declare, by perturbing each latent of z (see the module comment), and
 * checks that the terms sum to logJoint at z. Throws if the model has no terms or z is not a finite vector of
 * length model.dim.
 * @example
 *   const r = checkDependencies(model, new Float64Array(model.dim), key(0));
 *   if (!r.ok) throw new Error(r.message);
 */
export function checkDependencies(model: Model, z: ArrayLike<number>, key: Key, options: CheckDependenciesOptions = {}): DependencyReport {
  const fn = "checkDependencies";
  checkModel(fn, model);
  const terms = requireTerms(fn, model, "checkDependencies");
  const d = model.dim;
  const z0 = toFiniteVector(fn, "z", z, d);
  assertKey(fn, key);
  const { draws = 3, guide, tolerance = 1e-9 } = checkOptionsObject<NonNullable<typeof options>>("checkDependencies", options);
  checkPositiveInt(fn, "draws", draws);
  if (typeof tolerance !== "number" || !(tolerance >= 0) || !Number.isFinite(tolerance)) throw new Error(`${fn}: tolerance must be a finite number ≥ 0, got ${show(tolerance)}`);
  if (guide !== undefined) checkGuide(fn, guide, d);

  const base = terms.map((t, k) => {
    const v = t.logDensity(z0.slice());
    if (typeof v !== "number" || Number.isNaN(v)) throw new Error(`${fn}: ${termLabel(terms, k)} returned ${show(v)} at z = ${show(z0)}; evaluate at a point inside the support`);
    return v;
  });
  let sum = 0;
  for (const v of base) sum += v;
  const lj = model.logJoint(z0.slice());
  if (typeof lj !== "number" || Number.isNaN(lj)) throw new Error(`${fn}: model.logJoint returned ${show(lj)} at z = ${show(z0)}; evaluate at a point inside the support`);
  // Equal infinite sums match (−∞ − (−∞) would be NaN); one infinite side is an infinite mismatch, reported as such.
  const sumMismatch = Number.isFinite(sum) || sum !== lj ? sum - lj : 0;
  const sumOk = Number.isFinite(sumMismatch) ? Math.abs(sumMismatch) <= 1e-8 * (1 + Math.abs(lj)) : sum === lj;

  const [kNoise, kGuide] = split(key, 2);
  const candidates = guide === undefined ? standardNormal(kNoise, d * draws) : guide.sample(kGuide, draws);
  const undeclared: UndeclaredRead[] = [];
  const zp = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const found = new Map<number, number>();
    for (let r = 0; r < draws; r++) {
      const value = guide === undefined ? z0[j] + (1 + Math.abs(z0[j])) * candidates[j * draws + r] : candidates[r * d + j];
      if (value === z0[j]) continue;
      zp.set(z0);
      zp[j] = value;
      terms.forEach((t, k) => {
        if (t.latents.includes(j)) return;
        let change: number;
        try {
          const v = t.logDensity(zp.slice());
          change = typeof v === "number" && Number.isFinite(v) === Number.isFinite(base[k]) ? Math.abs(v - base[k]) : Infinity;
          if (Number.isNaN(change)) change = 0; // both −∞: unchanged
        } catch {
          change = Infinity;
        }
        if (change > tolerance * (1 + Math.abs(base[k]))) found.set(k, Math.max(found.get(k) ?? 0, change));
      });
    }
    for (const [k, change] of found) undeclared.push({ term: k, label: termLabel(terms, k), latent: j, change });
  }
  const ok = undeclared.length === 0 && sumOk;
  const parts: string[] = [];
  if (undeclared.length > 0) {
    const list = undeclared.slice(0, 5).map((u) => `${u.label} reads latent ${u.latent} (|Δ| = ${u.change.toPrecision(3)})`);
    parts.push(`${undeclared.length} undeclared read(s): ${list.join("; ")}${undeclared.length > 5 ? "; …" : ""}. Add the latents to the terms' declarations, or Rao-Blackwellized estimators are biased.`);
  }
  if (!sumOk) parts.push(`The terms sum to ${sum} but logJoint(z) = ${lj} (difference ${sumMismatch}); the terms must add up to the log joint.`);
  const message = ok ? `model "${model.name}": every term reads only its declared latents, and the terms sum to logJoint.` : `model "${model.name}": ${parts.join(" ")}`;
  return { ok, undeclared, sumMismatch, message };
}
