import { expect, test } from "@playwright/test";
import { siteShardFor } from "@/party/site-shards";
import { waitForEmptySite } from "./support/fixtures";
import { E2E_SITE_SHARDS } from "./support/ports";
import { startWorker, stopWorker, workerLogMark, workerLogSince } from "./support/worker-process";
import { connect, signedSessionId } from "./support/ws-client";

const SITE = "/parties/site/global";
const SLUG = "how-live-presence-works";
const ROOM = `/parties/article/${SLUG}`;
// workerd evicts an object whose sockets are all idle for 10 s (hibernation); this is past it.
const QUIET_MS = 16_000;

/** Signed session ids of browsers whose site sockets meet in one shard. */
async function sessionsInOneShard(count: number): Promise<string[]> {
  const ids: string[] = [];
  let target: string | null = null;
  while (ids.length < count) {
    const id = `hibernate-${crypto.randomUUID().replace(/-/g, "")}`;
    const shard = siteShardFor(id, E2E_SITE_SHARDS);
    target ??= shard;
    if (shard === target) ids.push(id);
  }
  return Promise.all(ids.map((id) => signedSessionId(id)));
}

/** The count in the latest frame that carried one (a snapshot or an update). */
const lastOnline = (messages: unknown[]) =>
  (messages.filter((message) => typeof (message as { online?: unknown }).online === "number").at(-1) as { online: number } | undefined)
    ?.online;

test.beforeEach(async () => {
  await waitForEmptySite();
});

test(
  "objects that hibernate while readers sit quietly wake with every one of them, and count a newcomer right",
  { tag: "@attack" },
  async () => {
    test.setTimeout(120_000);
    // Sweeps every minute instead of every 10 s, so nothing but the test wakes the objects.
    await stopWorker();
    await startWorker({ vars: { PRESENCE_SWEEP_MS: "60000" } });
    try {
      const [first, second, third, newcomer] = await sessionsInOneShard(4);
      const quiet = await Promise.all([first, second, third].map((sid) => connect(SITE, { query: { sid: sid! } })));
      const rail = await Promise.all([first, second].map((sid) => connect(ROOM, { query: { sid: sid! } })));
      rail[0]!.send(JSON.stringify({ type: "progress", progress: 0.3 }));
      rail[1]!.send(JSON.stringify({ type: "progress", progress: 0.7 }));
      for (const client of quiet) await expect.poll(() => lastOnline(client.messages)).toBe(3);

      const mark = workerLogMark();
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));

      const late = await connect(SITE, { query: { sid: newcomer! } });
      const lateRail = await connect(ROOM, { query: { sid: newcomer! } });
      // The objects really were evicted: they rebuilt themselves from their sockets' attachments.
      // (The worker's log reaches its file a moment after the fact: poll for each line.)
      await expect.poll(() => workerLogSince(mark)).toMatch(/site shard-\d+: woke with 3 connections/);
      await expect.poll(() => workerLogSince(mark)).toContain(`article ${SLUG}: woke with 2 connections`);
      // ...and counted right: the newcomer sees four readers, and so does everyone else.
      await expect.poll(() => (late.messages[0] as { online?: number } | undefined)?.online).toBe(4);
      for (const client of quiet) await expect.poll(() => lastOnline(client.messages)).toBe(4);
      await expect
        .poll(() => {
          const snapshot = lateRail.messages[0] as { readers?: { progress: number }[] } | undefined;
          return snapshot?.readers?.map((reader) => reader.progress).sort();
        })
        .toEqual([0, 0.3, 0.7]);
      for (const client of [...quiet, ...rail, late, lateRail]) client.socket.close(1000);
    } finally {
      await stopWorker();
      await startWorker();
    }
  },
);
