import { describe, expect, it } from "vitest";
import { sessionFor } from "@/lib/presence/session-cookie";
import { newSessionId, signSessionId, verifyContinuation, verifySignedSessionId } from "@/party/shared/tickets";

const SECRET = "the-presence-secret-0123456789abcdef";
const sessionIdIn = (signed: string) => verifySignedSessionId(SECRET, signed);

describe("a browser's session id belongs to one owner", () => {
  it("a new browser's first ticket keeps the id the proxy gave it, and binds it to nobody signed in", async () => {
    const proxied = await signSessionId(SECRET, newSessionId());
    const first = await sessionFor(SECRET, { signedSessionId: proxied, ownerBinding: undefined }, null);
    expect(first.signedSessionId).toBe(proxied);
    expect(await sessionFor(SECRET, { signedSessionId: proxied, ownerBinding: first.ownerBinding }, null)).toEqual(first);
  });

  it("signing in and signing out each give the browser a new id, never the earlier one back", async () => {
    const anonymous = await sessionFor(SECRET, { signedSessionId: undefined, ownerBinding: undefined }, null);
    const signedIn = await sessionFor(SECRET, { signedSessionId: anonymous.signedSessionId, ownerBinding: anonymous.ownerBinding }, "ada");
    const signedOut = await sessionFor(SECRET, { signedSessionId: signedIn.signedSessionId, ownerBinding: signedIn.ownerBinding }, null);
    const ids = await Promise.all([anonymous, signedIn, signedOut].map((session) => sessionIdIn(session.signedSessionId)));
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).not.toBeNull();
  });

  it("tabs that ask at the same moment after a sign-in agree on the new id", async () => {
    const before = await sessionFor(SECRET, { signedSessionId: undefined, ownerBinding: undefined }, null);
    const tabs = await Promise.all([1, 2, 3].map(() => sessionFor(SECRET, { signedSessionId: before.signedSessionId, ownerBinding: before.ownerBinding }, "ada")));
    expect(new Set(tabs.map((tab) => tab.signedSessionId)).size).toBe(1);
  });

  it("a forged cookie or someone else's binding gets a fresh id", async () => {
    const mine = await sessionFor(SECRET, { signedSessionId: undefined, ownerBinding: undefined }, "ada");
    const forged = await sessionFor(SECRET, { signedSessionId: "abcdefghijklmnop.forged", ownerBinding: mine.ownerBinding }, "ada");
    expect(await sessionIdIn(forged.signedSessionId)).not.toBeNull();
    expect(forged.signedSessionId).not.toBe(mine.signedSessionId);
    const asBob = await sessionFor(SECRET, { signedSessionId: mine.signedSessionId, ownerBinding: mine.ownerBinding }, "bob");
    expect(asBob.signedSessionId).not.toBe(mine.signedSessionId);
  });

  it("a tab that had the old id is told the new one continues it; a tab with any other id is not", async () => {
    const anonymous = await sessionFor(SECRET, { signedSessionId: undefined, ownerBinding: undefined }, null);
    const cookies = { signedSessionId: anonymous.signedSessionId, ownerBinding: anonymous.ownerBinding };
    const first = await sessionFor(SECRET, cookies, "ada", anonymous.signedSessionId);
    expect(first.continues).not.toBeNull();
    const next = (await sessionIdIn(first.signedSessionId))!;
    expect(await verifyContinuation(SECRET, first.continues, next)).toBe(await sessionIdIn(anonymous.signedSessionId));
    // A second tab asking after the cookie changed still had the old id: it gets the same proof.
    const second = await sessionFor(SECRET, { signedSessionId: first.signedSessionId, ownerBinding: first.ownerBinding }, "ada", anonymous.signedSessionId);
    expect(second.signedSessionId).toBe(first.signedSessionId);
    expect(second.continues).toBe(first.continues);
    // Nothing changed, or a made-up previous id: no continuation.
    expect((await sessionFor(SECRET, { signedSessionId: first.signedSessionId, ownerBinding: first.ownerBinding }, "ada", first.signedSessionId)).continues).toBeNull();
    const stranger = await signSessionId(SECRET, newSessionId());
    expect((await sessionFor(SECRET, { signedSessionId: first.signedSessionId, ownerBinding: first.ownerBinding }, "ada", stranger)).continues).toBeNull();
    // A continuation is good only for the session it was issued to.
    expect(await verifyContinuation(SECRET, first.continues, newSessionId())).toBeNull();
  });
});
