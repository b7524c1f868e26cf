// Scenario 2: a post's room of N readers who all read down the post, a step every quarter
// second. Each reader's values are unique while the run lasts (see bench-reader.ts), so a
// receiver can tell when the value it was told was sent. Only values that arrive as
// themselves are timed: rail markers and the baseline's relays; in the crowd view, the
// faces (signed-in visible readers), since everyone else is only a part of the density strip.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { BenchReader } from "./bench-reader";
import { startCpuMeter } from "./cpu-meter";
import type { Job, RoomScrollResult } from "./jobs";
import { openMany, quantile, sleep, waitForQuiet } from "./pacing";
import { type RoomTally, tallyRoom } from "./room-tally";
import { type PresenceTarget, resetTraffic } from "./target";

type RoomScrollJob = Extract<Job, { type: "room-scroll" }>;

/** Seats every reader (the named first, so they are the faces), or says how far it got before the time-out. */
async function seat(
  target: PresenceTarget,
  job: RoomScrollJob,
  readers: BenchReader[],
  receive: ReceiveFn,
): Promise<{ joined: number; seconds: number; firstError: string | null }> {
  const startedAt = performance.now();
  const deadline = startedAt + job.joinTimeoutMs;
  let joined = 0;
  const opening = openMany(readers.length, job.joinConcurrency, async (index) => {
    if (performance.now() > deadline) throw new Error("time-out");
    const entry = readers[index]!;
    const options = { named: entry.named, onNews: receive(entry) };
    entry.reader = await target.openRoomReader(job.room, index, options);
    joined++;
  });
  const done = await Promise.race([opening, sleep(job.joinTimeoutMs).then(() => null)]);
  return { joined, seconds: Number(((performance.now() - startedAt) / 1000).toFixed(1)), firstError: done?.firstError ?? "time-out" };
}

type ReceiveFn = (entry: BenchReader) => Parameters<PresenceTarget["openRoomReader"]>[2]["onNews"];

export async function runRoomScroll(target: PresenceTarget, job: RoomScrollJob): Promise<RoomScrollResult> {
  const readers = Array.from({ length: job.readers }, (_, index) => new BenchReader(index, index < job.named, job.paced));
  const byId = new Map<string, BenchReader>();
  const delays: number[] = [];
  let arrivals = 0;
  let measuring = false;
  let lastDeliveryAt = 0;

  const receive: ReceiveFn = (entry) => (news) => {
    const now = performance.now();
    entry.hear(news, now, (senderId, progress) => {
      if (!measuring) return;
      const sender = byId.get(senderId);
      const sentAt = sender && sender !== entry ? sender.sentAt.get(progress) : undefined;
      if (sentAt === undefined) return;
      lastDeliveryAt = now;
      arrivals++;
      delays.push(now - sentAt);
    });
  };

  const seated = await seat(target, job, readers, receive);
  for (const entry of readers) if (entry.reader) byId.set(entry.reader.id, entry);
  const base = { readers: job.readers, named: job.named, joined: seated.joined, joinSeconds: seated.seconds };
  if (seated.joined < job.readers) {
    for (const entry of readers) entry.reader?.close();
    return { ...emptyResult(base), stopped: `seated ${seated.joined} of ${job.readers} readers in ${seated.seconds} s (${seated.firstError})` };
  }
  // Joining makes its own traffic (snapshots, diffs, the baseline's online lists): let it pass.
  await waitForQuiet(target.traffic, 700, 60_000);

  // Every reader scrolls on its own clock, starting at a random moment within the room's pace, so
  // sends are spread evenly from the start, as in a room whose readers were already reading.
  const paceMs = Math.max(1000 / job.stepsPerSecond, ...readers.map((entry) => (job.paced ? (entry.sendEveryMs ?? 0) : 0)));
  const scrollMs = Math.max(job.seconds * 1000, job.sendsPerReader * paceMs);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  resetTraffic(target.traffic);
  const meter = startCpuMeter(job.target.serverPids);
  measuring = true;
  const scrollStart = performance.now();
  for (const entry of readers) entry.startScrolling(Math.random() * paceMs, 1000 / job.stepsPerSecond);
  await sleep(scrollMs);
  for (const entry of readers) entry.stopScrolling();
  const scrollSeconds = (performance.now() - scrollStart) / 1000;
  const drained = await waitForQuiet(target.traffic, 1000, job.drainTimeoutMs);
  const cpu = meter();
  loopDelay.disable();
  measuring = false;

  delays.sort((a, b) => a - b);
  const tally = tallyRoom(readers, scrollStart, scrollSeconds);
  const result: RoomScrollResult = {
    ...base,
    stopped: stopReason(tally, drained, job),
    crowd: tally.crowd,
    sendEveryMs: job.paced ? paceMs : null,
    updatesSent: tally.updatesSent,
    scrollSeconds: Number(scrollSeconds.toFixed(2)),
    inboundPerSecond: tally.inboundPerSecond,
    inboundPeakPerSecond: tally.inboundPeakPerSecond,
    objects: tally.objects,
    deliverySeconds: Number((Math.max(lastDeliveryAt - scrollStart, 0) / 1000).toFixed(2)),
    messages: target.traffic.messages,
    bytes: target.traffic.bytes,
    // In the crowd view an update reaches the others inside the density strip: delivered to each reader whose last strip is exact.
    delivered: tally.crowd ? Math.round((tally.updatesSent * (job.readers - 1) * tally.viewsExact) / job.readers) : arrivals,
    deliverable: tally.updatesSent * (job.readers - 1),
    samples: delays.length,
    p50Ms: Math.round(quantile(delays, 0.5)),
    p99Ms: Math.round(quantile(delays, 0.99)),
    maxMs: Math.round(delays.at(-1) ?? 0),
    countsExact: tally.countsExact,
    viewsExact: tally.viewsExact,
    dropped: tally.dropped,
    cpu,
    generatorLoopP99Ms: Math.round(loopDelay.percentile(99) / 1e6),
  };
  for (const entry of readers) entry.reader?.close();
  return result;
}

/** A room whose sockets the server closed, or that still delivers long after the last update, did not keep up. */
function stopReason(tally: RoomTally, drained: boolean, job: RoomScrollJob): string | null {
  if (tally.dropped > 0) return `${tally.dropped} of ${job.readers} readers' sockets closed by the server during the run (${tally.dropReason})`;
  return drained ? null : `still delivering ${Math.round(job.drainTimeoutMs / 1000)} s after the last update`;
}

function emptyResult(base: Pick<RoomScrollResult, "readers" | "named" | "joined" | "joinSeconds">): RoomScrollResult {
  const cpu = { generator: 0, server: 0, generatorWaiting: 0, serverWaiting: 0, seconds: 0 };
  return {
    ...base,
    stopped: null,
    crowd: false,
    sendEveryMs: null,
    updatesSent: 0,
    scrollSeconds: 0,
    inboundPerSecond: 0,
    inboundPeakPerSecond: 0,
    objects: 0,
    deliverySeconds: 0,
    messages: 0,
    bytes: 0,
    delivered: 0,
    deliverable: 0,
    samples: 0,
    p50Ms: 0,
    p99Ms: 0,
    maxMs: 0,
    countsExact: 0,
    viewsExact: 0,
    dropped: 0,
    cpu,
    generatorLoopP99Ms: 0,
  };
}
