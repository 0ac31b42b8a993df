// Small inline-SVG bar charts (no library): stacked bars per category, value labels, a legend.
import { h, s } from "./dom.js";

const W = 360, H = 180, PAD_L = 30, PAD_B = 36, PAD_T = 16;

function niceMax(value) {
  if (value <= 4) return 4;
  const mag = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / mag) * mag;
}

/**
 * categories: labels along x; series: [{name, values}] stacked in order.
 * Returns a <figure> holding the SVG (scaled to its box) and a legend when there are several series.
 */
export function barChart({ categories, series, title, label = (v) => String(v) }) {
  const totals = categories.map((_, i) => series.reduce((a, sr) => a + (sr.values[i] || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotW = W - PAD_L - 6, plotH = H - PAD_B - PAD_T;
  const step = plotW / Math.max(categories.length, 1);
  const barW = Math.min(36, step * 0.7);
  const y = (v) => PAD_T + plotH - (v / max) * plotH;
  const grid = [0, max / 2, max].map((v) => [
    s("line", { x1: PAD_L, x2: W - 6, y1: y(v), y2: y(v), class: "gridline" }),
    s("text", { x: PAD_L - 4, y: y(v) + 4, class: "axis", "text-anchor": "end" }, label(v)),
  ]);
  const labelEvery = Math.ceil(categories.length / 10);
  const bars = categories.map((cat, i) => {
    const x = PAD_L + i * step + (step - barW) / 2;
    let base = 0;
    const parts = series.map((sr, k) => {
      const v = sr.values[i] || 0;
      const rect = s("rect", { x, y: y(base + v), width: barW, height: Math.max(0, y(base) - y(base + v)), class: `s${k % 6}` },
        s("title", {}, `${cat} · ${sr.name}: ${label(v)}`));
      base += v;
      return rect;
    });
    return [parts,
      totals[i] ? s("text", { x: x + barW / 2, y: y(totals[i]) - 3, class: "value", "text-anchor": "middle" }, label(totals[i])) : null,
      i % labelEvery === 0 ? s("text", { x: x + barW / 2, y: H - PAD_B + 14, class: "axis", "text-anchor": "middle" }, cat) : null];
  });
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": title }, grid, bars);
  const legend = series.length > 1 ? h("ul", { class: "legend" }, series.map((sr, k) =>
    h("li", {}, h("span", { class: `swatch s${k % 6}` }), sr.name))) : null;
  return h("figure", { class: "chart-box" }, h("figcaption", {}, title), svg, legend);
}

/** A horizontal bar showing a share (0..1), for the KPI cards. */
export function shareBar(share) {
  const pct = share === null || share === undefined ? 0 : Math.max(0, Math.min(1, share)) * 100;
  return s("svg", { viewBox: "0 0 100 6", class: "share", preserveAspectRatio: "none", "aria-hidden": "true" },
    s("rect", { x: 0, y: 0, width: 100, height: 6, class: "track" }),
    s("rect", { x: 0, y: 0, width: pct, height: 6, class: "fill" }));
}
