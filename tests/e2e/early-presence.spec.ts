// The presence sockets a page opens from its inline script while its JavaScript loads
// (hooks/early-presence.ts), the figures painted from them before hydration
// (components/presence/early-figures.ts), and their handover to the page's own sockets
// (hooks/early-sockets.ts): what a reader sees and how they are counted when the ticket, the
// socket, the frames or the page go wrong. The page's bundles are held back where a test needs
// the early path to run before the page hydrates; timings are the bench's (npm run bench:page).
import type { BrowserContext, Page } from "@playwright/test";
import { expect, footerCount, test, waitForEmptySite } from "./support/fixtures";
import { recordFooterCounts, recordTexts, signInWithDemo, uniqueName } from "./support/people";
import { asPrerendered } from "./support/prerender";
import { E2E_ROOM_SOCKETS_PER_OBJECT, E2E_WORKER_PORT } from "./support/ports";
import { connect, type RawClient } from "./support/ws-client";

const SLUG = "how-live-presence-works";
const POST = `/posts/${SLUG}`;
const readingCount = (page: Page) => page.getByTestId("article-readers-count");
const PRESENCE_SOCKETS = new RegExp(`:${E2E_WORKER_PORT}/parties/`);

/**
 * Holds the page's scripts back until `release()`: the HTML is parsed and its inline scripts run
 * (the stylesheet is let through: a pending one would hold the inline scripts too), nothing hydrates.
 */
async function holdScripts(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/*.js", async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** The presence sockets a page creates, by party ("site", "article/<slug>"), in order. */
function recordSockets(page: Page): string[] {
  const sockets: string[] = [];
  page.on("websocket", (socket) => {
    const match = /\/parties\/(site|article\/[^?]+)/.exec(socket.url());
    if (match?.[1]) sockets.push(match[1]);
  });
  return sockets;
}

/** From the very start of the page: every figure the early painter showed, as "<figure>: <text>". */
async function recordEarlyPaint(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen = new Set<string>();
    Object.assign(window, { __earlyPaint: seen });
    new MutationObserver(() => {
      for (const element of document.querySelectorAll<HTMLElement>("[data-early]")) {
        if (/\d/.test(element.textContent ?? "") && !element.hidden) seen.add(`${element.dataset.early}: ${element.textContent}`);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}
const earlyPaint = (page: Page) => page.evaluate(() => [...(window as unknown as { __earlyPaint: Set<string> }).__earlyPaint].sort());

/** Whether the page's early sockets are open and have each had a frame (the page's JavaScript may not have run). */
const earlyFramesIn = (page: Page, sockets: ("site" | "article")[]) =>
  page.evaluate(async (names) => {
    type Early = { sockets: Promise<Record<string, { frames: unknown[] } | null> | null> };
    const opened = await (window as unknown as { __liveReadersEarly?: Early }).__liveReadersEarly?.sockets;
    return names.every((name) => (opened?.[name]?.frames.length ?? 0) > 0);
  }, sockets);

test("a post opens both presence sockets from its inline script, shows their figures before it hydrates, and hands them over: no second socket", async ({ browser }) => {
  await waitForEmptySite();
  const context = await browser.newContext();
  try {
    await recordEarlyPaint(context);
    const page = await context.newPage();
    const sockets = recordSockets(page);
    const release = await holdScripts(page);
    await page.goto(POST, { waitUntil: "domcontentloaded" });
    await expect.poll(() => earlyFramesIn(page, ["site", "article"])).toBe(true);
    expect(sockets).toEqual(["site", `article/${SLUG}`]);
    release();

    await expect(footerCount(page)).toHaveText("1 reader online");
    await expect(readingCount(page)).toHaveText("1 reading now");
    await expect(page.getByTestId("readers-active")).toHaveText("1 active");
    expect(await earlyPaint(page)).toEqual(["room-count: 1 reading now", "site-active: 1 active", "site-online: 1 reader online"]);
    // React's own elements replaced every painted one, and the sockets it holds are the early ones.
    await expect(page.locator("[data-early]")).toHaveCount(0);
    await expect(page.getByTestId("reader-chip")).toHaveCount(1);
    await page.waitForTimeout(1000);
    expect(sockets).toEqual(["site", `article/${SLUG}`]);
  } finally {
    await context.close();
  }
});

test("a reader who arrives at a full post is seated by the inline script: the count shows before the page hydrates, and the page keeps that seat, even after a drop", async ({ browser }) => {
  test.setTimeout(60_000);
  // A post no other test here reads: its room's own object is filled, and one reader already sits in a relay.
  const slug = "counting-readers-exactly";
  const others: RawClient[] = [];
  while (others.length < E2E_ROOM_SOCKETS_PER_OBJECT + 1) others.push(await connect(`/parties/article/${slug}`));
  const heartbeat = setInterval(() => others.forEach((client) => client.socket.readyState === 1 && client.send("ping")), 3000);
  const context = await browser.newContext();
  try {
    await recordEarlyPaint(context);
    // The network drops the tab's seated socket when the test says so; everything else passes.
    const seatedSockets: (() => void)[] = [];
    await context.routeWebSocket(PRESENCE_SOCKETS, (ws) => {
      const server = ws.connectToServer();
      if (!new URL(ws.url()).searchParams.has("seat")) return;
      seatedSockets.push(() => {
        void ws.close({ code: 4000, reason: "network dropped" });
        void server.close();
      });
    });
    const page = await context.newPage();
    const roomSeats: string[] = [];
    page.on("websocket", (socket) => {
      if (socket.url().includes(`/parties/article/${slug}`)) roomSeats.push(new URL(socket.url()).searchParams.get("seat") ?? "room");
    });
    const release = await holdScripts(page);
    await page.goto(`/posts/${slug}`, { waitUntil: "domcontentloaded" });
    // Before any of the page's JavaScript: the inline script went to its seat and has the room's frames from there.
    await expect.poll(() => earlyFramesIn(page, ["article"])).toBe(true);
    expect(roomSeats).toEqual(["room", "1"]);
    release();

    const readers = others.length + 1;
    await expect(readingCount(page)).toHaveText(`${readers} reading now`);
    expect(await earlyPaint(page)).toContain(`room-count: ${readers} reading now`);
    await page.waitForTimeout(1000);
    expect(roomSeats).toEqual(["room", "1"]);

    // The seated socket drops: the page reconnects to its seat, not through the full room again.
    seatedSockets[0]!();
    await expect.poll(() => roomSeats.length).toBeGreaterThanOrEqual(3);
    await expect(readingCount(page)).toHaveText(`${readers} reading now`);
    await page.waitForTimeout(1000);
    expect(roomSeats).toEqual(["room", "1", "1"]);
  } finally {
    clearInterval(heartbeat);
    others.forEach((client) => client.socket.close(1000));
    await context.close();
  }
});

test("an early socket the worker closes before the page hydrates: the page reconnects once, and the reader is counted once throughout", async ({ openReader, browser }) => {
  const alice = await openReader("/");
  await expect(footerCount(alice.page)).toHaveText("1 reader online");
  const aliceCounts = await recordFooterCounts(alice.page);
  const context = await browser.newContext();
  try {
    // Bob's first site socket is dropped by the network right after its first frame; later ones pass.
    let siteSockets = 0;
    await context.routeWebSocket(PRESENCE_SOCKETS, (ws) => {
      const server = ws.connectToServer();
      if (!ws.url().includes("/parties/site/") || ++siteSockets > 1) return;
      server.onMessage((message) => {
        ws.send(message);
        void ws.close({ code: 4000, reason: "network dropped" });
        void server.close();
      });
    });
    const page = await context.newPage();
    const sockets = recordSockets(page);
    const release = await holdScripts(page);
    await page.goto(POST, { waitUntil: "domcontentloaded" });
    await expect.poll(() => earlyFramesIn(page, ["site"])).toBe(true);
    release();

    await expect(footerCount(page)).toHaveText("2 readers online");
    await expect(readingCount(page)).toHaveText("1 reading now");
    await expect(footerCount(alice.page)).toHaveText("2 readers online");
    await alice.page.waitForTimeout(1000);
    expect(sockets.filter((party) => party === "site")).toHaveLength(2);
    expect(sockets.filter((party) => party.startsWith("article/"))).toHaveLength(1);
    expect(await aliceCounts()).toEqual(["1 reader online", "2 readers online"]);
  } finally {
    await context.close();
  }
});

test("frames off the protocol or hostile, arriving before the page hydrates, are never shown; the worker's are", { tag: "@attack" }, async ({ browser }) => {
  await waitForEmptySite();
  const context = await browser.newContext();
  try {
    // Each socket's first frame from the worker comes between hostile ones; a page that took any
    // of these would show it, the last ones above all (painted from the frames kept before hydration).
    const hostile = {
      site: [
        JSON.stringify({ type: "site-snapshot", online: '<img src=x onerror="window.__pwned=1">', active: 1, reading: {}, people: null }),
        JSON.stringify({ type: "online", online: -3, active: 1 }),
        JSON.stringify({ type: "online", online: 1e21, active: 0 }),
        "{not json",
        `{"type":"online","online":4,"active":${"1".repeat(100_000)}}`,
        JSON.stringify({ type: "online", online: 7.5, active: 1 }),
        JSON.stringify({ type: "online", online: '<img src=x onerror="window.__pwned=1">', active: 1 }),
      ],
      article: [
        JSON.stringify({ type: "room-snapshot", mode: "rail", you: null, count: "<b>7</b>", sendEveryMs: 250, readers: [], density: [] }),
        "[]",
        JSON.stringify({ type: "room-crowd", count: 5 }),
        JSON.stringify({ type: "room-diff", upserts: [], removed: [], count: -1 }),
        JSON.stringify({ type: "room-diff", upserts: [], removed: [], count: "<b>7</b>" }),
      ],
    };
    await context.routeWebSocket(PRESENCE_SOCKETS, (ws) => {
      const server = ws.connectToServer();
      const frames = hostile[ws.url().includes("/parties/site/") ? "site" : "article"];
      let first = true;
      server.onMessage((message) => {
        if (first) frames.slice(0, 2).forEach((frame) => ws.send(frame));
        ws.send(message);
        if (first) frames.slice(2).forEach((frame) => ws.send(frame));
        first = false;
      });
    });
    await recordEarlyPaint(context);
    const page = await context.newPage();
    await page.addInitScript(() => {
      const texts = new Set<string>();
      Object.assign(window, { __countTexts: texts });
      new MutationObserver(() => {
        for (const element of document.querySelectorAll('[data-testid="readers-online"], [data-testid="article-readers-count"], [data-testid="readers-active"]')) {
          texts.add(element.textContent ?? "");
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const release = await holdScripts(page);
    await page.goto(POST, { waitUntil: "domcontentloaded" });
    await expect.poll(() => earlyFramesIn(page, ["site", "article"])).toBe(true);
    release();

    await expect(footerCount(page)).toHaveText("1 reader online");
    await expect(readingCount(page)).toHaveText("1 reading now");
    const shown = await page.evaluate(() => [...(window as unknown as { __countTexts: Set<string> }).__countTexts]);
    expect(shown.filter((text) => !/^(|Counting readers…|1 reader online|1 reading now|1 active)$/.test(text))).toEqual([]);
    expect(await earlyPaint(page)).toEqual(["room-count: 1 reading now", "site-active: 1 active", "site-online: 1 reader online"]);
    expect(await page.evaluate(() => ("__pwned" in window ? "pwned" : "clean"))).toBe("clean");
    await expect(page.locator("footer img, .post-header img")).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("the presence ticket fails while the page loads: nothing opens early, and the page opens one socket per room itself", async ({ browser }) => {
  await waitForEmptySite();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    let tickets = 0;
    await page.route("**/api/presence/ticket*", (route) => (++tickets === 1 ? route.fulfill({ status: 503, body: "busy" }) : route.continue()));
    const sockets = recordSockets(page);
    await page.goto(POST);
    await expect(footerCount(page)).toHaveText("1 reader online");
    await expect(readingCount(page)).toHaveText("1 reading now");
    expect(await page.evaluate(async () => (await (window as unknown as { __liveReadersEarly: { sockets: Promise<unknown> } }).__liveReadersEarly.sockets) ?? "none")).toBe("none");
    await page.waitForTimeout(1000);
    expect(sockets).toEqual(["site", `article/${SLUG}`]);
    // The page's own sockets asked the route again (once, or once each: they share a request only while it is on its way).
    expect(tickets).toBeGreaterThanOrEqual(2);
  } finally {
    await context.close();
  }
});

test("a page the browser prerenders opens no socket and asks for no ticket until it is shown", async ({ browser }) => {
  await waitForEmptySite();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const showPrerendered = await asPrerendered(page);
    let tickets = 0;
    page.on("request", (request) => {
      if (request.url().includes("/api/presence/ticket")) tickets++;
    });
    const sockets = recordSockets(page);
    await page.goto(POST);
    await expect(page.locator("#post-body")).toBeVisible();
    await page.waitForTimeout(1500);
    expect([sockets, tickets]).toEqual([[], 0]);

    await showPrerendered();
    await expect(readingCount(page)).toHaveText("1 reading now");
    await expect(footerCount(page)).toHaveText("1 reader online");
    expect(sockets).toEqual(["site", `article/${SLUG}`]);
  } finally {
    await context.close();
  }
});

test("signing in right after the page loads moves the reader in place: counted once, and the early sockets are replaced, not doubled", async ({ openReader }) => {
  const alice = await openReader(POST);
  await expect(readingCount(alice.page)).toHaveText("1 reading now");
  const aliceCounts = await recordFooterCounts(alice.page);
  const aliceReading = await recordTexts(alice.page, "article-readers-count");
  const bea = await openReader(POST);
  await signInWithDemo(bea.page, uniqueName("Bea"));
  await expect(footerCount(bea.page)).toHaveText("2 readers online");
  await expect(readingCount(bea.page)).toHaveText("2 reading now");
  await alice.page.waitForTimeout(1500);
  expect(await aliceCounts()).toEqual(["1 reader online", "2 readers online"]);
  expect(await aliceReading()).toEqual(["1 reading now", "2 reading now"]);
  await expect(footerCount(bea.page)).toHaveText("2 readers online");
});
