// After a mid-visit sign-in a person is listed by name only after a random while, so an observer
// can't tie the name to the anonymous reader who just left. The while is the person's, not a
// socket's: a new tab, a reload and a second device (in another shard) wait for the same moment,
// and the person's own sockets are told it. An observer logs every frame of the site.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { siteShardFor } from "../../party/config/site-shards";
import { signContinuation } from "../../party/shared/tickets";
import { SITE, summary, tracked } from "./support/observe";
import { eventually, openSocket, presenceToken, sessionIdOf, signedSessionId, sleep, type TestSocket } from "./support/sockets";
import { TEST_SECRET, TEST_WORKER_VARS } from "./support/vars";

const SHARDS = Number(env.SITE_SHARDS);
const REENTRY_MIN_MS = Number(TEST_WORKER_VARS.REENTRY_DELAY_MIN_MS);
const REENTRY_MAX_MS = Number(TEST_WORKER_VARS.REENTRY_DELAY_MAX_MS);
/** How far two sockets' sense of one moment may differ: each learns it as "in N ms" on arrival. */
const SAME_MOMENT_MS = 150;

interface Arrival {
  at: number;
  frame: Record<string, unknown>;
}

/** Every frame a socket gets from now on, with when it arrived. */
function timeline(socket: TestSocket): Arrival[] {
  const arrivals: Arrival[] = [];
  socket.ws.addEventListener("message", (event) => {
    const text = String(event.data);
    if (text.startsWith("{")) arrivals.push({ at: Date.now(), frame: JSON.parse(text) as Record<string, unknown> });
  });
  return arrivals;
}

/** The moments a socket was told others will list its person (arrival + listedInMs), in order. */
const momentsTold = (arrivals: Arrival[]) =>
  arrivals.filter(({ frame }) => frame.type === "listing-hold").map(({ at, frame }) => at + (frame.listedInMs as number));

/** When the observer first saw the person listed, if it did. */
function firstListed(arrivals: Arrival[], userId: string): number | undefined {
  return arrivals.find(({ frame }) => {
    const people = frame.type === "site-snapshot" ? frame.people : frame.type === "people-diff" ? frame.upserts : null;
    return Array.isArray(people) && people.some((person: { id: string }) => person.id === userId);
  })?.at;
}

const snapshotOf = (socket: TestSocket) => socket.next((frame) => frame.type === "site-snapshot");

/** A fresh signed session whose sockets land in another shard than `other`'s (with more than one). */
async function sessionApartFrom(other: string): Promise<string> {
  for (;;) {
    const sid = await signedSessionId();
    if (SHARDS === 1 || siteShardFor(sessionIdOf(sid), SHARDS) !== siteShardFor(sessionIdOf(other), SHARDS)) return sid;
  }
}

describe("the listing delay after a mid-visit sign-in is one for the person", () => {
  it("a new tab, a reload and a second device in another shard wait for the same moment, which the person's sockets are told; once listed, a later re-entry doesn't un-list them", async () => {
    const adaId = `ada-${crypto.randomUUID()}`;
    const observer = tracked(await openSocket(SITE));
    const seen = timeline(observer);
    await snapshotOf(observer);

    // Ada reads anonymously, then signs in mid-visit: the tab's new socket continues the old session.
    const anonymous = await signedSessionId();
    const route = anonymous;
    const before = tracked(await openSocket(SITE, { sid: anonymous, query: { route } }));
    await snapshotOf(before);
    const signedIn = await signedSessionId();
    const continues = await signContinuation(TEST_SECRET, sessionIdOf(anonymous), sessionIdOf(signedIn));
    const token = await presenceToken({ sid: signedIn, userId: adaId, name: "Ada" });
    const signedInAt = Date.now();
    const reentry = tracked(await openSocket(SITE, { sid: signedIn, token, query: { continues, route, reentry: "1" } }));
    const reentryHeard = timeline(reentry);
    await snapshotOf(reentry);
    before.close(1000);

    // Right away she opens another tab (same browser, same shard, an ordinary socket)...
    await sleep(300);
    const tab = tracked(await openSocket(SITE, { sid: signedIn, token, query: { route } }));
    const tabHeard = timeline(tab);
    // ...her phone, signed in as her, in another shard...
    await sleep(200);
    const phoneSid = await sessionApartFrom(route);
    const phone = tracked(await openSocket(SITE, { sid: phoneSid, token: await presenceToken({ sid: phoneSid, userId: adaId, name: "Ada" }) }));
    const phoneHeard = timeline(phone);
    // ...and reloads the tab.
    await sleep(200);
    tab.close(1000);
    const reloaded = tracked(await openSocket(SITE, { sid: signedIn, token, query: { route } }));
    const reloadedHeard = timeline(reloaded);
    // Counted throughout: the observer and Ada, one reader however many sockets.
    await eventually(async () => expect((await summary()).online).toBe(2));

    const listedAt = await eventually(
      () => {
        const at = firstListed(seen, adaId);
        expect(at).toBeDefined();
        return at!;
      },
      { timeoutMs: REENTRY_MAX_MS + 3000 },
    );
    // The observer never saw her name before the random while had passed, whatever she opened.
    expect(listedAt - signedInAt).toBeGreaterThanOrEqual(REENTRY_MIN_MS);

    // Her sockets were told the one moment: the sign-in's, the new tab's, the phone's, the reload's.
    const [moment] = momentsTold(reentryHeard);
    expect(moment, "the signed-in socket is told when others will see her").toBeDefined();
    expect(moment! - signedInAt).toBeGreaterThanOrEqual(REENTRY_MIN_MS - SAME_MOMENT_MS);
    expect(moment! - signedInAt).toBeLessThanOrEqual(REENTRY_MAX_MS + SAME_MOMENT_MS);
    for (const heard of [tabHeard, phoneHeard, reloadedHeard]) {
      expect(Math.abs(momentsTold(heard)[0]! - moment!)).toBeLessThanOrEqual(SAME_MOMENT_MS);
    }
    // ...and the observer saw her only from that moment on.
    expect(listedAt).toBeGreaterThanOrEqual(moment! - SAME_MOMENT_MS);
    // Once listed, her sockets hear that others see her now.
    await eventually(() => expect(momentsTold(reentryHeard).length).toBe(2));
    expect(Math.abs(momentsTold(reentryHeard)[1]! - listedAt)).toBeLessThanOrEqual(SAME_MOMENT_MS);

    // Listed now: signing in on a third device mid-visit neither un-lists nor delays her again.
    const laptopSid = await signedSessionId();
    const laptop = tracked(
      await openSocket(SITE, { sid: laptopSid, token: await presenceToken({ sid: laptopSid, userId: adaId, name: "Ada" }), query: { reentry: "1" } }),
    );
    const laptopHeard = timeline(laptop);
    await snapshotOf(laptop);
    await sleep(REENTRY_MAX_MS + 300);
    expect(momentsTold(laptopHeard)).toEqual([]);
    const removals = seen.filter(({ frame }) => frame.type === "people-diff" && (frame.removed as string[]).includes(adaId));
    expect(removals).toEqual([]);
    expect((await summary()).people).toEqual([expect.objectContaining({ id: adaId })]);
    expect((await summary()).online).toBe(2);
  });

  it("a shard restarted during the hold keeps it: a tab opened after the restart waits for the same moment", async () => {
    const adaId = `ada-${crypto.randomUUID()}`;
    const sid = await signedSessionId();
    const token = await presenceToken({ sid, userId: adaId, name: "Ada" });
    const signedInAt = Date.now();
    const socket = tracked(await openSocket(SITE, { sid, token, query: { reentry: "1" } }));
    const heard = timeline(socket);
    await snapshotOf(socket);
    await eventually(() => expect(momentsTold(heard)).toHaveLength(1));
    const [moment] = momentsTold(heard);

    // The shard's object is reset (a crash, a deploy): its memory is gone, its storage isn't.
    const shardName = siteShardFor(sessionIdOf(sid), SHARDS);
    await runInDurableObject(env.Site.getByName(shardName), (_instance, state) => state.abort("restart")).catch(() => undefined);
    // Watched from after the restart (a reset closes the shard's sockets, and with one shard the observer's too).
    const observer = tracked(await openSocket(SITE));
    const seen = timeline(observer);
    await snapshotOf(observer);
    const tab = tracked(await openSocket(SITE, { sid, token }));
    const tabHeard = timeline(tab);
    await snapshotOf(tab);
    await eventually(() => expect(momentsTold(tabHeard)).toHaveLength(1));
    expect(Math.abs(momentsTold(tabHeard)[0]! - moment!)).toBeLessThanOrEqual(SAME_MOMENT_MS);

    const listedAt = await eventually(
      () => {
        const at = firstListed(seen, adaId);
        expect(at).toBeDefined();
        return at!;
      },
      { timeoutMs: REENTRY_MAX_MS + 3000 },
    );
    expect(listedAt - signedInAt).toBeGreaterThanOrEqual(REENTRY_MIN_MS);
    expect(listedAt).toBeGreaterThanOrEqual(moment! - SAME_MOMENT_MS);
    // Gone from storage once it passed and the person is listed.
    await eventually(async () => expect(await runInDurableObject(env.Site.getByName(shardName), (_instance, state) => state.storage.get(`listing-hold:${adaId}`))).toBeUndefined(), {
      timeoutMs: 3000,
    });
  });
});
