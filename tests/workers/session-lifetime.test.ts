// A browser's session id lives a day at most: the entry refuses an older one, and a
// continuation that names one; a socket whose id passes its day is closed, to reconnect with a
// fresh ticket. Ids are signed as the app signs them, issued as long ago as each case needs.
import { describe, expect, it } from "vitest";
import { newSessionId, SESSION_ID_MAX_AGE_SECONDS, sessionIdParts, signContinuation } from "../../party/shared/tickets";
import { POST, SITE, summary, tracked } from "./support/observe";
import { openSocket, sessionIdOf, signedSessionId, sleep, type TestSocket, upgradeStatus } from "./support/sockets";
import { TEST_SECRET } from "./support/vars";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = SESSION_ID_MAX_AGE_SECONDS * 1000;
/** The app's and the worker's clocks may differ by up to five minutes: an id is refused only past its day and that. */
const SKEW_MS = 5 * 60 * 1000;

/** A session id issued `agoMs` ago, signed with the test secret. */
const issuedAgo = (agoMs: number, bucket?: number) => signedSessionId(newSessionId({ issuedAt: Date.now() - agoMs, bucket }));
/** When an id stops being good at the entry (ms). */
const expiryOf = (signed: string) => sessionIdParts(sessionIdOf(signed))!.issuedAt + DAY_MS + SKEW_MS;

const snapshotOf = (socket: TestSocket) => socket.next((frame) => frame.type === "site-snapshot");

describe("a session id lives a day at most", () => {
  it("is refused (401) at the entry for every socket once more than a day old; a first-paint read no longer counts it as the asker", async () => {
    const dayOld = await issuedAgo(DAY_MS + SKEW_MS + 60_000);
    const weekOld = await issuedAgo(7 * DAY_MS);
    const fromTheFuture = await issuedAgo(-2 * SKEW_MS);
    for (const sid of [dayOld, weekOld, fromTheFuture]) {
      expect(await upgradeStatus(SITE, { sid }), sid).toBe(401);
      expect(await upgradeStatus(POST, { sid }), sid).toBe(401);
    }
    // Nearly a day old: still good.
    const nearlyADay = await issuedAgo(DAY_MS - HOUR_MS);
    expect(await upgradeStatus(SITE, { sid: nearlyADay })).toBe(101);
    const open = tracked(await openSocket(SITE, { sid: nearlyADay }));
    await snapshotOf(open);
    expect((await summary(nearlyADay)).includesSession).toBe(true);
    expect((await summary(dayOld)).includesSession).toBe(false);
  });

  it("a continuation from a session more than a day old is not honoured, and a socket whose id passes its day is closed (4401)", { timeout: 20_000 }, async () => {
    const observer = tracked(await openSocket(SITE));
    await snapshotOf(observer);
    // A tab whose id has a second and a half of its day left, and the id the app renews it to.
    const old = await issuedAgo(DAY_MS + SKEW_MS - 1500);
    const bucket = sessionIdParts(sessionIdOf(old))!.bucket;
    const renewed = await signedSessionId(newSessionId({ bucket }));
    const before = tracked(await openSocket(SITE, { sid: old }));
    expect(await snapshotOf(before)).toMatchObject({ online: 2 });

    // Control: while the old id is good, its successor's socket is the same reader.
    const control = tracked(await openSocket(SITE, { sid: renewed, query: { continues: await signContinuation(TEST_SECRET, sessionIdOf(old), sessionIdOf(renewed)) } }));
    expect(await snapshotOf(control)).toMatchObject({ online: 2 });
    control.close(1000);

    // Past its day, the same proof names a session no one may use any more: the new socket is a reader of its own.
    await sleep(Math.max(0, expiryOf(old) - Date.now()) + 50);
    const continues = await signContinuation(TEST_SECRET, sessionIdOf(old), sessionIdOf(renewed));
    const after = tracked(await openSocket(SITE, { sid: renewed, query: { continues } }));
    expect(await snapshotOf(after)).toMatchObject({ online: 3 });
    // And the old socket doesn't keep its day-old id: the sweep closes it, to come back with a fresh ticket.
    const closed = await Promise.race([before.closed, sleep(5_000).then(() => null)]);
    expect(closed?.code).toBe(4401);
  });
});
