// Puts a run's figures into docs/benchmarks.md (between its markers, leaving the rest of the
// page alone) and draws the rooms chart.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ComparisonRun } from "../compare/results";
import { roomChartSvg } from "./room-chart";
import { CHART_PATH, renderComparison } from "./markdown";

const DOCS_PATH = "docs/benchmarks.md";
const START = "<!-- bench:presence-compare:start (written by `npm run bench:presence`; edits inside are overwritten) -->";
const END = "<!-- bench:presence-compare:end -->";

export function writeDocs(run: ComparisonRun): void {
  const page = readFileSync(DOCS_PATH, "utf8");
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOCS_PATH} has lost its markers for the generated section`);
  writeFileSync(DOCS_PATH, `${page.slice(0, start + START.length)}\n${renderComparison(run)}\n${page.slice(end)}`);
  mkdirSync(dirname(CHART_PATH), { recursive: true });
  writeFileSync(CHART_PATH, roomChartSvg(run.rooms));
}
