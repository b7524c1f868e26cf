// The latency chart (docs/images/bench-latency.svg), drawn by hand as SVG: p50 and p99
// delay against readers per room, for both designs, on a logarithmic delay axis.
import type { RoomRow } from "../compare/results";

const WIDTH = 720;
const HEIGHT = 420;
const PLOT = { left: 80, right: 190, top: 50, bottom: 60 };
const COLORS = { worker: "#1f77b4", baseline: "#d62728" } as const;
const NAMES = { worker: "presence worker", baseline: "socket.io baseline" } as const;

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

function formatMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

export function latencyChartSvg(rows: RoomRow[]): string {
  const sizes = [...new Set(rows.map((row) => row.result.readers))].sort((a, b) => a - b);
  const delays = rows.flatMap((row) => [row.result.p50Ms, row.result.p99Ms]).filter((ms) => ms > 0);
  // Decades from 10 ms up to the first power of ten above the worst delay.
  const lowExp = Math.min(1, Math.floor(Math.log10(Math.min(...delays, 10))));
  const highExp = Math.max(lowExp + 1, Math.ceil(Math.log10(Math.max(...delays, 100))));
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const maxSize = Math.max(...sizes, 1);
  const x = (readers: number) => PLOT.left + (readers / maxSize) * plotWidth;
  const y = (ms: number) =>
    PLOT.top + plotHeight - ((Math.log10(Math.max(ms, 10 ** lowExp)) - lowExp) / (highExp - lowExp)) * plotHeight;

  const parts: string[] = [];
  parts.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  parts.push(
    `<text x="${WIDTH / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold">Progress update delay vs readers per room (4 updates/s each)</text>`,
  );
  for (let exp = lowExp; exp <= highExp; exp++) {
    const ms = 10 ** exp;
    parts.push(`<line x1="${PLOT.left}" x2="${PLOT.left + plotWidth}" y1="${y(ms)}" y2="${y(ms)}" stroke="#dddddd"/>`);
    parts.push(`<text x="${PLOT.left - 8}" y="${y(ms) + 4}" text-anchor="end" font-size="12">${formatMs(ms)}</text>`);
  }
  for (const readers of sizes) {
    parts.push(`<line x1="${x(readers)}" x2="${x(readers)}" y1="${PLOT.top}" y2="${PLOT.top + plotHeight}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${x(readers)}" y="${PLOT.top + plotHeight + 18}" text-anchor="middle" font-size="12">${readers}</text>`);
  }
  parts.push(
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333333"/>`,
    `<text x="${PLOT.left + plotWidth / 2}" y="${HEIGHT - 16}" text-anchor="middle" font-size="13">readers in the room</text>`,
    `<text transform="translate(20 ${PLOT.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="13">delay, send to arrival (log scale)</text>`,
  );

  let legendY = PLOT.top + 10;
  for (const design of ["worker", "baseline"] as const) {
    const series = rows.filter((row) => row.design === design).sort((a, b) => a.result.readers - b.result.readers);
    if (series.length === 0) continue;
    for (const quantile of ["p99", "p50"] as const) {
      const points = series.map((row) => `${x(row.result.readers)},${y(quantile === "p99" ? row.result.p99Ms : row.result.p50Ms)}`);
      const dash = quantile === "p50" ? ` stroke-dasharray="6 4"` : "";
      parts.push(`<polyline points="${points.join(" ")}" fill="none" stroke="${COLORS[design]}" stroke-width="2.5"${dash}/>`);
      for (const point of points) {
        const [cx, cy] = point.split(",");
        parts.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${COLORS[design]}"/>`);
      }
      const legendX = PLOT.left + plotWidth + 16;
      parts.push(
        `<line x1="${legendX}" x2="${legendX + 28}" y1="${legendY}" y2="${legendY}" stroke="${COLORS[design]}" stroke-width="2.5"${dash}/>`,
        `<text x="${legendX + 34}" y="${legendY + 4}" font-size="12">${escape(`${NAMES[design]}, ${quantile}`)}</text>`,
      );
      legendY += 22;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif">\n${parts.join("\n")}\n</svg>\n`;
}
