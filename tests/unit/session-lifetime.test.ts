// No identifier of a reader lives longer than a day: the session id says when it was issued, the
// app hands a browser its successor from 20 hours on (one tab or many, they agree, and each is
// told the new continues the old), the cookies end with the id, and a day-old id is no one's.
import { describe, expect, it } from "vitest";
import { siteShardFor } from "@/party/config/site-shards";
import { sessionCookieOptions, sessionFor } from "@/lib/presence/session-cookie";
import {
  newSessionId,
  SESSION_ID_MAX_AGE_SECONDS,
  sessionIdParts,
  signContinuation,
  signSessionId,
  verifyContinuation,
  verifySignedSessionId,
} from "@/party/shared/tickets";

const SECRET = "the-presence-secret-0123456789abcdef";
const HOUR = 60 * 60 * 1000;
const NOW = Date.UTC(2026, 5, 1, 12);

const signedAt = (issuedAt: number, bucket?: number) => signSessionId(SECRET, newSessionId({ issuedAt, bucket }));
const idOf = (signed: string) => signed.slice(0, signed.lastIndexOf("."));
const anonymous = (signedSessionId: string) => ({ signedSessionId, ownerBinding: undefined });

describe("a session id's day", () => {
  it("is good from its issue to a day later (five minutes' skew either way), and no longer", async () => {
    const issued = await signedAt(NOW);
    for (const at of [NOW - 4 * 60_000, NOW, NOW + 23 * HOUR, NOW + 24 * HOUR + 4 * 60_000]) {
      expect(await verifySignedSessionId(SECRET, issued, at)).toBe(idOf(issued));
    }
    for (const at of [NOW - 6 * 60_000, NOW + 24 * HOUR + 6 * 60_000, NOW + 365 * 24 * HOUR]) {
      expect(await verifySignedSessionId(SECRET, issued, at)).toBeNull();
    }
  });

  it("a continuation is honoured only while the session it names is in its day", async () => {
    const old = idOf(await signedAt(NOW));
    const next = newSessionId({ issuedAt: NOW + 20 * HOUR });
    const proof = await signContinuation(SECRET, old, next);
    expect(await verifyContinuation(SECRET, proof, next, NOW + 23 * HOUR)).toBe(old);
    expect(await verifyContinuation(SECRET, proof, next, NOW + 25 * HOUR)).toBeNull();
  });

  it("its cookies end when it does: a fresh id's at most a day, an older id's what is left of its day", async () => {
    const fresh = await signedAt(NOW);
    expect(sessionCookieOptions(fresh, NOW).maxAge).toBe(SESSION_ID_MAX_AGE_SECONDS);
    expect(sessionCookieOptions(fresh, NOW + 21 * HOUR).maxAge).toBe(3 * 60 * 60);
    expect(sessionCookieOptions(fresh, NOW + 30 * HOUR).maxAge).toBe(0);
    const session = await sessionFor(SECRET, anonymous(fresh), null, null, NOW + 10 * HOUR);
    expect(sessionCookieOptions(session.signedSessionId, NOW + 10 * HOUR).maxAge).toBeLessThanOrEqual(SESSION_ID_MAX_AGE_SECONDS);
  });
});

describe("renewal", () => {
  it("keeps an id younger than 20 hours and says when it is due; from then on hands out its successor, in the same shard bucket", async () => {
    const cookie = await signedAt(NOW);
    const young = await sessionFor(SECRET, anonymous(cookie), null, cookie, NOW + 19 * HOUR);
    expect(young.signedSessionId).toBe(cookie);
    expect(young.continues).toBeNull();
    expect(young.renewAt).toBe(NOW + 20 * HOUR);

    const due = await sessionFor(SECRET, { signedSessionId: cookie, ownerBinding: young.ownerBinding }, null, cookie, NOW + 20 * HOUR + 1000);
    const next = (await verifySignedSessionId(SECRET, due.signedSessionId, NOW + 20 * HOUR + 1000))!;
    expect(next).not.toBe(idOf(cookie));
    expect(sessionIdParts(next)!.bucket).toBe(sessionIdParts(idOf(cookie))!.bucket);
    for (const shards of [1, 3, 4, 64]) expect(siteShardFor(next, shards)).toBe(siteShardFor(idOf(cookie), shards));
    // The successor has a day of its own from its renewal (at most), and is due again 20 hours on.
    expect(due.renewAt).toBe(NOW + 40 * HOUR);
    expect(await verifyContinuation(SECRET, due.continues, next, NOW + 20 * HOUR + 1000)).toBe(idOf(cookie));
  });

  it("tabs that ask at different moments get the same successor and the same proof, also a page loaded again that names no id", async () => {
    const cookie = await signedAt(NOW);
    const first = await sessionFor(SECRET, anonymous(cookie), null, cookie, NOW + 21 * HOUR);
    expect(first.signedSessionId).not.toBe(cookie);
    expect(first.continues).not.toBeNull();
    // A second tab asks a minute later: the cookie already holds the successor; the tab still names the old id.
    const later = { signedSessionId: first.signedSessionId, ownerBinding: first.ownerBinding };
    const second = await sessionFor(SECRET, later, null, cookie, NOW + 21 * HOUR + 60_000);
    expect(second.signedSessionId).toBe(first.signedSessionId);
    expect(second.continues).toBe(first.continues);
    // Two tabs at the same moment, both with the old cookie, agree too.
    const both = await Promise.all([1, 2].map((tab) => sessionFor(SECRET, anonymous(cookie), null, cookie, NOW + 21 * HOUR + tab * 1000)));
    expect(new Set(both.map((session) => session.signedSessionId))).toEqual(new Set([first.signedSessionId]));
    // A reload keeps the cookie but not the tab's memory: it still gets the proof (its old socket lingers a moment).
    const reloaded = await sessionFor(SECRET, anonymous(cookie), null, null, NOW + 21 * HOUR);
    expect(reloaded.signedSessionId).toBe(first.signedSessionId);
    expect(reloaded.continues).toBe(first.continues);
  });

  it("a sign-in at renewal time gives the person's own successor, and the tab is told it continues the anonymous id", async () => {
    const cookie = await signedAt(NOW);
    const signedIn = await sessionFor(SECRET, anonymous(cookie), "ada", cookie, NOW + 22 * HOUR);
    const next = (await verifySignedSessionId(SECRET, signedIn.signedSessionId, NOW + 22 * HOUR))!;
    expect(next).not.toBe(idOf(cookie));
    expect(sessionIdParts(next)!.bucket).toBe(sessionIdParts(idOf(cookie))!.bucket);
    expect(NOW + 22 * HOUR).toBeLessThan(signedIn.renewAt);
    expect(await verifyContinuation(SECRET, signedIn.continues, next, NOW + 22 * HOUR)).toBe(idOf(cookie));
  });

  it("an id past its day is no one's: a fresh id in a fresh bucket (as likely as any), no proof, though the tab names it", async () => {
    const buckets = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const cookie = await signedAt(NOW, 5);
      const later = await sessionFor(SECRET, anonymous(cookie), null, cookie, NOW + 25 * HOUR);
      const fresh = (await verifySignedSessionId(SECRET, later.signedSessionId, NOW + 25 * HOUR))!;
      expect(sessionIdParts(fresh)!.issuedAt).toBe(NOW + 25 * HOUR);
      expect(later.continues).toBeNull();
      buckets.add(sessionIdParts(fresh)!.bucket);
    }
    expect(buckets.size).toBeGreaterThan(10);
  });
});
