// The connection lifecycle every presence object shares (party/core/presence-server.ts), seen
// through a site shard: admission, goodbye against drop, grace, reconnects that arrive before the
// old socket is gone, ghosts, heartbeat floods, tokens that expire, and last-seen times.
import { describe, expect, it } from "vitest";
import { captureOutbound, lastSeenEntries, SITE, summary, tracked, webhookEvents } from "./support/observe";
import { eventually, keepAlive, openSocket, presenceToken, signedSessionId, sleep, type TestSocket, upgradeStatus } from "./support/sockets";
import { TEST_WORKER_VARS } from "./support/vars";

const GRACE_MS = Number(TEST_WORKER_VARS.PRESENCE_GRACE_MS);
const GHOST_AFTER_MS = Number(TEST_WORKER_VARS.PRESENCE_GHOST_AFTER_MS);
const SWEEP_MS = Number(TEST_WORKER_VARS.PRESENCE_SWEEP_MS);

const snapshot = (socket: TestSocket) => socket.next((frame) => frame.type === "site-snapshot");
/** Every online count a socket was told, in order (its snapshot's, then each change). */
const onlineSeen = (socket: TestSocket) =>
  socket.frames.filter((frame) => frame.type === "site-snapshot" || frame.type === "online").map((frame) => frame.online as number);
/** Waits until what the socket was told last is `online`. */
const onlineFrame = (socket: TestSocket, online: number) => eventually(() => expect(onlineSeen(socket).at(-1)).toBe(online), { timeoutMs: 10_000 });

async function signedIn(userId: string, { heartbeat = true } = {}) {
  const sid = await signedSessionId();
  return tracked(await openSocket(SITE, { sid, token: await presenceToken({ sid, userId, name: `Reader ${userId}` }) }), { heartbeat });
}

describe("admission: every socket is its own, whatever it calls itself", () => {
  it("two sockets that send the same connection id are two sockets, and each gets its snapshot", async () => {
    const first = tracked(await openSocket(SITE, { query: { _pk: "same-id" } }));
    expect(await snapshot(first)).toMatchObject({ online: 1 });
    const second = tracked(await openSocket(SITE, { query: { _pk: "same-id" } }));
    // On the old worker the second socket's snapshot waited for the first one's id to settle.
    expect(await snapshot(second)).toMatchObject({ online: 2 });
    first.close();
    await onlineFrame(second, 1);
  });

  it("a connection id of any length is no error, and no frame ever carries a stack trace", async () => {
    const socket = tracked(await openSocket(SITE, { query: { _pk: "x".repeat(20_000) } }));
    expect(await snapshot(socket)).toMatchObject({ online: 1 });
    expect(JSON.stringify(socket.frames)).not.toMatch(/stack|Error|at .*\.ts/);
  });

  it("one ticket opens at most 20 sockets in one object, however the sockets name themselves", async () => {
    const sid = await signedSessionId();
    const sockets: TestSocket[] = [];
    for (let i = 0; i < 20; i++) sockets.push(tracked(await openSocket(SITE, { sid, query: { _pk: `tab-${i}` } })));
    await snapshot(sockets[19]!);
    const refused = tracked(await openSocket(SITE, { sid, query: { _pk: "tab-0" } }));
    expect(await refused.closed).toMatchObject({ code: 4430 });
    // Still one reader.
    expect((await summary()).online).toBe(1);
  });
});

describe("departures", () => {
  it("a goodbye leaves at once; a close without one stays counted for the grace window first", async () => {
    const observer = tracked(await openSocket(SITE));
    await snapshot(observer);
    const leaving = tracked(await openSocket(SITE));
    await snapshot(leaving);
    await onlineFrame(observer, 2);
    leaving.close(1000);
    await onlineFrame(observer, 1);

    const reloading = tracked(await openSocket(SITE));
    await onlineFrame(observer, 2);
    const closedAt = Date.now();
    reloading.close(1001, "going away");
    await onlineFrame(observer, 1);
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(GRACE_MS);
  });

  it("a reader whose tab reloads within the grace window never leaves: no count, list or status changes", async () => {
    const calls = captureOutbound();
    const observer = tracked(await openSocket(SITE));
    const sid = await signedSessionId();
    const token = await presenceToken({ sid, userId: "reloader", name: "Rita" });
    const before = tracked(await openSocket(SITE, { sid, token }));
    await onlineFrame(observer, 2);
    before.close(1001, "reload");
    const after = tracked(await openSocket(SITE, { sid, token }));
    expect(await snapshot(after)).toMatchObject({ online: 2 });
    await sleep(GRACE_MS + 500);
    expect(onlineSeen(observer).slice(onlineSeen(observer).indexOf(2))).toEqual([2]);
    expect(webhookEvents(calls).filter((event) => event.userId === "reloader").map((event) => event.status)).toEqual(["online"]);
  });
});

describe("a network change: the new socket arrives while the old one is still held open, silent", () => {
  it("keeps the reader counted, listed and active, and sends no offline, webhook or last-seen for them", async () => {
    const calls = captureOutbound();
    const observer = tracked(await openSocket(SITE));
    const sid = await signedSessionId();
    const token = await presenceToken({ sid, userId: "commuter", name: "Cam" });
    // On Wi-Fi: a socket with a heartbeat, and PartySocket's client id.
    const wifi = tracked(await openSocket(SITE, { sid, token, query: { _pk: "partysocket-id" } }), { heartbeat: false });
    const stopWifi = keepAlive([wifi]);
    await onlineFrame(observer, 2);
    // The phone moves to mobile data: the old socket goes silent without a close frame, and
    // PartySocket opens a new one under the same client id.
    stopWifi();
    const mobile = tracked(await openSocket(SITE, { sid, token, query: { _pk: "partysocket-id" } }));
    expect(await snapshot(mobile)).toMatchObject({ online: 2 });
    // The worker gives up on the silent socket...
    expect(await wifi.closed).toMatchObject({ code: 4408 });
    // ...and nothing changes for anyone.
    await sleep(SWEEP_MS + GRACE_MS);
    const now = await summary();
    expect(now.online).toBe(2);
    expect(now.people?.map((person) => person.id)).toEqual(["commuter"]);
    expect(onlineSeen(observer).slice(onlineSeen(observer).indexOf(2))).toEqual([2]);
    expect(webhookEvents(calls).filter((event) => event.userId === "commuter").map((event) => event.status)).toEqual(["online"]);
    expect(lastSeenEntries(calls).filter((entry) => entry.userId === "commuter")).toEqual([]);
  });
});

describe("ghosts and last-seen", () => {
  it("a socket that vanished is gone within the ghost time and a sweep; last seen at its last heartbeat", async () => {
    const calls = captureOutbound();
    const observer = tracked(await openSocket(SITE));
    const vanishing = await signedIn("vanisher", { heartbeat: false });
    await onlineFrame(observer, 2);
    vanishing.ping();
    await eventually(() => expect(vanishing.pongs).toBe(1));
    const lastHeartbeat = Date.now();
    await onlineFrame(observer, 1);
    const gone = Date.now();
    expect(gone - lastHeartbeat).toBeGreaterThanOrEqual(GHOST_AFTER_MS);
    expect(gone - lastHeartbeat).toBeLessThan(GHOST_AFTER_MS + 2 * SWEEP_MS + 1000);
    const [entry] = await eventually(() => {
      const entries = lastSeenEntries(calls).filter((e) => e.userId === "vanisher");
      expect(entries.length).toBeGreaterThan(0);
      return entries;
    });
    expect(entry!.seenAt).toBeGreaterThanOrEqual(lastHeartbeat - 100);
    expect(entry!.seenAt).toBeLessThanOrEqual(lastHeartbeat + 50);
  });

  it("a deliberate leave is last seen when the socket closed, not at an earlier heartbeat nor after the grace window", async () => {
    const calls = captureOutbound();
    const goodbye = await signedIn("leaver", { heartbeat: false });
    const dropped = await signedIn("dropper", { heartbeat: false });
    const stop = keepAlive([goodbye, dropped]);
    await sleep(1200);
    stop();
    await sleep(800);
    const closedAt = Date.now();
    goodbye.close(1000);
    dropped.close(1001);
    // The last word on each: earlier entries may be the lobby's once-a-minute refresh while they were online.
    const lastSeenOf = (userId: string) => Math.max(...lastSeenEntries(calls).filter((e) => e.userId === userId).map((e) => e.seenAt));
    await eventually(() => {
      for (const userId of ["dropper", "leaver"]) expect(lastSeenOf(userId)).toBeGreaterThanOrEqual(closedAt - 50);
    }, { timeoutMs: 8000 });
    for (const userId of ["dropper", "leaver"]) expect(lastSeenOf(userId)).toBeLessThan(closedAt + GRACE_MS);
  });

  it("a tab that said it is idle may stay silent five times as long before it counts as gone", async () => {
    const observer = tracked(await openSocket(SITE));
    const idle = tracked(await openSocket(SITE), { heartbeat: false });
    idle.send({ type: "activity", active: false });
    await onlineFrame(observer, 2);
    await sleep(GHOST_AFTER_MS + 2 * SWEEP_MS);
    expect(idle.ws.readyState).toBe(WebSocket.OPEN);
    expect((await summary()).online).toBe(2);
  });
});

describe("what the sweep closes", () => {
  it("a socket flooding the runtime with heartbeats is closed; an honest one beside it is not", async () => {
    const flooder = tracked(await openSocket(SITE), { heartbeat: false });
    const honest = tracked(await openSocket(SITE));
    const flood = setInterval(() => {
      for (let i = 0; i < 20 && flooder.ws.readyState === WebSocket.OPEN; i++) flooder.ping();
    }, 2);
    expect(await flooder.closed).toMatchObject({ code: 4429 });
    clearInterval(flood);
    expect(honest.ws.readyState).toBe(WebSocket.OPEN);
    await eventually(async () => expect((await summary()).online).toBe(1));
  });

  it("a signed-in socket whose token expired is closed with 4401, so its tab fetches a fresh ticket", async () => {
    const sid = await signedSessionId();
    const socket = tracked(await openSocket(SITE, { sid, token: await presenceToken({ sid, userId: "expiring", expiresInSeconds: 2 }) }));
    expect(await socket.closed).toMatchObject({ code: 4401 });
  });
});

describe("messages", () => {
  it("malformed, unknown, oversized and prototype-keyed messages change nothing; a socket that keeps sending them is closed", async () => {
    const observer = tracked(await openSocket(SITE));
    await snapshot(observer);
    const rogue = tracked(await openSocket(SITE));
    await onlineFrame(observer, 2);
    const junk = [
      "not json",
      JSON.stringify({ type: "teleport" }),
      JSON.stringify({ type: "location", slug: "x".repeat(2000) }),
      JSON.stringify({ __proto__: { type: "activity" }, active: false }),
      JSON.stringify({ type: "activity", active: "no" }),
    ];
    let closed = false;
    void rogue.closed.then(() => (closed = true));
    for (let i = 0; i < 150 && !closed; i++) {
      rogue.send(junk[i % junk.length]!);
      if (i % 10 === 9) await sleep(100);
    }
    expect(await rogue.closed).toMatchObject({ code: 4429 });
    // Nothing else changed: the observer saw the rogue arrive and leave, nothing more.
    await onlineFrame(observer, 1);
    expect(observer.frames.filter((frame) => frame.type !== "online" && frame.type !== "site-snapshot")).toEqual([]);
  });

  it("a location that is no post of the blog is never listed as what someone reads", async () => {
    const reader = await signedIn("wanderer");
    reader.send({ type: "location", slug: "not-a-post" });
    reader.send({ type: "location", slug: "constructor" });
    await sleep(300);
    expect((await summary()).people).toEqual([expect.objectContaining({ id: "wanderer", reading: null })]);
    reader.send({ type: "location", slug: "privacy-in-presence" });
    await eventually(async () => expect((await summary()).people).toEqual([expect.objectContaining({ id: "wanderer", reading: "privacy-in-presence" })]));
  });
});

describe("refusals before any object sees the socket", () => {
  it("sockets without a valid ticket are refused with 401 and never counted", async () => {
    expect(await upgradeStatus(SITE, { sid: "forged.signature" })).toBe(401);
    expect((await summary()).online).toBe(0);
  });
});
