// The three scenarios, each against a freshly started server of either design.
import { runGenerator } from "../support/generator";
import { loadAverage } from "./machine";
import { watchMemory } from "./memory-watchdog";
import type { MemoryRow, RoomRow, StormRow } from "./results";
import { type Design, startServer } from "./server-under-test";

/** The worker's article rooms (one per size, so each size starts with an empty room). */
const ROOMS = ["how-live-presence-works", "counting-readers-exactly", "reading-progress-rails", "privacy-in-presence"];
const SITE_SHARDS = "4";
const MEMORY_LIMIT = 4 * 2 ** 30;

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

export async function roomSweep(design: Design, port: number, sizes: number[], seconds: number): Promise<RoomRow[]> {
  const rows: RoomRow[] = [];
  for (const [index, readers] of sizes.entries()) {
    // A fresh server per size: what one size leaves behind (departures, garbage) can't slow the next.
    const server = await startServer(design, port);
    try {
      const answer = await runGenerator(
        {
          type: "room-scroll",
          target: { kind: design, url: server.url, serverPids: server.cpuPids },
          room: ROOMS[index % ROOMS.length] ?? "how-live-presence-works",
          readers,
          updatesPerSecond: 4,
          seconds,
        },
        { timeoutMs: 300_000 },
      );
      if (answer.type !== "room-scroll-result") throw new Error(`unexpected answer ${answer.type}`);
      rows.push({ design, result: answer.result, loadAverage: loadAverage() });
    } finally {
      await server.stop();
    }
  }
  return rows;
}

export async function idleMemory(design: Design, port: number, steps: [number, number]): Promise<MemoryRow> {
  const server = await startServer(design, port);
  const serverRss: number[] = [];
  const proxy: number[] = [];
  try {
    await runGenerator(
      { type: "idle-hold", target: { kind: design, url: server.url, serverPids: server.cpuPids }, steps, concurrency: 50 },
      {
        timeoutMs: 600_000,
        whileHolding: async (holding) => {
          if (holding.failed > 0) throw new Error(`${holding.failed} idle sockets could not open`);
          // Let the last arrivals' work finish before reading memory.
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          const memory = await server.memory();
          serverRss.push(memory.server);
          if (memory.proxy !== null) proxy.push(memory.proxy);
        },
      },
    );
    const pair = (values: number[]): [number, number] => [values[0] ?? 0, values[1] ?? 0];
    return { design, sockets: steps, serverRss: pair(serverRss), proxyRss: proxy.length === 2 ? pair(proxy) : null, loadAverage: loadAverage() };
  } finally {
    await server.stop();
  }
}
