import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { siteShardFor } from "../../party/config/site-shards";
import { newSessionId, sessionIdParts, signContinuation } from "../../party/shared/tickets";
import { SITE, tracked } from "./support/observe";
import { eventually, get, keepAlive, openSocket, presenceToken, sessionIdOf, signedSessionId, sleep, type TestSocket } from "./support/sockets";
import { TEST_SECRET } from "./support/vars";

async function summary(sid?: string): Promise<{ online: number; active: number; includesSession: boolean; people: unknown }> {
  const response = await get(sid ? `${SITE}?sid=${encodeURIComponent(sid)}` : SITE);
  expect(response.status).toBe(200);
  return response.json();
}
void keepAlive;

const snapshotOf = (socket: TestSocket) => socket.next((frame) => frame.type === "site-snapshot");

describe("site presence counts readers, not sockets", () => {
  it("several tabs of one browser are one reader; another browser is a second", async () => {
    const sid = await signedSessionId();
    const tab1 = await openSocket(SITE, { sid });
    expect(await snapshotOf(tab1)).toMatchObject({ online: 1 });
    const tab2 = await openSocket(SITE, { sid });
    expect(await snapshotOf(tab2)).toMatchObject({ online: 1 });
    const other = await openSocket(SITE);
    expect(await snapshotOf(other)).toMatchObject({ online: 2 });
    await eventually(async () => expect((await summary(sid)).online).toBe(2));
    for (const socket of [tab1, tab2, other]) socket.close();
    await eventually(async () => expect((await summary()).online).toBe(0));
  });

  it("one person signed in on two browsers is one reader, listed once", async () => {
    const laptopSid = await signedSessionId();
    const phoneSid = await signedSessionId();
    const laptop = await openSocket(SITE, { sid: laptopSid, token: await presenceToken({ sid: laptopSid, userId: "ada", name: "Ada" }) });
    const phone = await openSocket(SITE, { sid: phoneSid, token: await presenceToken({ sid: phoneSid, userId: "ada", name: "Ada" }) });
    const stop = keepAlive([laptop, phone]);
    await snapshotOf(phone);
    await eventually(async () => {
      const now = await summary();
      expect(now.online).toBe(1);
      expect(now.people).toEqual([expect.objectContaining({ id: "ada", name: "Ada" })]);
    });
    stop();
    laptop.close();
    phone.close();
    await eventually(async () => expect((await summary()).online).toBe(0));
  });
});

describe("a browser's session id changes at sign-in and sign-out; its count doesn't", () => {
  const SHARDS = Number(env.SITE_SHARDS);
  /** Two fresh sessions whose sockets would land in different shards (with more than one). */
  async function sessionsApart(): Promise<[string, string]> {
    const first = await signedSessionId();
    for (;;) {
      const second = await signedSessionId();
      if (SHARDS === 1 || siteShardFor(sessionIdOf(second), SHARDS) !== siteShardFor(sessionIdOf(first), SHARDS)) return [first, second];
    }
  }
  /** The id the app hands the browser next (after a sign-in or out): as old, in the same routing bucket. */
  const successorOf = (signed: string) => {
    const { issuedAt, bucket } = sessionIdParts(sessionIdOf(signed))!;
    return signedSessionId(newSessionId({ issuedAt, bucket }));
  };
  const onlineSeen = (socket: TestSocket) =>
    socket.frames.filter((frame) => frame.type === "site-snapshot" || frame.type === "online").map((frame) => frame.online as number);

  it("signing in, then out: old and new sockets overlap, the count never doubles or dips", async () => {
    const observer = tracked(await openSocket(SITE));
    await snapshotOf(observer);
    const anonymous = await signedSessionId();
    const signedIn = await successorOf(anonymous);
    // The successor's bucket sends every one of the browser's site sockets to one shard.
    expect(siteShardFor(sessionIdOf(signedIn), SHARDS)).toBe(siteShardFor(sessionIdOf(anonymous), SHARDS));
    const before = tracked(await openSocket(SITE, { sid: anonymous }));
    await eventually(() => expect(onlineSeen(observer).at(-1)).toBe(2));
    // Sign-in, make-before-break: the new socket (new session, continuing the old) opens, then the old says goodbye.
    const continues = await signContinuation(TEST_SECRET, sessionIdOf(anonymous), sessionIdOf(signedIn));
    const token = await presenceToken({ sid: signedIn, userId: "rotating-ada" });
    const after = tracked(await openSocket(SITE, { sid: signedIn, token, query: { continues, reentry: "1" } }));
    expect(await snapshotOf(after)).toMatchObject({ online: 2 });
    before.close(1000);
    // Sign-out: a third session continues the signed-in one.
    const signedOut = await successorOf(signedIn);
    const outContinues = await signContinuation(TEST_SECRET, sessionIdOf(signedIn), sessionIdOf(signedOut));
    const anonymousAgain = tracked(await openSocket(SITE, { sid: signedOut, query: { continues: outContinues, reentry: "1" } }));
    expect(await snapshotOf(anonymousAgain)).toMatchObject({ online: 2 });
    after.close(1000);
    await sleep(500);
    expect(onlineSeen(observer).slice(onlineSeen(observer).indexOf(2))).toEqual([2]);
    expect((await summary()).online).toBe(2);
  });

  it("a continuation forged, or issued for another session, is not one: that socket is a reader of its own", async () => {
    const [old, fresh] = await sessionsApart();
    const first = tracked(await openSocket(SITE, { sid: old }));
    await snapshotOf(first);
    const forged = `${sessionIdOf(old)}.forgedsignature`;
    const forOther = await signContinuation(TEST_SECRET, sessionIdOf(old), newSessionId());
    for (const continues of [forged, forOther]) {
      const socket = tracked(await openSocket(SITE, { sid: fresh, query: { continues } }));
      expect(await snapshotOf(socket)).toMatchObject({ online: 2 });
      socket.close(1000);
      await eventually(async () => expect((await summary()).online).toBe(1));
    }
  });
});
