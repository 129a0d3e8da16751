/**
 * Draws a Vega-Lite spec from src/plots/ (the same builders as the CLI) as SVG rendered in the plot worker by the
 * CLI's renderer, so the lab's charts and the CLI's SVG files are the same charts. A spec that cannot be drawn leaves
 * the previous chart and resolves to the reason instead of throwing; a newer drawing into the same element
 * supersedes an older one still being rendered.
 */

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, (r: { svg?: string; error?: string }) => void>();
const latest = new WeakMap<HTMLElement, number>();

function plotWorker(): Worker {
  if (worker === null) {
    worker = new Worker(new URL("./plotWorker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (ev: MessageEvent<{ id: number; svg?: string; error?: string }>) => {
      waiting.get(ev.data.id)?.(ev.data);
      waiting.delete(ev.data.id);
    };
  }
  return worker;
}

/** Renders `spec` into `el` (replacing what was there); resolves to an error message or null. */
export async function drawSpec(el: HTMLElement, spec: Record<string, unknown> | (() => Record<string, unknown>)): Promise<string | null> {
  let s: Record<string, unknown>;
  try {
    s = typeof spec === "function" ? spec() : spec;
  } catch (e) {
    return `plot not drawn: ${(e as Error).message}`;
  }
  const id = nextId++;
  latest.set(el, id);
  const r = await new Promise<{ svg?: string; error?: string }>((resolve) => {
    waiting.set(id, resolve);
    plotWorker().postMessage({ id, spec: s });
  });
  if (r.error !== undefined) return `plot not drawn: ${r.error}`;
  if (latest.get(el) === id) {
    el.innerHTML = r.svg!;
    el.firstElementChild?.setAttribute("role", "img");
    el.firstElementChild?.setAttribute("aria-label", String((s.title as { text?: string })?.text ?? s.title ?? "chart"));
  }
  return null;
}
