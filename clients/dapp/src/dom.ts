// A few DOM helpers: elements are built with textContent, never innerHTML, since titles, metadata and errors come
// from the chain and from other people.

type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | ((e: Event) => void) | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === "function") e.addEventListener(k.replace(/^on/, ""), v);
    else if (v === true) e.setAttribute(k, "");
    else e.setAttribute(k, String(v));
  }
  append(e, children);
  return e;
}

export function append(parent: Node, children: Child[]) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e as T;
}

export const value = (id: string) => byId<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(id).value;

export function replace(id: string, ...children: Child[]) {
  const e = byId(id);
  e.replaceChildren();
  e.classList.remove("muted");
  append(e, children);
}

/** A table with a header row; cells are nodes or text. */
export function table(head: string[], rows: Child[][], numeric: number[] = []): HTMLTableElement {
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, ...head.map((t, i) => h("th", { class: numeric.includes(i) ? "num" : undefined }, t)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...r.map((c, i) => h("td", { class: numeric.includes(i) ? "num" : undefined }, c))))),
  );
}
