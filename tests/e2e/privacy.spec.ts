import { E2E_GRACE_MS, E2E_REENTRY_DELAY_MS } from "./support/ports";
import type { Page } from "@playwright/test";
import { lastSeenAt, userIdByName } from "./support/db";
import { expect, footerCount, test } from "./support/fixtures";
import { readerChips, signInWithDemo, uniqueName } from "./support/people";

const POST = "/posts/how-live-presence-works";

async function setShowOnline(settings: Page, show: boolean): Promise<void> {
  await settings.goto("/settings");
  const toggle = settings.getByTestId("show-online-toggle");
  if ((await toggle.isChecked()) !== show) await toggle.click();
  await expect(settings.getByTestId("show-online-status")).toHaveText(show ? "Others can see you online." : "You are hidden.");
}

const listed = (page: Page, name: string) => page.getByTestId("online-person").filter({ hasText: name });

test("'show me as online' off takes the name off every device within two seconds, counts the person once, and leaves no anonymous stand-in on the rail", { tag: "@attack" }, async ({ openReader }) => {
  const name = uniqueName("Hana");
  const alice = await openReader(POST);
  const bystander = await openReader("/online");
  const laptop = await openReader("/");
  const phone = await openReader("/");
  await signInWithDemo(laptop.page, name);
  await signInWithDemo(phone.page, name);
  await laptop.page.goto(POST);
  await phone.page.goto(POST);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });
  await expect(listed(bystander.page, name)).toHaveCount(1);
  await expect(footerCount(alice.page)).toHaveText("3 readers online");

  // Switched off in a settings tab of the laptop: the phone follows, without a reload.
  await phone.page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  await setShowOnline(await laptop.context.newPage(), false);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(0, { timeout: 2000 });
  await expect(listed(bystander.page, name)).toHaveCount(0, { timeout: 2000 });
  await expect(phone.page.getByTestId("reader-chip").filter({ hasText: name })).toHaveCount(0, { timeout: 2000 });
  // Counted once on the site; in a room this small, no anonymous newcomer appears in her place.
  await expect(footerCount(alice.page)).toHaveText("3 readers online");
  await alice.page.waitForTimeout(E2E_REENTRY_DELAY_MS.max + 500);
  await expect(readerChips(alice.page)).toHaveCount(1);
  await expect(phone.page.getByTestId("not-shown-note")).toBeVisible();
  expect(await phone.page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  // A page loaded afresh doesn't list them either.
  const html = await (await bystander.page.request.get("/online")).text();
  expect(html).not.toContain(name);

  // Switched back on: listed again (after a short while), and by name on the rail from the next visit.
  await setShowOnline(await phone.context.newPage(), true);
  await expect(listed(bystander.page, name)).toHaveCount(1, { timeout: E2E_REENTRY_DELAY_MS.max + 3000 });
  await phone.page.goto(POST);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });
  await expect(footerCount(alice.page)).toHaveText("3 readers online");
});

test("last seen is recorded when a visible person leaves, and never while they are hidden", { tag: "@attack" }, async ({ openReader, browser }) => {
  const visibleName = uniqueName("Vic");
  const hiddenName = uniqueName("Hal");
  const vic = await openReader(POST);
  await signInWithDemo(vic.page, visibleName);
  const vicId = (await userIdByName(visibleName)) ?? "";
  expect(await lastSeenAt(vicId)).toBeNull();

  // Hal hides, leaves, and comes back to read while hidden.
  const hal = await openReader(POST);
  await signInWithDemo(hal.page, hiddenName);
  const halId = (await userIdByName(hiddenName)) ?? "";
  await setShowOnline(hal.page, false);
  await hal.page.goto(POST);
  await hal.page.waitForTimeout(2000);
  const halLastSeenWhenHiding = await lastSeenAt(halId);

  // Vic leaves: her last-seen is written moments later, at the moment she left: not her last
  // heartbeat (up to 5 s earlier), not the end of the grace window.
  const leftAt = Date.now();
  await vic.context.close();
  const closedAt = Date.now();
  // (The lobby's once-a-minute "still online" last-seen may have been written just before she
  // left, stamped with her last heartbeat: the departure's own stamp must come on top of it.)
  await expect.poll(async () => (await lastSeenAt(vicId)) ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(leftAt - 100);
  expect(await lastSeenAt(vicId)).toBeLessThan(closedAt + Math.min(1000, E2E_GRACE_MS));

  // Hal leaves while hidden: nothing is written for him.
  await hal.context.close();
  // Past the grace window and the outbox's flush delay: anything to write would be written by now.
  await new Promise((resolve) => setTimeout(resolve, E2E_GRACE_MS + 4000));
  expect(await lastSeenAt(halId)).toBe(halLastSeenWhenHiding);

  // /online shows Vic as recently seen, and not Hal.
  const page = await (await browser.newContext()).newPage();
  await page.goto("/online");
  await expect(page.getByTestId("recent-person").filter({ hasText: visibleName })).toContainText(/last seen/i);
  await expect(page.getByTestId("recent-person").filter({ hasText: hiddenName })).toHaveCount(0);
  await page.context().close();
});

test("signed out, the settings page sends you to sign in", { tag: "@attack" }, async ({ page }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fsettings$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
});
