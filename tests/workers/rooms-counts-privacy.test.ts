// Privacy decides what others see of a reader, never whether they are counted: an observer who
// logs every frame of a post's room, and the lobby's ranking beside it, see the same count at
// every moment while another reader signs in, signs out, hides, shows again or reopens the post.
import { describe, expect, it } from "vitest";
import { identityChanged, POST, summary, tracked } from "./support/observe";
import { labelsOf, roomViewOf } from "./support/room-view";
import { signContinuation } from "../../party/shared/tickets";
import { eventually, get, openSocket, presenceToken, sessionIdOf, signedSessionId, sleep, type TestSocket } from "./support/sockets";
import { TEST_SECRET, TEST_WORKER_VARS } from "./support/vars";

const SLUG = "how-live-presence-works";
const REENTRY_MAX_MS = Number(TEST_WORKER_VARS.REENTRY_DELAY_MAX_MS);

const someone = () => `ada-${crypto.randomUUID().slice(0, 8)}`;

/**
 * A tab's room socket. `continuing`: the signed session id the browser had before a sign-in or
 * out; the new session id comes with the app's proof that it continues it, as the tab sends it.
 */
async function open(options: { sid?: string; userId?: string; visible?: boolean; epoch?: number; reentry?: boolean; continuing?: string } = {}) {
  const sid = options.sid ?? (await signedSessionId());
  const token = options.userId
    ? await presenceToken({ sid, userId: options.userId, name: "Ada", visible: options.visible ?? true, epoch: options.epoch ?? 0 })
    : undefined;
  const continues = options.continuing ? await signContinuation(TEST_SECRET, sessionIdOf(options.continuing), sessionIdOf(sid)) : null;
  const query = { ...(options.reentry ? { reentry: "1" } : {}), ...(continues ? { continues } : {}) };
  const socket = tracked(await openSocket(POST, { sid, token, query }));
  await socket.next((frame) => frame.type === "room-snapshot");
  return { socket, sid, token };
}

/** Every count a socket was told from frame `from` on. */
const countsFrom = (socket: TestSocket, from: number) =>
  socket.frames.slice(from).flatMap((frame) => (typeof frame.count === "number" ? [frame.count] : []));

/**
 * Samples the figures that don't come over the observer's socket (the lobby's ranking, the
 * room's GET) until `during` settles, then returns every value seen.
 */
async function sampled<T>(during: Promise<T>): Promise<{ result: T; ranking: number[]; room: number[] }> {
  const ranking: number[] = [];
  const room: number[] = [];
  let done = false;
  const sampling = (async () => {
    while (!done) {
      ranking.push((await summary()).reading[SLUG] ?? 0);
      room.push(((await (await get(POST)).json()) as { count: number }).count);
      await sleep(25);
    }
  })();
  const result = await during;
  await sleep(300);
  done = true;
  await sampling;
  return { result, ranking, room };
}

async function twoReading(ada: Awaited<ReturnType<typeof open>>) {
  const observer = (await open()).socket;
  await eventually(async () => expect((await summary()).reading[SLUG]).toBe(2));
  await eventually(() => expect(roomViewOf(observer).count).toBe(2));
  void ada;
  return observer;
}

describe("a post's count through every privacy change", () => {
  it("signing in mid-read: the observer, the ranking, the room's GET and the reader's own socket all say 2 throughout", async () => {
    const anonymous = await open();
    const observer = await twoReading(anonymous);
    const mark = observer.frames.length;
    const { result: signedIn, ranking, room } = await sampled(
      (async () => {
        const signedIn = await open({ userId: someone(), reentry: true, continuing: anonymous.sid });
        anonymous.socket.close(1000);
        await sleep(REENTRY_MAX_MS + 300);
        return signedIn;
      })(),
    );
    expect(countsFrom(observer, mark).every((count) => count === 2)).toBe(true);
    expect(roomViewOf(observer).count).toBe(2);
    expect(roomViewOf(signedIn.socket).count).toBe(2);
    expect(new Set(ranking)).toEqual(new Set([2]));
    expect(new Set(room)).toEqual(new Set([2]));
  });

  it("signing in and then out: the anonymous look from before the sign-in never comes back (it would tie the two)", async () => {
    const anonymous = await open();
    const observer = await twoReading(anonymous);
    const before = roomViewOf(anonymous.socket).you!;
    const adaId = someone();
    const signedIn = await open({ userId: adaId, reentry: true, continuing: anonymous.sid });
    anonymous.socket.close(1000);
    await eventually(() => expect(roomViewOf(observer).readers.has(before)).toBe(false));
    const mark = observer.frames.length;
    await identityChanged({ userId: adaId, epoch: 0, sessionId: signedIn.sid.split(".")[0]! });
    const signedOut = await open({ reentry: true, continuing: signedIn.sid });
    signedIn.socket.close(1000);
    await sleep(REENTRY_MAX_MS + 300);
    const comeBack = observer.frames.slice(mark).flatMap((frame) => (frame.type === "room-diff" ? (frame.upserts as { id: string }[]) : []));
    expect(comeBack.map((reader) => reader.id)).not.toContain(before);
    expect(roomViewOf(signedOut.socket).you).not.toBe(before);
    expect(roomViewOf(observer).count).toBe(2);
  });

  it("signing out mid-read keeps the count", async () => {
    const adaId = someone();
    const named = await open({ userId: adaId });
    const observer = await twoReading(named);
    await eventually(() => expect(labelsOf(roomViewOf(observer))).toContain("Ada"));
    const mark = observer.frames.length;
    const { result: signedOut, ranking } = await sampled(
      (async () => {
        await identityChanged({ userId: adaId, epoch: 0, sessionId: named.sid.split(".")[0]! });
        const signedOut = await open({ reentry: true, continuing: named.sid });
        named.socket.close(1000);
        await eventually(() => expect(labelsOf(roomViewOf(observer))).not.toContain("Ada"));
        await sleep(REENTRY_MAX_MS + 300);
        return signedOut;
      })(),
    );
    expect(countsFrom(observer, mark).every((count) => count === 2)).toBe(true);
    expect(roomViewOf(signedOut.socket).count).toBe(2);
    expect(new Set(ranking)).toEqual(new Set([2]));
  });

  it("hiding, then showing again: the name leaves and comes back, the count never moves", async () => {
    const adaId = someone();
    const named = await open({ userId: adaId });
    const observer = await twoReading(named);
    await eventually(() => expect(labelsOf(roomViewOf(observer))).toContain("Ada"));
    const mark = observer.frames.length;
    const { ranking } = await sampled(
      (async () => {
        await identityChanged({ userId: adaId, epoch: 1, sessionId: null });
        const hidden = await open({ sid: named.sid, userId: adaId, visible: false, epoch: 1, reentry: true });
        named.socket.close(1000);
        await eventually(() => expect(labelsOf(roomViewOf(observer))).not.toContain("Ada"));
        expect(roomViewOf(hidden.socket).count).toBe(2);
        await sleep(REENTRY_MAX_MS + 300);
        await identityChanged({ userId: adaId, epoch: 2, sessionId: null });
        await open({ sid: named.sid, userId: adaId, visible: true, epoch: 2, reentry: true });
        hidden.socket.close(1000);
        await sleep(300);
      })(),
    );
    expect(countsFrom(observer, mark).every((count) => count === 2)).toBe(true);
    expect(new Set(ranking)).toEqual(new Set([2]));
  });

  it("reopening the post within seconds of signing in: counted again at once, by everyone, and the same count on both sides", async () => {
    const anonymous = await open();
    const observer = await twoReading(anonymous);
    const adaId = someone();
    const signedIn = await open({ userId: adaId, reentry: true, continuing: anonymous.sid });
    anonymous.socket.close(1000);
    await sleep(200);
    // Off to the home page (a goodbye), and back to the post 1 s later: the same visit by the re-entry rule.
    signedIn.socket.close(1000);
    await eventually(() => expect(roomViewOf(observer).count).toBe(1));
    await sleep(1000);
    const reopened = await open({ sid: signedIn.sid, userId: adaId });
    await eventually(() => expect(roomViewOf(observer).count).toBe(2), { timeoutMs: 1000 });
    expect(roomViewOf(reopened.socket).count).toBe(2);
    await eventually(async () => expect((await summary()).reading[SLUG]).toBe(2), { timeoutMs: 1000 });
  });

  it("reloading the post right after signing in: the reader never drops out of anyone's count", async () => {
    const anonymous = await open();
    const observer = await twoReading(anonymous);
    const adaId = someone();
    const signedIn = await open({ userId: adaId, reentry: true, continuing: anonymous.sid });
    anonymous.socket.close(1000);
    await sleep(200);
    const mark = observer.frames.length;
    // A reload: the page goes without a goodbye (within the grace window), and comes back.
    const { result: reloaded, ranking } = await sampled(
      (async () => {
        signedIn.socket.close(1001, "reload");
        const reloaded = await open({ sid: signedIn.sid, userId: adaId });
        await sleep(REENTRY_MAX_MS + 300);
        return reloaded;
      })(),
    );
    expect(countsFrom(observer, mark).every((count) => count === 2)).toBe(true);
    expect(roomViewOf(observer).count).toBe(2);
    expect(roomViewOf(reloaded.socket).count).toBe(2);
    expect(new Set(ranking)).toEqual(new Set([2]));
  });
});
