// Issue 6: the presence worker (under wrangler dev) against a tutorial-style socket.io server,
// the same scenarios against both in one run. Writes bench/results/presence-compare.json,
// the figures in docs/benchmarks.md and the chart docs/images/bench-latency.svg.
// Usage: npx tsx bench/presence-compare.ts [--quick] [--only=storms|rooms|memory] [--design=worker|baseline]
// (--quick: small sizes; --quick, --only and --design are for investigating: no docs written)
import { mkdirSync, writeFileSync } from "node:fs";
import { describeMachine } from "./compare/machine";
import type { ComparisonRun, MemoryRow, RoomRow, StormRow } from "./compare/results";
import { idleMemory, joinStorm, roomSweep } from "./compare/scenarios";
import { writeDocs } from "./report/write-docs";

const quick = process.argv.includes("--quick");
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
const only = option("only");
const designs = (["worker", "baseline"] as const).filter((design) => (option("design") ?? design) === design);
const partial = quick || only !== undefined || designs.length < 2;
const PLAN = quick
  ? { storms: [200], roomSizes: [10, 25], seconds: 2, idleSteps: [50, 150] as [number, number] }
  : { storms: [2000, 500], roomSizes: [25, 50, 100, 200], seconds: 5, idleSteps: [100, 500] as [number, number] };
const STORM_LIMITS = { joinTimeoutMs: 90_000, convergeTimeoutMs: 30_000 };
// Ports 8800-8807: one per server, so a server that is slow to let go of its port can't collide.
const PORTS = {
  worker: { storm: 8800, rooms: 8802, memory: 8804 },
  baseline: { storm: 8801, rooms: 8803, memory: 8805 },
} as const;

function log(message: string): void {
  console.log(`[bench] ${new Date().toISOString().slice(11, 19)} ${message}`);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const storms: StormRow[] = [];
  const rooms: RoomRow[] = [];
  const memory: MemoryRow[] = [];
  for (const design of designs) {
    for (const sockets of only === undefined || only === "storms" ? PLAN.storms : []) {
      log(`${design}: join storm of ${sockets}`);
      storms.push(await joinStorm(design, PORTS[design].storm, sockets, STORM_LIMITS));
      log(JSON.stringify(storms.at(-1)?.result));
    }
    if (only === undefined || only === "rooms") {
      log(`${design}: rooms of ${PLAN.roomSizes.join(", ")} readers scrolling for ${PLAN.seconds} s`);
      for (const row of await roomSweep(design, PORTS[design].rooms, PLAN.roomSizes, PLAN.seconds)) {
        rooms.push(row);
        log(JSON.stringify(row.result));
      }
    }
    if (only === undefined || only === "memory") {
      log(`${design}: memory with ${PLAN.idleSteps.join(" then ")} idle sockets`);
      memory.push(await idleMemory(design, PORTS[design].memory, PLAN.idleSteps));
      log(JSON.stringify(memory.at(-1)));
    }
  }
  const run: ComparisonRun = {
    date: new Date().toISOString().slice(0, 10),
    command: partial ? `npx tsx bench/presence-compare.ts ${process.argv.slice(2).join(" ")}` : "npm run bench:presence",
    machine: describeMachine(),
    totalSeconds: (Date.now() - startedAt) / 1000,
    storms,
    rooms,
    memory,
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/presence-compare${partial ? "-partial" : ""}.json`, `${JSON.stringify(run, null, 2)}\n`);
  if (!partial) writeDocs(run);
  log(`done in ${Math.round(run.totalSeconds)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
