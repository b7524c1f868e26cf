// Renders a comparison run as the "presence worker vs socket.io" section of docs/benchmarks.md.
import { type ComparisonRun, isSplit, type MemoryRow, perConnection, type RoomRow, type StormRow } from "../compare/results";
import type { RoomScrollResult } from "../load/jobs";
import { renderModel } from "./cloud-model";
import { bytes, ms, ratio, thousands } from "./format";
import { finished } from "./room-figures";
import { renderRoomFigures, renderRoomLoad, renderRoomRatios } from "./room-tables";
import { renderRoomTargets } from "./room-targets";

export const CHART_PATH = "docs/images/bench-rooms.svg";

function stormCell(row: StormRow | undefined): string {
  if (!row) return "not run";
  const r = row.result;
  if (row.stoppedForMemory) return `stopped: server memory passed 4 GiB (${thousands(r.opened)} of ${thousands(r.sockets)} joined)`;
  if (r.opened < r.sockets || r.failed > 0) {
    return `did not finish joining: ${thousands(r.opened)} of ${thousands(r.sockets)} sockets open after ${r.joinSeconds} s${r.failed > 0 ? `, ${r.failed} failed` : ""}`;
  }
  if (!r.converged) return `not converged ${ms(r.convergeMs)} after the last join (${thousands(r.sawFinal)} of ${thousands(r.sockets)} had the final count)`;
  return ms(r.convergeMs);
}

function stormRatio(worker: StormRow | undefined, baseline: StormRow | undefined): string {
  const done = (row: StormRow | undefined) => row !== undefined && row.result.converged && !row.stoppedForMemory;
  if (done(worker) && done(baseline)) return ratio(baseline?.result.convergeMs ?? 0, Math.max(worker?.result.convergeMs ?? 0, 1), "sooner");
  if (done(worker)) return "baseline never converged";
  return "n/a";
}

function memoryLines(worker: MemoryRow | undefined, baseline: MemoryRow | undefined): string[] {
  if (!worker || !baseline) return [];
  const ours = perConnection(worker.serverRss, worker.sockets);
  const theirs = perConnection(baseline.serverRss, baseline.sockets);
  const span = `${worker.sockets[0]} → ${worker.sockets[1]}`;
  return [`| Memory per idle connection (RSS growth ${span} sockets ÷ ${worker.sockets[1] - worker.sockets[0]}) | ${bytes(ours)} | ${bytes(theirs)} | ${ratio(theirs, ours, "less")} |`];
}

/** The largest room the worker finished in the crowd view in one object: the measured per-reader costs for the model. */
function largestCrowd(run: ComparisonRun): RoomScrollResult | null {
  const crowds = run.rooms.flatMap((row) => {
    const result = row.design === "worker" && !isSplit(row) ? finished(row) : null;
    return result?.crowd ? [result] : [];
  });
  return crowds.sort((a, b) => b.readers - a.readers)[0] ?? null;
}

function whoRan(row: RoomRow): string {
  if (row.design === "baseline") return "The socket.io baseline";
  return isSplit(row) ? `The presence worker, ${thousands(row.perObject ?? 0)} sockets per object` : "The presence worker";
}

/** Where each design stopped growing, and why (the rooms past it were not run). */
function stops(run: ComparisonRun): string[] {
  return run.rooms
    .filter((row) => row.stopped !== null && !row.stopped.startsWith("not run"))
    .map((row) => `- ${whoRan(row)} at ${thousands(row.readers)} readers: ${row.stopped}.`);
}

export function renderComparison(run: ComparisonRun): string {
  const { machine } = run;
  const find = <T extends { design: string }>(rows: T[], design: string, match: (row: T) => boolean) =>
    rows.find((row) => row.design === design && match(row));
  const stormSizes = [...new Set(run.storms.map((row) => row.result.sockets))].sort((a, b) => b - a);
  const shards = run.storms.find((row) => row.siteShards !== null)?.siteShards ?? "—";
  const loads = [...run.storms, ...run.rooms, ...run.memory].map((row) => row.loadAverage);
  const crowd = largestCrowd(run);
  const largestStorm = run.storms.filter((row) => row.design === "worker").sort((a, b) => b.result.sockets - a.result.sockets)[0];

  return [
    `Measured ${run.date} with \`${run.command}\` (${Math.round(run.totalSeconds)} s). Machine: ${machine.cores} cores (${machine.model}), ${machine.memoryGiB} GiB, Node.js ${machine.node}, wrangler ${machine.wrangler} (workerd), socket.io ${machine.socketIo}; everything on loopback. The machine is shared: its 1-minute load average was ${Math.min(...loads)}–${Math.max(...loads)} during the run, so other work competed for the ${machine.cores} cores.`,
    "",
    "**Rooms.** Every reader scrolls a step down the post 4 times a second; the worker's readers send at the pace their room asks for (as the app's client does), the baseline's at every step. Delay: from a value's send to its arrival at each other reader, for values that arrive as themselves (rail markers, the crowd view's faces, the baseline's relays). CPU: the phase from the first update until traffic stops, per 1,000 updates delivered (an update counts as delivered to each other reader who shows it; in the crowd view, to each reader whose density strip came out exact).",
    "",
    renderRoomFigures(run),
    "",
    ...(stops(run).length > 0 ? [...stops(run), ""] : []),
    renderRoomRatios(run),
    "",
    renderRoomTargets(run),
    "",
    `![p99 delay and bytes per reader per second against readers per room, both designs](images/${CHART_PATH.split("/").pop()})`,
    "",
    "What the machine was doing meanwhile:",
    "",
    renderRoomLoad(run),
    "",
    `**A room past this machine, on paper.** ${crowd ? renderModel(crowd) : "No crowd room finished in this run: nothing to scale from."}`,
    "",
    ...(run.storms.length + run.memory.length === 0 ? [] : ["**Site presence and memory.**", "", "| scenario | presence worker | socket.io baseline | worker vs baseline |", "|---|---|---|---|"]),
    ...stormSizes.flatMap((sockets) => {
      const worker = find(run.storms, "worker", (row) => row.result.sockets === sockets);
      const baseline = find(run.storms, "baseline", (row) => row.result.sockets === sockets);
      return [
        `| Join storm, ${thousands(sockets)} sockets: last join → every socket has the final count | ${stormCell(worker)} | ${stormCell(baseline)} | ${stormRatio(worker, baseline)} |`,
        `| Join storm, ${thousands(sockets)} sockets: time to open them all (200 at a time) | ${worker ? `${worker.result.joinSeconds} s` : ""} | ${baseline ? `${baseline.result.joinSeconds} s` : ""} | |`,
        `| Join storm, ${thousands(sockets)} sockets: messages / bytes the sockets received | ${worker ? `${thousands(worker.result.messages)} / ${bytes(worker.result.bytes)}` : ""} | ${baseline ? `${thousands(baseline.result.messages)} / ${bytes(baseline.result.bytes)}` : ""} | |`,
        `| Join storm, ${thousands(sockets)} sockets: CPU used, server / load generator (cores) | ${worker ? `${worker.result.cpu.server} / ${worker.result.cpu.generator}` : ""} | ${baseline ? `${baseline.result.cpu.server} / ${baseline.result.cpu.generator}` : ""} | |`,
      ];
    }),
    ...memoryLines(find(run.memory, "worker", () => true), find(run.memory, "baseline", () => true)),
    "",
    largestStorm
      ? `Join storm of ${thousands(largestStorm.result.sockets)} over ${shards} site shards (\`SITE_SHARDS\`): converged ≤ 2 s after the last join (issue 6): ${largestStorm.result.converged && largestStorm.result.convergeMs <= 2000 ? "met" : "**missed**"} (${stormCell(largestStorm)}).`
      : "",
  ].join("\n");
}
