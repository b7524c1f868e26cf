import { E2E_GRACE_MS } from "./support/ports";
import type { Page } from "@playwright/test";
import { expect, footerCount, test } from "./support/fixtures";

const SLUG = "how-live-presence-works";
const POST = `/posts/${SLUG}`;
const OTHER_SLUG = "heartbeats-and-ghost-connections";

const readingCount = (page: Page) => page.getByTestId("article-readers-count");
const ownMarker = (page: Page) => page.locator('[data-testid="rail-marker"][data-self="true"]');

async function readerIdOf(page: Page): Promise<string> {
  await expect(ownMarker(page)).toHaveCount(1);
  return (await ownMarker(page).getAttribute("data-reader-id")) ?? "";
}

async function scrollTo(page: Page, fraction: number): Promise<void> {
  await page.evaluate((f) => {
    const body = document.getElementById("post-body");
    if (!body) throw new Error("no post body");
    const top = body.getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, top + f * (body.offsetHeight - window.innerHeight));
  }, fraction);
}

async function markerProgress(page: Page, readerId: string): Promise<number> {
  const value = await page.locator(`[data-testid="rail-marker"][data-reader-id="${readerId}"]`).getAttribute("data-progress");
  return Number(value ?? Number.NaN);
}

test("three readers see each other live on the rail, and every count agrees", async ({ openReader }) => {
  const [ann, ben, cat] = [await openReader(POST), await openReader(POST), await openReader(POST)];
  const observer = await openReader("/");
  for (const { page } of [ann, ben, cat]) {
    await expect(readingCount(page)).toHaveText("3 reading now");
    await expect(page.getByTestId("rail-marker")).toHaveCount(3);
    await expect(ownMarker(page)).toHaveCount(1);
  }

  // Ann scrolls; her marker moves on Ben's and Cat's rails.
  const annId = await readerIdOf(ann.page);
  await scrollTo(ann.page, 0.6);
  for (const { page } of [ben, cat]) {
    await expect.poll(() => markerProgress(page, annId), { timeout: 2000 }).toBeGreaterThan(0.5);
  }

  // The home page's list and ranking agree with the room.
  const homeItem = observer.page.locator(`[data-testid="post-item"][data-slug="${SLUG}"]`);
  const homeCount = homeItem.getByTestId("post-reading-count").filter({ visible: true });
  await expect(homeCount).toHaveText("3 reading now");
  const firstRanked = observer.page.getByTestId("ranking-item").first();
  await expect(firstRanked).toHaveAttribute("data-slug", SLUG);
  await expect(firstRanked).toHaveAttribute("data-count", "3");
  await expect(footerCount(observer.page)).toHaveText("4 readers online");

  // Ann leaves by client-side navigation; Cat closes her tab. Everyone sees it.
  await ann.page.getByRole("link", { name: "Live Readers" }).first().click();
  await expect(readingCount(ben.page)).toHaveText("2 reading now", { timeout: 1500 });
  await expect(readingCount(cat.page)).toHaveText("2 reading now");
  await cat.page.close();
  // A closed tab may be a reload: it is let go right after the grace window.
  await expect(readingCount(ben.page)).toHaveText("1 reading now", { timeout: E2E_GRACE_MS + 1500 });
  await expect(ben.page.getByTestId("rail-marker")).toHaveCount(1);
  await expect(homeCount).toHaveAttribute("data-count", "1");
  await expect(firstRanked).toHaveAttribute("data-count", "1");
});

test("two tabs of one reader are one reader, whose marker follows the tab that moved last", async ({ openReader }) => {
  const ann = await openReader(POST);
  const annSecondTab = await ann.openTab(POST);
  const ben = await openReader(POST);

  await expect(readingCount(ben.page)).toHaveText("2 reading now");
  await expect(readingCount(annSecondTab)).toHaveText("2 reading now");
  const annId = await readerIdOf(ann.page);
  expect(await readerIdOf(annSecondTab)).toBe(annId);

  await scrollTo(ann.page, 0.8);
  await expect.poll(() => markerProgress(ben.page, annId), { timeout: 2000 }).toBeGreaterThan(0.7);
  await scrollTo(annSecondTab, 0.2);
  await expect.poll(() => markerProgress(ben.page, annId), { timeout: 2000 }).toBeLessThan(0.3);

  // Closing one of Ann's tabs keeps her in the room.
  await annSecondTab.close();
  await ben.page.waitForTimeout(400);
  await expect(readingCount(ben.page)).toHaveText("2 reading now");
});

test("moving from one post to another moves the reader between rooms without a reload", async ({ openReader }) => {
  const ann = await openReader(POST);
  const ben = await openReader(POST);
  const cat = await openReader(`/posts/${OTHER_SLUG}`);
  await expect(readingCount(ben.page)).toHaveText("2 reading now");
  await expect(readingCount(cat.page)).toHaveText("1 reading now");

  await ann.page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  await ann.page.getByRole("link", { name: "Live Readers" }).first().click();
  await ann.page.locator(`[data-testid="post-item"][data-slug="${OTHER_SLUG}"] a`).first().click();
  await expect(ann.page).toHaveURL(new RegExp(`${OTHER_SLUG}$`));

  await expect(readingCount(ben.page)).toHaveText("1 reading now", { timeout: 1500 });
  await expect(readingCount(cat.page)).toHaveText("2 reading now", { timeout: 1500 });
  await expect(readingCount(ann.page)).toHaveText("2 reading now");
  expect(await ann.page.evaluate(() => "__sameDocument" in window)).toBe(true);
});
