// The runtime evicts an object that holds only hibernated sockets after ~10 s without events
// (heartbeats are answered without waking it; the sweep is set to a minute here). What counts is
// rebuilt from the sockets' attachments when it wakes, and a close that wakes it is announced.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { siteShardFor } from "../../party/config/site-shards";
import type { InsightBucket } from "../../party/shared/insights";
import { captureOutbound, OTHER_POST, openDesk, POST, roomObjectName, SITE, summary, tracked } from "./support/observe";
import { roomViewOf } from "./support/room-view";
import { eventually, openSocket, sessionIdOf, signedSessionId, sleep, type TestSocket } from "./support/sockets";

const EVICTED_AFTER_MS = 11_000;
const SHARDS = Number(env.SITE_SHARDS);
/** The kinds of line the owner's desk was sent for its live log ("arrived", "reading", "left"). */
const deskLogKinds = (desk: TestSocket) =>
  desk.frames.filter((frame) => frame.type === "desk-update").flatMap((frame) => (frame.log as { kind: string }[]).map((line) => line.kind));
const onlineSeen = (socket: TestSocket) =>
  socket.frames.filter((frame) => frame.type === "site-snapshot" || frame.type === "online").map((frame) => frame.online as number);

/** Leaves a mark in the object's memory: gone after an eviction, there if it merely slept. */
const mark = (stub: DurableObjectStub) => runInDurableObject(stub, (instance) => Object.assign(instance, { __marked: true }));
const marked = (stub: DurableObjectStub) => runInDurableObject(stub, (instance) => (instance as { __marked?: boolean }).__marked === true);

describe("eviction", () => {
  it("a woken shard and room count every socket they held, and a close that wakes them is announced", { timeout: 60_000 }, async () => {
    // Three browsers in one shard, two of them on the post.
    const sids: string[] = [];
    while (sids.length < 3) {
      const sid = await signedSessionId();
      if (siteShardFor(sessionIdOf(sid), SHARDS) === "shard-0") sids.push(sid);
    }
    const [a, b, c] = sids as [string, string, string];
    const desk = await openDesk();
    const siteA = tracked(await openSocket(SITE, { sid: a }));
    const siteB = tracked(await openSocket(SITE, { sid: b }));
    const roomA = tracked(await openSocket(POST, { sid: a }));
    const roomB = tracked(await openSocket(POST, { sid: b }));
    await eventually(async () => expect((await summary()).reading["how-live-presence-works"]).toBe(2));
    const shard = env.Site.getByName("shard-0");
    const room = env.Article.getByName(roomObjectName("how-live-presence-works"));
    await mark(shard);
    await mark(room);

    await sleep(EVICTED_AFTER_MS);

    // A newcomer wakes both; they count it as the third and second reader, with the others rebuilt.
    const siteC = tracked(await openSocket(SITE, { sid: c }));
    expect(await siteC.next((frame) => frame.type === "site-snapshot")).toMatchObject({ online: 3 });
    const roomC = tracked(await openSocket(POST, { sid: c }));
    await roomC.next((frame) => frame.type === "room-snapshot");
    expect(roomViewOf(roomC).count).toBe(3);
    expect(await marked(shard)).toBe(false);
    expect(await marked(room)).toBe(false);
    void roomB;

    await mark(shard);
    await sleep(EVICTED_AFTER_MS);
    // The close is what wakes the shard: B's leaving still reaches A.
    siteB.close(1000);
    await eventually(() => expect(onlineSeen(siteA).at(-1)).toBe(2), { timeoutMs: 5000 });
    expect(await marked(shard)).toBe(false);
    void roomA;
    // The owner's log saw three arrivals and one departure: a wake-up is no one arriving.
    await eventually(() => expect(deskLogKinds(desk).filter((kind) => kind === "left")).toHaveLength(1), { timeoutMs: 3000 });
    expect(deskLogKinds(desk).filter((kind) => kind === "arrived")).toHaveLength(3);
  });
});

describe("a visit through an eviction", () => {
  it("readers who sit still while the room is evicted are still whole reads: start, depth and a tab that left before", { timeout: 60_000 }, async () => {
    const slug = OTHER_POST.split("/").at(-1)!;
    const calls = captureOutbound();
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => signedSessionId()));
    // Three readers: one stops at 30 %; two read to the end, one of them on two tabs, the tab
    // that got to the end closing before the room is evicted.
    const early = tracked(await openSocket(OTHER_POST, { sid: a! }));
    const finisher = tracked(await openSocket(OTHER_POST, { sid: b! }));
    const twoTabs = [tracked(await openSocket(OTHER_POST, { sid: c! })), tracked(await openSocket(OTHER_POST, { sid: c! }))] as const;
    await eventually(() => expect(roomViewOf(early).count).toBe(3));
    early.send({ type: "progress", progress: 0.3 });
    finisher.send({ type: "progress", progress: 1 });
    twoTabs[0].send({ type: "progress", progress: 0.98 });
    twoTabs[1].send({ type: "progress", progress: 0.4 });
    await sleep(500);
    twoTabs[0].close(1000);
    await sleep(500);
    const room = env.Article.getByName(roomObjectName(slug));
    await mark(room);

    await sleep(EVICTED_AFTER_MS);
    expect(await marked(room)).toBe(false);
    for (const socket of [early, finisher, twoTabs[1]]) socket.close(1000);

    const delivered = () =>
      calls.filter((call) => call.url.endsWith("/api/presence/insights")).flatMap((call) => (call.body as { buckets: InsightBucket[] }).buckets);
    const lobby = env.Lobby.getByName("main");
    await eventually(async () => {
      await runDurableObjectAlarm(lobby);
      expect(delivered().filter((bucket) => bucket.slug === slug).at(-1)?.visits).toBe(3);
    }, { timeoutMs: 15_000, everyMs: 500 });
    const bucket = delivered().filter((entry) => entry.slug === slug).at(-1)!;
    expect(bucket).toMatchObject({ visits: 3, reads: 3, completions: 2 });
    expect(bucket.depth).toEqual([3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
  });
});
