/**
 * A local mutable random stream (the sfc32 generator of Chris Doty-Humphrey's PractRand) made from a {@link Key}.
 * A stream lives inside one sampler call and never escapes it; the public API only sees keys.
 *
 * Normals use a 256-layer ziggurat (Marsaglia & Tsang 2000, in Doornik's 2005 form with a 53-bit uniform
 * and independent layer bits), which needs two 32-bit words per draw ~99% of the time.
 */
import type { Key } from "./key.js";

const ZIG_N = 256;
const ZIG_R = 3.6541528853610088;
const ZIG_V = 0.00492867323399;
/** Layer right edges X[0..256] and acceptance ratios X[i+1]/X[i]. */
const ZX = new Float64Array(ZIG_N + 1);
const ZRATIO = new Float64Array(ZIG_N);
{
  const f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  ZX[0] = ZIG_V / f;
  ZX[1] = ZIG_R;
  for (let i = 2; i < ZIG_N; i++) {
    ZX[i] = Math.sqrt(-2 * Math.log(ZIG_V / ZX[i - 1] + Math.exp(-0.5 * ZX[i - 1] * ZX[i - 1])));
  }
  ZX[ZIG_N] = 0;
  for (let i = 0; i < ZIG_N; i++) ZRATIO[i] = ZX[i + 1] / ZX[i];
}

const TWO_M32 = 2.3283064365386963e-10;
const TWO_M52 = 2.220446049250313e-16;
const TWO_M53 = 1.1102230246251565e-16;

/** sfc32 random stream with float64 helpers. The library makes one from a {@link Key} (`stream(key)`, internal); public functions take the key. */
export class Stream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(k: Key) {
    this.a = k.hi | 0;
    this.b = k.lo | 0;
    this.c = (k.hi ^ 0x9e3779b9) | 0;
    this.d = 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniform unsigned 32-bit integer. */
  uint32(): number {
    // Read as 32-bit integers (`| 0`: the fields may be held as doubles), so the steps stay integer operations.
    const a = this.a | 0;
    const b = this.b | 0;
    const c = this.c | 0;
    const d = this.d | 0;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) * TWO_M53;
  }

  /** Uniform on the open interval (0, 1): safe to take the log of, and of 1 − u. */
  uniformOpen(): number {
    return ((this.uint32() * 2097152 + (this.uint32() >>> 11)) + 0.5) * TWO_M53;
  }

  /** Uniform integer in {0, …, m − 1} for 1 ≤ m ≤ 2³² (Lemire's multiply-shift with rejection of the biased zone). */
  integer(m: number): number {
    if (m <= 1) return 0;
    const limit = 4294967296 - (4294967296 % m);
    for (;;) {
      const u = this.uint32();
      if (u < limit) return u % m;
    }
  }

  /** Standard normal by the 256-layer ziggurat. */
  normal(): number {
    const hi = this.uint32();
    const lo = this.uint32();
    const i = lo & 255;
    const u = (hi * 2097152 + (lo >>> 11)) * TWO_M52 - 1;
    if (Math.abs(u) < ZRATIO[i]) return u * ZX[i];
    return this.slowNormal(u, i);
  }

  /** The ziggurat's rejection path for a first draw (u, i) that fell outside the layer's inner rectangle. */
  private slowNormal(u: number, i: number): number {
    for (;;) {
      if (i === 0) {
        // Tail beyond R (Marsaglia 1964).
        let x: number;
        let y: number;
        do {
          x = -Math.log(this.uniformOpen()) / ZIG_R;
          y = -Math.log(this.uniformOpen());
        } while (y + y < x * x);
        return u < 0 ? -(ZIG_R + x) : ZIG_R + x;
      }
      const x = u * ZX[i];
      const f0 = Math.exp(-0.5 * (ZX[i] * ZX[i] - x * x));
      const f1 = Math.exp(-0.5 * (ZX[i + 1] * ZX[i + 1] - x * x));
      if (f1 + this.uniform() * (f0 - f1) < 1) return x;
      const hi = this.uint32();
      const lo = this.uint32();
      i = lo & 255;
      u = (hi * 2097152 + (lo >>> 11)) * TWO_M52 - 1;
      if (Math.abs(u) < ZRATIO[i]) return u * ZX[i];
    }
  }

  /**
   * Fills out[offset … offset + count) with standard normals: the draws of {@link normal}, one after another, in
   * bulk. The common case (about 99% of draws) runs in `fastNormals` with the generator state in integer
   * locals; the rejection path runs out here, between runs, so the hot loop holds no call (together about 2.5 times
   * the speed of one loop doing both in V8).
   */
  fillNormal(out: Float64Array, offset = 0, count = out.length - offset): void {
    const end = offset + count;
    for (let k = this.fastNormals(out, offset, end); k < end; k = this.fastNormals(out, k + 1, end)) {
      out[k] = this.slowNormal(this.pendingU, this.pendingLayer);
    }
  }

  /** The first draw of the rejection path met by `fastNormals`: its uniform and its layer. */
  private pendingU = 0;
  private pendingLayer = 0;

  /**
   * Fills out[k … end) with the ziggurat's common case; stops at the first draw that needs the rejection path and
   * returns its index (its (u, layer) in pendingU, pendingLayer; the state past its two words), else returns end.
   */
  private fastNormals(out: Float64Array, k: number, end: number): number {
    // `| 0` tells the compiler these are 32-bit integers (a field may hold them as doubles), so the loop runs in
    // integer registers instead of converting on every step.
    let a = this.a | 0;
    let b = this.b | 0;
    let c = this.c | 0;
    let d = this.d | 0;
    for (; k < end; k++) {
      let t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      const hi = t >>> 0;
      t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      const lo = t >>> 0;
      const i = lo & 255;
      const u = (hi * 2097152 + (lo >>> 11)) * TWO_M52 - 1;
      if (!(Math.abs(u) < ZRATIO[i])) {
        this.pendingU = u;
        this.pendingLayer = i;
        break;
      }
      out[k] = u * ZX[i];
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    return k;
  }

  /** Standard exponential, −log(U) with U uniform on (0, 1). */
  exponential(): number {
    return -Math.log(this.uniformOpen());
  }

  /** Uniform 32-bit fraction in [0, 1) (cheap, 32 bits; for accept/reject tests that need no more). */
  uniform32(): number {
    return this.uint32() * TWO_M32;
  }
}

/** Makes a local stream from a key. */
export function stream(k: Key): Stream {
  return new Stream(k);
}
