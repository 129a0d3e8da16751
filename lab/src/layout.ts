/**
 * The lab's one layout: a page is a title, a lead paragraph, a control bar and result cards. Controls are native form
 * elements (labelled, keyboard-usable); a control whose value is bad shows its message inline and reports null, so a
 * page keeps its last good result instead of computing with it.
 */

/** A mounted page: `unmount` stops its workers and timers. */
export interface Page {
  readonly title: string;
  mount(root: HTMLElement): () => void;
}

/** Creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

/** A control that reads its value, or null (with the reason shown inline) when the value is bad. */
export interface Control<T> {
  readonly el: HTMLElement;
  read(): T | null;
  readonly input: HTMLInputElement | HTMLSelectElement;
}

let nextId = 0;

/** A labelled input; `parse` returns the value or throws an Error whose message is shown under the input. */
export function inputControl<T>(label: string, id: string, initial: string, parse: (text: string) => T, onChange: () => void, attrs: Record<string, string> = {}): Control<T> {
  const inputId = `${id}-${nextId++}`;
  const input = h("input", { id: inputId, type: "text", value: initial, "data-control": id, ...attrs });
  const msg = h("span", { class: "msg", role: "status", "aria-live": "polite", "data-msg": id });
  const el = h("label", { class: "control", for: inputId }, label, input, msg);
  const read = (): T | null => {
    try {
      const v = parse(input.value);
      input.removeAttribute("aria-invalid");
      msg.textContent = "";
      return v;
    } catch (e) {
      input.setAttribute("aria-invalid", "true");
      msg.textContent = (e as Error).message;
      return null;
    }
  };
  // "change" fires on Enter and when the field loses focus with a new value: one computation per edit.
  input.addEventListener("change", onChange);
  return { el, read, input };
}

/** A number parser: finite, and within (or at) the bounds given; messages say what is allowed. */
export function numberParser(name: string, opts: { min?: number; max?: number; minExclusive?: boolean; integer?: boolean } = {}): (text: string) => number {
  return (text) => {
    const v = Number(text.trim());
    if (text.trim() === "" || !Number.isFinite(v)) throw new Error(`${name} must be a number, got "${text}"`);
    if (opts.integer && !Number.isInteger(v)) throw new Error(`${name} must be an integer, got ${v}`);
    if (opts.min !== undefined && (opts.minExclusive ? v <= opts.min : v < opts.min)) throw new Error(`${name} must be ${opts.minExclusive ? ">" : "≥"} ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max) throw new Error(`${name} must be ≤ ${opts.max}, got ${v}`);
    return v;
  };
}

/** A labelled select of string options. */
export function selectControl(label: string, id: string, options: readonly { value: string; label: string }[], initial: string, onChange: () => void): Control<string> {
  const selId = `${id}-${nextId++}`;
  const input = h("select", { id: selId, "data-control": id });
  for (const o of options) {
    const opt = h("option", { value: o.value }, o.label);
    if (o.value === initial) opt.selected = true;
    input.append(opt);
  }
  input.addEventListener("change", onChange);
  const el = h("label", { class: "control", for: selId }, label, input);
  return { el, read: () => input.value, input };
}

/** A labelled range slider with its value shown beside it; `input` events fire onChange live. */
export function sliderControl(label: string, id: string, min: number, max: number, step: number, initial: number, onChange: () => void): Control<number> {
  const inId = `${id}-${nextId++}`;
  const input = h("input", { id: inId, type: "range", min: String(min), max: String(max), step: String(step), value: String(initial), "data-control": id });
  const out = h("output", { for: inId }, String(initial));
  input.addEventListener("input", () => {
    out.textContent = input.value;
    onChange();
  });
  const el = h("label", { class: "control", for: inId }, h("span", {}, `${label} = `, out), input);
  return { el, read: () => Number(input.value), input };
}

/** A button; `pressed` makes it a toggle (aria-pressed). */
export function button(label: string, id: string, onClick: () => void): HTMLButtonElement {
  const b = h("button", { type: "button", "data-control": id }, label);
  b.addEventListener("click", onClick);
  return b;
}

/** A page's frame: heading, lead text, a control bar, a status line and a grid of cards. */
export function frame(root: HTMLElement, title: string, lead: string): { controls: HTMLElement; status: HTMLElement; grid: HTMLElement } {
  const controls = h("div", { class: "controls", role: "group", "aria-label": "Controls" });
  const status = h("div", { class: "status", role: "status", "aria-live": "polite", "data-status": "" });
  const grid = h("div", { class: "grid" });
  root.replaceChildren(h("h1", {}, title), h("p", { class: "lead" }, lead), controls, status, grid);
  return { controls, status, grid };
}

/** A titled card in the grid; returns its body. */
export function card(grid: HTMLElement, title: string, id: string): HTMLElement {
  const body = h("div", { "data-card": id });
  grid.append(h("section", { class: "card", "aria-label": title }, h("h2", {}, title), body));
  return body;
}

/** Shows a message in the status line (an error in red; the last good result stays on the page). */
export function setStatus(status: HTMLElement, text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle("error", error);
}

/** A number for display: 4 significant digits, or exponent notation for very small/large magnitudes. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? v.toPrecision(4) : v.toExponential(3);
}

/** A table of numbers; each cell may carry a full-precision value (data-value) for tests and copy-paste. */
export function numberTable(header: string[], rows: (string | { text: string; value: number; cls?: string })[][], id: string): HTMLTableElement {
  const t = h("table", { class: "nums", "data-table": id });
  t.append(h("thead", {}, h("tr", {}, ...header.map((c) => h("th", { scope: "col" }, c)))));
  const body = h("tbody");
  for (const r of rows) {
    body.append(
      h(
        "tr",
        {},
        ...r.map((c) => (typeof c === "string" ? h("td", {}, c) : h("td", { "data-value": String(c.value), ...(c.cls ? { class: c.cls } : {}) }, c.text))),
      ),
    );
  }
  t.append(body);
  return t;
}
