// The rooms chart (docs/images/bench-rooms.svg), drawn by hand as SVG: two panels, p99 delay
// and bytes per reader per second, against readers per room, for both designs. Every axis is
// logarithmic: the sizes run from 5 to thousands, the baseline's costs over several decades.
import { isSplit, type RoomRow } from "../compare/results";
import { finished, roomFigures } from "./room-figures";

const PANEL = { width: 360, height: 300, left: 70, right: 16, top: 56, bottom: 52 };
const COLORS = { worker: "#1f77b4", baseline: "#d62728" } as const;
const NAMES = { worker: "presence worker", baseline: "socket.io baseline" } as const;

interface Panel {
  title: string;
  value: (row: RoomRow) => number | null;
  label: (value: number) => string;
  /** Gridlines at powers of this. */
  base: number;
}

const msLabel = (ms: number) => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`);
const bytesLabel = (value: number) => (value >= 2 ** 20 ? `${value / 2 ** 20} MiB` : value >= 1024 ? `${value / 1024} KiB` : `${value} B`);

const PANELS: Panel[] = [
  { title: "p99 delay, send → arrival", value: (row) => finished(row)?.p99Ms ?? null, label: msLabel, base: 10 },
  {
    title: "bytes per reader per second",
    value: (row) => {
      const result = finished(row);
      return result ? roomFigures(result).bytesPerReaderSecond : null;
    },
    label: bytesLabel,
    base: 1024,
  },
];

/** Powers of `base` from just below the smallest value to just above the largest. */
function decades(values: number[], base: number): number[] {
  const low = Math.floor(Math.log(Math.max(Math.min(...values), 1)) / Math.log(base));
  const high = Math.max(low + 1, Math.ceil(Math.log(Math.max(...values, 1)) / Math.log(base)));
  return Array.from({ length: high - low + 1 }, (_, index) => base ** (low + index));
}

function drawPanel(panel: Panel, rows: RoomRow[], offsetX: number): string[] {
  // Only the sizes a design finished: the others have nothing to draw.
  const sizes = [...new Set(rows.filter((row) => finished(row)).map((row) => row.readers))].sort((a, b) => a - b);
  const values = rows.flatMap((row) => panel.value(row) ?? []).filter((value) => value > 0);
  const ticks = decades(values.length > 0 ? values : [1, 10], panel.base);
  const plotWidth = PANEL.width - PANEL.left - PANEL.right;
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
  const [minSize, maxSize] = [Math.min(...sizes), Math.max(...sizes, Math.min(...sizes) * 10)];
  const x = (readers: number) => offsetX + PANEL.left + (Math.log(readers / minSize) / Math.log(maxSize / minSize)) * plotWidth;
  const [low, high] = [ticks[0] ?? 1, ticks.at(-1) ?? 10];
  const y = (value: number) => PANEL.top + plotHeight - (Math.log(Math.max(value, low) / low) / Math.log(high / low)) * plotHeight;

  const parts = [`<text x="${offsetX + PANEL.left + plotWidth / 2}" y="${PANEL.top - 12}" text-anchor="middle" font-size="13" font-weight="bold">${panel.title}</text>`];
  for (const tick of ticks) {
    parts.push(`<line x1="${offsetX + PANEL.left}" x2="${offsetX + PANEL.left + plotWidth}" y1="${y(tick)}" y2="${y(tick)}" stroke="#dddddd"/>`);
    parts.push(`<text x="${offsetX + PANEL.left - 6}" y="${y(tick) + 4}" text-anchor="end" font-size="11">${panel.label(tick)}</text>`);
  }
  for (const readers of sizes) {
    parts.push(`<line x1="${x(readers)}" x2="${x(readers)}" y1="${PANEL.top}" y2="${PANEL.top + plotHeight}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${x(readers)}" y="${PANEL.top + plotHeight + 16}" text-anchor="middle" font-size="11">${readers.toLocaleString("en-US")}</text>`);
  }
  parts.push(
    `<rect x="${offsetX + PANEL.left}" y="${PANEL.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333333"/>`,
    `<text x="${offsetX + PANEL.left + plotWidth / 2}" y="${PANEL.height - 14}" text-anchor="middle" font-size="12">readers in the room (log scale)</text>`,
  );
  for (const design of ["worker", "baseline"] as const) {
    const points = rows
      .filter((row) => row.design === design)
      .sort((a, b) => a.readers - b.readers)
      .flatMap((row) => {
        const value = panel.value(row);
        return value === null ? [] : [`${x(row.readers).toFixed(1)},${y(value).toFixed(1)}`];
      });
    if (points.length === 0) continue;
    parts.push(`<polyline points="${points.join(" ")}" fill="none" stroke="${COLORS[design]}" stroke-width="2.5"/>`);
    for (const point of points) {
      const [cx, cy] = point.split(",");
      parts.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${COLORS[design]}"/>`);
    }
  }
  return parts;
}

export function roomChartSvg(allRows: RoomRow[]): string {
  // Rooms held in one object per size: a split room on this machine shares one thread with its relays.
  const rows = allRows.filter((row) => !isSplit(row));
  const width = PANEL.width * PANELS.length;
  const height = PANEL.height + 30;
  const parts = [`<rect width="${width}" height="${height}" fill="#ffffff"/>`];
  parts.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">One post's room, every reader scrolling (a run's finished sizes)</text>`);
  PANELS.forEach((panel, index) => parts.push(...drawPanel(panel, rows, index * PANEL.width)));
  (["worker", "baseline"] as const).forEach((design, index) => {
    const legendX = 90 + index * 220;
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 28}" y1="${height - 10}" y2="${height - 10}" stroke="${COLORS[design]}" stroke-width="2.5"/>`,
      `<text x="${legendX + 34}" y="${height - 6}" font-size="12">${NAMES[design]}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif">\n${parts.join("\n")}\n</svg>\n`;
}
