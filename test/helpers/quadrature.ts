/**
 * Numerical integration for the tests' independent ground truths (never the library's code path).
 */

/** Composite Simpson's rule for ∫_a^b g(t) dt with m (even) intervals. */
export function simpson(g: (t: number) => number, a: number, b: number, m: number): number {
  const h = (b - a) / m;
  let s = g(a) + g(b);
  for (let i = 1; i < m; i++) s += (i % 2 === 1 ? 4 : 2) * g(a + i * h);
  return (s * h) / 3;
}

/** E[g(z)] for z ~ N(0, 1), componentwise, by the trapezoid rule on [−12, 12] (spectrally accurate for smooth g). */
export function gaussianExpect(g: (z: number) => number[]): number[] {
  const h = 1e-3;
  let acc: number[] | undefined;
  for (let z = -12; z <= 12 + h / 2; z += h) {
    const w = (h * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
    const v = g(z);
    acc ??= new Array<number>(v.length).fill(0);
    for (let j = 0; j < v.length; j++) acc[j] += w * v[j];
  }
  return acc ?? [];
}

/**
 * The limit of Kish's ESS / n for importance weights w(z) = p/q at x = x(z), z ~ N(0, 1) the proposal's standard
 * noise: E[w]² / E[w²]; and the delta-method standard error of the n-sample ratio (Σw)²/(n Σw²) = a²/b, a = mean w,
 * b = mean w², which needs E[w⁴] < ∞.
 */
export function essRatioTruth(w: (z: number) => number, n: number): { ratio: number; se: number; meanWeight: number } {
  const [m1, m2, m3, m4] = gaussianExpect((z) => {
    const v = w(z);
    return [v, v * v, v ** 3, v ** 4];
  });
  const grad = [(2 * m1) / m2, -(m1 * m1) / (m2 * m2)];
  const cov = [m2 - m1 * m1, m3 - m1 * m2, m4 - m2 * m2];
  const se = Math.sqrt((grad[0] ** 2 * cov[0] + 2 * grad[0] * grad[1] * cov[1] + grad[1] ** 2 * cov[2]) / n);
  return { ratio: (m1 * m1) / m2, se, meanWeight: m1 };
}
