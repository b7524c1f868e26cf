// The three scenarios, each against a freshly started server of either design.
import { DEFAULT_ROOM_SOCKETS_PER_OBJECT } from "../../party/config/room-seats";
import { runGenerator } from "../support/generator";
import { loadAverage } from "./machine";
import { watchMemory } from "./memory-watchdog";
import type { MemoryRow, RoomRow, StormRow } from "./results";
import { type Design, startServer } from "./server-under-test";

/** The worker's article rooms (a different one per size; each size runs against a fresh server anyway). */
const ROOMS = ["how-live-presence-works", "counting-readers-exactly", "reading-progress-rails", "privacy-in-presence", "durable-objects-and-hibernation"];
/** The post the `index`th room of a sweep reads, in turn. */
const roomFor = (index: number) => ROOMS[index % ROOMS.length] ?? "how-live-presence-works";
const SITE_SHARDS = "4";
const MEMORY_LIMIT = 4 * 2 ** 30;
/** Rooms of thousands: a higher limit. */
const ROOM_MEMORY_LIMIT = 10 * 2 ** 30;

export async function joinStorm(
  design: Design,
  port: number,
  sockets: number,
  limits: { joinTimeoutMs: number; convergeTimeoutMs: number },
): Promise<StormRow> {
  // The worker gets SITE_SHARDS (ignored until site sharding lands; the run records it either way).
  const server = await startServer(design, port, design === "worker" ? { SITE_SHARDS } : {});
  const stopWatching = watchMemory(server.cpuPids, MEMORY_LIMIT, () => void server.stop());
  try {
    const answer = await runGenerator(
      { type: "join-storm", target: { kind: design, url: server.url, serverPids: server.cpuPids }, sockets, concurrency: 200, ...limits },
      { timeoutMs: limits.joinTimeoutMs + limits.convergeTimeoutMs + 60_000 },
    );
    if (answer.type !== "join-storm-result") throw new Error(`unexpected answer ${answer.type}`);
    return {
      design,
      siteShards: design === "worker" ? SITE_SHARDS : null,
      result: answer.result,
      stoppedForMemory: stopWatching(),
      loadAverage: loadAverage(),
    };
  } finally {
    stopWatching();
    await server.stop();
  }
}

export interface RoomPlan {
  /** Rooms of these sizes, each in one object (the worker's objects all share one thread here), both designs. */
  sizes: number[];
  /** And these, worker only, with the deployed setting: 2,000 sockets per object, the rest in relays. */
  splitSizes: number[];
  /** Readers per room who sign in and are shown by name (the crowd view's faces). */
  named: number;
  seconds: number;
  sendsPerReader: number;
  /** Seating a room may take this long per reader (at least 30 s); delivering after the last update, `drainTimeoutMs`. */
  joinMsPerReader: number;
  drainTimeoutMs: number;
}

/**
 * Rooms of every size, both designs side by side (one size, then the next), each run against
 * a fresh server so what one leaves behind (departures, garbage) can't slow the next. A design
 * that does not keep up at a size (can't seat the room, or still delivers long after the last
 * update, or passes the memory limit) is stopped there and not run at larger sizes. The worker
 * holds each of these rooms in one object; then come the split rooms, spread over relays.
 */
export async function roomSweep(designs: readonly Design[], ports: Record<Design, number>, plan: RoomPlan, log: (line: string) => void): Promise<RoomRow[]> {
  const rows: RoomRow[] = [];
  const stoppedAt = new Map<Design, number>();
  for (const [index, readers] of plan.sizes.entries()) {
    for (const design of designs) {
      const smaller = stoppedAt.get(design);
      if (smaller !== undefined) {
        rows.push({ design, readers, perObject: null, result: null, stopped: `not run: stopped at ${smaller} readers`, loadAverage: loadAverage() });
        continue;
      }
      log(`${design}: room of ${readers} readers`);
      const perObject = design === "worker" ? Math.max(readers, DEFAULT_ROOM_SOCKETS_PER_OBJECT) : null;
      const row = await roomRun(design, ports[design], roomFor(index), readers, perObject, plan);
      rows.push(row);
      log(row.stopped ?? JSON.stringify(row.result));
      if (row.stopped !== null) stoppedAt.set(design, readers);
    }
  }
  for (const [index, readers] of (designs.includes("worker") ? plan.splitSizes : []).entries()) {
    log(`worker: room of ${readers} readers, ${DEFAULT_ROOM_SOCKETS_PER_OBJECT} per object`);
    const row = await roomRun("worker", ports.worker, roomFor(index), readers, DEFAULT_ROOM_SOCKETS_PER_OBJECT, plan);
    rows.push(row);
    log(row.stopped ?? JSON.stringify(row.result));
  }
  return rows;
}

const memoryStop = `stopped: server memory passed ${ROOM_MEMORY_LIMIT / 2 ** 30} GiB`;

async function roomRun(design: Design, port: number, room: string, readers: number, perObject: number | null, plan: RoomPlan): Promise<RoomRow> {
  const server = await startServer(design, port, perObject === null ? {} : { ROOM_SOCKETS_PER_OBJECT: String(perObject) });
  const stopWatching = watchMemory(server.cpuPids, ROOM_MEMORY_LIMIT, () => void server.stop());
  const joinTimeoutMs = Math.max(30_000, readers * plan.joinMsPerReader);
  try {
    const answer = await runGenerator(
      {
        type: "room-scroll",
        target: { kind: design, url: server.url, serverPids: server.cpuPids },
        room,
        readers,
        named: Math.min(plan.named, readers),
        // The worker's readers send at the pace their room asks for, as the app's client does.
        paced: design === "worker",
        stepsPerSecond: 4,
        seconds: plan.seconds,
        sendsPerReader: plan.sendsPerReader,
        joinConcurrency: 20,
        joinTimeoutMs,
        drainTimeoutMs: plan.drainTimeoutMs,
      },
      { timeoutMs: joinTimeoutMs + plan.drainTimeoutMs + 300_000 },
    );
    if (answer.type !== "room-scroll-result") throw new Error(`unexpected answer ${answer.type}`);
    const stopped = stopWatching() ? memoryStop : answer.result.stopped;
    return { design, readers, perObject, result: answer.result, stopped, loadAverage: loadAverage() };
  } catch (error) {
    const reason = stopWatching() ? memoryStop : `failed: ${error instanceof Error ? error.message : String(error)}`;
    return { design, readers, perObject, result: null, stopped: reason, loadAverage: loadAverage() };
  } finally {
    stopWatching();
    await server.stop();
  }
}

export async function idleMemory(design: Design, port: number, steps: [number, number]): Promise<MemoryRow> {
  const server = await startServer(design, port);
  const serverRss: number[] = [];
  try {
    await runGenerator(
      { type: "idle-hold", target: { kind: design, url: server.url, serverPids: server.cpuPids }, steps, concurrency: 50 },
      {
        timeoutMs: 600_000,
        whileHolding: async (holding) => {
          if (holding.failed > 0) throw new Error(`${holding.failed} idle sockets could not open`);
          // Let the last arrivals' work finish before reading memory.
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          serverRss.push(await server.memory());
        },
      },
    );
    const pair = (values: number[]): [number, number] => [values[0] ?? 0, values[1] ?? 0];
    return { design, sockets: steps, serverRss: pair(serverRss), loadAverage: loadAverage() };
  } finally {
    await server.stop();
  }
}
