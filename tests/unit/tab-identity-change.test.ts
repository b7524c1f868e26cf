// What one tab does when who its reader is changes: it hears of the change once, and every
// presence socket it then opens carries the proof that its new session continues the old one.
// The tab's side runs as in the browser; the ticket route's answers come from the app's own
// session rules (sessionFor), in memory.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sessionFor } from "@/lib/presence/session-cookie";
import { verifyContinuation, verifySignedSessionId } from "@/party/shared/tickets";

const SECRET = "the-presence-secret-0123456789abcdef";

/** One browser's cookies and who is signed in, answering ticket requests as the app's route does. */
function ticketRoute() {
  const cookies: { signedSessionId: string | undefined; ownerBinding: string | undefined } = { signedSessionId: undefined, ownerBinding: undefined };
  let userId: string | null = null;
  const fetch = vi.fn(async (url: URL | string) => {
    const from = new URL(String(url)).searchParams.get("from");
    const session = await sessionFor(SECRET, cookies, userId, from);
    Object.assign(cookies, { signedSessionId: session.signedSessionId, ownerBinding: session.ownerBinding });
    return Response.json({ sid: session.signedSessionId, token: null, continues: session.continues });
  });
  return { fetch, signIn: (id: string) => (userId = id), signOut: () => (userId = null) };
}

describe("a tab whose reader signs out", () => {
  beforeEach(() => {
    vi.resetModules();
    vi.stubGlobal("window", { location: { href: "https://blog.test/posts/a" } });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("opens every later socket with the proof that its new session continues the old, not only the first", async () => {
    const route = ticketRoute();
    vi.stubGlobal("fetch", route.fetch);
    const { fetchPresenceTicket } = await import("@/hooks/presence-ticket");
    route.signIn("bea");
    const signedIn = await fetchPresenceTicket("/api/presence/ticket");
    route.signOut();

    // The site socket and the room socket ask one after the other (a second replacement, a reconnect).
    const first = await fetchPresenceTicket("/api/presence/ticket");
    const later = await fetchPresenceTicket("/api/presence/ticket");

    const oldSession = await verifySignedSessionId(SECRET, signedIn.sid);
    const newSession = (await verifySignedSessionId(SECRET, first.sid))!;
    expect(newSession).not.toBe(oldSession);
    expect(later.sid).toBe(first.sid);
    expect(await verifyContinuation(SECRET, first.continues ?? null, newSession)).toBe(oldSession);
    expect(await verifyContinuation(SECRET, later.continues ?? null, newSession)).toBe(oldSession);
    expect(route.fetch).toHaveBeenCalledTimes(3);
  });
});

describe("hearing of an identity change", () => {
  beforeEach(() => {
    vi.resetModules();
    vi.stubGlobal("window", Object.assign(new EventTarget(), { BroadcastChannel }));
  });
  afterEach(() => vi.unstubAllGlobals());

  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it("a tab hears its own announcement once (a second time would replace each socket twice)", async () => {
    const { announceIdentityChange, onIdentityChange } = await import("@/hooks/identity-events");
    const heard = vi.fn();
    const stop = onIdentityChange(heard);
    announceIdentityChange();
    await settle();
    stop();
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it("a tab hears another tab's announcement, also one from an older version of the page", async () => {
    const { onIdentityChange } = await import("@/hooks/identity-events");
    const heard = vi.fn();
    const stop = onIdentityChange(heard);
    const otherTab = new BroadcastChannel("live-readers:identity");
    otherTab.postMessage({ from: "another-tab" });
    otherTab.postMessage("changed");
    await settle();
    otherTab.close();
    stop();
    expect(heard).toHaveBeenCalledTimes(2);
  });
});
