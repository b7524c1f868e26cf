// Hiding, showing, signing in and out mid-read, watched by an observer who logs every frame:
// the old look leaves at once and the new one never arrives in a way that ties the two together.
import { describe, expect, it } from "vitest";
import { identityChanged, POST, SITE, summary, tracked } from "./support/observe";
import { everyLookSeen, labelsOf, roomViewOf } from "./support/room-view";
import { eventually, openSocket, presenceToken, signedSessionId, sleep, type TestSocket, upgradeStatus } from "./support/sockets";
import { TEST_WORKER_VARS } from "./support/vars";

const REENTRY_MIN_MS = Number(TEST_WORKER_VARS.REENTRY_DELAY_MIN_MS);
const REENTRY_MAX_MS = Number(TEST_WORKER_VARS.REENTRY_DELAY_MAX_MS);
const CROWD = Number(TEST_WORKER_VARS.REENTRY_CROWD);

/** A person of this test alone: the lobby (and its withdrawn tokens) is shared by the file. */
const someone = () => `ada-${crypto.randomUUID().slice(0, 8)}`;

const snapshot = (socket: TestSocket) => socket.next((frame) => frame.type === "room-snapshot");

async function open(options: { sid?: string; userId?: string; visible?: boolean; epoch?: number; reentry?: boolean } = {}) {
  const sid = options.sid ?? (await signedSessionId());
  const token = options.userId
    ? await presenceToken({ sid, userId: options.userId, name: "Ada", visible: options.visible ?? true, epoch: options.epoch ?? 0 })
    : undefined;
  const socket = tracked(await openSocket(POST, { sid, token, query: options.reentry ? { reentry: "1" } : {} }));
  await snapshot(socket);
  return { socket, sid, token };
}

/** Frames that both removed someone and added someone: the linking an observer would look for. */
const swaps = (socket: TestSocket) =>
  socket.frames.filter((frame) => frame.type === "room-diff" && (frame.removed as unknown[]).length > 0 && (frame.upserts as unknown[]).length > 0);

const upsertsAfter = (socket: TestSocket, index: number) =>
  socket.frames.slice(index).flatMap((frame) => (frame.type === "room-diff" ? (frame.upserts as { id: string; label: string }[]) : []));

async function roomKnown(count: number) {
  await eventually(async () => expect((await summary()).reading["how-live-presence-works"]).toBe(count));
}

/** Ada reads by name beside an observer, then hides: her tab reconnects as a hidden re-entry, and the old socket says goodbye. */
async function adaHidesMidRead() {
  const adaId = someone();
  const observer = (await open()).socket;
  const ada = await open({ userId: adaId });
  await roomKnown(2);
  expect(labelsOf(roomViewOf(observer))).toContain("Ada");
  const mark = observer.frames.length;
  expect((await identityChanged({ userId: adaId, epoch: 1, sessionId: null })).status).toBe(200);
  await eventually(() => expect(labelsOf(roomViewOf(observer))).not.toContain("Ada"));
  const hidden = await open({ sid: ada.sid, userId: adaId, visible: false, epoch: 1, reentry: true });
  ada.socket.close(1000);
  return { adaId, ada, observer, hidden, mark };
}

describe("in a small room", () => {
  it("hiding takes the name off at once even in a room that was just emptied and filled again, before the lobby heard of it", async () => {
    // The room's last reader leaves: the lobby hears "nobody" and forgets the room.
    const earlier = (await open()).socket;
    await roomKnown(1);
    earlier.close(1000);
    await eventually(async () => expect((await summary()).reading["how-live-presence-works"]).toBeUndefined());
    // Readers come back at once: the room reports them only at the end of its report window.
    const adaId = someone();
    const observer = (await open()).socket;
    await open({ userId: adaId });
    await eventually(() => expect(labelsOf(roomViewOf(observer))).toContain("Ada"));
    expect((await identityChanged({ userId: adaId, epoch: 1, sessionId: null })).status).toBe(200);
    await eventually(() => expect(labelsOf(roomViewOf(observer))).not.toContain("Ada"), { timeoutMs: 1_000 });
  });

  it("hiding takes the name off the rail at once, and no anonymous newcomer takes its place this visit", async () => {
    const { ada, observer, hidden, mark } = await adaHidesMidRead();
    await sleep(REENTRY_MAX_MS + 500);

    expect(upsertsAfter(observer, mark)).toEqual([]);
    // No marker, but still counted: privacy withholds a look, never a count.
    expect(roomViewOf(observer).count).toBe(2);
    expect(swaps(observer)).toEqual([]);
    // Ada knows the room doesn't show her to others.
    expect(roomViewOf(hidden.socket).you).toBeNull();
    // Her visible token from before is withdrawn.
    expect(await upgradeStatus(POST, { sid: ada.sid, token: ada.token })).toBe(401);
  });

  it("signing in mid-read: the anonymous reader leaves, and the named one appears only on the next visit", async () => {
    const adaId = someone();
    const observer = (await open()).socket;
    const anonymous = await open();
    await roomKnown(2);
    const anonymousLook = roomViewOf(anonymous.socket).you!;
    const mark = observer.frames.length;
    // The tab signs in: a new session id for the person, a socket opened as a re-entry, then the old one's goodbye.
    const signedIn = await open({ userId: adaId, reentry: true });
    anonymous.socket.close(1000);
    await eventually(() => expect(roomViewOf(observer).readers.has(anonymousLook)).toBe(false));
    await sleep(REENTRY_MAX_MS + 500);
    expect(upsertsAfter(observer, mark)).toEqual([]);
    expect(roomViewOf(signedIn.socket).you).toBeNull();

    // Next visit: shown by name.
    signedIn.socket.close(1000);
    await roomKnown(1);
    await open({ userId: adaId });
    await eventually(() => expect(labelsOf(roomViewOf(observer))).toContain("Ada"));
  });

  it("signing out of one browser withdraws that browser's token only; the person's other device stays named", async () => {
    const adaId = someone();
    const observer = (await open()).socket;
    const laptop = await open({ userId: adaId });
    const phone = await open({ userId: adaId });
    await roomKnown(2);
    await eventually(() => expect(labelsOf(roomViewOf(observer))).toContain("Ada"));
    expect((await identityChanged({ userId: adaId, epoch: 0, sessionId: laptop.sid.split(".")[0]! })).status).toBe(200);
    expect(await upgradeStatus(POST, { sid: laptop.sid, token: laptop.token })).toBe(401);
    expect(await upgradeStatus(POST, { sid: phone.sid, token: phone.token })).toBe(101);
    // The laptop leaves; Ada is still reading on her phone, by name.
    laptop.socket.close(1000);
    await sleep(500);
    expect(labelsOf(roomViewOf(observer))).toContain("Ada");
    expect(swaps(observer)).toEqual([]);
  });
});

describe("changing one's mind", () => {
  it("hiding, then showing again before any anonymous look was shown: the name is back at once, nothing new to link", async () => {
    const { adaId, ada, observer, hidden } = await adaHidesMidRead();
    await sleep(300);
    // Shown again: the tab reconnects with a visible ticket of the next epoch.
    await identityChanged({ userId: adaId, epoch: 2, sessionId: null });
    await open({ sid: ada.sid, userId: adaId, visible: true, epoch: 2, reentry: true });
    hidden.socket.close(1000);
    await eventually(() => expect(labelsOf(roomViewOf(observer))).toContain("Ada"), { timeoutMs: 1000 });
    expect(everyLookSeen(observer).labels.size).toBe(2);
    expect(swaps(observer)).toEqual([]);
  });
});

describe("in a crowd", () => {
  it("the new look joins after a random delay, in a frame of its own, never with the old one's removal", async () => {
    const adaId = someone();
    const crowd: TestSocket[] = [];
    for (let i = 0; i < CROWD; i++) crowd.push((await open()).socket);
    const observer = crowd[0]!;
    const ada = await open({ userId: adaId });
    ada.socket.send({ type: "progress", progress: 0.63 });
    await roomKnown(CROWD + 1);
    await eventually(() => expect([...roomViewOf(observer).readers.values()].find((r) => r.label === "Ada")?.progress).toBe(0.63));
    const before = everyLookSeen(observer).ids;

    const hiddenAt = Date.now();
    await identityChanged({ userId: adaId, epoch: 1, sessionId: null });
    const removal = await observer.next((frame) => frame.type === "room-diff" && (frame.removed as unknown[]).length > 0);
    expect(removal.upserts).toEqual([]);
    const arrival = await observer.next((frame) => frame.type === "room-diff" && (frame.upserts as unknown[]).length > 0, REENTRY_MAX_MS + 2000);
    expect(Date.now() - hiddenAt).toBeGreaterThanOrEqual(REENTRY_MIN_MS);
    expect(arrival.removed).toEqual([]);
    const [newcomer] = arrival.upserts as { id: string; label: string }[];
    expect(before.has(newcomer!.id)).toBe(false);
    expect(newcomer!.label).not.toBe("Ada");
    expect(roomViewOf(observer).count).toBe(CROWD + 1);
  });
});

describe("the online list", () => {
  it("after signing in mid-read, a person is listed only after a while, and not as reading the post they were on", async () => {
    const adaId = someone();
    const sid = await signedSessionId();
    const token = await presenceToken({ sid, userId: adaId, name: "Ada" });
    const site = tracked(await openSocket(SITE, { sid, token, query: { reentry: "1" } }));
    const signedInAt = Date.now();
    site.send({ type: "location", slug: "how-live-presence-works" });
    await eventually(async () => expect((await summary()).online).toBe(1));
    expect((await summary()).people).toEqual([]);
    await eventually(async () => expect((await summary()).people).toEqual([expect.objectContaining({ id: adaId, reading: null })]), {
      timeoutMs: REENTRY_MAX_MS + 2000,
    });
    expect(Date.now() - signedInAt).toBeGreaterThanOrEqual(REENTRY_MIN_MS);
    // Moving on to another post, they are shown as reading it.
    site.send({ type: "location", slug: "privacy-in-presence" });
    await eventually(async () => expect((await summary()).people).toEqual([expect.objectContaining({ id: adaId, reading: "privacy-in-presence" })]));
  });

  it("hiding takes the person off the online list at once, on every device, and they stay counted once", async () => {
    const adaId = someone();
    const devices = [];
    for (let i = 0; i < 2; i++) {
      const sid = await signedSessionId();
      devices.push(tracked(await openSocket(SITE, { sid, token: await presenceToken({ sid, userId: adaId, name: "Ada" }) })));
    }
    await eventually(async () => expect((await summary()).people?.map((person) => person.id)).toEqual([adaId]));
    const response = await identityChanged({ userId: adaId, epoch: 1, sessionId: null });
    expect(await response.json()).toMatchObject({ told: 2 });
    await eventually(async () => expect((await summary()).people).toEqual([]));
    expect((await summary()).online).toBe(1);
    for (const device of devices) await device.next((frame) => frame.type === "identity-stale");
  });
});
