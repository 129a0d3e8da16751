/**
 * A grid of Vega-Lite panels in one spec (pure JSON; shared by the CLI and the browser lab).
 */

/**
 * Lays out several `lineSpec` charts as a grid (rows of panels) in one Vega-Lite spec with a shared legend.
 * @example gridSpec("Variance", [[specA, specB], [specC, specD]])
 */
export function gridSpec(title: string, rows: Record<string, unknown>[][]): Record<string, unknown> {
  if (!Array.isArray(rows) || rows.length === 0 || rows.some((r) => !Array.isArray(r) || r.length === 0)) {
    throw new Error(`gridSpec: rows must be a non-empty array of non-empty arrays of specs, got ${JSON.stringify(rows)?.slice(0, 80)}`);
  }
  const panel = (spec: Record<string, unknown>): Record<string, unknown> => {
    const { $schema: _schema, background: _background, ...rest } = spec;
    return rest;
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, fontSize: 16 },
    background: "white",
    padding: 10,
    vconcat: rows.map((r) => ({ hconcat: r.map(panel) })),
  };
}
