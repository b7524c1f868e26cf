// The page's first presence ticket, asked for by the inline script while the JavaScript loads:
// the sockets' first connects take it instead of asking the route again, and nothing later
// (a reconnect, a new identity, a socket opened long after) takes a ticket that may be stale.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { earlyTicketScript } from "@/hooks/early-ticket";

const TICKET_URL = "/api/presence/ticket";

/** A ticket route that hands out a new session id on every request, as on a first visit. */
function ticketRoute() {
  let issued = 0;
  return vi.fn(async (url: URL | string) => {
    issued += 1;
    const from = new URL(String(url), "https://blog.test").searchParams.get("from");
    return Response.json({ sid: `sid-${issued}`, token: null, continues: from ? `proof-${from}` : null });
  });
}

/** Runs the script as the browser runs the inline <script> in the HTML. */
function runInlineScript({ prerendering = false } = {}) {
  vi.stubGlobal("document", { prerendering });
  new Function(earlyTicketScript(TICKET_URL))();
}

describe("the page's early presence ticket", () => {
  let route: ReturnType<typeof ticketRoute>;
  beforeEach(() => {
    vi.resetModules();
    route = ticketRoute();
    vi.stubGlobal("window", globalThis);
    vi.stubGlobal("location", { href: "https://blog.test/posts/a" });
    vi.stubGlobal("fetch", route);
  });
  afterEach(() => {
    delete (globalThis as { __liveReadersEarlyTicket?: unknown }).__liveReadersEarlyTicket;
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("serves both sockets' first connects with the one request the page made while loading", async () => {
    runInlineScript();
    expect(route).toHaveBeenCalledTimes(1);
    const { fetchPresenceTicket } = await import("@/hooks/presence-ticket");

    const site = await fetchPresenceTicket(TICKET_URL, { initial: true });
    const room = await fetchPresenceTicket(TICKET_URL, { initial: true });

    expect(route).toHaveBeenCalledTimes(1);
    expect(site.sid).toBe("sid-1");
    expect(room.sid).toBe("sid-1");
  });

  it("after a reconnect asks the route, no socket takes the page's ticket again", async () => {
    runInlineScript();
    const { fetchPresenceTicket } = await import("@/hooks/presence-ticket");
    await fetchPresenceTicket(TICKET_URL, { initial: true });

    const reconnect = await fetchPresenceTicket(TICKET_URL);
    const laterSocket = await fetchPresenceTicket(TICKET_URL, { initial: true });

    // The reconnect names the session it had, so a new identity's proof can continue it.
    expect(new URL(String(route.mock.calls[1]?.[0])).searchParams.get("from")).toBe("sid-1");
    expect(reconnect.sid).toBe("sid-2");
    expect(laterSocket.sid).toBe("sid-3");
    expect(route).toHaveBeenCalledTimes(3);
  });

  it("is left unused when it is more than 10 s old (a socket mounted long after the page loaded)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    runInlineScript();
    vi.setSystemTime(Date.now() + 10_001);
    const { fetchPresenceTicket } = await import("@/hooks/presence-ticket");

    const ticket = await fetchPresenceTicket(TICKET_URL, { initial: true });

    expect(ticket.sid).toBe("sid-2");
    expect(route).toHaveBeenCalledTimes(2);
  });

  it("falls back to the route when the page's request failed", async () => {
    route.mockRejectedValueOnce(new TypeError("network down"));
    runInlineScript();
    const { fetchPresenceTicket } = await import("@/hooks/presence-ticket");

    const ticket = await fetchPresenceTicket(TICKET_URL, { initial: true });

    expect(ticket.sid).toBe("sid-1");
    expect(route).toHaveBeenCalledTimes(2);
  });

  it("is not asked for on a page the browser prerenders (nobody reads it yet)", async () => {
    runInlineScript({ prerendering: true });
    expect(route).not.toHaveBeenCalled();
  });
});
