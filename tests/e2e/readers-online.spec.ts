import { E2E_GRACE_MS } from "./support/ports";
import { E2E_WORKER_URL } from "./support/ports";
import { expect, footerCount, test, waitForEmptySite } from "./support/fixtures";
import { startWorker, stopWorker } from "./support/worker-process";

const POST = "/posts/how-live-presence-works";

test("every page's footer counts browsers, not tabs, live", async ({ openReader }) => {
  const alice = await openReader("/");
  await expect(footerCount(alice.page)).toHaveText("1 reader online");

  const bob = await openReader(POST);
  await expect(footerCount(bob.page)).toHaveText("2 readers online");
  await expect(footerCount(alice.page)).toHaveText("2 readers online", { timeout: 1000 });

  // A second tab of Bob's browser is still Bob.
  const bobSecondTab = await bob.openTab("/");
  await expect(footerCount(bobSecondTab)).toHaveText("2 readers online");
  await bobSecondTab.waitForTimeout(500);
  await expect(footerCount(alice.page)).toHaveText("2 readers online");

  // Closing one tab keeps Bob; closing his last tab removes him right after the grace window.
  await bobSecondTab.close();
  await alice.page.waitForTimeout(500);
  await expect(footerCount(alice.page)).toHaveText("2 readers online");
  await bob.page.close();
  await expect(footerCount(alice.page)).toHaveText("1 reader online", { timeout: E2E_GRACE_MS + 1500 });
});

test("two tabs a new browser opens at the same moment are one reader", async ({ openReader, browser }) => {
  const alice = await openReader("/");
  await expect(footerCount(alice.page)).toHaveText("1 reader online");
  const newcomer = await browser.newContext();
  try {
    const [first, second] = await Promise.all([newcomer.newPage(), newcomer.newPage()]);
    const responses = await Promise.all([first.goto(POST), second.goto("/")]);
    // The page itself brings the browser's signed session id, before any script runs.
    const setCookies = await Promise.all(responses.map(async (response) => (await response?.allHeaders())?.["set-cookie"] ?? ""));
    expect(setCookies.join("\n")).toMatch(/lr_sid=[\w-]+\.[\w-]+/);
    expect((await newcomer.cookies()).filter((cookie) => cookie.name === "lr_sid")).toHaveLength(1);
    await expect(footerCount(first)).toHaveText("2 readers online");
    await expect(footerCount(second)).toHaveText("2 readers online");
    await expect(footerCount(alice.page)).toHaveText("2 readers online");
    await alice.page.waitForTimeout(1000);
    await expect(footerCount(alice.page)).toHaveText("2 readers online");
  } finally {
    await newcomer.close();
  }
});

test("the server-rendered count is already right before the page hydrates", async ({ openReader, browser }) => {
  const alice = await openReader("/");
  await expect(footerCount(alice.page)).toHaveText("1 reader online");
  await openReader(POST);
  // Alice's number only moves through her socket: once it says 2, the worker counts Bob.
  await expect(footerCount(alice.page)).toHaveText("2 readers online");

  // A returning browser's own HTML counts it once (its session cookie tells the server it is online):
  // every count in it (the one shown, and the one in the live region for screen readers) says 2.
  const html = await (await alice.page.request.get("/")).text();
  expect([...new Set(html.match(/\d+ readers? online/g))]).toEqual(["2 readers online"]);

  // A new browser with its JavaScript held back: the first paint already counts it.
  const carol = await browser.newContext();
  try {
    const page = await carol.newPage();
    // Without its scripts the page cannot hydrate: what shows is the server's HTML. Its inline
    // script still opens its socket (hooks/early-presence.ts): Carol is reading, and counted.
    await page.route("**/_next/static/chunks/**", (route) => route.abort());
    await page.goto("/", { waitUntil: "domcontentloaded" });
    await expect(footerCount(page)).toHaveText("3 readers online");
    await expect(footerCount(alice.page)).toHaveText("3 readers online");
    await expect(footerCount(page)).toHaveText("3 readers online");
  } finally {
    await carol.close();
  }
});

test("a post asks for its presence ticket while its JavaScript loads, once, and both live counts connect with it", async ({ browser }) => {
  await waitForEmptySite();
  const reader = await browser.newContext();
  try {
    const page = await reader.newPage();
    const tickets: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/api/presence/ticket") tickets.push(request.url());
    });
    const socketSids: string[] = [];
    page.on("websocket", (socket) => socketSids.push(new URL(socket.url()).searchParams.get("sid") ?? ""));
    await page.goto(POST);
    await expect(footerCount(page)).toHaveText("1 reader online");
    await expect(page.getByTestId("article-readers-count")).toHaveText("1 reading now");

    // Started by the inline script as the HTML was parsed, not after hydration.
    const startedBeforeDomContentLoaded = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
      const ticket = performance.getEntriesByType("resource").find((entry) => entry.name.includes("/api/presence/ticket"));
      return ticket !== undefined && navigation !== undefined && ticket.startTime < navigation.domContentLoadedEventStart;
    });
    expect(startedBeforeDomContentLoaded).toBe(true);
    expect(tickets).toHaveLength(1);
    expect(socketSids).toHaveLength(2);
    expect(new Set(socketSids).size).toBe(1);
  } finally {
    await reader.close();
  }
});

test("navigating between pages keeps the one socket open", async ({ openReader }) => {
  const reader = await openReader("/");
  const page = await reader.context.newPage();
  const sockets: string[] = [];
  page.on("websocket", (socket) => sockets.push(socket.url()));
  await page.goto("/");
  await expect.poll(() => sockets.filter((url) => url.includes("/parties/site/")).length).toBe(1);

  await page.getByRole("link", { name: "How live presence works" }).first().click();
  await expect(page).toHaveURL(/\/posts\/how-live-presence-works$/);
  await page.getByRole("link", { name: "Live Readers" }).first().click();
  await expect(page).toHaveURL(/\/$/);
  await expect(footerCount(page)).toHaveText("1 reader online");

  // The post opened its own room socket; the site socket from the first load was kept.
  expect(sockets.filter((url) => url.includes("/parties/site/"))).toHaveLength(1);
  expect(sockets.filter((url) => url.includes("/parties/article/how-live-presence-works"))).toHaveLength(1);
});

test("a link opened with a modifier key is the browser's own: Ctrl+click opens the post in a new tab and leaves this one where it was", async ({ openReader }) => {
  const { page, context } = await openReader("/");
  await expect(footerCount(page)).toHaveText("1 reader online");
  const opened = context.waitForEvent("page");
  await page.getByRole("link", { name: "How live presence works" }).first().click({ modifiers: ["ControlOrMeta"] });
  const tab = await opened;
  await tab.waitForLoadState();
  expect(new URL(tab.url()).pathname).toBe("/posts/how-live-presence-works");
  expect(new URL(page.url()).pathname).toBe("/");
  await expect(tab.getByTestId("article-readers-count")).toHaveText("1 reading now");
});

test("pages survive the presence worker going away, and the count comes back by itself", { tag: "@attack" }, async ({ openReader, request }) => {
  const alice = await openReader("/");
  await expect(footerCount(alice.page)).toHaveText("1 reader online");

  await stopWorker();
  try {
    await expect(footerCount(alice.page)).toHaveText("Live reader count unavailable", { timeout: 8000 });
    const response = await request.get(POST);
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain("Live reader count unavailable");
  } finally {
    await startWorker();
  }
  await expect(footerCount(alice.page)).toHaveText("1 reader online", { timeout: 15_000 });
  const summary = await (await fetch(`${E2E_WORKER_URL}/parties/site/global`)).json();
  expect(summary.online).toBe(1);
});

test("an unknown post is a friendly 404", async ({ page }) => {
  const response = await page.goto("/posts/this-post-does-not-exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/doesn.t exist/i);
  await expect(page.getByRole("link", { name: /home/i }).first()).toBeVisible();
});
