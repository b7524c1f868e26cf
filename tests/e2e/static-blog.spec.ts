import { brotliCompressSync, gzipSync } from "node:zlib";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { E2E_GRACE_MS, E2E_STATIC_URL, E2E_WORKER_URL } from "./support/ports";
import { presenceToken } from "./support/tokens";

// examples/static-blog: plain HTML files on a plain static server, with one <script> from the
// worker (docs/embedding.md, "Any site, one script tag"), its readers in real Chromium.
const HOME = `${E2E_STATIC_URL}/`;
const POST = `${E2E_STATIC_URL}/posts/how-live-presence-works/`;
const OTHER_POST = `${E2E_STATIC_URL}/posts/reading-progress-rails/`;
const DRAFT = `${E2E_STATIC_URL}/posts/unlisted-draft/`;

const footerCount = (page: Page) => page.locator('[data-live-readers="online"]');
const readingNow = (page: Page) => page.locator('main .meta [data-live-readers="reading-now"]');
const markers = (page: Page) => page.locator('[data-live-readers="rail"] .rail-marker');
const othersMarker = (page: Page) => page.locator('[data-live-readers="rail"] .rail-marker[data-self="false"]');
const ownMarker = (page: Page) => page.locator('[data-live-readers="rail"] .rail-marker[data-self="true"]');
const progressOf = async (page: Page) => Number(await othersMarker(page).getAttribute("data-progress"));

const scrollTo = (page: Page, fraction: number) =>
  page.evaluate((at) => {
    const article = document.querySelector("article")!;
    const top = article.getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, top + at * (article.offsetHeight - window.innerHeight));
  }, fraction);

test("two readers of a post see each other: 2 reading now, two markers, and the other's marker moving as they scroll", async ({ openReader }) => {
  const ada = await openReader(POST);
  await expect(footerCount(ada.page)).toHaveText("1 reader online");
  await expect(readingNow(ada.page)).toHaveText("1 reading now");
  await expect(markers(ada.page)).toHaveCount(1);
  await expect(ownMarker(ada.page)).toHaveClass(/rail-marker--you/);

  const bob = await openReader(POST);
  for (const { page } of [ada, bob]) {
    await expect(readingNow(page)).toHaveText("2 reading now");
    await expect(footerCount(page)).toHaveText("2 readers online");
    await expect(markers(page)).toHaveCount(2);
  }
  // The rail looks as the app's: fixed beside the text, styled by the script's stylesheet.
  await expect(ada.page.locator('[data-live-readers="rail"]')).toHaveCSS("position", "fixed");

  await scrollTo(bob.page, 1);
  await expect(ownMarker(bob.page)).toHaveAttribute("data-progress", "1.00");
  await expect.poll(() => progressOf(ada.page)).toBe(1);

  await scrollTo(ada.page, 0.5);
  await expect.poll(() => progressOf(bob.page)).toBeGreaterThan(0.4);
  expect(await progressOf(bob.page)).toBeLessThan(0.6);
  await scrollTo(ada.page, 0);
  await expect.poll(() => progressOf(bob.page)).toBe(0);

  // Leaving says goodbye: the other reader sees it at once, not after the grace window.
  await bob.context.close();
  await expect(readingNow(ada.page)).toHaveText("1 reading now", { timeout: E2E_GRACE_MS });
  await expect(markers(ada.page)).toHaveCount(1);
  await expect(footerCount(ada.page)).toHaveText("1 reader online");
});

test("a reader signed in on the site's own backend (data-token-url) is named on the other reader's rail", async ({ openReader }) => {
  const other = await openReader(OTHER_POST);
  const ada = await openReader("about:blank");
  // The site's backend, as docs/embedding.md shows it: a route that mints a token for the session id
  // it is given (the static server has none; this post's tag names it).
  let minted = 0;
  await ada.context.route("**/api/presence-token?*", async (route) => {
    const sid = new URL(route.request().url()).searchParams.get("sid") ?? "";
    minted++;
    await route.fulfill({ json: { token: await presenceToken({ sid, sub: "static-blog-ada", name: "Ada Lovelace" }) } });
  });
  await ada.page.goto(OTHER_POST);
  for (const { page } of [ada, other]) await expect(readingNow(page)).toHaveText("2 reading now");
  await expect(othersMarker(other.page)).toHaveAttribute("title", /^Ada Lovelace · /);
  // Without a backend's answer (404 here), a reader is anonymous: a made-up name.
  await expect(othersMarker(ada.page)).toHaveAttribute("title", /^[A-Z][a-z]+ [A-Z][a-z]+ · /);
  await expect(othersMarker(ada.page)).not.toHaveAttribute("title", /Ada Lovelace/);
  expect(minted).toBeGreaterThan(0);
  await expect(footerCount(other.page)).toHaveText("2 readers online");
});

test("a second tab of one browser is the same reader: one online, one reading the post", async ({ openReader }) => {
  const reader = await openReader(POST);
  await expect(readingNow(reader.page)).toHaveText("1 reading now");
  const secondTab = await reader.openTab(POST);
  const homeTab = await reader.openTab(HOME);
  await expect(markers(secondTab)).toHaveCount(1);
  for (const page of [reader.page, secondTab]) {
    await expect(readingNow(page)).toHaveText("1 reading now");
    await expect(footerCount(page)).toHaveText("1 reader online");
  }
  await expect(footerCount(homeTab)).toHaveText("1 reader online");

  // Another browser is another reader, counted on every tab of the first.
  const other = await openReader(HOME);
  await expect(footerCount(other.page)).toHaveText("2 readers online");
  await expect(footerCount(homeTab)).toHaveText("2 readers online");
  await expect(footerCount(secondTab)).toHaveText("2 readers online");
});

test("the home page ranks the posts being read, linking to them, and counts each post's readers", async ({ openReader }) => {
  const visitor = await openReader(HOME);
  const ranking = visitor.page.locator('[data-live-readers="ranking"]');
  await expect(ranking.locator("li")).toHaveText(["Nobody is reading a post right now."]);

  const reader = await openReader(OTHER_POST);
  await expect(readingNow(reader.page)).toHaveText("1 reading now");
  await expect(ranking.locator("li")).toHaveCount(1);
  const link = ranking.getByRole("link", { name: "Designing a live reading-progress rail" });
  await expect(link).toHaveAttribute("href", "/posts/reading-progress-rails/");
  await expect(ranking.locator("li")).toContainText("1 reading now");
  await expect(visitor.page.locator('[data-live-readers="reading-now"][data-post="reading-progress-rails"]')).toHaveText("1 reading now");
  await expect(visitor.page.locator('[data-live-readers="reading-now"][data-post="how-live-presence-works"]')).toHaveText("0 reading now");

  await link.click();
  await expect(visitor.page).toHaveURL(OTHER_POST);
  await expect(readingNow(visitor.page)).toHaveText("2 reading now");
  await expect(readingNow(reader.page)).toHaveText("2 reading now");
  const backHome = await reader.openTab(HOME);
  await expect(backHome.locator('[data-live-readers="ranking"] li')).toContainText("2 reading now");
});

test("a page under /posts/ that is no post of the site gets no room: the worker refuses it, the page stops asking, nothing counts it as read", async ({ openReader }) => {
  expect((await fetch(`${E2E_WORKER_URL}/parties/article/unlisted-draft`)).status).toBe(404);
  const reader = await openReader(HOME);
  const page = await reader.openTab("about:blank");
  const roomSockets: string[] = [];
  page.on("websocket", (socket) => {
    if (socket.url().includes("/parties/article/")) roomSockets.push(socket.url());
  });
  await page.goto(DRAFT);
  await expect(footerCount(page)).toHaveText("1 reader online");
  await expect(readingNow(page)).toHaveAttribute("data-state", "refused");
  await expect(readingNow(page)).toHaveText("");
  await expect(page.locator('[data-live-readers="rail"]')).toHaveCount(0);
  const tries = roomSockets.length;
  expect(tries).toBeGreaterThan(0);
  expect(tries).toBeLessThanOrEqual(3);
  // It asked a few times and then stopped.
  await page.waitForTimeout(3000);
  expect(roomSockets).toHaveLength(tries);

  const summary = await (await fetch(`${E2E_WORKER_URL}/parties/site/global`)).json();
  expect(summary).toMatchObject({ online: 1, reading: {} });
  await expect(reader.page.locator('[data-live-readers="ranking"] li')).toHaveText(["Nobody is reading a post right now."]);
});

test("the script is one small file: JavaScript, at most 12 kB gzipped or brotli-compressed", async () => {
  const response = await fetch(`${E2E_WORKER_URL}/embed.js`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
  const bytes = Buffer.from(await response.arrayBuffer());
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const brotli = brotliCompressSync(bytes).length;
  test.info().annotations.push({ type: "script tag size", description: `${bytes.length} bytes, gzip ${gzip}, brotli ${brotli}` });
  expect(gzip).toBeLessThanOrEqual(12 * 1024);
  expect(brotli).toBeLessThanOrEqual(12 * 1024);
});
