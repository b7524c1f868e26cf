// No identifier of an anonymous reader outlives a day. The browser's session cookies end with
// the id they hold (a day at most); an id nearing its day is renewed while the reader's tabs stay
// open, make-before-break, and the browser stays one reader throughout. The old id is injected
// as a cookie signed with the e2e secret, issued nearly 20 hours ago.
import type { BrowserContext, Page } from "@playwright/test";
import { newSessionId, SESSION_ID_RENEW_AGE_SECONDS, signSessionId } from "@/party/shared/tickets";
import { expect, footerCount, test, waitForEmptySite } from "./support/fixtures";
import { recordFooterCounts, recordTexts } from "./support/people";
import { E2E_APP_URL, E2E_PRESENCE_SECRET } from "./support/ports";

const POST = "/posts/how-live-presence-works";
const DAY_SECONDS = 24 * 60 * 60;
/** The renewal is due this long after the pages open (the tabs then renew within a spread of up to 20 s). */
const DUE_IN_MS = 8_000;

const maxAgeOf = (setCookie: string) => Number(/;\s*max-age=(\d+)/i.exec(setCookie)?.[1] ?? NaN);
const setCookies = (headers: { name: string; value: string }[], name: string) =>
  headers.filter((header) => header.name.toLowerCase() === "set-cookie" && header.value.startsWith(`${name}=`)).map((header) => header.value);
const sessionCookie = async (context: BrowserContext) => (await context.cookies()).find((cookie) => cookie.name === "lr_sid");

/** The sid of every site socket a tab opens from now on. */
function siteSocketSids(page: Page): string[] {
  const sids: string[] = [];
  page.on("websocket", (socket) => {
    const url = new URL(socket.url());
    if (url.pathname === "/parties/site/global") sids.push(url.searchParams.get("sid") ?? "");
  });
  return sids;
}

test("a browser's session cookies end within a day, and the year-long route cookie is deleted", { tag: "@attack" }, async ({ browser }) => {
  await waitForEmptySite();
  const context = await browser.newContext();
  await context.addCookies([{ name: "lr_route", value: "an-old-browsers-first-session-id.signature", url: E2E_APP_URL }]);
  const page = await context.newPage();
  const firstPage = await page.goto("/");
  const proxied = setCookies(await firstPage!.headersArray(), "lr_sid");
  expect(proxied).toHaveLength(1);
  expect(maxAgeOf(proxied[0]!)).toBeLessThanOrEqual(DAY_SECONDS);

  const ticket = await context.request.get("/api/presence/ticket");
  const fromTicket = [...setCookies(ticket.headersArray(), "lr_sid"), ...setCookies(ticket.headersArray(), "lr_sid_for")];
  expect(fromTicket).toHaveLength(2);
  for (const cookie of fromTicket) expect(maxAgeOf(cookie), cookie).toBeLessThanOrEqual(DAY_SECONDS);
  await expect(footerCount(page)).toHaveText("1 reader online");
  // What the browser keeps: nothing past a day, and no route cookie.
  const cookies = await context.cookies();
  expect(cookies.map((cookie) => cookie.name)).not.toContain("lr_route");
  for (const cookie of cookies.filter((kept) => kept.name.startsWith("lr_"))) {
    expect(cookie.expires, cookie.name).toBeGreaterThan(0);
    expect(cookie.expires * 1000, cookie.name).toBeLessThanOrEqual(Date.now() + DAY_SECONDS * 1000 + 5000);
  }
  await context.close();
});

test("a browser whose session id comes due is renewed in every open tab, and stays one reader throughout", async ({ browser }) => {
  await waitForEmptySite();
  const context = await browser.newContext();
  const issuedAt = Date.now() - SESSION_ID_RENEW_AGE_SECONDS * 1000 + DUE_IN_MS;
  const old = await signSessionId(E2E_PRESENCE_SECRET, newSessionId({ issuedAt }));
  await context.addCookies([{ name: "lr_sid", value: old, url: E2E_APP_URL }]);

  const reading = await context.newPage();
  const readingSids = siteSocketSids(reading);
  await reading.goto(POST);
  const browsing = await context.newPage();
  const browsingSids = siteSocketSids(browsing);
  await browsing.goto("/");
  await expect(footerCount(reading)).toHaveText("1 reader online");
  await expect(footerCount(browsing)).toHaveText("1 reader online");
  await expect(reading.getByTestId("article-readers-count")).toHaveText("1 reading now");
  expect((await sessionCookie(context))?.value).toBe(old);
  const counts = [await recordFooterCounts(reading), await recordFooterCounts(browsing), await recordTexts(reading, "article-readers-count")];

  // The renewal comes due: the browser holds the id's successor, and each tab reconnects with it.
  await expect.poll(async () => (await sessionCookie(context))?.value, { timeout: DUE_IN_MS + 30_000 }).not.toBe(old);
  const renewed = (await sessionCookie(context))!.value;
  await expect.poll(() => readingSids.at(-1), { timeout: 30_000 }).toBe(renewed);
  await expect.poll(() => browsingSids.at(-1), { timeout: 30_000 }).toBe(renewed);
  expect(readingSids[0]).toBe(old);
  expect(browsingSids[0]).toBe(old);
  // The new cookie ends with the new id, within a day.
  expect((await sessionCookie(context))!.expires * 1000).toBeLessThanOrEqual(Date.now() + DAY_SECONDS * 1000 + 5000);

  // Every count either tab showed meanwhile: one reader, never two.
  await reading.waitForTimeout(1000);
  expect(await counts[0]!()).toEqual(["1 reader online"]);
  expect(await counts[1]!()).toEqual(["1 reader online"]);
  expect(await counts[2]!()).toEqual(["1 reading now"]);
  await context.close();
});
