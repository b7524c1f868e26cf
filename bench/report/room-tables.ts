// The rooms' tables on the results page: every size, both designs side by side.
import { type ComparisonRun, isSplit, type RoomRow } from "../compare/results";
import { bytes, ms, percent, ratio, thousands } from "./format";
import { finished, roomFigures } from "./room-figures";

const NAMES = { worker: "worker", baseline: "baseline" } as const;

const sizesOf = (run: ComparisonRun) => [...new Set(run.rooms.map((row) => row.readers))].sort((a, b) => a - b);

function view(row: RoomRow): string {
  const result = row.result;
  if (!result || row.stopped !== null) return row.stopped ?? "not run";
  if (row.design === "baseline") return "every update relayed";
  const objects = result.objects === 1 ? "1 object" : `${result.objects} objects`;
  return `${result.crowd ? "crowd" : "rail"}, sends every ${result.sendEveryMs === null ? "?" : `${result.sendEveryMs / 1000} s`}, ${objects}`;
}

/** A design's name in the tables; a room spread over relays says so. */
const nameOf = (row: RoomRow) => (isSplit(row) ? `worker, ${thousands(row.perObject ?? 0)} per object` : NAMES[row.design]);

function figuresLine(row: RoomRow): string {
  const result = finished(row);
  const cells = [thousands(row.readers), nameOf(row), view(row)];
  if (!result) return `| ${[...cells, "", "", "", "", "", "", ""].join(" | ")} |`;
  const figures = roomFigures(result);
  const cpu = (value: number | null) => (value === null ? "n/a" : `${value.toFixed(value < 10 ? 1 : 0)} ms`);
  return `| ${[
    ...cells,
    `${ms(result.p50Ms)} / ${ms(result.p99Ms)}`,
    figures.framesPerReaderSecond.toFixed(1),
    `${bytes(figures.bytesPerReaderSecond)}/s`,
    cpu(figures.serverMsPerThousand),
    `${thousands(result.inboundPerSecond)} / ${thousands(result.inboundPeakPerSecond)}`,
    `${thousands(result.countsExact)} of ${thousands(result.readers)}`,
    percent(result.delivered, result.deliverable),
  ].join(" | ")} |`;
}

/** Per size and design: delay, frames, bytes, CPU, inbound, counts. */
export function renderRoomFigures(run: ComparisonRun): string {
  const rows = sizesOf(run).flatMap((readers) => run.rooms.filter((row) => row.readers === readers));
  return [
    "| readers | design | view | delay p50 / p99 | frames / reader / s | bytes / reader / s | server CPU per 1,000 delivered updates | inbound msgs / s into the busiest object (mean / busiest second) | counts exact | updates delivered |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows.map(figuresLine),
  ].join("\n");
}

/** Per size where both designs finished: how many times fewer frames and bytes, how much sooner. */
export function renderRoomRatios(run: ComparisonRun): string {
  const lines = sizesOf(run).flatMap((readers) => {
    const find = (design: string) => finished(run.rooms.find((row) => row.design === design && row.readers === readers && !isSplit(row)));
    const worker = find("worker");
    const baseline = find("baseline");
    if (!worker || !baseline) return [];
    const [w, b] = [roomFigures(worker), roomFigures(baseline)];
    return [
      `| ${thousands(readers)} | ${ratio(b.framesPerReaderSecond, w.framesPerReaderSecond)} | ${ratio(b.bytesPerReaderSecond, w.bytesPerReaderSecond)} | ${ms(worker.p99Ms)} vs ${ms(baseline.p99Ms)} (${ratio(baseline.p99Ms, worker.p99Ms, "shorter")}) |`,
    ];
  });
  return ["| readers | frames: worker vs baseline | bytes: worker vs baseline | p99: worker vs baseline |", "|---|---|---|---|", ...lines].join("\n");
}

/** What else ran on the machine during each room: a starved generator measures itself, not the server. */
export function renderRoomLoad(run: ComparisonRun): string {
  const lines = run.rooms.flatMap((row) => {
    const result = row.result;
    if (!result || result.joined === 0) return [];
    if (result.scrollSeconds === 0) return [`| ${thousands(row.readers)} | ${nameOf(row)} | ${thousands(result.joined)} in ${result.joinSeconds} s | | | | | ${row.loadAverage} |`];
    const { cpu } = result;
    return [
      `| ${thousands(row.readers)} | ${nameOf(row)} | ${thousands(result.joined)} in ${result.joinSeconds} s | ${cpu.server} | ${cpu.generator} | ${cpu.serverWaiting} / ${cpu.generatorWaiting} | ${ms(result.generatorLoopP99Ms)} | ${row.loadAverage} |`,
    ];
  });
  return [
    "| readers | design | seated | server cores | load generator cores | waiting for a core (server / generator) | generator event-loop delay p99 | load average after |",
    "|---|---|---|---|---|---|---|---|",
    ...lines,
  ].join("\n");
}
