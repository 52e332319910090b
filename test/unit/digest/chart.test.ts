import { describe, expect, it } from "vitest";
import { CHART_HEIGHT, CHART_WIDTH, chartSvg, niceMax, renderChart } from "../../../src/core/digest/chart.ts";

const days = (n: number, f: (i: number) => [number, number]) =>
  Array.from({ length: n }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, "0")}`, engagements: f(i)[0], clicks: f(i)[1] }));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const size = (png: Uint8Array) => {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
};

describe("digest chart", () => {
  it("renders a PNG of the chart's size", () => {
    const png = renderChart(days(30, (i) => [100 + i * 20, 10 + (i % 7)]), "Spring: engagements and clicks per day")!;
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(String.fromCharCode(...png.slice(12, 16))).toBe("IHDR");
    expect(size(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(png.length).toBeGreaterThan(5_000);
  });

  it("draws the data: other numbers give another picture", () => {
    const a = renderChart(days(14, (i) => [100 + i * 20, 10]), "t")!;
    const b = renderChart(days(14, (i) => [400 - i * 20, 30 - i]), "t")!;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it("the SVG has one bar per day with engagements, and the clicks line", () => {
    const svg = chartSvg(days(5, (i) => [i === 2 ? 0 : 50, i]), "t");
    expect(svg.match(/<rect x=/g)).toHaveLength(4 + 1); // four bars and the legend swatch
    expect(svg).toMatch(/<path d="M[\d.]+,[\d.]+ L/);
    expect(svg).toContain("11-03");
  });

  it("returns nothing when there is nothing to draw", () => {
    expect(renderChart([], "t")).toBeNull();
    expect(renderChart(days(10, () => [0, 0]), "t")).toBeNull();
  });

  it("rounds axis maxima up to readable numbers", () => {
    expect([niceMax(0), niceMax(7), niceMax(130), niceMax(210), niceMax(2_400), niceMax(1_000)]).toEqual([1, 10, 200, 250, 2_500, 1_000]);
  });
});
