/**
 * Draws a Vega-Lite spec from src/plots/ (the same builders the CLI renders to SVG) with vega-embed. A spec that
 * cannot be drawn leaves the previous chart and shows why, instead of throwing.
 */
import embed from "vega-embed";

/** Renders `spec` into `el` (replacing what was there); resolves to an error message or null. */
export async function drawSpec(el: HTMLElement, spec: Record<string, unknown> | (() => Record<string, unknown>)): Promise<string | null> {
  try {
    const s = typeof spec === "function" ? spec() : spec;
    const target = document.createElement("div");
    await embed(target, s as never, { actions: false, renderer: "svg" });
    el.replaceChildren(target);
    return null;
  } catch (e) {
    return `plot not drawn: ${(e as Error).message}`;
  }
}
