// The owner's desk as the lobby keeps it: an owner-only socket, the live log (made-up names for
// anonymous readers, names for visible people, nothing of hidden ones), peaks, the author's
// status (pushed to every reader, gone by itself at its time, kept across a restart), reading
// insights on their way to the app, and the readers who count nowhere.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DeskTracker } from "../../party/lobby/desk-tracker";
import { Lobby } from "../../party/lobby/lobby";
import type { InsightBucket } from "../../party/shared/insights";
import { CLOSE_CODES, type DeskLogEntry } from "../../party/shared/protocol";
import { INTERNAL_PATHS, signCall, SIGNATURE_HEADER, signedGetPayload, TIMESTAMP_HEADER } from "../../party/shared/signed-calls";
import { captureOutbound, DESK, identityChanged, openDesk, OTHER_POST, POST, SITE, summary, tracked } from "./support/observe";
import { roomViewOf } from "./support/room-view";
import { closeWithin, eventually, get, openSocket, presenceToken, signedSessionId, sleep, type TestSocket, upgradeStatus } from "./support/sockets";
import { TEST_SECRET, TEST_WORKER_VARS } from "./support/vars";

const lobby = () => env.Lobby.getByName("main");

async function signedPost(path: string, body: unknown): Promise<Response> {
  const text = JSON.stringify(body);
  const now = Date.now();
  return get(path, { method: "POST", body: text, headers: { [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: await signCall(TEST_SECRET, text, now) } });
}

async function signedGet(path: string): Promise<Response> {
  const now = Date.now();
  return get(path, { headers: { [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: await signCall(TEST_SECRET, signedGetPayload(path), now) } });
}

/** The log lines a desk socket was sent after its snapshot (which carries the log so far). */
const deskLog = (desk: TestSocket) =>
  desk.frames.filter((frame) => frame.type === "desk-update").flatMap((frame) => frame.log as { kind: string; who: string; named: boolean; post: string | null }[]);

describe("the desk's socket", () => {
  it("opens for an owner's token only: 403 for anyone else, 404 for a plain GET", async () => {
    expect(await upgradeStatus(DESK)).toBe(403);
    const sid = await signedSessionId();
    expect(await upgradeStatus(DESK, { sid, token: await presenceToken({ sid, userId: "a-reader" }) })).toBe(403);
    expect(await upgradeStatus(DESK, { sid, token: await presenceToken({ sid, userId: "forger", secret: "not-the-secret-0123456789abcdefghijklmn", claims: { owner: true } }) })).toBe(401);
    expect((await get(DESK)).status).toBe(404);
    const desk = await openDesk();
    expect(await desk.next((frame) => frame.type === "desk-snapshot")).toMatchObject({ online: 0, minutes: expect.any(Array) });
  });

  it("closes when its owner signs out of that browser (not elsewhere), and when its token ran out unreplaced", async () => {
    const sid = await signedSessionId();
    const desk = await openDesk({ sid, userId: "owner-who-leaves" });
    await desk.next((frame) => frame.type === "desk-snapshot");
    let closed: { code: number } | null = null;
    void desk.closed.then((close) => (closed = close));

    const elsewhere = (await signedSessionId()).split(".")[0]!;
    expect((await identityChanged({ userId: "owner-who-leaves", epoch: 0, sessionId: elsewhere })).status).toBe(200);
    await sleep(300);
    expect(closed).toBeNull();
    expect((await identityChanged({ userId: "owner-who-leaves", epoch: 0, sessionId: sid.split(".")[0]! })).status).toBe(200);
    expect((await closeWithin(desk, 2000)).code).toBe(CLOSE_CODES.invalidSession);

    // A token of 2 s, never replaced: closed once it ended (and the ghost time after it).
    const asleep = await openDesk({ userId: "owner-who-leaves", expiresInSeconds: 2 });
    await asleep.next((frame) => frame.type === "desk-snapshot");
    await sleep(2000 + Number(TEST_WORKER_VARS.PRESENCE_GHOST_AFTER_MS) + 100);
    await runDurableObjectAlarm(lobby());
    expect((await closeWithin(asleep, 2000)).code).toBe(CLOSE_CODES.identityExpired);
  });

  it("a reader's socket never carries desk data", async () => {
    const reader = tracked(await openSocket(SITE));
    await reader.next((frame) => frame.type === "site-snapshot");
    await openDesk();
    await sleep(1500);
    expect(reader.frames.some((frame) => String(frame.type).startsWith("desk"))).toBe(false);
  });
});

describe("the live log and the figures", () => {
  it("logs arrivals, posts and departures: anonymous readers under made-up names, visible people by name, hidden people not at all", async () => {
    // Readers of earlier tests gone first: one of them leaving under a made-up name that happens
    // to be ours would read as a second departure of our reader.
    await eventually(async () => expect((await summary()).online).toBe(0), { timeoutMs: 10_000 });
    const desk = await openDesk();
    await desk.next((frame) => frame.type === "desk-snapshot");
    const anonymous = tracked(await openSocket(SITE));
    const visibleSid = await signedSessionId();
    const visible = tracked(await openSocket(SITE, { sid: visibleSid, token: await presenceToken({ sid: visibleSid, userId: "log-vera", name: "Vera" }) }));
    const hiddenSid = await signedSessionId();
    const hidden = tracked(await openSocket(SITE, { sid: hiddenSid, token: await presenceToken({ sid: hiddenSid, userId: "log-hal", name: "Hal", visible: false }) }));
    for (const socket of [anonymous, visible, hidden]) socket.send({ type: "location", slug: "privacy-in-presence" });
    await eventually(() => expect(deskLog(desk).filter((line) => line.kind === "reading")).toHaveLength(2), { timeoutMs: 5000 });
    // This test's anonymous reader is the one who opened the post under a made-up name.
    const label = deskLog(desk).find((line) => line.kind === "reading" && !line.named)!.who;
    const ours = () => deskLog(desk).filter((line) => line.who === label || line.who === "Vera" || line.who === "Hal");
    for (const socket of [anonymous, visible, hidden]) socket.close(1000);
    await eventually(() => expect(ours().filter((line) => line.kind === "left")).toHaveLength(2), { timeoutMs: 5000 });

    const lines = ours();
    expect(JSON.stringify(lines)).not.toContain("Hal");
    const vera = lines.filter((line) => line.who === "Vera");
    expect(vera.map((line) => line.kind)).toEqual(["arrived", "reading", "left"]);
    expect(vera.every((line) => line.named)).toBe(true);
    const stranger = lines.filter((line) => !line.named);
    expect(stranger.map((line) => line.kind)).toEqual(["arrived", "reading", "left"]);
    expect(new Set(stranger.map((line) => line.who)).size).toBe(1);
    expect(stranger[1]!.post).toBe("privacy-in-presence");
  });

  it("shows a post's readers as soon as its room counts them, whether or not a site shard reports after it", async () => {
    // A room socket alone: its room reports to the lobby, and no shard has anything to say.
    const slug = "counting-readers-exactly";
    await eventually(async () => expect((await summary()).reading[slug]).toBeUndefined(), { timeoutMs: 10_000 });
    const desk = await openDesk();
    await desk.next((frame) => frame.type === "desk-snapshot");
    const reader = tracked(await openSocket(`/parties/article/${slug}`));
    await reader.next((frame) => frame.type === "room-snapshot");
    await desk.next((frame) => frame.type === "desk-update" && (frame.reading as Record<string, number>)[slug] === 1, 3000);
    reader.close(1000);
    await desk.next((frame) => frame.type === "desk-update" && (frame.reading as Record<string, number>)[slug] === undefined, 3000);
  });

  it("a desk that opens between two live updates gets each log line once: in its snapshot, or in the next update", () => {
    const line = (who: string, at: number): DeskLogEntry => ({ at, kind: "arrived", who, named: false, post: null });
    // The lines live in memory; storage is only touched by load() and save().
    const desk = new DeskTracker({} as DurableObjectStorage);
    desk.log([line("Quiet Otter", 1), line("Lucky Seal", 2)]);
    expect(desk.takeFresh()).toHaveLength(2);
    desk.log([line("Brave Fox", 3)]);

    const snapshot = desk.recentLog();
    const nextUpdate = desk.takeFresh();
    expect([...snapshot, ...nextUpdate].map((entry) => entry.who)).toEqual(["Quiet Otter", "Lucky Seal", "Brave Fox"]);
    expect(desk.recentLog()).toHaveLength(3);
  });

  it("keeps a per-minute chart and today's peak, and the all-time record, which readers see too", async () => {
    const sockets = [tracked(await openSocket(SITE)), tracked(await openSocket(SITE)), tracked(await openSocket(SITE))];
    await eventually(async () => expect((await summary()).online).toBe(3));
    const response = await signedGet(INTERNAL_PATHS.desk);
    expect(response.status).toBe(200);
    const desk = (await response.json()) as { minutes: { online: number }[]; today: { count: number }; record: { count: number } };
    expect(desk.minutes).toHaveLength(30);
    expect(desk.minutes.at(-1)?.online).toBeGreaterThanOrEqual(3);
    expect(desk.today.count).toBeGreaterThanOrEqual(3);
    expect(desk.record.count).toBeGreaterThanOrEqual(3);
    expect((await summary()).record?.count).toBe(desk.record.count);
    expect(await sockets[0]!.next((frame) => frame.type === "site-snapshot")).toHaveProperty("record");
    expect((await get(INTERNAL_PATHS.desk)).status).toBe(401);
  });
});

describe("the author's status", () => {
  it("reaches every reader's socket, and goes by itself at its time, with nobody connected", async () => {
    const reader = tracked(await openSocket(SITE));
    await reader.next((frame) => frame.type === "site-snapshot");
    const until = Date.now() + 2500;
    expect((await signedPost(INTERNAL_PATHS.authorStatus, { status: { kind: "writing", text: "is writing", emoji: "✍️", until } })).status).toBe(200);
    expect(await reader.next((frame) => frame.type === "author")).toMatchObject({ author: { kind: "writing", text: "is writing", until } });
    reader.close(1000);
    await eventually(async () => expect((await summary()).online).toBe(0));
    expect((await summary()).author).toMatchObject({ text: "is writing" });
    await sleep(until - Date.now() + 100);
    await runDurableObjectAlarm(lobby());
    expect((await summary()).author).toBeNull();
  });

  it("is still there after the lobby restarts (a fresh instance on its storage)", async () => {
    await signedPost(INTERNAL_PATHS.authorStatus, { status: { kind: "away", text: "away until 18:00", emoji: null, until: Date.now() + 60_000 } });
    const restarted = await runInDurableObject(lobby(), async (_instance, state) => {
      const fresh = new Lobby(state, env);
      await fresh.onStart();
      return fresh.currentView().author;
    });
    expect(restarted).toMatchObject({ text: "away until 18:00" });
    await signedPost(INTERNAL_PATHS.authorStatus, { status: null });
    expect((await summary()).author).toBeNull();
  });

  it("refuses a status that isn't one", async () => {
    for (const status of [{ kind: "sleeping", text: "zz", emoji: null, until: Date.now() + 1000 }, { kind: "custom", text: "x".repeat(81), emoji: null, until: Date.now() + 1000 }, { kind: "custom", text: "", emoji: null, until: 5 }]) {
      expect((await signedPost(INTERNAL_PATHS.authorStatus, { status })).status).toBe(400);
    }
  });
});

describe("reading insights", () => {
  it("visits that ended reach the app as hourly aggregates: reads, completions, depth; no identity in them", async () => {
    const calls = captureOutbound();
    const sids = await Promise.all([1, 2, 3].map(() => signedSessionId()));
    const readers: TestSocket[] = [];
    // Three people (a session id now begins with its issue time: the ids' random part names them apart).
    for (const sid of sids) readers.push(tracked(await openSocket(POST, { sid, token: await presenceToken({ sid, userId: `insight-${crypto.randomUUID().slice(0, 8)}` }) })));
    await eventually(() => expect(roomViewOf(readers[0]!).count).toBe(3));
    readers[0]!.send({ type: "progress", progress: 0.3 });
    readers[1]!.send({ type: "progress", progress: 1 });
    readers[2]!.send({ type: "progress", progress: 0.97 });
    await sleep(10_500);
    for (const reader of readers) reader.close(1000);
    const delivered = () =>
      calls.filter((call) => call.url.endsWith("/api/presence/insights")).flatMap((call) => (call.body as { buckets: InsightBucket[] }).buckets);
    await eventually(async () => {
      await runDurableObjectAlarm(lobby());
      expect(delivered().filter((bucket) => bucket.slug === "how-live-presence-works").at(-1)?.reads).toBe(3);
    }, { timeoutMs: 15_000, everyMs: 500 });
    const bucket = delivered().filter((b) => b.slug === "how-live-presence-works").at(-1)!;
    expect(bucket).toMatchObject({ visits: 3, reads: 3, completions: 2 });
    expect(bucket.depth).toEqual([3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
    expect(JSON.stringify(delivered())).not.toMatch(/insight-|sid|user/);
  }, 40_000);
});

describe("a visit across a room's restart", () => {
  it("a tab that reconnects after its room restarted (every socket dropped) continues its visit; what it says is bounded", async () => {
    const calls = captureOutbound();
    const slug = OTHER_POST.split("/").at(-1)!;
    const delivered = () =>
      calls.filter((call) => call.url.endsWith("/api/presence/insights")).flatMap((call) => (call.body as { buckets: InsightBucket[] }).buckets);
    // A tab that opened the post 40 s ago and got to the end reconnects (the room it read in is gone);
    // hostile tabs say odd things about their visits, which count as fresh ones.
    const queries: Record<string, string>[] = [{ va: "40000", f: "1", p: "0.6" }, { va: "-40000", f: "2" }, { va: "abc", f: "NaN" }, { va: "1e12", f: "0.2" }];
    const sockets: TestSocket[] = [];
    for (const query of queries) sockets.push(tracked(await openSocket(OTHER_POST, { sid: await signedSessionId(), query })));
    await eventually(() => expect(roomViewOf(sockets[0]!).count).toBe(queries.length));
    for (const socket of sockets) socket.close(1000);
    await eventually(async () => {
      await runDurableObjectAlarm(lobby());
      expect(delivered().filter((bucket) => bucket.slug === slug).reduce((sum, bucket) => sum + bucket.visits, 0)).toBe(queries.length);
    }, { timeoutMs: 15_000, everyMs: 500 });
    const buckets = delivered().filter((bucket) => bucket.slug === slug);
    const latest = [...new Map(buckets.map((bucket) => [bucket.hour, bucket])).values()];
    const total = (field: "reads" | "completions") => latest.reduce((sum, bucket) => sum + bucket[field], 0);
    // The reconnecting tab is a whole read that finished the post; "1e12" ms ago is taken as 6 h ago, also a read, at 0.2.
    expect(total("reads")).toBe(2);
    expect(total("completions")).toBe(1);
  }, 40_000);
});

describe("readers who count nowhere", () => {
  it("bots by their User-Agent, and browsers that say they are automated, see the figures and are in none of them", async () => {
    const sid = await signedSessionId();
    tracked(await openSocket(SITE, { sid }));
    const person = tracked(await openSocket(POST, { sid }));
    await person.next((frame) => frame.type === "room-snapshot");
    // The person's shard reports within its window: the watchers below come once the lobby counts them.
    await eventually(async () => expect((await summary()).online).toBe(1));
    const googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    for (const options of [{ query: { watch: "1" } }, { userAgent: googlebot }]) {
      const watcher = tracked(await openSocket(POST, options));
      expect(await watcher.next((frame) => frame.type === "room-snapshot")).toMatchObject({ counted: false, you: null, count: 1 });
      const siteWatcher = tracked(await openSocket(SITE, options));
      expect(await siteWatcher.next((frame) => frame.type === "site-snapshot")).toMatchObject({ online: 1 });
      // A watcher's tab that goes away and comes back is not an active reader either.
      siteWatcher.send({ type: "activity", active: false });
      siteWatcher.send({ type: "activity", active: true });
    }
    await sleep(300);
    expect(roomViewOf(person).count).toBe(1);
    expect(await summary()).toMatchObject({ online: 1, active: 1 });
  });
});
