// Issues 6 and 14: the presence worker (under wrangler dev) against a tutorial-style socket.io
// server, the same scenarios against both in one run, rooms of 5 readers to as many as the
// machine holds. Writes bench/results/presence-compare.json, the figures in docs/benchmarks.md
// and the chart docs/images/bench-rooms.svg.
// Usage: npx tsx bench/presence-compare.ts [--quick] [--only=storms|rooms|memory] [--design=worker|baseline] [--sizes=5,25] [--split-sizes=5000]
// (--quick: small sizes; --quick, --only, --design and --sizes are for investigating: no docs written)
// npx tsx bench/presence-compare.ts --render: writes the docs again from the last full run's
// bench/results/presence-compare.json, measuring nothing (after a change to the report's code).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { describeMachine } from "./compare/machine";
import type { ComparisonRun, MemoryRow, RoomRow, StormRow } from "./compare/results";
import { idleMemory, joinStorm, roomSweep } from "./compare/scenarios";
import { writeDocs } from "./report/write-docs";

const quick = process.argv.includes("--quick");
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
const only = option("only");
const designs = (["worker", "baseline"] as const).filter((design) => (option("design") ?? design) === design);
const partial = quick || only !== undefined || designs.length < 2 || option("sizes") !== undefined || option("split-sizes") !== undefined;
const PLAN = quick
  ? { storms: [200], roomSizes: [5, 25, 150], splitSizes: [], seconds: 2, idleSteps: [50, 150] as [number, number] }
  : { storms: [2000, 500], roomSizes: [5, 25, 200, 1000, 3000, 5000], splitSizes: [3000, 5000, 10000], seconds: 5, idleSteps: [100, 500] as [number, number] };
const sizes = option("sizes")?.split(",").map(Number) ?? PLAN.roomSizes;
const splitSizes = option("split-sizes")?.split(",").map(Number) ?? (option("sizes") === undefined ? PLAN.splitSizes : []);
const ROOM_PLAN = { sizes, splitSizes, named: 8, seconds: PLAN.seconds, sendsPerReader: 2, joinMsPerReader: 45, drainTimeoutMs: 30_000 };
const STORM_LIMITS = { joinTimeoutMs: 90_000, convergeTimeoutMs: 30_000 };
// One port per server (workers 87xx, baselines 41xx, away from the e2e suites' ports), so a
// server that is slow to let go of its port can't collide with the next.
const PORTS = {
  worker: { storm: 8700, rooms: 8702, memory: 8704 },
  baseline: { storm: 4100, rooms: 4102, memory: 4104 },
} as const;

function log(message: string): void {
  console.log(`[bench] ${new Date().toISOString().slice(11, 19)} ${message}`);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const storms: StormRow[] = [];
  const rooms: RoomRow[] = [];
  const memory: MemoryRow[] = [];
  const wanted = (scenario: string) => only === undefined || only === scenario;
  for (const design of designs) {
    for (const sockets of wanted("storms") ? PLAN.storms : []) {
      log(`${design}: join storm of ${sockets}`);
      storms.push(await joinStorm(design, PORTS[design].storm, sockets, STORM_LIMITS));
      log(JSON.stringify(storms.at(-1)?.result));
    }
  }
  if (wanted("rooms")) {
    log(`rooms of ${sizes.join(", ")} readers, ${designs.join(" and ")} side by side; split rooms of ${splitSizes.join(", ") || "none"}`);
    const ports = { worker: PORTS.worker.rooms, baseline: PORTS.baseline.rooms };
    rooms.push(...(await roomSweep(designs, ports, ROOM_PLAN, log)));
  }
  for (const design of wanted("memory") ? designs : []) {
    log(`${design}: memory with ${PLAN.idleSteps.join(" then ")} idle sockets`);
    memory.push(await idleMemory(design, PORTS[design].memory, PLAN.idleSteps));
    log(JSON.stringify(memory.at(-1)));
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
  writeFileSync(partial ? "bench/results/presence-compare-partial.json" : RESULTS, `${JSON.stringify(run, null, 2)}\n`);
  if (!partial) writeDocs(run);
  log(`done in ${Math.round(run.totalSeconds)} s`);
}

const RESULTS = "bench/results/presence-compare.json";

/** The bench's own file from a full run; checked only for its shape's outline. */
function lastRun(): ComparisonRun {
  const parsed: unknown = JSON.parse(readFileSync(RESULTS, "utf8"));
  const looksRight = typeof parsed === "object" && parsed !== null && "rooms" in parsed && Array.isArray(parsed.rooms) && "command" in parsed;
  if (!looksRight) throw new Error(`${RESULTS} is not a comparison run`);
  return parsed as ComparisonRun;
}

const work = process.argv.includes("--render") ? async () => writeDocs(lastRun()) : main;
work().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
