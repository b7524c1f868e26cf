// Scenario 1: thousands of readers arrive at once. Measures how long after the last socket
// opened every socket has been told the final online count.
import type { Job, JoinStormResult } from "./jobs";
import { startCpuMeter } from "./cpu-meter";
import { openMany, sleep } from "./pacing";
import { type PresenceTarget, resetTraffic, type SiteClient } from "./target";

type JoinStormJob = Extract<Job, { type: "join-storm" }>;

export async function runJoinStorm(target: PresenceTarget, job: JoinStormJob): Promise<JoinStormResult> {
  const total = job.sockets;
  const lastCount = new Int32Array(total).fill(-1);
  let atFinal = 0;
  let allJoined = false;
  let lastJoinAt = 0;
  let convergedAt: number | null = null;

  const onCount = (index: number, count: number) => {
    const was = lastCount[index] === total;
    lastCount[index] = count;
    if (was !== (count === total)) atFinal += count === total ? 1 : -1;
    if (allJoined && atFinal === total && convergedAt === null) convergedAt = performance.now();
  };

  resetTraffic(target.traffic);
  const meter = startCpuMeter(job.target.serverPids);
  const startedAt = performance.now();
  const joinDeadline = startedAt + job.joinTimeoutMs;
  const opening = openMany(total, job.concurrency, async (index): Promise<SiteClient> => {
    if (performance.now() > joinDeadline) throw new Error("storm timed out");
    const client = await target.openSiteClient(index, (count) => onCount(index, count));
    lastJoinAt = performance.now();
    return client;
  });
  const joined = await Promise.race([opening, sleep(job.joinTimeoutMs).then(() => null)]);
  allJoined = joined !== null && joined.failed === 0;
  if (allJoined && atFinal === total) convergedAt = performance.now();
  const convergeDeadline = performance.now() + job.convergeTimeoutMs;
  while (allJoined && convergedAt === null && performance.now() < convergeDeadline) await sleep(5);

  const converged = convergedAt !== null;
  const endedAt = convergedAt ?? performance.now();
  return {
    sockets: total,
    opened: joined?.opened.length ?? lastCount.filter((count) => count >= 0).length,
    failed: joined?.failed ?? 0,
    joinSeconds: Number((((allJoined ? lastJoinAt : endedAt) - startedAt) / 1000).toFixed(2)),
    converged,
    convergeMs: Math.round(endedAt - (lastJoinAt || endedAt)),
    sawFinal: atFinal,
    lowestCount: Math.min(...lastCount),
    highestCount: Math.max(...lastCount),
    messages: target.traffic.messages,
    bytes: target.traffic.bytes,
    cpu: meter(),
  };
}
