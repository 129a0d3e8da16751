/**
 * The logistic model's batch functions (logisticBatch.ts) in WebAssembly SIMD: the two products in the
 * matMulSimd.ts kernel and the per-(row, sample) terms — u = e^{−|η|}, σ(η), G = c (y − σ), y η − max(η, 0) summed
 * and 1 + u multiplied — in a kernel of their own, two samples per vector. Lanes run over samples, so each sample's
 * sums over rows are taken in row order, and every lane repeats the TypeScript code's operations (expNonPositive's
 * method, then rowTerms) one by one: the same bits as the TypeScript path (test/vi/modelBatch.test.ts checks it).
 *
 * Layout in the module's memory (offsets in doubles): the e^x tables, the whole data set (resident: copied in once),
 * the minibatch's row indices, X (N4 × d), Xᵀ (d4 × N) and y (N) gathered from it, then per chunk of m ≤ CHUNK
 * samples z (m × d) and zᵀ (d × m4), ηᵀ then Gᵀ in place (N4 × m4), ∇ᵀ (d4 × m4) and ∇ (m × d), and per sample
 * the running Σ and Π of the terms and Σ z²; N4, d4, m4 are N, d, m rounded up to the product's tile (4). Padded
 * rows and columns hold whatever was there and are never read back. The gathers and transposes are small scalar
 * kernels of their own, so nothing but whole-array copies crosses between JavaScript and the module.
 */
import { EXP_NON_POSITIVE } from "../../util/expNonPositive.js";
import { MATMUL_FUNCTION, SIMD_ROWS, SIMD_VECS } from "../../util/matMulSimd.js";
import { address, F64, forLoop, I32, op, simdInstance, V128, type SimdInstance, type WasmFunction } from "../../util/wasmSimd.js";
import type { LogisticConstants, LogisticData } from "./logisticBatch.js";

/** Samples per pass, both paths (bounds the scratch: CHUNK × rows doubles for η and for G). */
export const CHUNK = 64;
/** Factors 1 + e^{−|η|} ∈ (1, 2] multiplied before one log, both paths: 2^512 is far below float64's largest number. */
export const PRODUCT_RUN = 512;
const TILE = Math.max(SIMD_ROWS, 2 * SIMD_VECS);
const TABLES = EXP_NON_POSITIVE.fraction.length + EXP_NON_POSITIVE.power.length;

/**
 * terms(etaOff, m4, i0, i1, yOff, sumOff, prodOff, weight): for rows i0 ≤ i < i1 and samples s < m4 (two per vector)
 * of ηᵀ (row stride m4), writes G = weight (y_i − σ(η)) over η, adds y_i η − max(η, 0) to sum[s] and multiplies
 * 1 + e^{−|η|} into prod[s] (which starts at 1). The tables sit at offset 0.
 */
function termsFunction(): WasmFunction {
  const [etaOff, m4, i0, i1, yOff, sumOff, prodOff, weight] = [0, 1, 2, 3, 4, 5, 6, 7];
  const locals: number[] = [];
  const local = (type: number) => 8 + locals.push(type) - 1;
  const s = local(I32);
  const i = local(I32);
  const ep = local(I32); // byte address of ηᵀ[i, s]
  const rowBytes = local(I32);
  const kInt = local(V128);
  const [e, x, kf, r, p, u, onePlus, inv, y, sum, prod, w] = Array.from({ length: 12 }, () => local(V128));
  const code = (...parts: number[][]) => parts.flat();
  const splat = (v: number) => code(op.f64(v), op.f64x2Splat);
  const c = EXP_NON_POSITIVE;
  const fractionBytes = 0;
  const powerBytes = 8 * c.fraction.length;
  // table[index lane] for both lanes of an i32x4 index vector (in kInt's lanes 0 and 1) → f64x2 on the stack
  const lookup = (indexOf: number[], base: number) =>
    code(
      op.get(kInt), indexOf, op.i32x4ExtractLane(0), op.i32(3), op.i32Shl, op.v128Load64Splat(base),
      op.get(kInt), indexOf, op.i32x4ExtractLane(1), op.i32(3), op.i32Shl, op.f64Load(base), op.f64x2ReplaceLane(1),
    );
  const low6 = code(op.i32(63), op.i32x4Splat, op.v128And);
  const high = code(op.i32(6), op.i32x4ShrS);
  const horner = [1 / 24, 1 / 6, 0.5, 1, 1];
  const element = code(
    op.get(ep), op.v128Load(0), op.set(e),
    // x = −|η| (kept ≥ −746 so the table index stays in range; below −745.2 the result is masked to 0 anyway)
    op.get(e), op.f64x2Abs, op.f64x2Neg, splat(-746), op.f64x2Max, op.set(x),
    op.get(x), splat(c.invStep), op.f64x2Mul, splat(c.round), op.f64x2Add, splat(c.round), op.f64x2Sub, op.set(kf),
    op.get(x), op.get(kf), splat(c.stepHi), op.f64x2Mul, op.f64x2Sub, op.get(kf), splat(c.stepLo), op.f64x2Mul, op.f64x2Sub, op.set(r),
    // p = 1 + r(1 + r(½ + r(1/6 + r(1/24 + r/120)))), innermost first
    op.get(r), splat(1 / 120), op.f64x2Mul,
    ...horner.map((h, k) => (k < horner.length - 1 ? code(splat(h), op.f64x2Add, op.get(r), op.f64x2Mul) : code(splat(h), op.f64x2Add))),
    op.set(p),
    op.get(kf), op.f64x2Neg, op.i32x4TruncSatF64x2SZero, op.set(kInt),
    op.get(p), lookup(low6, fractionBytes), op.f64x2Mul, lookup(high, powerBytes), op.f64x2Mul,
    op.get(x), splat(c.underflow), op.f64x2Lt, op.v128AndNot, op.set(u),
    splat(1), op.get(u), op.f64x2Add, op.set(onePlus),
    splat(1), op.get(onePlus), op.f64x2Div, op.set(inv),
    // G = weight (y − σ), σ = e ≥ 0 ? 1/(1+u) : u/(1+u)
    op.get(yOff), op.get(i), op.i32Add, op.i32(3), op.i32Shl, op.v128Load64Splat(0), op.set(y),
    op.get(ep),
    op.get(w), op.get(y), op.get(inv), op.get(u), op.get(inv), op.f64x2Mul, op.get(e), splat(0), op.f64x2Ge, op.v128Bitselect, op.f64x2Sub, op.f64x2Mul,
    op.v128Store(0),
    // sum += y η − (η > 0 ? η : 0); prod *= 1 + u
    op.get(sum), op.get(y), op.get(e), op.f64x2Mul, op.get(e), splat(0), op.get(e), splat(0), op.f64x2Gt, op.v128Bitselect, op.f64x2Sub, op.f64x2Add, op.set(sum),
    op.get(prod), op.get(onePlus), op.f64x2Mul, op.set(prod),
    op.get(ep), op.get(rowBytes), op.i32Add, op.set(ep),
  );
  const sample = code(
    op.get(sumOff), op.get(s), op.i32Add, op.i32(3), op.i32Shl, op.v128Load(0), op.set(sum),
    splat(1), op.set(prod),
    op.get(i0), op.get(m4), op.i32Mul, op.get(s), op.i32Add, op.get(etaOff), op.i32Add, op.i32(3), op.i32Shl, op.set(ep),
    op.get(i0), op.set(i),
    forLoop(i, op.get(i1), op.i32(1), element),
    op.get(sumOff), op.get(s), op.i32Add, op.i32(3), op.i32Shl, op.get(sum), op.v128Store(0),
    op.get(prodOff), op.get(s), op.i32Add, op.i32(3), op.i32Shl, op.get(prod), op.v128Store(0),
  );
  const body = code(op.get(weight), op.f64x2Splat, op.set(w), op.get(m4), op.i32(3), op.i32Shl, op.set(rowBytes), op.i32(0), op.set(s), forLoop(s, op.get(m4), op.i32(2), sample));
  return { name: "terms", params: [I32, I32, I32, I32, I32, I32, I32, F64], locals, body };
}

/** A function of i32 parameters (then `extra` more) with locals declared by `local(type)` as the body is built. */
function scalarFunction(name: string, numI32: number, extra: readonly number[], build: (local: (type: number) => number) => number[]): WasmFunction {
  const locals: number[] = [];
  const first = numI32 + extra.length;
  const body = build((type) => first + locals.push(type) - 1);
  return { name, params: [...new Array<number>(numI32).fill(I32), ...extra], locals, body };
}

/**
 * gather(dataOff, rowsOff, N, d, xOff, xtOff, yDataOff, yOff): rows r_b (doubles at rowsOff) of the resident data
 * (N_all × d at dataOff, labels at yDataOff) into X (N × d), Xᵀ (d × N) and y (N).
 */
const GATHER = scalarFunction("gather", 8, [], (local) => {
  const [dataOff, rowsOff, N, d, xOff, xtOff, yDataOff, yOff] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [b, j, r, v] = [local(I32), local(I32), local(I32), local(F64)];
  const row = [
    ...address(rowsOff, [b, -1]), ...op.f64Load(0), ...op.i32TruncF64S, ...op.set(r),
    ...address(yOff, [b, -1]), ...address(yDataOff, [r, -1]), ...op.f64Load(0), ...op.f64Store(0),
    ...op.i32(0), ...op.set(j),
    ...forLoop(j, op.get(d), op.i32(1), [
      ...address(dataOff, [r, d], [j, -1]), ...op.f64Load(0), ...op.set(v),
      ...address(xOff, [b, d], [j, -1]), ...op.get(v), ...op.f64Store(0),
      ...address(xtOff, [j, N], [b, -1]), ...op.get(v), ...op.f64Store(0),
    ]),
  ];
  return [...op.i32(0), ...op.set(b), ...forLoop(b, op.get(N), op.i32(1), row)];
});

/** zPrep(zOff, ztOff, m, m4, d, priorOff): zᵀ (d × m4) from z (m × d), and Σ_j z_sj² (in j order) into prior[s]. */
const Z_PREP = scalarFunction("zPrep", 6, [], (local) => {
  const [zOff, ztOff, m, m4, d, priorOff] = [0, 1, 2, 3, 4, 5];
  const [s, j, v, acc] = [local(I32), local(I32), local(F64), local(F64)];
  const sample = [
    ...op.f64(0), ...op.set(acc), ...op.i32(0), ...op.set(j),
    ...forLoop(j, op.get(d), op.i32(1), [
      ...address(zOff, [s, d], [j, -1]), ...op.f64Load(0), ...op.set(v),
      ...address(ztOff, [j, m4], [s, -1]), ...op.get(v), ...op.f64Store(0),
      ...op.get(acc), ...op.get(v), ...op.get(v), ...op.f64Mul, ...op.f64Add, ...op.set(acc),
    ]),
    ...address(priorOff, [s, -1]), ...op.get(acc), ...op.f64Store(0),
  ];
  return [...op.i32(0), ...op.set(s), ...forLoop(s, op.get(m), op.i32(1), sample)];
});

/** gradFinish(gradTOff, zOff, outOff, m, m4, d, inv): out (m × d) = (∇ᵀ)ᵀ − z·inv. */
const GRAD_FINISH = scalarFunction("gradFinish", 6, [F64], (local) => {
  const [gradTOff, zOff, outOff, m, m4, d, inv] = [0, 1, 2, 3, 4, 5, 6];
  const [s, j] = [local(I32), local(I32)];
  const entry = [
    ...address(outOff, [s, d], [j, -1]),
    ...address(gradTOff, [j, m4], [s, -1]), ...op.f64Load(0),
    ...address(zOff, [s, d], [j, -1]), ...op.f64Load(0), ...op.get(inv), ...op.f64Mul,
    ...op.f64Sub, ...op.f64Store(0),
  ];
  const sample = [...op.i32(0), ...op.set(j), ...forLoop(j, op.get(d), op.i32(1), entry)];
  return [...op.i32(0), ...op.set(s), ...forLoop(s, op.get(m), op.i32(1), sample)];
});

const FUNCTIONS = [MATMUL_FUNCTION, termsFunction(), GATHER, Z_PREP, GRAD_FINISH] as const;

/** A new instance of the logistic kernels with the e^x tables in place, or null where WebAssembly SIMD is missing. */
export function logisticWorkspace(): SimdInstance | null {
  const ws = simdInstance(FUNCTIONS);
  if (ws === null) return null;
  ws.ensure(TABLES);
  ws.f64.set(EXP_NON_POSITIVE.fraction, 0);
  ws.f64.set(EXP_NON_POSITIVE.power, EXP_NON_POSITIVE.fraction.length);
  return ws;
}

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

/** Which data set each workspace holds resident (copied in on first use; one workspace per data set). */
const RESIDENT = new WeakMap<SimdInstance, Float64Array>();

/** logisticBatch on the SIMD kernels; y holds the labels of the N rows (gathered for a minibatch). */
export function logisticBatchSimd(c: LogisticConstants, data: LogisticData, N: number, z: Float64Array, gradOut: Float64Array | null, valueOut: Float64Array, ws: SimdInstance): void {
  const { d, t2, priorConst, weight } = c;
  const { x, y, rows } = data;
  const { matMul, terms, gather, zPrep, gradFinish } = ws.exports;
  const nAll = y.length;
  const ns = valueOut.length;
  const N4 = roundUp(N, TILE);
  const d4 = roundUp(d, TILE);
  const mMax = roundUp(Math.min(CHUNK, ns), TILE);
  const dataOff = roundUp(TABLES, 2);
  const yDataOff = dataOff + nAll * d;
  const rowsOff = yDataOff + nAll;
  const xOff = rowsOff + N;
  const xtOff = xOff + N4 * d;
  const yOff = xtOff + d4 * N;
  const zOff = yOff + N;
  const ztOff = zOff + mMax * d;
  const etaOff = ztOff + d * mMax;
  const gradTOff = etaOff + N4 * mMax;
  const outOff = gradTOff + d4 * mMax;
  const sumOff = roundUp(outOff + mMax * d, 2);
  const prodOff = sumOff + mMax;
  const logOff = prodOff + mMax;
  const priorOff = logOff + mMax;
  ws.ensure(priorOff + mMax);
  const f = ws.f64;
  if (RESIDENT.get(ws) !== x) {
    f.set(x, dataOff);
    f.set(y, yDataOff);
    RESIDENT.set(ws, x);
  }
  for (let b = 0; b < N; b++) f[rowsOff + b] = rows === null ? b : rows[b];
  gather(dataOff, rowsOff, N, d, xOff, xtOff, yDataOff, yOff);
  const inv = 1 / t2;
  for (let s0 = 0; s0 < ns; s0 += CHUNK) {
    const m = Math.min(CHUNK, ns - s0);
    const m4 = roundUp(m, TILE);
    const o = s0 * d;
    f.set(z.subarray(o, o + m * d), zOff);
    zPrep(zOff, ztOff, m, m4, d, priorOff);
    for (let s = 0; s < m; s++) valueOut[s0 + s] = d * priorConst - (0.5 * f[priorOff + s]) / t2;
    matMul(xOff, d, ztOff, etaOff, N4, d, m4);
    f.fill(0, sumOff, sumOff + m4);
    f.fill(0, logOff, logOff + m4);
    for (let i0 = 0; i0 < N; i0 += PRODUCT_RUN) {
      terms(etaOff, m4, i0, Math.min(N, i0 + PRODUCT_RUN), yOff, sumOff, prodOff, weight);
      for (let s = 0; s < m; s++) f[logOff + s] += Math.log(f[prodOff + s]);
    }
    for (let s = 0; s < m; s++) valueOut[s0 + s] += weight * (f[sumOff + s] - f[logOff + s]);
    if (gradOut === null) continue;
    matMul(xtOff, N, etaOff, gradTOff, d4, N, m4);
    gradFinish(gradTOff, zOff, outOff, m, m4, d, inv);
    gradOut.set(f.subarray(outOff, outOff + m * d), o);
  }
}
