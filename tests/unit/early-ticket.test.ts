// The page's first presence ticket, asked for by the inline script while the JavaScript loads:
// the sockets' first connects take it instead of asking the route again, and nothing later
// (a reconnect, a new identity, a socket opened long after) takes a ticket that may be stale.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { forgetEarlyPage, runInlineScript, stubEarlyPage, TICKET_URL, type TicketRoute } from "./support/early-page";

describe("the page's early presence ticket", () => {
  let route: TicketRoute;
  beforeEach(() => {
    vi.resetModules();
    route = stubEarlyPage();
  });
  afterEach(forgetEarlyPage);

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
    route = stubEarlyPage({ prerendering: true });
    runInlineScript();
    expect(route).not.toHaveBeenCalled();
  });
});
