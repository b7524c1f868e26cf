// Renders a comparison run as the "presence worker vs socket.io" section of docs/benchmarks.md.
import { type ComparisonRun, type MemoryRow, perConnection, type RoomRow, type StormRow } from "../compare/results";
import { bytes, ms, percent, ratio, thousands } from "./format";

export const CHART_PATH = "docs/images/bench-latency.svg";

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

const perSecond = (total: number, row: RoomRow) => total / row.result.scrollSeconds;

function roomLines(worker: RoomRow, baseline: RoomRow): string[] {
  const w = worker.result;
  const b = baseline.result;
  const line = (label: string, ours: string, theirs: string, factor: string) => `| ${label} | ${ours} | ${theirs} | ${factor} |`;
  return [
    line(`Room of ${w.readers}: progress updates sent by readers`, `${thousands(w.updatesSent)} in ${w.scrollSeconds} s`, `${thousands(b.updatesSent)} in ${b.scrollSeconds} s`, ""),
    line(`Room of ${w.readers}: messages the server sent per second of scrolling`, thousands(perSecond(w.messages, worker)), thousands(perSecond(b.messages, baseline)), ratio(perSecond(b.messages, baseline), perSecond(w.messages, worker))),
    line(`Room of ${w.readers}: messages per progress update`, (w.messages / w.updatesSent).toFixed(1), (b.messages / b.updatesSent).toFixed(1), ratio(b.messages / b.updatesSent, w.messages / w.updatesSent)),
    line(`Room of ${w.readers}: bytes the server sent per second of scrolling`, `${bytes(perSecond(w.bytes, worker))}/s`, `${bytes(perSecond(b.bytes, baseline))}/s`, ratio(perSecond(b.bytes, baseline), perSecond(w.bytes, worker))),
    line(`Room of ${w.readers}: delay send → arrival, p50`, ms(w.p50Ms), ms(b.p50Ms), ratio(b.p50Ms, w.p50Ms, "shorter")),
    line(`Room of ${w.readers}: delay send → arrival, p99`, ms(w.p99Ms), ms(b.p99Ms), ratio(b.p99Ms, w.p99Ms, "shorter")),
    line(`Room of ${w.readers}: sent values that reached each other reader`, percent(w.delivered, w.deliverable), percent(b.delivered, b.deliverable), ""),
    line(`Room of ${w.readers}: last update's effects delivered after`, `${w.deliverySeconds} s`, `${b.deliverySeconds} s`, ""),
    line(`Room of ${w.readers}: CPU used, server / load generator (cores)`, `${w.cpu.server} / ${w.cpu.generator}`, `${b.cpu.server} / ${b.cpu.generator}`, ""),
    line(`Room of ${w.readers}: ready but waiting for a core, server / load generator (cores)`, `${w.cpu.serverWaiting} / ${w.cpu.generatorWaiting}`, `${b.cpu.serverWaiting} / ${b.cpu.generatorWaiting}`, ""),
    line(`Room of ${w.readers}: load generator's event-loop delay, p99`, ms(w.generatorLoopP99Ms), ms(b.generatorLoopP99Ms), ""),
  ];
}

function memoryLines(worker: MemoryRow | undefined, baseline: MemoryRow | undefined): string[] {
  if (!worker || !baseline) return [];
  const ours = perConnection(worker.serverRss, worker.sockets);
  const theirs = perConnection(baseline.serverRss, baseline.sockets);
  const proxy = worker.proxyRss ? perConnection(worker.proxyRss, worker.sockets) : null;
  const span = `${worker.sockets[0]} → ${worker.sockets[1]}`;
  return [
    `| Memory per idle connection (RSS growth ${span} sockets ÷ ${worker.sockets[1] - worker.sockets[0]}) | ${bytes(ours)} | ${bytes(theirs)} | ${ratio(theirs, ours, "less")} |`,
    ...(proxy === null ? [] : [`| … plus wrangler's dev proxy (local only, not in production) | ${bytes(proxy)} | — | ${ratio(theirs, ours + proxy, "less")} counting it |`]),
  ];
}

export function renderComparison(run: ComparisonRun): string {
  const { machine } = run;
  const find = <T extends { design: string }>(rows: T[], design: string, match: (row: T) => boolean) =>
    rows.find((row) => row.design === design && match(row));
  const stormSizes = [...new Set(run.storms.map((row) => row.result.sockets))].sort((a, b) => b - a);
  const roomSizes = [...new Set(run.rooms.map((row) => row.result.readers))].sort((a, b) => a - b);
  const largest = roomSizes.at(-1);
  const workerRoom = find(run.rooms, "worker", (row) => row.result.readers === largest);
  const baselineRoom = find(run.rooms, "baseline", (row) => row.result.readers === largest);
  const shards = run.storms.find((row) => row.siteShards !== null)?.siteShards ?? "—";
  const loads = [...run.storms, ...run.rooms, ...run.memory].map((row) => row.loadAverage);

  const lines = [
    `Measured ${run.date} with \`${run.command}\` (${Math.round(run.totalSeconds)} s). Machine: ${machine.cores} cores (${machine.model}), ${machine.memoryGiB} GiB, Node.js ${machine.node}, wrangler ${machine.wrangler} (workerd), socket.io ${machine.socketIo}; everything on loopback. The machine is shared: its 1-minute load average was ${Math.min(...loads)}–${Math.max(...loads)} during the run, so other work competed for the 2 cores.`,
    "",
    "| scenario | presence worker | socket.io baseline | worker vs baseline |",
    "|---|---|---|---|",
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
    ...(workerRoom && baselineRoom ? roomLines(workerRoom, baselineRoom) : []),
    ...memoryLines(find(run.memory, "worker", () => true), find(run.memory, "baseline", () => true)),
    "",
    renderTargets(run),
    "",
    `Site presence shards (\`SITE_SHARDS\`) for the join storm: ${shards}; the lobby merges them into the one count every socket receives.`,
    "",
    `![p50 and p99 delay of a progress update against readers per room](images/${CHART_PATH.split("/").pop()})`,
    "",
    "| readers per room | worker p50 / p99 | baseline p50 / p99 | worker msgs/s | baseline msgs/s | worker / baseline values delivered |",
    "|---|---|---|---|---|---|",
    ...roomSizes.map((readers) => {
      const w = find(run.rooms, "worker", (row) => row.result.readers === readers);
      const b = find(run.rooms, "baseline", (row) => row.result.readers === readers);
      const delays = (row: RoomRow | undefined) => (row ? `${ms(row.result.p50Ms)} / ${ms(row.result.p99Ms)}` : "");
      const rate = (row: RoomRow | undefined) => (row ? thousands(perSecond(row.result.messages, row)) : "");
      const delivered = (row: RoomRow | undefined) => (row ? percent(row.result.delivered, row.result.deliverable) : "");
      return `| ${readers} | ${delays(w)} | ${delays(b)} | ${rate(w)} | ${rate(b)} | ${delivered(w)} / ${delivered(b)} |`;
    }),
  ];
  return lines.join("\n");
}

/** The issue's targets, each checked against the run (at the largest room and the largest storm). */
export function renderTargets(run: ComparisonRun): string {
  const largest = Math.max(...run.rooms.map((row) => row.result.readers));
  const room = (design: string) => run.rooms.find((row) => row.design === design && row.result.readers === largest)?.result;
  const worker = room("worker");
  const baseline = room("baseline");
  const storm = run.storms
    .filter((row) => row.design === "worker")
    .sort((a, b) => b.result.sockets - a.result.sockets)[0];
  const verdict = (met: boolean | null) => (met === null ? "not measured" : met ? "met" : "**missed**");
  const fewer = worker && baseline ? baseline.messages / baseline.updatesSent / (worker.messages / worker.updatesSent) : null;
  const slower = worker && baseline ? baseline.p99Ms / Math.max(worker.p99Ms, 1) : null;
  const rows = [
    [`${largest} readers: worker sends ≥ 20× fewer messages`, fewer === null ? "" : `${fewer.toFixed(1)}× fewer`, verdict(fewer === null ? null : fewer >= 20)],
    [`${largest} readers: worker p99 delay < 300 ms`, worker ? ms(worker.p99Ms) : "", verdict(worker ? worker.p99Ms < 300 : null)],
    [`${largest} readers: baseline p99 ≥ 10× the worker's`, slower === null ? "" : `${slower.toFixed(1)}×`, verdict(slower === null ? null : slower >= 10)],
    [
      `join storm of ${storm ? thousands(storm.result.sockets) : "?"}: converged ≤ 2 s after the last join`,
      storm ? stormCell(storm) : "",
      verdict(storm ? storm.result.converged && storm.result.convergeMs <= 2000 : null),
    ],
  ];
  return ["| target | measured | |", "|---|---|---|", ...rows.map((cells) => `| ${cells.join(" | ")} |`)].join("\n");
}
