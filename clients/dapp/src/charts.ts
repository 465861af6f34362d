// Charts as inline SVG, drawn by hand: a line chart, a bar chart and a donut. Each returns an <svg> element sized by
// its viewBox (it scales with the page) with a <title> for screen readers.

const NS = "http://www.w3.org/2000/svg";

function el<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function frame(width: number, height: number, title: string, kind: string): SVGSVGElement {
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: `chart chart-${kind}` });
  svg.append(el("title", {}, title));
  return svg;
}

/** Round steps for an axis from 0 (or lo) to hi: 1, 2 or 5 × 10^n. */
function ticks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) return [Number.isFinite(lo) ? lo : 0];
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export interface LinePoint {
  x: number;
  y: number;
  label?: string;
}

/** A line over x (e.g. block heights) with dots at each point, y on a fixed range (e.g. 0–1000). */
export function lineChart(
  points: LinePoint[],
  opts: { title: string; yMin: number; yMax: number; xLabel: (x: number) => string; yLabel?: string },
): SVGSVGElement {
  const W = 640,
    H = 260,
    L = 48,
    R = 16,
    T = 16,
    B = 40;
  const svg = frame(W, H, opts.title, "line");
  const xs = points.map((p) => p.x);
  const x0 = Math.min(...xs),
    x1 = Math.max(...xs);
  const sx = (x: number) => L + (x1 === x0 ? (W - L - R) / 2 : ((x - x0) / (x1 - x0)) * (W - L - R));
  const sy = (y: number) => T + (1 - (y - opts.yMin) / (opts.yMax - opts.yMin)) * (H - T - B);
  for (const t of ticks(opts.yMin, opts.yMax, 5)) {
    svg.append(el("line", { x1: L, x2: W - R, y1: sy(t), y2: sy(t), class: "grid" }));
    svg.append(el("text", { x: L - 6, y: sy(t) + 4, "text-anchor": "end", class: "axis" }, String(t)));
  }
  if (opts.yLabel) {
    svg.append(el("text", { x: 12, y: T + (H - T - B) / 2, transform: `rotate(-90 12 ${T + (H - T - B) / 2})`, "text-anchor": "middle", class: "axis" }, opts.yLabel));
  }
  if (points.length === 0) {
    svg.append(el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "no data yet"));
    return svg;
  }
  const xt = x1 === x0 ? [x0] : [x0, x0 + (x1 - x0) / 2, x1];
  for (const x of xt) {
    svg.append(el("text", { x: sx(x), y: H - B + 18, "text-anchor": "middle", class: "axis" }, opts.xLabel(Math.round(x))));
  }
  svg.append(el("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "baseline" }));
  // Steps, not slopes: a score holds between the blocks that change it.
  let d = "";
  points.forEach((p, i) => {
    d += i === 0 ? `M${sx(p.x)},${sy(p.y)}` : `H${sx(p.x)}V${sy(p.y)}`;
  });
  svg.append(el("path", { d, class: "series" }));
  for (const p of points) {
    const dot = el("circle", { cx: sx(p.x), cy: sy(p.y), r: 3.5, class: "dot" });
    dot.append(el("title", {}, p.label ?? `${opts.xLabel(p.x)}: ${p.y}`));
    svg.append(dot);
  }
  return svg;
}

export interface Bar {
  label: string;
  value: number;
  /** Shown above the bar. */
  text?: string;
}

/** Vertical bars from 0. */
export function barChart(bars: Bar[], opts: { title: string; yLabel?: string }): SVGSVGElement {
  const W = 640,
    H = 260,
    L = 56,
    R = 12,
    T = 22,
    B = 36;
  const svg = frame(W, H, opts.title, "bars");
  const max = Math.max(1, ...bars.map((b) => b.value));
  const ts = ticks(0, max, 4);
  const top = Math.max(max, ts[ts.length - 1]);
  const sy = (y: number) => T + (1 - y / top) * (H - T - B);
  for (const t of ts) {
    svg.append(el("line", { x1: L, x2: W - R, y1: sy(t), y2: sy(t), class: "grid" }));
    svg.append(el("text", { x: L - 6, y: sy(t) + 4, "text-anchor": "end", class: "axis" }, t.toLocaleString()));
  }
  if (opts.yLabel) {
    svg.append(el("text", { x: 12, y: T + (H - T - B) / 2, transform: `rotate(-90 12 ${T + (H - T - B) / 2})`, "text-anchor": "middle", class: "axis" }, opts.yLabel));
  }
  const slot = (W - L - R) / Math.max(1, bars.length);
  bars.forEach((b, i) => {
    const x = L + i * slot + slot * 0.15;
    const w = slot * 0.7;
    const rect = el("rect", { x, y: sy(b.value), width: w, height: Math.max(0, sy(0) - sy(b.value)), class: "bar" });
    rect.append(el("title", {}, `${b.label}: ${b.text ?? b.value}`));
    svg.append(rect);
    svg.append(el("text", { x: x + w / 2, y: H - B + 16, "text-anchor": "middle", class: "axis" }, b.label));
    if (b.text && bars.length <= 24) {
      const size = bars.length > 12 ? 9 : 11;
      svg.append(el("text", { x: x + w / 2, y: sy(b.value) - 4, "text-anchor": "middle", class: "value", style: `font-size: ${size}px` }, b.text));
    }
  });
  svg.append(el("line", { x1: L, x2: W - R, y1: sy(0), y2: sy(0), class: "baseline" }));
  return svg;
}

export interface Slice {
  label: string;
  value: number;
  /** A CSS class picking its colour (slice-0 … slice-7). */
  kind: string;
  text: string;
}

/** A donut of shares, with a legend beside it. */
export function donut(slices: Slice[], opts: { title: string; center: string; sub?: string }): SVGSVGElement {
  const W = 640,
    H = 240,
    cx = 120,
    cy = 120,
    r = 96,
    inner = 58;
  const svg = frame(W, H, opts.title, "donut");
  const total = slices.reduce((s, x) => s + x.value, 0) || 1;
  let angle = -Math.PI / 2;
  const point = (a: number, radius: number) => `${cx + radius * Math.cos(a)},${cy + radius * Math.sin(a)}`;
  for (const s of slices) {
    const sweep = (s.value / total) * Math.PI * 2;
    if (sweep <= 0) continue;
    const a1 = angle + Math.min(sweep, Math.PI * 2 - 1e-4);
    const large = sweep > Math.PI ? 1 : 0;
    const d = `M${point(angle, r)} A${r},${r} 0 ${large} 1 ${point(a1, r)} L${point(a1, inner)} A${inner},${inner} 0 ${large} 0 ${point(angle, inner)} Z`;
    const path = el("path", { d, class: `slice ${s.kind}` });
    path.append(el("title", {}, `${s.label}: ${s.text}`));
    svg.append(path);
    angle += sweep;
  }
  const centerSize = opts.center.length > 9 ? 12 : opts.center.length > 6 ? 15 : 18;
  svg.append(el("text", { x: cx, y: cy + (opts.sub ? -2 : 5), "text-anchor": "middle", class: "center", style: `font-size: ${centerSize}px` }, opts.center));
  if (opts.sub) svg.append(el("text", { x: cx, y: cy + 16, "text-anchor": "middle", class: "axis" }, opts.sub));
  slices.forEach((s, i) => {
    const y = 30 + i * 28;
    svg.append(el("rect", { x: 260, y: y - 11, width: 14, height: 14, rx: 3, class: `slice ${s.kind}` }));
    svg.append(el("text", { x: 282, y, class: "legend" }, s.label));
    svg.append(el("text", { x: W - 12, y, "text-anchor": "end", class: "legend value" }, s.text));
  });
  return svg;
}
