/**
 * A minimal WebAssembly assembler for hand-written SIMD (f64x2) kernels, and the instance that runs them: one
 * module with its own memory (a {@link SimdInstance}) and the functions it is given. Only what mcgrad's kernels use
 * is encoded (WebAssembly core spec §5, SIMD proposal opcodes). The kernels themselves live beside their TypeScript
 * counterparts (matMulSimd.ts, src/vi/models/logisticSimd.ts), which stay the reference: a kernel must give the same
 * bits, so each lane performs the TypeScript code's operations in its order (WebAssembly's base SIMD set has no fused
 * multiply-add, so products and sums round as in JavaScript).
 */

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Unsigned LEB128. */
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

/** Signed LEB128 (32-bit). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const simd = (code: number, ...imm: number[]) => [0xfd, ...uleb(code), ...imm];
const f64Bytes = (v: number) => Array.from(new Uint8Array(Float64Array.of(v).buffer));

/** Instructions, as byte arrays (functions for those with immediates); memory offsets in bytes, alignment 8. */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  f64: (v: number) => [0x44, ...f64Bytes(v)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  end: [0x0b],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  i32TruncF64S: [0xaa],
  f64Load: (offset: number) => [0x2b, 3, ...uleb(offset)],
  f64Store: (offset: number) => [0x39, 3, ...uleb(offset)],
  v128Load: (offset: number) => simd(0x00, 3, ...uleb(offset)),
  v128Load64Splat: (offset: number) => simd(0x0a, 3, ...uleb(offset)),
  v128Store: (offset: number) => simd(0x0b, 3, ...uleb(offset)),
  v128And: simd(0x4e),
  v128AndNot: simd(0x4f),
  v128Bitselect: simd(0x52),
  i32x4Splat: simd(0x11),
  i32x4ExtractLane: (lane: number) => simd(0x1b, lane),
  i32x4ShrS: simd(0xac),
  i32x4TruncSatF64x2SZero: simd(0xfc),
  f64x2Splat: simd(0x14),
  f64x2ExtractLane: (lane: number) => simd(0x21, lane),
  f64x2ReplaceLane: (lane: number) => simd(0x22, lane),
  f64x2Lt: simd(0x49),
  f64x2Gt: simd(0x4a),
  f64x2Ge: simd(0x4c),
  f64x2Abs: simd(0xec),
  f64x2Neg: simd(0xed),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f64x2Div: simd(0xf3),
  f64x2Max: simd(0xf5),
};

/**
 * The byte address of double number `base + Σ a·b` (a, b i32 locals; pairs with b = -1 add a alone), left on the
 * stack: ((base + a₁·b₁ + …) << 3).
 */
export const address = (base: number, ...terms: readonly (readonly [number, number])[]) => [
  ...op.get(base),
  ...terms.flatMap(([a, b]) => (b < 0 ? [...op.get(a), ...op.i32Add] : [...op.get(a), ...op.get(b), ...op.i32Mul, ...op.i32Add])),
  ...op.i32(3),
  ...op.i32Shl,
];

/** `local = local + by` for an i32 local. */
export const bump = (local: number, by: number[]) => [...op.get(local), ...by, ...op.i32Add, ...op.set(local)];

/**
 * `for (; counter < limit; counter += step) body` over i32 locals (counter set beforehand); the body may not branch
 * out. Depths: the body sits inside block (1) and loop (0).
 */
export const forLoop = (counter: number, limit: number[], step: number[], body: number[]) => [
  ...op.block,
  ...op.loop,
  ...op.get(counter),
  ...limit,
  ...op.i32GeU,
  ...op.brIf(1),
  ...body,
  ...bump(counter, step),
  ...op.br(0),
  ...op.end,
  ...op.end,
];

/** One exported function: parameter types, local types (after the parameters) and the body's instructions. */
export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly locals: readonly number[];
  readonly body: readonly number[];
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => vec([...s].map((c) => [c.charCodeAt(0)]));

/** The module's bytes: one memory (exported "memory"), the functions exported by name. */
function moduleBytes(functions: readonly WasmFunction[]): Uint8Array {
  const code = functions.map((f) => {
    const locals: number[][] = [];
    for (const t of f.locals) {
      const last = locals[locals.length - 1];
      if (last !== undefined && last[last.length - 1] === t) last[0]++;
      else locals.push([1, t]);
    }
    const body = [...vec(locals.map(([count, t]) => [...uleb(count), t])), ...f.body, ...op.end];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), 0]))),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([[...name("memory"), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(10, vec(code)),
  ]);
}

/** The part of the WebAssembly JS API used here (the project's lib setting has no WebAssembly types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> & { memory: WasmMemory } };
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** A module instance: its memory as doubles, growth, and its exported functions by name. */
export interface SimdInstance {
  /** A view of the whole memory; replaced when {@link SimdInstance.ensure} grows it. */
  f64: Float64Array;
  /** Grows the memory to hold at least `doubles` doubles (refreshing `f64`). */
  ensure(doubles: number): void;
  readonly exports: Readonly<Record<string, (...args: number[]) => void>>;
}

const compiled = new WeakMap<readonly WasmFunction[], object | null>();

/**
 * A new instance (its own memory) of the module made of `functions` (compiled once per array), or null where
 * WebAssembly or its SIMD extension is unavailable — the caller then keeps its TypeScript path.
 * @example const w = simdInstance(FUNCTIONS); if (w !== null) w.exports.matMul(…);
 */
export function simdInstance(functions: readonly WasmFunction[]): SimdInstance | null {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (typeof wasm !== "object") return null;
  let module = compiled.get(functions);
  if (module === undefined) {
    const bytes = moduleBytes(functions);
    try {
      module = wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      module = null; // compiling refused (a Content-Security-Policy without 'wasm-unsafe-eval'): TypeScript it is
    }
    compiled.set(functions, module);
  }
  if (module === null) return null;
  const exports = new wasm.Instance(module, {}).exports;
  const memory = exports.memory;
  const fns: Record<string, (...args: number[]) => void> = {};
  for (const f of functions) fns[f.name] = exports[f.name] as (...args: number[]) => void;
  const instance: SimdInstance = {
    f64: new Float64Array(memory.buffer),
    ensure(doubles) {
      if (doubles <= instance.f64.length) return;
      memory.grow(Math.ceil((doubles * 8 - memory.buffer.byteLength) / 65536));
      instance.f64 = new Float64Array(memory.buffer);
    },
    exports: fns,
  };
  return instance;
}
