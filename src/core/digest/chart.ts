// The digest's chart: engagements gained (bars, left axis) and link clicks (line, right axis) per
// day, drawn as SVG here and rasterised in-process by resvg (a prebuilt binary from the npm
// registry; no chart service, nothing downloaded at install). Text uses the machine's fonts
// (DejaVu Sans where installed: `apt-get install fonts-dejavu-core`); without any font the bars
// and lines are still drawn, only the labels are missing.
import { Resvg } from "@resvg/resvg-js";
import type { DailyPoint } from "../metrics/types.ts";

export const CHART_WIDTH = 900;
export const CHART_HEIGHT = 420;
const PAD = { left: 70, right: 70, top: 56, bottom: 56 };
const BAR = "#4f7cff";
const LINE = "#f08c2e";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A round axis maximum (1, 2, 2.5, 5 × 10^n) at or above `v`. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const short = (v: number) =>
  v >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${+(v / 1e3).toFixed(1)}k` : String(Math.round(v * 10) / 10);

export function chartSvg(points: DailyPoint[], title: string): string {
  const w = CHART_WIDTH - PAD.left - PAD.right;
  const h = CHART_HEIGHT - PAD.top - PAD.bottom;
  const engMax = niceMax(Math.max(0, ...points.map((p) => p.engagements)));
  const clickMax = niceMax(Math.max(0, ...points.map((p) => p.clicks)));
  const n = Math.max(points.length, 1);
  const step = w / n;
  const x = (i: number) => PAD.left + step * i + step / 2;
  const yE = (v: number) => PAD.top + h - (Math.max(0, v) / engMax) * h;
  const yC = (v: number) => PAD.top + h - (v / clickMax) * h;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="28" font-size="17" font-weight="bold" fill="#222">${esc(title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const y = PAD.top + (h * i) / 4;
    out.push(`<line x1="${PAD.left}" y1="${y}" x2="${PAD.left + w}" y2="${y}" stroke="#e4e4e4" stroke-width="1"/>`);
    out.push(`<text x="${PAD.left - 8}" y="${y + 4}" font-size="11" fill="${BAR}" text-anchor="end">${short(engMax * (1 - i / 4))}</text>`);
    out.push(`<text x="${PAD.left + w + 8}" y="${y + 4}" font-size="11" fill="${LINE}">${short(clickMax * (1 - i / 4))}</text>`);
  }
  const barW = Math.max(1, step * 0.7);
  points.forEach((p, i) => {
    if (p.engagements > 0) out.push(`<rect x="${(x(i) - barW / 2).toFixed(1)}" y="${yE(p.engagements).toFixed(1)}" width="${barW.toFixed(1)}" height="${(PAD.top + h - yE(p.engagements)).toFixed(1)}" fill="${BAR}"/>`);
  });
  if (points.length) {
    const path = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${yC(p.clicks).toFixed(1)}`).join(" ");
    out.push(`<path d="${path}" fill="none" stroke="${LINE}" stroke-width="2.5" stroke-linejoin="round"/>`);
    points.forEach((p, i) => out.push(`<circle cx="${x(i).toFixed(1)}" cy="${yC(p.clicks).toFixed(1)}" r="2.5" fill="${LINE}"/>`));
  }
  const every = Math.max(1, Math.ceil(points.length / 10));
  points.forEach((p, i) => {
    if (i % every === 0 || i === points.length - 1) out.push(`<text x="${x(i).toFixed(1)}" y="${PAD.top + h + 18}" font-size="11" fill="#555" text-anchor="middle">${esc(p.day.slice(5))}</text>`);
  });
  out.push(`<line x1="${PAD.left}" y1="${PAD.top + h}" x2="${PAD.left + w}" y2="${PAD.top + h}" stroke="#999" stroke-width="1"/>`);
  const ly = CHART_HEIGHT - 14;
  out.push(`<rect x="${PAD.left}" y="${ly - 10}" width="12" height="12" fill="${BAR}"/>`);
  out.push(`<text x="${PAD.left + 18}" y="${ly}" font-size="12" fill="#333">Engagements gained per day (left)</text>`);
  out.push(`<line x1="${PAD.left + 290}" y1="${ly - 4}" x2="${PAD.left + 312}" y2="${ly - 4}" stroke="${LINE}" stroke-width="2.5"/>`);
  out.push(`<text x="${PAD.left + 318}" y="${ly}" font-size="12" fill="#333">Link clicks per day, bots left out (right)</text>`);
  out.push("</svg>");
  return out.join("\n");
}

/** PNG of the series; null when there is nothing to draw (no day, or every value zero). */
export function renderChart(points: DailyPoint[], title: string): Uint8Array | null {
  if (!points.length || points.every((p) => p.engagements <= 0 && p.clicks <= 0)) return null;
  const resvg = new Resvg(chartSvg(points, title), { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" }, background: "#ffffff" });
  return new Uint8Array(resvg.render().asPng());
}
