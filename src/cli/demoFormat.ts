/**
 * Number and table formatting shared by the sections of `mcgrad demo` and by `mcgrad variance`. Presentation only.
 */

/** A number in 4 significant digits, or exponent notation when very large or small. */
export function fmt(v: number): string {
  if (v === 0) return "0";
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(2) : v.toPrecision(4);
}

/** "mean ± stderr". */
export function pm(mean: number, stderr: number): string {
  return `${fmt(mean)} ± ${fmt(stderr)}`;
}

/** A plain-text table: the first `leftColumns` columns left-aligned, the rest right-aligned. */
export function table(header: string[], body: string[][], leftColumns = 2): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c < leftColumns ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...body.map(line)];
}

/** `count` indices spread evenly over 0 … length − 1 (ends included, duplicates merged): the rows a table shows. */
export function evenlySpaced(length: number, count = 5): Set<number> {
  return new Set(Array.from({ length: count }, (_, i) => Math.round((i * (length - 1)) / (count - 1))));
}
