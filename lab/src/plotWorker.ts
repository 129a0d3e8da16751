/**
 * The lab's plot worker: renders Vega-Lite specs to SVG with the CLI's renderer (src/plots/renderSvg.ts), off the
 * main thread — vega compiling and laying out a chart on the page's thread took 200–850 ms per chart here, far over
 * the 100 ms a responsive page allows.
 */
import { renderSvg } from "../../src/plots/renderSvg.js";

self.onmessage = async (ev: MessageEvent<{ id: number; spec: Record<string, unknown> }>) => {
  const { id, spec } = ev.data;
  try {
    self.postMessage({ id, svg: await renderSvg(spec) });
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};
