import { findRun } from "./checks";
import type { QueryId, ScaleResult } from "./types";

/*
 * A hand-written SVG line chart: p50 (solid) and p99 (dashed) latency of each gateway query against the
 * number of meetings, both axes logarithmic, one panel per connection count. No browser, no dependency.
 */

const SERIES: { query: QueryId; color: string; label: string }[] = [
  { query: "Q1", color: "#1f77b4", label: "Q1 meeting(slug)" },
  { query: "Q2", color: "#d62728", label: "Q2 page of 50" },
  { query: "Q3", color: "#2ca02c", label: "Q3 filtered, deep" },
  { query: "Q4", color: "#9467bd", label: "Q4 dashboard" },
  { query: "Q5", color: "#ff7f0e", label: "Q5 updateMeeting" },
  { query: "Q6", color: "#8c564b", label: "Q6 titleContains" },
  { query: "Q7", color: "#e377c2", label: "Q7 search" },
];
const PANEL_W = 440;
const PANEL_H = 300;
const MARGIN = { left: 60, right: 20, top: 40, bottom: 50 };
const LEGEND_H = 60;

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (v: number) => (v >= 1 ? String(+v.toPrecision(3)) : String(+v.toPrecision(2)));
const scaleLabel = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

interface Point {
  scale: number;
  value: number;
}

function yTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= min && v <= max) ticks.push(v);
    }
  }
  return ticks;
}

function seriesFor(scales: ScaleResult[], connections: number) {
  const series = SERIES.map((s) => ({ ...s, p50: [] as Point[], p99: [] as Point[] }));
  for (const result of scales) {
    for (const s of series) {
      const run = findRun(result, s.query, "gateway", connections);
      if (!run) continue;
      s.p50.push({ scale: result.scale, value: Math.max(run.latencyMs.p50, 0.01) });
      s.p99.push({ scale: result.scale, value: Math.max(run.latencyMs.p99, 0.01) });
    }
  }
  return series;
}

/** One panel; every panel shares the y range [lo, hi] so that they can be compared. */
function panel(scales: ScaleResult[], connections: number, offsetX: number, lo: number, hi: number): string {
  const series = seriesFor(scales, connections);
  const xs = scales.map((s) => Math.log10(s.scale));
  const x0 = Math.min(...xs) - 0.35;
  const x1 = Math.max(...xs) + 0.35;
  const w = PANEL_W - MARGIN.left - MARGIN.right;
  const h = PANEL_H - MARGIN.top - MARGIN.bottom;
  const px = (scale: number) => offsetX + MARGIN.left + ((Math.log10(scale) - x0) / (x1 - x0)) * w;
  const py = (value: number) =>
    MARGIN.top + h - ((Math.log10(value) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * h;

  const out: string[] = [];
  out.push(
    `<text x="${offsetX + MARGIN.left + w / 2}" y="22" text-anchor="middle" font-weight="bold">${connections} connections</text>`,
  );
  for (const tick of yTicks(lo, hi)) {
    const y = py(tick).toFixed(1);
    out.push(
      `<line x1="${offsetX + MARGIN.left}" x2="${offsetX + MARGIN.left + w}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`,
    );
    out.push(
      `<text x="${offsetX + MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${fmt(tick)}</text>`,
    );
  }
  for (const result of scales) {
    const x = px(result.scale).toFixed(1);
    out.push(`<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${MARGIN.top + h}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x}" y="${MARGIN.top + h + 18}" text-anchor="middle">${scaleLabel(result.scale)}</text>`);
  }
  out.push(
    `<rect x="${offsetX + MARGIN.left}" y="${MARGIN.top}" width="${w}" height="${h}" fill="none" stroke="#999"/>`,
    `<text x="${offsetX + MARGIN.left + w / 2}" y="${PANEL_H - 8}" text-anchor="middle">meetings (log)</text>`,
    `<text transform="translate(${offsetX + 16} ${MARGIN.top + h / 2}) rotate(-90)" text-anchor="middle">latency, ms (log)</text>`,
  );
  for (const s of series) {
    for (const [points, dash] of [
      [s.p50, ""],
      [s.p99, ' stroke-dasharray="6 4"'],
    ] as const) {
      if (!points.length) continue;
      const path = points.map((p) => `${px(p.scale).toFixed(1)},${py(p.value).toFixed(1)}`).join(" ");
      out.push(`<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
      for (const p of points) {
        const cx = px(p.scale).toFixed(1);
        const cy = py(p.value).toFixed(1);
        out.push(
          dash
            ? `<rect x="${(+cx - 3.5).toFixed(1)}" y="${(+cy - 3.5).toFixed(1)}" width="7" height="7" fill="white" stroke="${s.color}" stroke-width="2"><title>${escape(`${s.label} p99 at ${p.scale}: ${p.value} ms`)}</title></rect>`
            : `<circle cx="${cx}" cy="${cy}" r="4" fill="${s.color}"><title>${escape(`${s.label} p50 at ${p.scale}: ${p.value} ms`)}</title></circle>`,
        );
      }
    }
  }
  return out.join("\n");
}

export function renderChart(scales: ScaleResult[], connections: number[], title: string): string {
  const values = connections
    .flatMap((c) => seriesFor(scales, c))
    .flatMap((s) => [...s.p50, ...s.p99].map((p) => p.value));
  const lo = values.length ? 10 ** Math.floor(Math.log10(Math.min(...values))) : 1;
  const hi = values.length ? 10 ** Math.ceil(Math.log10(Math.max(...values))) : 10;
  const width = PANEL_W * connections.length;
  const height = PANEL_H + LEGEND_H + 30;
  const present = SERIES.filter((s) => scales.some((r) => r.runs.some((run) => run.query === s.query)));
  const legend = present
    .map((s, i) => {
      const x = 20 + i * 170;
      const y = PANEL_H + 50;
      return `<line x1="${x}" x2="${x + 24}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"/><text x="${x + 30}" y="${y}" dominant-baseline="middle">${escape(s.label)}</text>`;
    })
    .join("\n");
  const keyY = PANEL_H + 26;
  const key = `<circle cx="32" cy="${keyY}" r="4" fill="#555"/><line x1="20" x2="44" y1="${keyY}" y2="${keyY}" stroke="#555" stroke-width="2"/><text x="50" y="${keyY}" dominant-baseline="middle">p50</text>
<rect x="108.5" y="${keyY - 3.5}" width="7" height="7" fill="white" stroke="#555" stroke-width="2"/><line x1="100" x2="124" y1="${keyY}" y2="${keyY}" stroke="#555" stroke-width="2" stroke-dasharray="6 4"/><text x="130" y="${keyY}" dominant-baseline="middle">p99</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="20" y="${height - 12}" fill="#555">${escape(title)}: gateway latency against the number of meetings</text>
${connections.map((c, i) => panel(scales, c, i * PANEL_W, lo, hi)).join("\n")}
${key}
${legend}
</svg>
`;
}
