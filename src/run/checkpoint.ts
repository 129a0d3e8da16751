/**
 * The one checkpoint convention for long runs (es/ minimize, rl/ train, vi/ fit).
 *
 * A checkpoint is a JSON string `{ kind, version, identity, digest, payload }`:
 * - `kind` and `version` name the writer ("mcgrad.minimize", 1);
 * - `identity` records everything that determines the run — the objective's name or a digest of it, every option,
 *   the seed — and `digest` is its {@link digest}, so a resume under other options is refused, naming the field;
 * - `payload` is the loop's state, encoded exactly ({@link encodeExact}), so a resumed run continues to the bit.
 *
 * The library never touches files (it stays browser-safe): it produces and checks strings. The CLI writes them
 * atomically (write, then rename) and never overwrites a saved run unless asked (src/cli/checkpointFile.ts).
 */
import { decodeExact, digest, encodeExact, canonicalJson } from "../util/codec.js";
import { show } from "../util/validate.js";

/** A checkpoint written for another run: `field` is the first identity field that differs (e.g. "sigma0"). */
export class CheckpointMismatchError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** What a reader expects of a checkpoint: the writer and the run's identity. */
export interface CheckpointSpec {
  readonly kind: string;
  readonly version: number;
  /** Everything that determines the run (objective identity, options, seed); plain data. */
  readonly identity: Readonly<Record<string, unknown>>;
}

/** Serializes a loop state under a {@link CheckpointSpec}. Throws (naming the path) on values JSON cannot hold exactly. */
export function writeCheckpoint(spec: CheckpointSpec, payload: unknown): string {
  const identity = encodeExact(spec.identity, "identity", "writeCheckpoint");
  return JSON.stringify({
    kind: spec.kind,
    version: spec.version,
    identity,
    digest: digest(spec.identity),
    payload: encodeExact(payload, "payload", "writeCheckpoint"),
  });
}

/**
 * Parses and checks a checkpoint string: kind, version and every identity field must equal the spec's (the error
 * names `source` — a file name, say — and the first field that differs, with both values: a
 * {@link CheckpointMismatchError} carrying that field). Returns the decoded
 * payload; validate its fields with a {@link PayloadReader}.
 */
export function readCheckpoint(fn: string, json: unknown, spec: CheckpointSpec, source = "resume"): PayloadReader {
  if (typeof json !== "string") throw new Error(`${fn}: ${source} must be a checkpoint string, got ${show(json)}`);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(json) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${fn}: ${source} is not valid JSON (${(e as Error).message})`);
  }
  if (raw === null || typeof raw !== "object") throw new Error(`${fn}: ${source} is not a checkpoint (got ${show(raw)})`);
  if (raw.kind !== spec.kind || raw.version !== spec.version) {
    throw new Error(`${fn}: ${source} is not a ${spec.kind} checkpoint of version ${spec.version} (kind ${show(raw.kind)}, version ${show(raw.version)})`);
  }
  const saved = decodeExact(raw.identity, "identity", fn) as Record<string, unknown> | null;
  if (saved === null || typeof saved !== "object") throw new Error(`${fn}: ${source} has no identity record`);
  const keys = new Set([...Object.keys(saved), ...Object.keys(spec.identity)]);
  for (const k of [...keys].sort()) {
    const a = canonicalJson(saved[k] ?? null);
    const b = canonicalJson(spec.identity[k] ?? null);
    if (a !== b) throw new CheckpointMismatchError(`${fn}: ${source} was written for ${k} = ${shorten(a)}, but this run has ${k} = ${shorten(b)}; start a new run or use the same options`, k);
  }
  if (raw.digest !== digest(spec.identity)) throw new Error(`${fn}: ${source} has a damaged identity digest (${show(raw.digest)})`);
  return new PayloadReader(fn, source, decodeExact(raw.payload, "payload", fn));
}

function shorten(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Options for {@link PayloadReader.number}. */
export interface NumberRule {
  readonly integer?: boolean;
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Exclusive lower bound. */
  readonly above?: number;
  readonly max?: number;
  /** Allow ±∞ (e.g. a best f before any finite value). Default false. */
  readonly infinite?: boolean;
}

/**
 * Field-by-field validation of a decoded payload. Each accessor takes a dotted path ("state.sigma") and throws
 * `fn: source field state.sigma = -1 must be …` when the value is missing or outside its domain.
 */
export class PayloadReader {
  constructor(
    readonly fn: string,
    readonly source: string,
    readonly payload: unknown,
  ) {}

  /** The raw value at a dotted path (undefined when absent). */
  get(path: string): unknown {
    let v: unknown = this.payload;
    for (const part of path.split(".")) {
      if (v === null || typeof v !== "object") return undefined;
      v = (v as Record<string, unknown>)[part];
    }
    return v;
  }

  /** Throws `fn: source field <path> = <value> must be <requirement>; the checkpoint is damaged or was edited`. */
  fail(path: string, requirement: string, value: unknown): never {
    throw new Error(`${this.fn}: ${this.source} field ${path} = ${show(value)} must be ${requirement}; the checkpoint is damaged or was edited`);
  }

  /** The number at `path`; throws (naming the field) unless it is a number satisfying `rule` (never NaN; ±∞ only with `rule.infinite`). */
  number(path: string, rule: NumberRule = {}): number {
    return this.checkNumber(path, this.get(path), rule);
  }

  private checkNumber(path: string, v: unknown, rule: NumberRule): number {
    const desc = describe(rule);
    if (typeof v !== "number" || Number.isNaN(v)) this.fail(path, desc, v);
    if (!Number.isFinite(v) && !rule.infinite) this.fail(path, desc, v);
    if (rule.integer && !Number.isInteger(v)) this.fail(path, desc, v);
    if (rule.min !== undefined && !(v >= rule.min)) this.fail(path, desc, v);
    if (rule.above !== undefined && !(v > rule.above)) this.fail(path, desc, v);
    if (rule.max !== undefined && !(v <= rule.max)) this.fail(path, desc, v);
    return v;
  }

  /** A Float64Array of the given length (any length when omitted) whose entries all satisfy `rule`. */
  vector(path: string, length?: number, rule: NumberRule = {}): Float64Array {
    const v = this.get(path);
    if (!(v instanceof Float64Array) || (length !== undefined && v.length !== length)) {
      this.fail(path, `a vector of ${length ?? "some"} numbers`, v);
    }
    for (let i = 0; i < v.length; i++) this.checkNumber(`${path}[${i}]`, v[i], rule);
    return v;
  }

  /** The string at `path`; throws (naming the field) unless it is a string, and one of `allowed` when given. */
  string(path: string, allowed?: readonly string[]): string {
    const v = this.get(path);
    if (typeof v !== "string" || (allowed !== undefined && !allowed.includes(v))) {
      this.fail(path, allowed ? `one of ${allowed.join(", ")}` : "a string", v);
    }
    return v;
  }

  /** The boolean at `path`; throws (naming the field) unless it is true or false. */
  boolean(path: string): boolean {
    const v = this.get(path);
    if (typeof v !== "boolean") this.fail(path, "true or false", v);
    return v;
  }
}

function describe(rule: NumberRule): string {
  const parts = [rule.integer ? "an integer" : rule.infinite ? "a number" : "a finite number"];
  if (rule.min !== undefined) parts.push(`≥ ${rule.min}`);
  if (rule.above !== undefined) parts.push(`> ${rule.above}`);
  if (rule.max !== undefined) parts.push(`≤ ${rule.max}`);
  return parts.join(" ");
}
