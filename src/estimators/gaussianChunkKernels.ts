/**
 * The WebAssembly SIMD (f64x2) kernels of the fused diagonal-Gaussian estimators' chunk workspace
 * (gaussianChunkSimd.ts, which says what they compute and why their bits equal the TypeScript path's). Assembled at
 * load time with src/util/wasmSimd.ts; offsets and widths in doubles, addresses in bytes.
 */
import { address, bump, F64, forLoop, I32, op, V128, type WasmFunction } from "../util/wasmSimd.js";

const code = (...parts: number[][]) => parts.flat();
const zero = code(op.f64(0), op.f64x2Splat);

/** affine(epsOff, xOff, locOff, scaleOff, m, D2): x = μ + σ·ε over m rows of width D2. */
function affineFunction(): WasmFunction {
  const [epsOff, xOff, locOff, scaleOff, m, D2] = [0, 1, 2, 3, 4, 5];
  const locals: number[] = [];
  const local = (type: number) => 6 + locals.push(type) - 1;
  const i = local(I32);
  const j = local(I32);
  const row = local(I32); // i·D2
  const body = code(
    op.i32(0), op.set(i),
    forLoop(i, op.get(m), op.i32(1), code(
      op.get(i), op.get(D2), op.i32Mul, op.set(row),
      op.i32(0), op.set(j),
      forLoop(j, op.get(D2), op.i32(2), code(
        address(xOff, [row, -1], [j, -1]),
        address(locOff, [j, -1]), op.v128Load(0),
        address(scaleOff, [j, -1]), op.v128Load(0),
        address(epsOff, [row, -1], [j, -1]), op.v128Load(0),
        op.f64x2Mul, op.f64x2Add, op.v128Store(0),
      )),
    )),
  );
  return { name: "affine", params: [I32, I32, I32, I32, I32, I32], locals, body };
}

/** spread(srcOff, dstOff, m, d, D2): dst[i·D2 + j] = src[i·d + j] (dense rows to padded rows; separate regions). */
function spreadFunction(): WasmFunction {
  const [srcOff, dstOff, m, d, D2] = [0, 1, 2, 3, 4];
  const locals: number[] = [];
  const local = (type: number) => 5 + locals.push(type) - 1;
  const i = local(I32);
  const j = local(I32);
  const body = code(
    op.i32(0), op.set(i),
    forLoop(i, op.get(m), op.i32(1), code(
      op.i32(0), op.set(j),
      forLoop(j, op.get(d), op.i32(1), code(
        address(dstOff, [i, D2], [j, -1]),
        address(srcOff, [i, d], [j, -1]), op.f64Load(0),
        op.f64Store(0),
      )),
    )),
  );
  return { name: "spread", params: [I32, I32, I32, I32, I32], locals, body };
}

/**
 * score|pathwise(epsOff, rowOff, meanOff, pvarOff, checkOff, m, D2, fresh, invM, wa, wb): merges the chunk's rows
 * (see the module comment; rowOff is w for the score rows, ∇f for the pathwise rows) into the running moments,
 * and adds Σ over columns of the two sums of squares to check[0] (non-finite iff some row is). `fresh` is 1 before
 * the first chunk (the shift is then the chunk's first row and the running moments are taken as 0).
 */
function sumsFunction(kind: "score" | "pathwise"): WasmFunction {
  const [epsOff, rowOff, meanOff, pvarOff, checkOff, m, D2, fresh, invM, wa, wb] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const locals: number[] = [];
  const local = (type: number) => 11 + locals.push(type) - 1;
  const j = local(I32);
  const i = local(I32);
  const ep = local(I32); // byte address of ε[i, j]
  const rp = local(I32); // byte address of w[i] (score) or ∇f[i, j] (pathwise)
  const rowBytes = local(I32);
  const mask = local(V128); // all ones when fresh
  const [e, w, u, t, K1, K2, a1, q1, a2, q2, chk, vInvM, vWa, vWb] = Array.from({ length: 14 }, () => local(V128));
  const [dd, cv, delta, old] = Array.from({ length: 4 }, () => local(V128));
  const splat = (param: number) => code(op.get(param), op.f64x2Splat);

  // The two rows at (i, j..j+1): r1 → u, r2 → t, from e = ε and (score) w = splat(w[i]) or (pathwise) g.
  const rows =
    kind === "score"
      ? code(op.get(w), op.get(e), op.f64x2Mul, op.set(u), op.get(u), op.get(e), op.f64x2Mul, op.get(w), op.f64x2Sub, op.set(t))
      : code(op.get(w), op.set(u), op.get(w), op.get(e), op.f64x2Mul, op.set(t));
  const load = code(
    op.get(ep), op.v128Load(0), op.set(e),
    kind === "score" ? code(op.get(rp), op.v128Load64Splat(0)) : code(op.get(rp), op.v128Load(0)),
    op.set(w),
  );
  // acc += x; sq += x·x for x = r − K
  const accumulate = (r: number, K: number, acc: number, sq: number) =>
    code(
      op.get(r), op.get(K), op.f64x2Sub, op.set(r),
      op.get(acc), op.get(r), op.f64x2Add, op.set(acc),
      op.get(sq), op.get(r), op.get(r), op.f64x2Mul, op.f64x2Add, op.set(sq),
    );
  // RunningMoments.mergeColumn for the column pair at `offset` doubles past mean/pvar, in its order of operations.
  const merge = (offset: number[], K: number, acc: number, sq: number) =>
    code(
      op.get(acc), op.get(vInvM), op.f64x2Mul, op.set(dd),
      zero, op.get(sq), op.get(vInvM), op.f64x2Mul, op.get(dd), op.get(dd), op.f64x2Mul, op.f64x2Sub, op.f64x2Max, op.set(cv),
      // old mean (0 when fresh); delta = K − old + dd; mean = old + delta·wb
      address(meanOff, [j, -1]), offset, op.i32Add, op.v128Load(0), op.get(mask), op.v128AndNot, op.set(old),
      op.get(K), op.get(old), op.f64x2Sub, op.get(dd), op.f64x2Add, op.set(delta),
      address(meanOff, [j, -1]), offset, op.i32Add,
      op.get(old), op.get(delta), op.get(vWb), op.f64x2Mul, op.f64x2Add, op.v128Store(0),
      // pvar = pvar·wa + cv·wb + delta·(delta·wb)·wa
      address(pvarOff, [j, -1]), offset, op.i32Add,
      address(pvarOff, [j, -1]), offset, op.i32Add, op.v128Load(0), op.get(mask), op.v128AndNot, op.get(vWa), op.f64x2Mul,
      op.get(cv), op.get(vWb), op.f64x2Mul, op.f64x2Add,
      op.get(delta), op.get(delta), op.get(vWb), op.f64x2Mul, op.f64x2Mul, op.get(vWa), op.f64x2Mul, op.f64x2Add,
      op.v128Store(0),
    );
  const secondBlock = code(op.get(D2), op.i32(3), op.i32Shl); // bytes from the r1 block to the r2 block
  const noOffset = op.i32(0);
  const first = (K: number, kFresh: number[], blockOffset: number[]) =>
    code(
      kFresh, address(meanOff, [j, -1]), blockOffset, op.i32Add, op.v128Load(0), op.get(mask), op.v128Bitselect, op.set(K),
    );
  const column = code(
    // the shift: the first row's values when fresh, else the running means
    address(epsOff, [j, -1]), op.set(ep),
    kind === "score" ? address(rowOff) : address(rowOff, [j, -1]), op.set(rp),
    load, rows,
    first(K1, op.get(u), noOffset),
    first(K2, op.get(t), secondBlock),
    ...[a1, q1, a2, q2].map((v) => code(zero, op.set(v))),
    op.i32(0), op.set(i),
    forLoop(i, op.get(m), op.i32(1), code(
      load, rows,
      accumulate(u, K1, a1, q1),
      accumulate(t, K2, a2, q2),
      bump(ep, op.get(rowBytes)),
      bump(rp, kind === "score" ? op.i32(8) : op.get(rowBytes)),
    )),
    op.get(chk), op.get(q1), op.get(q2), op.f64x2Add, op.f64x2Add, op.set(chk),
    merge(noOffset, K1, a1, q1),
    merge(secondBlock, K2, a2, q2),
  );
  const body = code(
    op.get(D2), op.i32(3), op.i32Shl, op.set(rowBytes),
    op.i32(0), op.get(fresh), op.i32Sub, op.i32x4Splat, op.set(mask),
    splat(invM), op.set(vInvM), splat(wa), op.set(vWa), splat(wb), op.set(vWb),
    zero, op.set(chk),
    op.i32(0), op.set(j),
    forLoop(j, op.get(D2), op.i32(2), column),
    // check[0] += chk₀ + chk₁
    address(checkOff),
    address(checkOff), op.f64Load(0),
    op.get(chk), op.f64x2ExtractLane(0), op.get(chk), op.f64x2ExtractLane(1), op.f64Add, op.f64Add,
    op.f64Store(0),
  );
  return { name: kind, params: [I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64], locals, body };
}

/** The module: spread, affine, score, pathwise. */
export const GAUSSIAN_CHUNK_FUNCTIONS: readonly WasmFunction[] = [spreadFunction(), affineFunction(), sumsFunction("score"), sumsFunction("pathwise")];
