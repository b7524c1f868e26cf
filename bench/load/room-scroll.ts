// Scenario 2: a post's room of N readers who all scroll, each sending a new progress a few
// times a second. Every sent value is unique per sender (seq / 1000), so a receiver can tell
// when that exact value was sent. The worker batches a room's changes into one diff per
// 150 ms tick, so a receiver may only see a sender's latest value: delays are measured for
// the values that arrive, from when they were sent.
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Job, RoomScrollResult } from "./jobs";
import { startCpuMeter } from "./cpu-meter";
import { openMany, quantile, sleep, waitForQuiet } from "./pacing";
import { type PresenceTarget, resetTraffic, type RoomReader } from "./target";

type RoomScrollJob = Extract<Job, { type: "room-scroll" }>;

interface BenchReader {
  reader: RoomReader | null;
  sentAt: Map<number, number>;
  seq: number;
}

export async function runRoomScroll(target: PresenceTarget, job: RoomScrollJob): Promise<RoomScrollResult> {
  const byId = new Map<string, BenchReader>();
  const delays: number[] = [];
  let measuring = false;
  let lastDeliveryAt = 0;

  const receive = (receiver: BenchReader, senderId: string, progress: number) => {
    if (!measuring) return;
    const sender = byId.get(senderId);
    if (!sender || sender === receiver) return;
    const sentAt = sender.sentAt.get(progress);
    if (sentAt === undefined) return;
    lastDeliveryAt = performance.now();
    delays.push(lastDeliveryAt - sentAt);
  };

  const { opened, failed } = await openMany(job.readers, 20, async (index) => {
    const entry: BenchReader = { reader: null, sentAt: new Map(), seq: 0 };
    entry.reader = await target.openRoomReader(job.room, index, (id, progress) => receive(entry, id, progress));
    byId.set(entry.reader.id, entry);
    return entry;
  });
  if (failed > 0) throw new Error(`${failed} of ${job.readers} readers could not join`);
  // Joining makes its own traffic (snapshots, diffs, the baseline's online lists): let it pass.
  await waitForQuiet(target.traffic, 700, 60_000);

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  resetTraffic(target.traffic);
  const meter = startCpuMeter(job.target.serverPids);
  measuring = true;
  const intervalMs = 1000 / job.updatesPerSecond;
  const scrollStart = performance.now();
  let updatesSent = 0;
  const send = (entry: BenchReader) => {
    entry.seq++;
    const progress = entry.seq / 1000;
    entry.sentAt.set(progress, performance.now());
    entry.reader?.sendProgress(progress);
    updatesSent++;
  };
  // Each reader scrolls on its own clock, at a random phase, as real readers would.
  const timers = opened.map((entry) => {
    const timer: { interval?: ReturnType<typeof setInterval>; start: ReturnType<typeof setTimeout> } = {
      start: setTimeout(() => {
        send(entry);
        timer.interval = setInterval(() => send(entry), intervalMs);
      }, Math.random() * intervalMs),
    };
    return timer;
  });
  await sleep(job.seconds * 1000);
  for (const timer of timers) {
    clearTimeout(timer.start);
    clearInterval(timer.interval);
  }
  const scrollSeconds = (performance.now() - scrollStart) / 1000;
  await waitForQuiet(target.traffic, 1000, 60_000);
  const cpu = meter();
  loopDelay.disable();
  measuring = false;

  delays.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms);
  const result: RoomScrollResult = {
    readers: job.readers,
    updatesSent,
    scrollSeconds: Number(scrollSeconds.toFixed(2)),
    deliverySeconds: Number((Math.max(lastDeliveryAt - scrollStart, 0) / 1000).toFixed(2)),
    messages: target.traffic.messages,
    bytes: target.traffic.bytes,
    delivered: delays.length,
    deliverable: updatesSent * (job.readers - 1),
    p50Ms: round(quantile(delays, 0.5)),
    p99Ms: round(quantile(delays, 0.99)),
    maxMs: round(delays.at(-1) ?? 0),
    cpu,
    generatorLoopP99Ms: round(loopDelay.percentile(99) / 1e6),
  };
  for (const entry of opened) entry.reader?.close();
  return result;
}
