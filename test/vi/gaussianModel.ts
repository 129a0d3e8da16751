/**
 * A Gaussian "model" with closed-form ELBO, ELBO gradient, posterior and log evidence — the ground truth of the VI
 * tests (computed here from the formulas, never through the library's estimators):
 *
 *   log p(x, z) = c − ½ (z − m)ᵀ Λ (z − m),   posterior N(m, Λ⁻¹),   log p(x) = c + (d/2) log 2π − ½ log det Λ.
 *
 * For q = N(μ, Σ), E_q[log p] = c − ½[(μ − m)ᵀ Λ (μ − m) + tr(Λ Σ)] and H(q) = ½ log det Σ + (d/2)(1 + log 2π).
 * Terms: a diagonal term per latent (reading it) and a cross term per non-zero Λ_jk (reading j and k).
 */
import type { Model, ModelTerm } from "../../src/vi/model.js";

export interface GaussianModel extends Model {
  readonly m: number[];
  readonly Lam: number[][];
  readonly c: number;
  readonly logEvidence: number;
}

function logDet(A: number[][]): number {
  // Cholesky of a small SPD matrix (test-side, independent of src/util).
  const d = A.length;
  const L = A.map(() => new Array<number>(d).fill(0));
  let s = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let v = A[i][j];
      for (let k = 0; k < j; k++) v -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(v) : v / L[j][j];
    }
    s += 2 * Math.log(L[i][i]);
  }
  return s;
}

export function gaussianModel(m: number[], Lam: number[][], c = 0.3, name = "gaussian"): GaussianModel {
  const d = m.length;
  const quad = (z: Float64Array) => {
    let q = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) q += (z[i] - m[i]) * Lam[i][j] * (z[j] - m[j]);
    return q;
  };
  const terms: ModelTerm[] = [];
  for (let j = 0; j < d; j++) terms.push({ latents: [j], name: `diag${j}`, logDensity: (z) => (j === 0 ? c : 0) - 0.5 * Lam[j][j] * (z[j] - m[j]) ** 2 });
  for (let j = 0; j < d; j++) {
    for (let k = j + 1; k < d; k++) {
      if (Lam[j][k] !== 0) terms.push({ latents: [j, k], name: `cross${j}${k}`, logDensity: (z) => -Lam[j][k] * (z[j] - m[j]) * (z[k] - m[k]) });
    }
  }
  return {
    name,
    dim: d,
    m,
    Lam,
    c,
    logEvidence: c + (d / 2) * Math.log(2 * Math.PI) - 0.5 * logDet(Lam),
    logJoint: (z) => c - 0.5 * quad(z),
    gradLogJoint(z, out) {
      for (let i = 0; i < d; i++) {
        let g = 0;
        for (let j = 0; j < d; j++) g -= Lam[i][j] * (z[j] - m[j]);
        out[i] = g;
      }
      return c - 0.5 * quad(z);
    },
    terms,
  };
}

/** ELBO and its gradient for a diagonal Normal guide, θ = [μ, log σ]. */
export function normalGuideTruth(g: GaussianModel, mu: number[], sigma: number[]): { elbo: number; grad: number[] } {
  const d = mu.length;
  const r = mu.map((v, i) => v - g.m[i]);
  let quad = 0;
  let tr = 0;
  let h = (d / 2) * (1 + Math.log(2 * Math.PI));
  const grad = new Array<number>(2 * d).fill(0);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      quad += r[i] * g.Lam[i][j] * r[j];
      grad[i] -= g.Lam[i][j] * r[j];
    }
    tr += g.Lam[i][i] * sigma[i] ** 2;
    h += Math.log(sigma[i]);
    grad[d + i] = 1 - g.Lam[i][i] * sigma[i] ** 2;
  }
  return { elbo: g.c - 0.5 * (quad + tr) + h, grad };
}

/** ELBO and its gradient for a MultivariateNormal guide N(μ, L Lᵀ), θ = [μ, lower triangle row by row, log diagonal]. */
export function mvnGuideTruth(g: GaussianModel, mu: number[], L: number[][]): { elbo: number; grad: number[] } {
  const d = mu.length;
  const r = mu.map((v, i) => v - g.m[i]);
  const LamL = L.map((_, i) => L.map((__, j) => g.Lam[i].reduce((acc, v, k) => acc + v * L[k][j], 0)));
  let quad = 0;
  let tr = 0;
  let h = (d / 2) * (1 + Math.log(2 * Math.PI));
  const grad: number[] = [];
  for (let i = 0; i < d; i++) {
    let gi = 0;
    for (let j = 0; j < d; j++) {
      quad += r[i] * g.Lam[i][j] * r[j];
      gi -= g.Lam[i][j] * r[j];
      tr += LamL[i][j] * L[i][j];
    }
    grad.push(gi);
    h += Math.log(L[i][i]);
  }
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) grad.push(i === j ? 1 - LamL[i][i] * L[i][i] : -LamL[i][j]);
  return { elbo: g.c - 0.5 * (quad + tr) + h, grad };
}
