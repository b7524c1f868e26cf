// The sockets a page's inline script opens before its JavaScript runs (hooks/early-presence.ts):
// the same connects the hooks would make (same rooms, same query), only on pages where the hooks
// would make them, handed over once to the socket of their room (hooks/early-sockets.ts), and
// never to one that would count the reader with a ticket the tab no longer holds.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EARLY_FRAMES_KEPT } from "@/hooks/early-presence";
import { partyUrl, socketUrl } from "@/hooks/reconnecting-socket";
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_PING } from "@/party/shared/wire-constants";
import {
  earlySockets,
  type EarlyPageOptions,
  FakeSocket,
  forgetEarlyPage,
  HOST,
  runInlineScript,
  stubEarlyPage,
  TICKET_URL,
  type TicketRoute,
} from "./support/early-page";

const POST = "how-live-presence-works";
const sitePath = () => new URL(partyUrl(HOST, "site", "global")).pathname;
const roomPath = (slug: string) => new URL(partyUrl(HOST, "article", slug)).pathname;
const opened = () => FakeSocket.opened.map((socket) => new URL(socket.url).pathname);

/** A page at `path` whose inline script has run and opened its sockets: those sockets. */
async function earlyPage(options: EarlyPageOptions = {}, route?: TicketRoute): Promise<FakeSocket[]> {
  stubEarlyPage(options, route);
  runInlineScript();
  await earlySockets();
  return FakeSocket.opened;
}

describe("the page's early presence sockets", () => {
  beforeEach(() => vi.resetModules());
  afterEach(forgetEarlyPage);

  it("on a post, opens the site's socket and the post's room with the page's ticket", async () => {
    await earlyPage({ path: `/posts/${POST}` });
    expect(opened()).toEqual([sitePath(), roomPath(POST)]);
    expect(FakeSocket.opened.map((socket) => new URL(socket.url).searchParams.get("sid"))).toEqual(["sid-1", "sid-1"]);
  });

  it("opens no room anywhere else, nor on a path that only looks like a post's", async () => {
    for (const path of ["/", "/online", "/posts/", "/posts/a/b", "/posts/%2e%2e%2fdesk", "/posts/Upper", "/blog/a-post", `/x/posts/${POST}`]) {
      await earlyPage({ path });
      expect(opened(), path).toEqual([sitePath()]);
      forgetEarlyPage();
    }
  });

  it("takes the blog's own post path and ticket route", async () => {
    const route = stubEarlyPage({ path: "/blog/slow-bread/" });
    runInlineScript({ postPathPrefix: "/blog/", ticketUrl: "/tickets" });
    await earlySockets();
    expect(String(route.mock.calls[0]?.[0])).toBe("/tickets");
    expect(opened()).toEqual([sitePath(), roomPath("slow-bread")]);
  });

  it("connects with the query the hooks' own connect would use, whatever the ticket holds", async () => {
    const tickets = [
      { sid: "s.1", token: null },
      { sid: "s.2", token: "jwt.token.sig", continues: "old.proof", renewIn: 3600 },
      { sid: "s.3", token: null, countAutomated: true },
    ];
    for (const ticket of tickets) {
      for (const webdriver of [false, true]) {
        await earlyPage({ webdriver }, vi.fn(async () => Response.json(ticket)));
        const { ticketQuery } = await import("@/hooks/presence-ticket");
        const expected = socketUrl(HOST, "site", "global", await ticketQuery(TICKET_URL, { initial: true }));
        expect(FakeSocket.opened[0]?.url, JSON.stringify({ ticket, webdriver })).toBe(expected);
        forgetEarlyPage();
        vi.resetModules();
      }
    }
  });

  it("opens nothing when the ticket fails or is no ticket, nor on a page the browser prerenders", async () => {
    const answers = [
      () => Promise.reject(new TypeError("offline")),
      async () => new Response("busy", { status: 503 }),
      async () => new Response("<html>", { status: 200 }),
      async () => Response.json({ sid: 42 }),
      async () => Response.json(null),
    ];
    for (const answer of answers) {
      stubEarlyPage({ path: `/posts/${POST}` }, vi.fn(answer));
      runInlineScript();
      expect(await earlySockets()).toBeNull();
      expect(FakeSocket.opened).toEqual([]);
      forgetEarlyPage();
    }
    const route = stubEarlyPage({ path: `/posts/${POST}`, prerendering: true });
    runInlineScript();
    expect(window.__liveReadersEarly).toBeUndefined();
    expect(route).not.toHaveBeenCalled();
  });

  it("keeps its sockets alive with the heartbeat until they are handed over, and then stops", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const [site] = (await earlyPage()) as [FakeSocket];
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(site.sent).toEqual([]);
    site.open();
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(site.sent).toEqual([HEARTBEAT_PING]);

    const { takeEarlySocket } = await import("@/hooks/early-sockets");
    const taken = await takeEarlySocket(TICKET_URL, partyUrl(HOST, "site", "global"));
    taken?.takeFrames();
    vi.advanceTimersByTime(3 * HEARTBEAT_INTERVAL_MS);
    expect(site.sent).toEqual([HEARTBEAT_PING]);
  });

  it("keeps the frames for the socket that takes it over, in order, and then no more", async () => {
    const [site] = (await earlyPage()) as [FakeSocket];
    site.open();
    site.receive("one");
    site.receive("two");
    const { takeEarlySocket } = await import("@/hooks/early-sockets");
    const taken = await takeEarlySocket(TICKET_URL, partyUrl(HOST, "site", "global"));
    expect(taken?.ws).toBe(site);
    expect(taken?.takeFrames()).toEqual(["one", "two"]);
    site.receive("three");
    expect((await earlySockets())?.site?.frames).toEqual([]);
  });

  it("closes a socket whose frames nobody takes before there are too many to keep", async () => {
    const [site] = (await earlyPage()) as [FakeSocket];
    site.open();
    for (let frame = 0; frame < EARLY_FRAMES_KEPT; frame++) site.receive(`frame ${frame}`);
    expect(site.closedWith).toBeNull();
    site.receive("one too many");
    // Without a goodbye: the worker keeps the reader for its grace window while the tab reconnects.
    expect(site.closedWith).toEqual([]);
  });

  it("follows a crowded post's room to the seat it gives, at once and once: the seat's socket is the one kept, beaten and handed over", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const [site, room] = (await earlyPage({ path: `/posts/${POST}` }, vi.fn(async () => Response.json({ sid: "s.1", token: "jwt.t.s" })))) as [FakeSocket, FakeSocket];
    room.open();
    room.receive(JSON.stringify({ type: "room-moved", seat: 3 }));
    // Without waiting for the room's close, which reaches a browser seconds late; without a goodbye (it never counted there).
    expect(room.closedWith).toEqual([]);
    const seated = FakeSocket.opened[2]!;
    expect(FakeSocket.opened).toHaveLength(3);
    const query = (socket: FakeSocket) => Object.fromEntries(new URL(socket.url).searchParams);
    expect(new URL(seated.url).pathname).toBe(roomPath(POST));
    expect(query(seated)).toEqual({ ...query(room), seat: "3" });

    // The seat's frames are kept, and heard by the painter, the move isn't; a second move (no room sends one) is not followed.
    const heard: unknown[] = [];
    (await earlySockets())!.article!.hear = (raw) => heard.push(raw);
    seated.open();
    seated.receive("snapshot");
    seated.receive(JSON.stringify({ type: "room-moved", seat: 4 }));
    expect(FakeSocket.opened).toHaveLength(3);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect([room.sent, seated.sent, site.sent]).toEqual([[], [HEARTBEAT_PING], []]);

    const { takeEarlySocket } = await import("@/hooks/early-sockets");
    const taken = await takeEarlySocket(TICKET_URL, partyUrl(HOST, "article", POST));
    expect(taken?.ws).toBe(seated);
    expect(taken?.takeFrames()).toEqual(["snapshot", JSON.stringify({ type: "room-moved", seat: 4 })]);
    // Taken: the page's socket handles what comes next; the painter still hears it until it stops.
    seated.receive("diff");
    expect(heard).toEqual(["snapshot", JSON.stringify({ type: "room-moved", seat: 4 }), "diff"]);
    expect(FakeSocket.opened).toHaveLength(3);
  });

  it("follows no move off the protocol, nor one that reaches the site's socket: those frames are kept like any other, for the page to refuse", async () => {
    const hostile = [
      { type: "room-moved", seat: 0 },
      { type: "room-moved", seat: 64 },
      { type: "room-moved", seat: 1.5 },
      { type: "room-moved", seat: "2" },
      { type: "room-moved", seat: "__proto__" },
      { type: "room-moved" },
      { type: "room-moved", seat: 1e400 },
      { type: "room-diff", seat: 2, note: "room-moved" },
    ].map((frame) => JSON.stringify(frame));
    const [site, room] = (await earlyPage({ path: `/posts/${POST}` })) as [FakeSocket, FakeSocket];
    for (const frame of [...hostile, '{"type":"room-moved",', "room-moved"]) room.receive(frame);
    site.receive(JSON.stringify({ type: "room-moved", seat: 2 }));
    expect(FakeSocket.opened).toEqual([site, room]);
    expect([site.closedWith, room.closedWith]).toEqual([null, null]);
    expect((await earlySockets())?.article?.frames).toHaveLength(hostile.length + 2);
  });

  it("hands each socket over once, and only to the socket of its own room and worker", async () => {
    const [site, room] = (await earlyPage({ path: `/posts/${POST}` })) as [FakeSocket, FakeSocket];
    const { takeEarlySocket } = await import("@/hooks/early-sockets");
    const take = async (url: string) => {
      const offered = await takeEarlySocket(TICKET_URL, url);
      return offered?.takeFrames() ? offered.ws : null;
    };

    expect(await take(partyUrl(HOST, "article", "another-post"))).toBeNull();
    expect(await take(partyUrl("127.0.0.1:9999", "site", "global"))).toBeNull();
    expect(await takeEarlySocket("/another/ticket/route", partyUrl(HOST, "site", "global"))).toBeNull();
    expect(await take(partyUrl(HOST, "article", POST))).toBe(room);
    expect(await take(partyUrl(HOST, "site", "global"))).toBe(site);
    expect(await take(partyUrl(HOST, "site", "global"))).toBeNull();
    expect(await take(partyUrl(HOST, "article", POST))).toBeNull();
    expect([site.closedWith, room.closedWith]).toEqual([null, null]);
  });

  it("a socket declined (its taker closed first) goes to the next socket that wants it now, and is closed with a goodbye if none does", async () => {
    const [site, room] = (await earlyPage({ path: `/posts/${POST}` })) as [FakeSocket, FakeSocket];
    const { takeEarlySocket } = await import("@/hooks/early-sockets");

    // React mounts the provider twice in development: the first mount's socket is closed before the offer arrives.
    const [first, second] = await Promise.all([0, 1].map(() => takeEarlySocket(TICKET_URL, partyUrl(HOST, "site", "global"))));
    first?.decline();
    expect(second?.takeFrames()).toEqual([]);
    // The reader left the post before its room's socket was taken.
    (await takeEarlySocket(TICKET_URL, partyUrl(HOST, "article", POST)))?.decline();
    expect(room.closedWith).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(site.closedWith).toBeNull();
    expect(room.closedWith).toEqual([1000, "leaving"]);
  });

  it("closes, instead of handing over, a socket opened with a ticket the tab no longer holds", async () => {
    const [site, room] = (await earlyPage({ path: `/posts/${POST}` })) as [FakeSocket, FakeSocket];
    const { takeEarlySocket } = await import("@/hooks/early-sockets");
    const { fetchPresenceTicket } = await import("@/hooks/presence-ticket");
    expect((await takeEarlySocket(TICKET_URL, partyUrl(HOST, "site", "global")))?.ws).toBe(site);
    // The site socket reconnected meanwhile: the tab asked the route for a newer ticket.
    await fetchPresenceTicket(TICKET_URL);

    expect(await takeEarlySocket(TICKET_URL, partyUrl(HOST, "article", POST))).toBeNull();
    // Without a goodbye: the worker keeps the reader for its grace window while the room reconnects.
    expect(room.closedWith).toEqual([]);
  });

  it("closes, instead of handing over, a socket whose ticket is off the protocol", async () => {
    const [site] = (await earlyPage({}, vi.fn(async () => Response.json({ sid: "s.1", token: 7 })))) as [FakeSocket];
    const { takeEarlySocket } = await import("@/hooks/early-sockets");
    expect(await takeEarlySocket(TICKET_URL, partyUrl(HOST, "site", "global"))).toBeNull();
    expect(site.closedWith).toEqual([]);
  });

  it("hands nothing over on a page without the inline script", async () => {
    stubEarlyPage();
    const { takeEarlySocket } = await import("@/hooks/early-sockets");
    expect(await takeEarlySocket(TICKET_URL, partyUrl(HOST, "site", "global"))).toBeNull();
  });
});
