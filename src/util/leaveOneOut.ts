/**
 * Leave-one-out ratios without overflow: the numerical core that the leave-one-out mean, the leave-one-out optimal
 * baseline and the leave-one-out control-variate coefficient share (their public, checked entry points live in
 * src/variance/; the score-function estimator's "mean"/"optimal" conveniences call this core directly).
 *
 *   r_{i,j} = Σ_{k≠i} a_{k,j} b_{k,j} c_{k,j} / Σ_{k≠i} c_{k,j}²
 *
 * Each of the two sums is a prefix sum (k < i) plus a suffix sum (k > i) — no subtraction of a large total, so one
 * dominant sample cannot cancel the others away — and every accumulator keeps its own running scales
 * A = max|a|, B = max|b|, C = max|c| (hypot-style), summing (a/A)(b/B)(c/C) and (c/C)², so no product or square of
 * finite inputs overflows (a score of 1.4e154 squares to ∞ in float64; here it never is squared unscaled).
 */

/** The factor that moves a sum kept at scale `from` to scale `to` ≥ from (0 when the sum is empty, scale 0). */
function ratio(from: number, to: number): number {
  return from === 0 ? 0 : from / to;
}

/**
 * A scaled partial sum kept in slot `i` of five arrays: Σ a·b·c = A·B·C·num and Σ c² = C²·den, with A, B, C the
 * running maxima of |a|, |b|, |c|. `into(t, i)` stores the sum plus one term (a, b, c) in slot t.
 */
class ScaledSums {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly num: Float64Array;
  readonly den: Float64Array;
  constructor(size: number) {
    this.a = new Float64Array(size);
    this.b = new Float64Array(size);
    this.c = new Float64Array(size);
    this.num = new Float64Array(size);
    this.den = new Float64Array(size);
  }
  /** Slot t ← slot s + the term (x, y, z). */
  addInto(t: number, s: number, x: number, y: number, z: number): void {
    const A = Math.max(this.a[s], Math.abs(x));
    const B = Math.max(this.b[s], Math.abs(y));
    const C = Math.max(this.c[s], Math.abs(z));
    const rc = ratio(this.c[s], C);
    const zc = ratio(z, C);
    this.num[t] = this.num[s] * ratio(this.a[s], A) * ratio(this.b[s], B) * rc + ratio(x, A) * ratio(y, B) * zc;
    this.den[t] = this.den[s] * rc * rc + zc * zc;
    this.a[t] = A;
    this.b[t] = B;
    this.c[t] = C;
  }
}

/**
 * The leave-one-out ratios r_{i,j} (row-major n×P) defined above. `a` has length n (one value per row, shared by
 * the P coordinates) or n·P; `b` is n·P or null (b ≡ 1); `c` is n·P or null (c ≡ 1). Where Σ_{k≠i} c_{k,j}² = 0,
 * r_{i,j} = fallback()[i] (length n; computed only if needed), or 0 without one. Inputs must be finite (the callers check); the result is
 * finite unless the true ratio exceeds float64's range. Needs n ≥ 2 (the callers check).
 */
export function leaveOneOutRatio(
  a: Float64Array,
  b: Float64Array | null,
  c: Float64Array | null,
  n: number,
  P: number,
  fallback?: () => Float64Array,
): Float64Array {
  let fb: Float64Array | undefined;
  const fallbackAt = (i: number): number => (fallback ? (fb ??= fallback())[i] : 0);
  const perRow = a.length !== n * P;
  const r = new Float64Array(n * P);
  // Slots 0..n: prefix sums over rows < i; slot n + 1: the running suffix sum.
  const sums = new ScaledSums(n + 2);
  const suf = n + 1;
  const preNum = new Float64Array(n + 1);
  const preDen = new Float64Array(n + 1);
  for (let j = 0; j < P; j++) {
    if (moderate(a, b, c, n, P, j, perRow)) {
      plainColumn(a, b, c, n, P, j, perRow, preNum, preDen, r, fallbackAt);
      continue;
    }
    sums.a[0] = sums.b[0] = sums.c[0] = sums.num[0] = sums.den[0] = 0;
    for (let i = 0; i < n; i++) {
      sums.addInto(i + 1, i, perRow ? a[i] : a[i * P + j], b ? b[i * P + j] : 1, c ? c[i * P + j] : 1);
    }
    sums.a[suf] = sums.b[suf] = sums.c[suf] = sums.num[suf] = sums.den[suf] = 0;
    for (let i = n - 1; i >= 0; i--) {
      const A = Math.max(sums.a[i], sums.a[suf]);
      const B = Math.max(sums.b[i], sums.b[suf]);
      const C = Math.max(sums.c[i], sums.c[suf]);
      const pc = ratio(sums.c[i], C);
      const sc = ratio(sums.c[suf], C);
      const den = sums.den[i] * pc * pc + sums.den[suf] * sc * sc;
      const num =
        sums.num[i] * ratio(sums.a[i], A) * ratio(sums.b[i], B) * pc +
        sums.num[suf] * ratio(sums.a[suf], A) * ratio(sums.b[suf], B) * sc;
      // Σ abc / Σ c² = A · (B/C) · num/den, and |num/den| ≤ n: in range whenever the true ratio is.
      r[i * P + j] = den > 0 ? A * ((B / C) * (num / den)) : fallbackAt(i);
      sums.addInto(suf, suf, perRow ? a[i] : a[i * P + j], b ? b[i * P + j] : 1, c ? c[i * P + j] : 1);
    }
  }
  return r;
}

/** True when column j's plain sums can neither overflow nor underflow (see the module comment). */
function moderate(a: Float64Array, b: Float64Array | null, c: Float64Array | null, n: number, P: number, j: number, perRow: boolean): boolean {
  let maxAbc = 0;
  for (let i = 0; i < n; i++) {
    const cv = c ? Math.abs(c[i * P + j]) : 1;
    if (cv !== 0 && !(cv >= 1e-75 && cv <= 1e75)) return false;
    const abc = Math.abs(perRow ? a[i] : a[i * P + j]) * (b ? Math.abs(b[i * P + j]) : 1) * cv;
    if (abc > maxAbc) maxAbc = abc;
  }
  return maxAbc * n <= 1e300;
}

/** Column j by plain prefix and suffix sums of a·b·c and c² (only for a {@link moderate} column). */
function plainColumn(
  a: Float64Array,
  b: Float64Array | null,
  c: Float64Array | null,
  n: number,
  P: number,
  j: number,
  perRow: boolean,
  preNum: Float64Array,
  preDen: Float64Array,
  r: Float64Array,
  fallbackAt: (i: number) => number,
): void {
  for (let i = 0; i < n; i++) {
    const cv = c ? c[i * P + j] : 1;
    preNum[i + 1] = preNum[i] + (perRow ? a[i] : a[i * P + j]) * (b ? b[i * P + j] : 1) * cv;
    preDen[i + 1] = preDen[i] + cv * cv;
  }
  let sufNum = 0;
  let sufDen = 0;
  for (let i = n - 1; i >= 0; i--) {
    const d = preDen[i] + sufDen;
    r[i * P + j] = d > 0 ? (preNum[i] + sufNum) / d : fallbackAt(i);
    const cv = c ? c[i * P + j] : 1;
    sufNum += (perRow ? a[i] : a[i * P + j]) * (b ? b[i * P + j] : 1) * cv;
    sufDen += cv * cv;
  }
}
