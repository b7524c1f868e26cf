// Measures what an article room sends: a room of N readers (default 50) all scrolling
// at 4 updates a second for a few seconds, against the real worker under wrangler dev.
// Reports frames the server sent per tick and per second, against what relaying every
// update to every reader would cost. Usage: npx tsx bench/room-messages.ts [readers] [seconds]
import WebSocket from "ws";
import { signSessionId } from "../party/protocol";
import { ROOM_TICK_MS } from "../party/timing";
import { BENCH_SECRET, startBenchWorker } from "./support/worker";

const READERS = Number(process.argv[2] ?? 50);
const SECONDS = Number(process.argv[3] ?? 5);
const UPDATES_PER_SECOND = 4;
const PORT = 8795;
const ROOM = "how-live-presence-works";

interface Reader {
  socket: WebSocket;
  received: number;
}

async function openReader(baseUrl: string, index: number): Promise<Reader> {
  const sid = await signSessionId(BENCH_SECRET, `bench-reader-${index}-${"x".repeat(12)}`);
  const url = `${baseUrl.replace("http", "ws")}/parties/article/${ROOM}?sid=${encodeURIComponent(sid)}`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { Origin: "http://bench.local" } });
    const reader: Reader = { socket, received: 0 };
    socket.on("message", () => reader.received++);
    socket.on("open", () => resolve(reader));
    socket.on("error", reject);
  });
}

async function main(): Promise<void> {
  const worker = await startBenchWorker(PORT);
  try {
    const readers: Reader[] = [];
    for (let i = 0; i < READERS; i++) readers.push(await openReader(worker.url, i));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const reader of readers) reader.received = 0;

    let updatesSent = 0;
    const started = Date.now();
    const interval = 1000 / UPDATES_PER_SECOND;
    while (Date.now() - started < SECONDS * 1000) {
      readers.forEach((reader, i) => {
        reader.socket.send(JSON.stringify({ type: "progress", progress: ((updatesSent + i) % 100) / 100 }));
      });
      updatesSent += readers.length;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
    await new Promise((resolve) => setTimeout(resolve, ROOM_TICK_MS * 3));
    const elapsed = (Date.now() - started) / 1000;

    const framesReceived = readers.reduce((sum, reader) => sum + reader.received, 0);
    const ticks = Math.max(...readers.map((reader) => reader.received));
    const naiveFrames = updatesSent * (readers.length - 1);
    const result = {
      readers: READERS,
      seconds: Number(elapsed.toFixed(2)),
      updatesSent,
      ticksObserved: ticks,
      framesSentPerTick: Number((framesReceived / ticks).toFixed(1)),
      framesSentPerSecond: Math.round(framesReceived / elapsed),
      naiveRelayFramesPerSecond: Math.round(naiveFrames / elapsed),
      reduction: `${(naiveFrames / framesReceived).toFixed(1)}x fewer`,
    };
    console.log(JSON.stringify(result, null, 2));
    for (const reader of readers) reader.socket.close();
  } finally {
    await worker.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
