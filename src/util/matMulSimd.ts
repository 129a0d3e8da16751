/**
 * C = A · B for hot loops, as a WebAssembly SIMD (f64x2) kernel assembled here at load time:
 *
 *   C[i, j] = Σ_{t<k} A[i, t] · B[t, j]      A: m × k (row stride aStride), B: k × p (row-major), C: m × p
 *
 * Each lane of a 128-bit vector holds one C[i, j] and adds A[i, t]·B[t, j] for t = 0, 1, …, k − 1 in that order, a
 * product then a sum, each rounded (WebAssembly has no fused multiply-add in its base SIMD set): the same operations
 * in the same order as a plain left-to-right dot product, so the same bits as the TypeScript kernels
 * (matMulInto.ts). What the vector unit buys is two lanes per instruction and no bounds checks: the register tile
 * is ROWS rows of A × VECS vectors (2·VECS columns) of B, so each loaded vector of B serves ROWS products.
 *
 * The arrays live in the module's own memory (wasmSimd.ts): the caller copies operands in, calls `matMul` with
 * offsets in doubles, and reads C out. Shapes must be padded by the caller: m a multiple of SIMD_ROWS, p a multiple
 * of 2·SIMD_VECS. Where WebAssembly or its SIMD extension is missing (old engines), {@link simdWorkspace} returns
 * null and callers keep their TypeScript path. Plain TypeScript stays the reference; this is a measured speed-up of
 * one hot product (bench/vi.bench.ts), not a second numerics.
 */
import { bump, forLoop, I32, op, simdInstance, V128, type WasmFunction } from "./wasmSimd.js";

/** Rows of A per register tile (the caller pads m to a multiple). */
export const SIMD_ROWS = 4;
/** Vectors (of two doubles) of B per register tile: the caller pads p to a multiple of 2·SIMD_VECS. */
export const SIMD_VECS = 2;

/** The module's memory and its product, offsets and strides in doubles. */
export interface SimdWorkspace {
  /** A view of the whole memory; replaced when {@link SimdWorkspace.ensure} grows it. */
  f64: Float64Array;
  /** Grows the memory to hold at least `doubles` doubles (refreshing `f64`). */
  ensure(doubles: number): void;
  /** C (from cOff, m × p) = A (from aOff, m × k, row stride aStride) · B (from bOff, k × p); see the module comment. */
  matMul(aOff: number, aStride: number, bOff: number, cOff: number, m: number, k: number, p: number): void;
}

/** The kernel's body; parameters 0…6 = aOff, aStride, bOff, cOff, m, k, p (doubles), then the locals it lists. */
function matMulFunction(): WasmFunction {
  const [aOff, aStride, bOff, cOff, m, k, p] = [0, 1, 2, 3, 4, 5, 6];
  const locals: number[] = [];
  const local = (type: number) => 7 + locals.push(type) - 1;
  const i = local(I32);
  const j = local(I32);
  const t = local(I32);
  const bp = local(I32); // byte address of B[t, j]
  const pBytes = local(I32);
  const aRow = Array.from({ length: SIMD_ROWS }, () => local(I32)); // byte address of A[i + r, 0]
  const cRow = Array.from({ length: SIMD_ROWS }, () => local(I32)); // byte address of C[i + r, j]
  const acc = Array.from({ length: SIMD_ROWS * SIMD_VECS }, () => local(V128));
  const b = Array.from({ length: SIMD_VECS }, () => local(V128));
  const x = local(V128);
  const code = (...parts: number[][]) => parts.flat();

  const inner = code(
    ...b.map((bv, v) => code(op.get(bp), op.v128Load(16 * v), op.set(bv))),
    ...aRow.map((a, r) =>
      code(
        op.get(a), op.get(t), op.i32(3), op.i32Shl, op.i32Add, op.v128Load64Splat(0), op.set(x),
        ...b.map((bv, v) => code(op.get(acc[r * SIMD_VECS + v]), op.get(x), op.get(bv), op.f64x2Mul, op.f64x2Add, op.set(acc[r * SIMD_VECS + v]))),
      ),
    ),
    bump(bp, op.get(pBytes)),
  );
  const tile = code(
    ...acc.map((a) => code(op.f64(0), op.f64x2Splat, op.set(a))),
    op.get(bOff), op.get(j), op.i32Add, op.i32(3), op.i32Shl, op.set(bp),
    op.i32(0), op.set(t),
    forLoop(t, op.get(k), op.i32(1), inner),
    ...cRow.map((c, r) => code(...b.map((_, v) => code(op.get(c), op.get(acc[r * SIMD_VECS + v]), op.v128Store(16 * v))), bump(c, op.i32(16 * SIMD_VECS)))),
  );
  const rows = code(
    // aRow[r] = (aOff + (i + r)·aStride)·8; cRow[r] = (cOff + (i + r)·p)·8, advanced by 16·VECS bytes per tile
    ...aRow.map((a, r) => code(op.get(i), op.i32(r), op.i32Add, op.get(aStride), op.i32Mul, op.get(aOff), op.i32Add, op.i32(3), op.i32Shl, op.set(a))),
    ...cRow.map((c, r) => code(op.get(i), op.i32(r), op.i32Add, op.get(p), op.i32Mul, op.get(cOff), op.i32Add, op.i32(3), op.i32Shl, op.set(c))),
    op.i32(0), op.set(j),
    forLoop(j, op.get(p), op.i32(2 * SIMD_VECS), tile),
  );
  const body = code(op.get(p), op.i32(3), op.i32Shl, op.set(pBytes), op.i32(0), op.set(i), forLoop(i, op.get(m), op.i32(SIMD_ROWS), rows));
  return { name: "matMul", params: [I32, I32, I32, I32, I32, I32, I32], locals, body };
}

/** The product as a module function, for modules that add kernels of their own (src/vi/models/logisticSimd.ts). */
export const MATMUL_FUNCTION: WasmFunction = matMulFunction();

const ONLY_MATMUL = [MATMUL_FUNCTION] as const;

/**
 * A new workspace (its own memory) running the SIMD product, or null where WebAssembly SIMD is unavailable.
 * @example const w = simdWorkspace(); if (w !== null) { w.ensure(n); w.f64.set(a, 0); w.matMul(0, k, …); }
 */
export function simdWorkspace(): SimdWorkspace | null {
  const instance = simdInstance(ONLY_MATMUL);
  if (instance === null) return null;
  const ws: SimdWorkspace = {
    f64: instance.f64,
    ensure(doubles) {
      instance.ensure(doubles);
      ws.f64 = instance.f64;
    },
    matMul: instance.exports.matMul,
  };
  return ws;
}
