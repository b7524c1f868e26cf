// The owner's desk: who may see it, what it shows live and afterwards, and the author's status
// every reader sees in the header.
import { mkdirSync } from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { signCall, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/party/shared/signed-calls";
import { userIdByName } from "./support/db";
import { expect, footerCount, type Reader, test } from "./support/fixtures";
import { recordTexts, signInWithDemo, signOut, uniqueName } from "./support/people";
import { E2E_APP_URL, E2E_PRESENCE_SECRET, E2E_WORKER_URL } from "./support/ports";
import { depthCounts, openDesk, ownProgress, type PostInsight, postInsight, scrollTo } from "./support/desk";
import { asPrerendered } from "./support/prerender";
import { presenceToken } from "./support/tokens";
import { signedSessionId, upgradeStatus } from "./support/ws-client";

// Posts no other spec reads, so their insights are this spec's alone (a rerun adds to them: see `before`).
const PATTERN_SLUG = "counting-readers-exactly";
const PATTERN_TITLE = "Counting readers exactly";
const PEOPLE_SLUG = "privacy-in-presence";


async function deskInsights(request: APIRequestContext): Promise<{ site: PostInsight; byHourOfDay: number[] }> {
  const response = await request.get("/api/desk/summary");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { insights: { site: PostInsight; byHourOfDay: number[] } }).insights;
}

/** A chart's value axis, bottom to top, as its labels read. */
const chartTicks = (page: Page, chart: string) => page.getByTestId(`${chart}-tick`).locator("text");

/**
 * Each bar of a chart as a person reads it: the label under it, and the number written just over
 * the bar's top (null when the bar has none); a number anywhere else is no bar's.
 */
async function barValues(page: Page, chart: string): Promise<[string, string | null][]> {
  const bars = page.getByTestId(`${chart}-bar`);
  await expect(bars.first()).toBeVisible();
  const read: [string, string | null][] = [];
  for (const bar of await bars.all()) {
    const label = (await bar.getAttribute("data-label"))!;
    const value = bar.getByTestId(`${chart}-value`);
    if ((await value.count()) === 0) {
      read.push([label, null]);
      continue;
    }
    const [box, text] = [(await bar.locator("rect").boundingBox())!, (await value.boundingBox())!];
    const centre = text.x + text.width / 2;
    expect(centre, `${chart} ${label}: the value is over its bar`).toBeGreaterThanOrEqual(box.x);
    expect(centre, `${chart} ${label}: the value is over its bar`).toBeLessThanOrEqual(box.x + box.width);
    expect(text.y + text.height, `${chart} ${label}: the value sits on the bar's top`).toBeLessThanOrEqual(box.y + 2);
    expect(text.y + text.height, `${chart} ${label}: the value sits on the bar's top`).toBeGreaterThan(box.y - 20);
    read.push([label, await value.textContent()]);
  }
  return read;
}

const deskOnline = (page: Page) => page.getByTestId("desk-online");
const deskPost = (page: Page, slug: string) => page.getByTestId("desk-posts").locator(`li[data-slug="${slug}"]`);
const logLines = (page: Page) => page.getByTestId("desk-log").locator("li");

test("three readers read a post in a known pattern; the desk shows them live, then 3 reads, 2 of 3 to the end and how far each got", async ({ openReader }) => {
  const owner = await openDesk(openReader);
  const before = await postInsight(owner.context.request, PATTERN_SLUG);
  const seenLogs = await recordTexts(owner.page, "desk-log");
  const seenChart = await recordTexts(owner.page, "minute-chart-this-minute");

  // A visible person and a hidden one read another post meanwhile.
  const hidden = await openReader("/");
  const hiddenName = uniqueName("Hana");
  await signInWithDemo(hidden.page, hiddenName);
  await hidden.page.goto("/settings");
  await hidden.page.getByTestId("show-online-toggle").click();
  await expect(hidden.page.getByTestId("show-online-status")).toHaveText("You are hidden.");
  await hidden.page.goto(`/posts/${PEOPLE_SLUG}`);
  const visible = await openReader("/");
  const visibleName = uniqueName("Vera");
  await signInWithDemo(visible.page, visibleName);
  await visible.page.goto(`/posts/${PEOPLE_SLUG}`);

  // The three readers arrive; the desk follows without a reload.
  const readers = [await openReader(`/posts/${PATTERN_SLUG}`), await openReader(`/posts/${PATTERN_SLUG}`), await openReader(`/posts/${PATTERN_SLUG}`)];
  const arrivedAt = Date.now();
  await expect(deskPost(owner.page, PATTERN_SLUG)).toHaveAttribute("data-count", "3");
  await expect(deskPost(owner.page, PEOPLE_SLUG)).toHaveAttribute("data-count", "2");
  await expect(deskOnline(owner.page)).toHaveText("6");
  await expect(footerCount(readers[0]!.page)).toHaveText("6 readers online");
  await expect(owner.page.getByTestId("minute-chart-this-minute")).toHaveText("6");
  // Each anonymous reader under a made-up name of its own; the visible person by name.
  const readingPattern = logLines(owner.page).filter({ hasText: `is reading ${PATTERN_TITLE}` });
  await expect(readingPattern).toHaveCount(3);
  const anonymousNames = (await readingPattern.allTextContents()).map((line) => line.replace(/^\S+ /, "").replace(` is reading ${PATTERN_TITLE}`, ""));
  expect(new Set(anonymousNames).size).toBe(3);
  await expect(logLines(owner.page).filter({ hasText: `${visibleName} is reading` })).toHaveCount(1);

  // One leaves at 30 %, two read to the end; all stay past the 10 s that make a visit a read.
  const [early, ...finishers] = readers as [Reader, Reader, Reader];
  await scrollTo(early.page, 0.32);
  for (const { page } of finishers) await scrollTo(page, 0.5);
  await expect.poll(() => ownProgress(early.page)).toBeGreaterThan(0.3);
  for (const { page } of finishers) {
    await scrollTo(page, 1);
    await expect.poll(() => ownProgress(page)).toBeGreaterThanOrEqual(0.99);
  }
  await owner.page.waitForTimeout(Math.max(0, arrivedAt + 11_000 - Date.now()));
  for (const reader of readers) await reader.context.close();
  await expect(deskPost(owner.page, PATTERN_SLUG)).toHaveCount(0, { timeout: 5000 });
  await expect(logLines(owner.page).filter({ hasText: /left$/ })).not.toHaveCount(0);

  // Ended visits reach the app's database in a batch a few seconds later.
  await expect
    .poll(async () => (await postInsight(owner.context.request, PATTERN_SLUG)).reads, { timeout: 20_000 })
    .toBe(before.reads + 3);
  const after = await postInsight(owner.context.request, PATTERN_SLUG);
  expect(after.completions - before.completions).toBe(2);
  const grew = depthCounts(after).map((count, tenth) => count - depthCounts(before)[tenth]!);
  // Past 10, 20 and 30 %: all three; past 40 % to the end: the two who finished.
  expect(grew).toEqual([3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
  // Every read of this post is this spec's pattern: a little over 10 s each.
  expect(after.medianActiveSeconds).toBeGreaterThanOrEqual(10);
  expect(after.medianActiveSeconds).toBeLessThanOrEqual(15);

  // The chart showed the crowd while it was there; the hidden person was counted (6 online,
  // 2 on her post) and named nowhere, not even for a moment.
  expect(await seenChart()).toContain("6");
  const logs = await seenLogs();
  expect(logs.some((text) => text.includes(visibleName))).toBe(true);
  expect(logs.some((text) => text.includes(hiddenName))).toBe(false);

  // The page shows the same figures.
  await owner.page.reload();
  const row = owner.page.getByTestId("insight-posts").locator(`tr[data-slug="${PATTERN_SLUG}"]`);
  await expect(row).toContainText(`${after.completions} of ${after.reads}`);
  await expect(owner.page.getByText(hiddenName)).toHaveCount(0);

  // The charts say their figures on their face: a value axis, and each bar's value over it.
  const { site, byHourOfDay } = await deskInsights(owner.context.request);
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  await expect(chartTicks(owner.page, "depth-chart")).toHaveText(["0 %", "50 %", "100 %"]);
  expect(await barValues(owner.page, "depth-chart")).toEqual(site.depthShares.map((share, tenth) => [`${(tenth + 1) * 10} %`, share > 0 ? percent(share) : null]));
  // The reads above got past 30 % all three: a bar a person reads as "100 %" or near it, never blank.
  expect((await barValues(owner.page, "depth-chart"))[2]![1]).toMatch(/^\d+ %$/);
  const busiest = Math.max(...byHourOfDay);
  // Its axis: whole numbers of visits, from 0 up to the busiest hour's.
  const hourTicks = (await chartTicks(owner.page, "hour-chart").allTextContents()).map(Number);
  expect(hourTicks.every(Number.isInteger) && hourTicks.length >= 2).toBe(true);
  expect([hourTicks[0], hourTicks.at(-1), [...hourTicks].sort((a, b) => a - b)]).toEqual([0, busiest, hourTicks]);
  expect(await barValues(owner.page, "hour-chart")).toEqual(byHourOfDay.map((visits, hour) => [String(hour).padStart(2, "0"), visits > 0 ? String(visits) : null]));
  // The three visits began in the hour they arrived (a run across the hour's end still finds them there).
  expect(byHourOfDay[new Date(arrivedAt).getUTCHours()]).toBeGreaterThanOrEqual(3);

  const targets = ["test-results/desk.png"];
  if (process.env.UPDATE_DOCS_SCREENSHOT === "1") targets.push("docs/images/desk.png");
  mkdirSync("docs/images", { recursive: true });
  await owner.page.setViewportSize({ width: 1100, height: 900 });
  for (const path of targets) await owner.page.screenshot({ path, fullPage: true });
});

/** The id of the server action a click on the owner's desk calls. */
async function captureAction(page: Page, trigger: () => Promise<void>): Promise<string> {
  const [request] = await Promise.all([page.waitForRequest((request) => request.method() === "POST" && Boolean(request.headers()["next-action"])), trigger()]);
  return request.headers()["next-action"]!;
}

/** Calls a server action by its id at `path`, as a script would; returns the status and what came back. */
async function callAction(request: APIRequestContext, path: string, actionId: string, args: unknown[]): Promise<{ status: number; location: string | null; body: string }> {
  const response = await request.post(`${E2E_APP_URL}${path}`, {
    headers: { "Next-Action": actionId, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  return { status: response.status(), location: response.headers()["location"] ?? null, body: await response.text() };
}

test("anyone but an owner is refused the desk: its page, its API, its socket, and its actions called directly", { tag: "@attack" }, async ({ openReader, request }) => {
  const owner = await openDesk(openReader);
  const watcher = await openReader("/");
  const seenStatus = await recordTexts(watcher.page, "author-status");
  const setId = await captureAction(owner.page, () => owner.page.getByTestId("author-status-set").click());
  await expect(watcher.page.getByTestId("author-status")).toHaveText("✍️ The author is writing");
  const clearId = await captureAction(owner.page, () => owner.page.getByRole("button", { name: "Clear" }).click());
  await expect(watcher.page.getByTestId("author-status")).toHaveCount(0);

  // Signed out: sent to sign in; the API says so.
  const stranger = await openReader("/");
  await stranger.page.goto("/desk");
  await expect(stranger.page).toHaveURL(/\/signin\?callbackUrl=%2Fdesk$/);
  expect((await request.get(`${E2E_APP_URL}/api/desk/summary`)).status()).toBe(401);

  // Signed in, not an owner: 403 everywhere.
  const reader = await openReader("/");
  const name = uniqueName("Mallory");
  await signInWithDemo(reader.page, name);
  const refusedPage = await reader.page.goto("/desk");
  expect(refusedPage?.status()).toBe(403);
  expect((await reader.context.request.get("/api/desk/summary")).status()).toBe(403);
  const userId = (await userIdByName(name))!;
  const sid = await signedSessionId();
  const token = await presenceToken({ sid, sub: userId, name });
  expect(await upgradeStatus("/parties/desk/main", { query: { sid, token } })).toBe(403);

  // The actions, called straight by their ids: at the desk (and its spellings) the reader gets
  // 403 and nobody at all the sign-in page; other pages don't run the desk's actions.
  const hijack = [{ kind: "custom", text: "was hijacked", forMinutes: 60 }];
  for (const [id, args] of [[setId, hijack], [clearId, []]] as const) {
    for (const path of ["/desk", "/desk?via=script", "/desk.rsc", "/./desk", "/api/../desk"]) {
      expect((await callAction(reader.context.request, path, id, [...args])).status, `${path} as a reader`).toBe(403);
      const anonymous = await callAction(request, path, id, [...args]);
      expect(anonymous.status, `${path} signed out`).toBe(302);
      expect(anonymous.location).toMatch(/\/signin$/);
    }
    for (const path of ["/", "/posts/how-live-presence-works", "/online"]) {
      const elsewhere = await callAction(reader.context.request, path, id, [...args]);
      expect(elsewhere.body, path).not.toContain("hijacked");
    }
  }
  // The owner's own status still gets through; none of the calls above changed it.
  await owner.page.getByTestId("author-status-set").click();
  await expect(watcher.page.getByTestId("author-status")).toHaveText("✍️ The author is writing");
  await owner.page.getByRole("button", { name: "Clear" }).click();
  await expect(watcher.page.getByTestId("author-status")).toHaveCount(0);
  expect((await seenStatus()).some((text) => text.includes("hijacked"))).toBe(false);
});

/** Sets the author's status straight at the worker, as the app does (to choose an expiry in seconds). */
async function setStatusAtWorker(status: { kind: string; text: string; emoji: string | null; until: number }): Promise<void> {
  const body = JSON.stringify({ status });
  const now = Date.now();
  const response = await fetch(`${E2E_WORKER_URL}/internal/author-status`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: await signCall(E2E_PRESENCE_SECRET, body, now) },
  });
  expect(response.status).toBe(200);
}

test("the author's status reaches a reader's header within 2 s, shows to readers who come later, and goes by itself on time", async ({ openReader }) => {
  const owner = await openDesk(openReader);
  const reader = await openReader("/posts/how-live-presence-works");
  await expect(footerCount(reader.page)).toHaveText("2 readers online");

  await owner.page.getByTestId("author-status-text").fill("the next post on rails");
  await owner.page.getByLabel("Something else").check();
  await owner.page.getByTestId("author-status-emoji").fill("🚂");
  const setAt = Date.now();
  await owner.page.getByTestId("author-status-set").click();
  await expect(reader.page.getByTestId("author-status")).toHaveText("🚂 The author the next post on rails", { timeout: 2000 });
  expect(Date.now() - setAt).toBeLessThan(2000);
  await expect(owner.page.getByTestId("author-status-message")).toHaveText("Set for 60 minutes.");
  // A reader who comes later sees it in the first paint.
  const later = await openReader("/");
  await expect(later.page.getByTestId("author-status")).toContainText("the next post on rails");

  // A status that lasts four seconds is gone from open pages at its time, and from pages opened after.
  const until = Date.now() + 4000;
  await setStatusAtWorker({ kind: "writing", text: "is writing", emoji: "✍️", until });
  await expect(reader.page.getByTestId("author-status")).toHaveText("✍️ The author is writing");
  await expect(reader.page.getByTestId("author-status")).toHaveCount(0, { timeout: until - Date.now() + 1000 });
  expect(Date.now()).toBeGreaterThanOrEqual(until);
  const afterwards = await openReader("/");
  await expect(footerCount(afterwards.page)).toHaveText("4 readers online");
  await expect(afterwards.page.getByTestId("author-status")).toHaveCount(0);
});

test("after a reload the status form shows the status on file: its words, its end, the minutes left; and counts a minute as one", async ({ openReader }) => {
  const owner = await openDesk(openReader);
  const form = owner.page.locator("form.desk-form");
  await owner.page.getByLabel("Something else").check();
  await owner.page.getByTestId("author-status-text").fill("is proofreading");
  await owner.page.getByTestId("author-status-minutes").fill("1");
  await owner.page.getByTestId("author-status-set").click();
  await expect(owner.page.getByTestId("author-status-message")).toHaveText("Set for 1 minute.");

  await owner.page.getByTestId("author-status-minutes").fill("90");
  await owner.page.getByTestId("author-status-set").click();
  await expect(owner.page.getByTestId("author-status-message")).toHaveText("Set for 90 minutes.");
  const { live } = (await (await owner.context.request.get("/api/desk/summary")).json()) as { live: { author: { until: number } } };
  const until = new Date(live.author.until).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

  await owner.page.reload();
  await expect(owner.page.getByTestId("author-status-message")).toHaveText(`Now: the author is proofreading, until ${until} UTC (90 minutes left).`);
  await expect(owner.page.getByLabel("Something else")).toBeChecked();
  await expect(owner.page.getByTestId("author-status-text")).toHaveValue("is proofreading");
  await expect(owner.page.getByTestId("author-status-minutes")).toHaveValue("90");
  // The choices are words: the form reads the same on a machine without an emoji font.
  expect(await form.locator("fieldset").innerText()).not.toMatch(/\p{Extended_Pictographic}/u);

  await owner.page.getByRole("button", { name: "Clear" }).click();
  await expect(owner.page.getByTestId("author-status-message")).toHaveText("Cleared.");
  await owner.page.reload();
  await expect(owner.page.getByTestId("author-status-message")).toHaveText("");
  await expect(owner.page.getByTestId("author-status-minutes")).toHaveValue("60");
});

test("an owner who asks not to be counted is in no count from then on, and counts again when they ask", async ({ openReader }) => {
  const owner = await openDesk(openReader);
  const reader = await openReader("/");
  await expect(footerCount(reader.page)).toHaveText("2 readers online");
  await expect(deskOnline(owner.page)).toHaveText("2");

  await owner.page.getByTestId("exclude-self-toggle").click();
  await expect(owner.page.getByTestId("exclude-self-toggle")).toBeChecked();
  await expect(footerCount(reader.page)).toHaveText("1 reader online");
  await expect(deskOnline(owner.page)).toHaveText("1");
  // Reading a post, the owner is on nobody's rail.
  const ownerTab = await owner.openTab("/posts/how-live-presence-works");
  const other = await reader.openTab("/posts/how-live-presence-works");
  await expect(other.getByTestId("article-readers-count")).toHaveText("1 reading now");
  // The owner sees the figure everyone sees, and that they are not in it.
  await expect(ownerTab.getByTestId("article-readers-count")).toHaveText("1 reading now");
  await expect(ownerTab.getByTestId("reader-chip").filter({ hasText: "You, not counted" })).toHaveCount(1);
  await expect(other.getByTestId("rail-marker")).toHaveCount(1);

  await owner.page.getByTestId("exclude-self-toggle").click();
  await expect(owner.page.getByTestId("exclude-self-toggle")).not.toBeChecked();
  await expect(footerCount(reader.page)).toHaveText("2 readers online");
  // Nobody saw the owner's old look (there was none), so the new one joins the rail at once.
  await expect(other.getByTestId("article-readers-count")).toHaveText("2 reading now");
  await expect(other.getByTestId("rail-marker")).toHaveCount(2);
});

test("a crawler and a page the browser only prerendered count nowhere; the prerendered page counts once it is shown", async ({ openReader, browser }) => {
  const post = "/posts/reading-progress-rails";
  const reader = await openReader(post);
  await expect(reader.page.getByTestId("article-readers-count")).toHaveText("1 reading now");

  // A crawler reads the post: it sees the figures, and is in none of them.
  const crawler = await browser.newContext({ userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" });
  try {
    const crawled = await crawler.newPage();
    await crawled.goto(post);
    await expect(crawled.getByTestId("article-readers-count")).toHaveText("1 reading now");
    await expect(footerCount(crawled)).toHaveText("1 reader online");
    await expect(reader.page.getByTestId("rail-marker")).toHaveCount(1);
  } finally {
    await crawler.close();
  }

  // A page the browser prerendered and hasn't shown, then shown.
  const visitor = await openReader("/");
  await expect(footerCount(reader.page)).toHaveText("2 readers online");
  const seenCounts = await recordTexts(reader.page, "article-readers-count");
  const prerendered = await visitor.context.newPage();
  const showPrerendered = await asPrerendered(prerendered);
  await prerendered.goto(post);
  await expect(prerendered.locator("#post-body")).toBeVisible();
  // Time enough for the page to connect and reach the room, were it counted.
  await prerendered.waitForTimeout(3000);
  expect(await seenCounts()).toEqual(["1 reading now"]);
  await expect(footerCount(reader.page)).toHaveText("2 readers online");
  await showPrerendered();
  await expect(reader.page.getByTestId("article-readers-count")).toHaveText("2 reading now");
  await expect(reader.page.getByTestId("rail-marker")).toHaveCount(2);
});

test("signing out in another tab takes the open desk away: the page leaves it, and asks for no desk socket again", { tag: "@attack" }, async ({ openReader }) => {
  const owner = await openDesk(openReader);
  const otherTab = await owner.context.newPage();
  await otherTab.goto("/");
  await signOut(otherTab);
  await expect(owner.page).toHaveURL(/\/signin\?callbackUrl=%2Fdesk$/, { timeout: 5000 });
  await expect(owner.page.getByRole("heading", { level: 1, name: "Desk" })).toHaveCount(0);
  // No socket keeps retrying the desk with a ticket that is no longer an owner's.
  const deskSockets: string[] = [];
  owner.page.on("websocket", (socket) => {
    if (socket.url().includes("/parties/desk/")) deskSockets.push(socket.url());
  });
  await owner.page.waitForTimeout(4000);
  expect(deskSockets).toEqual([]);
});
