// Issue 14's targets for the rooms, each checked against one run (ratios side by side in it).
import { type ComparisonRun, isSplit, type RoomRow } from "../compare/results";
import type { RoomScrollResult } from "../load/jobs";
import { bytes, ms, thousands } from "./format";
import { finished, roomFigures } from "./room-figures";

const MAX_INBOUND_PER_OBJECT = 500;
/** "~500": the busiest second may pass it by a tenth (senders on their own clocks bunch up a little). */
const INBOUND_SLACK = 1.1;

type Verdict = [target: string, measured: string, met: boolean | null];

const verdictText = (met: boolean | null) => (met === null ? "not measured" : met ? "met" : "**missed**");

/** The run of one size in one object (the targets' rows; a split room on one thread is shown apart). */
function rowOf(run: ComparisonRun, design: string, readers: number): RoomRow | undefined {
  return run.rooms.find((row) => row.design === design && row.readers === readers && !isSplit(row));
}

function smallRoom(worker: RoomScrollResult | null, baseline: RoomScrollResult | null, readers: number): Verdict {
  const target = `${readers} readers: worker p99 ≤ baseline p99 + 20 ms`;
  if (!worker || !baseline) return [target, "", null];
  return [target, `${ms(worker.p99Ms)} against ${ms(baseline.p99Ms)}`, worker.p99Ms <= baseline.p99Ms + 20];
}

function room200(worker: RoomScrollResult | null, baseline: RoomScrollResult | null): Verdict[] {
  const fewer = worker && baseline ? baseline.messages / baseline.scrollSeconds / (worker.messages / worker.scrollSeconds) : null;
  const worse = worker && baseline ? baseline.p99Ms / Math.max(worker.p99Ms, 1) : null;
  return [
    ["200 readers: ≥ 100× fewer frames than the baseline", fewer === null ? "" : `${fewer.toFixed(0)}× fewer`, fewer === null ? null : fewer >= 100],
    ["200 readers: worker p99 < 200 ms", worker ? ms(worker.p99Ms) : "", worker ? worker.p99Ms < 200 : null],
    ["200 readers: baseline p99 ≥ 10× the worker's", worse === null ? "" : `${worse.toFixed(1)}×`, worse === null ? null : worse >= 10],
  ];
}

function largeRoom(row: RoomRow | undefined, at200: RoomScrollResult | null, readers: number): Verdict[] {
  const size = thousands(readers);
  const result = finished(row);
  if (!result) {
    const why = row?.stopped ?? "not run";
    return [[`${size} readers: the worker holds the room`, why, false]];
  }
  const figures = roomFigures(result);
  const limit = at200 ? 2 * roomFigures(at200).bytesPerReaderSecond : null;
  return [
    [
      `${size} readers: bytes / reader / s ≤ 2× the figure at 200`,
      `${bytes(figures.bytesPerReaderSecond)}/s${limit === null ? "" : ` (limit ${bytes(limit)}/s)`}`,
      limit === null ? null : figures.bytesPerReaderSecond <= limit,
    ],
    [`${size} readers: worker p99 < 500 ms`, ms(result.p99Ms), result.p99Ms < 500],
    [
      `${size} readers: no object over ~${MAX_INBOUND_PER_OBJECT} inbound msgs/s (the busiest second ≤ ${MAX_INBOUND_PER_OBJECT * INBOUND_SLACK})`,
      `${thousands(result.inboundPerSecond)}/s mean, ${thousands(result.inboundPeakPerSecond)} in the busiest second`,
      result.inboundPeakPerSecond <= MAX_INBOUND_PER_OBJECT * INBOUND_SLACK,
    ],
    [`${size} readers: counts exact`, `${thousands(result.countsExact)} of ${size} readers told ${size}`, figures.countsExact],
  ];
}

export function renderRoomTargets(run: ComparisonRun): string {
  const result = (design: string, readers: number) => finished(rowOf(run, design, readers));
  const large = [...new Set(run.rooms.filter((row) => !isSplit(row)).map((row) => row.readers))].filter((readers) => readers >= 1000).sort((a, b) => a - b);
  const rows: Verdict[] = [
    smallRoom(result("worker", 5), result("baseline", 5), 5),
    smallRoom(result("worker", 25), result("baseline", 25), 25),
    ...room200(result("worker", 200), result("baseline", 200)),
    ...large.flatMap((readers) => largeRoom(rowOf(run, "worker", readers), result("worker", 200), readers)),
  ];
  return ["| target (issue 14) | measured | |", "|---|---|---|", ...rows.map(([target, measured, met]) => `| ${target} | ${measured} | ${verdictText(met)} |`)].join("\n");
}
