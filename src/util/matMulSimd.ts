/**
 * C = A · Bᵗ-free product for hot loops, as a WebAssembly SIMD (f64x2) kernel assembled here at load time:
 *
 *   C[i, j] = Σ_{t<k} A[i, t] · B[t, j]      A: m × k (row stride aStride), B: k × p (row-major), C: m × p
 *
 * Each lane of a 128-bit vector holds one C[i, j] and adds A[i, t]·B[t, j] for t = 0, 1, …, k − 1 in that order, a
 * product then a sum, each rounded (WebAssembly has no fused multiply-add in its base SIMD set): the same operations
 * in the same order as a plain left-to-right dot product, so the same bits as the TypeScript kernels
 * (matMulInto.ts). What the vector unit buys is two lanes per instruction and no bounds checks: the register tile
 * is ROWS rows of A × VECS vectors (2·VECS columns) of B, so each loaded vector of B serves ROWS products.
 *
 * The arrays live in the module's own memory (a {@link SimdWorkspace}): the caller copies operands in, calls
 * `matMul` with offsets in doubles, and reads C out. Shapes must be padded by the caller: m a multiple of ROWS,
 * p a multiple of 2·VECS. Where WebAssembly or its SIMD extension is missing (old engines), {@link simdWorkspace}
 * returns null and callers keep their TypeScript path. Plain TypeScript stays the reference; this is a measured
 * speed-up of one hot product (bench/vi.bench.ts), not a second numerics.
 */

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

// ---- a minimal assembler: just what the kernel needs ----------------------------------------------------------

const I32 = 0x7f;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => vec([...s].map((c) => [c.charCodeAt(0)]));

const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  add: [0x6a],
  mul: [0x6c],
  shl: [0x74],
  geU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (d: number) => [0x0c, ...uleb(d)],
  brIf: (d: number) => [0x0d, ...uleb(d)],
  end: [0x0b],
  f64Load: (offset: number) => [0x2b, 3, ...uleb(offset)],
  v128Load: (offset: number) => [0xfd, 0x00, 3, ...uleb(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 3, ...uleb(offset)],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f64x2Splat: [0xfd, 0x14],
  f64x2Add: [0xfd, ...uleb(0xf0)],
  f64x2Mul: [0xfd, ...uleb(0xf2)],
};

/** `local = local + value` for i32 locals. */
const bump = (local: number, by: number[]) => [...op.get(local), ...by, ...op.add, ...op.set(local)];

/** The kernel's body; parameters 0…6 = aOff, aStride, bOff, cOff, m, k, p (doubles), then the locals below. */
function kernelBody(): number[] {
  const [aOff, aStride, bOff, cOff, m, k, p] = [0, 1, 2, 3, 4, 5, 6];
  let next = 7;
  const i = next++;
  const j = next++;
  const t = next++;
  const bp = next++; // byte address of B[t, j]
  const pBytes = next++;
  const aRow = Array.from({ length: SIMD_ROWS }, () => next++); // byte address of A[i + r, 0]
  const cRow = Array.from({ length: SIMD_ROWS }, () => next++); // byte address of C[i + r, j]
  const numI32 = next - 7;
  const vFirst = next;
  const acc = Array.from({ length: SIMD_ROWS * SIMD_VECS }, () => next++);
  const b = Array.from({ length: SIMD_VECS }, () => next++);
  const x = next++;
  const numV128 = next - vFirst;

  const code: number[] = [];
  const emit = (...parts: number[][]) => parts.forEach((q) => code.push(...q));
  emit(op.get(p), op.i32(3), op.shl, op.set(pBytes));
  emit(op.i32(0), op.set(i), op.block, op.loop);
  emit(op.get(i), op.get(m), op.geU, op.brIf(1));
  for (let r = 0; r < SIMD_ROWS; r++) {
    // aRow[r] = (aOff + (i + r)·aStride)·8; cRow[r] = (cOff + (i + r)·p)·8, advanced by 16·VECS per j step
    emit(op.get(i), op.i32(r), op.add, op.get(aStride), op.mul, op.get(aOff), op.add, op.i32(3), op.shl, op.set(aRow[r]));
    emit(op.get(i), op.i32(r), op.add, op.get(p), op.mul, op.get(cOff), op.add, op.i32(3), op.shl, op.set(cRow[r]));
  }
  emit(op.i32(0), op.set(j), op.block, op.loop);
  emit(op.get(j), op.get(p), op.geU, op.brIf(1));
  for (const a of acc) emit(op.v128Zero, op.set(a));
  emit(op.get(bOff), op.get(j), op.add, op.i32(3), op.shl, op.set(bp));
  emit(op.i32(0), op.set(t), op.block, op.loop);
  emit(op.get(t), op.get(k), op.geU, op.brIf(1));
  for (let v = 0; v < SIMD_VECS; v++) emit(op.get(bp), op.v128Load(16 * v), op.set(b[v]));
  for (let r = 0; r < SIMD_ROWS; r++) {
    emit(op.get(aRow[r]), op.get(t), op.i32(3), op.shl, op.add, op.f64Load(0), op.f64x2Splat, op.set(x));
    for (let v = 0; v < SIMD_VECS; v++) {
      const a = acc[r * SIMD_VECS + v];
      emit(op.get(a), op.get(x), op.get(b[v]), op.f64x2Mul, op.f64x2Add, op.set(a));
    }
  }
  emit(bump(bp, op.get(pBytes)), bump(t, op.i32(1)), op.br(0), op.end, op.end);
  for (let r = 0; r < SIMD_ROWS; r++) {
    for (let v = 0; v < SIMD_VECS; v++) emit(op.get(cRow[r]), op.get(acc[r * SIMD_VECS + v]), op.v128Store(16 * v));
    emit(bump(cRow[r], op.i32(16 * SIMD_VECS)));
  }
  emit(bump(j, op.i32(2 * SIMD_VECS)), op.br(0), op.end, op.end);
  emit(bump(i, op.i32(SIMD_ROWS)), op.br(0), op.end, op.end, op.end);
  return [...vec([[...uleb(numI32), I32], [...uleb(numV128), V128]]), ...code];
}

/** The module: one memory (exported "memory") and one function (exported "matMul"). */
function moduleBytes(): Uint8Array {
  const body = kernelBody();
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(new Array<number[]>(7).fill([I32])), 0]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([[...name("memory"), 0x02, 0], [...name("matMul"), 0x00, 0]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

/** The part of the WebAssembly JS API used here (the project's lib setting has no WebAssembly types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { memory: WasmMemory; matMul: SimdWorkspace["matMul"] } };
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

let compiled: object | null | undefined;

/**
 * A new workspace (its own memory) running the SIMD kernel, or null where WebAssembly SIMD is unavailable.
 * @example const w = simdWorkspace(); if (w !== null) { w.ensure(n); w.f64.set(a, 0); w.matMul(0, k, …); }
 */
export function simdWorkspace(): SimdWorkspace | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (compiled === undefined) {
    const bytes = moduleBytes();
    compiled = typeof wasm === "object" && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  if (compiled === null || wasm === undefined) return null;
  const exports = new wasm.Instance(compiled, {}).exports;
  const memory = exports.memory;
  const ws: SimdWorkspace = {
    f64: new Float64Array(memory.buffer),
    ensure(doubles) {
      const need = doubles * 8 - memory.buffer.byteLength;
      if (need > 0) {
        memory.grow(Math.ceil(need / 65536));
        ws.f64 = new Float64Array(memory.buffer);
      }
    },
    matMul: exports.matMul,
  };
  return ws;
}
