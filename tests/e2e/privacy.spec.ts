import { DEFAULT_GRACE_MS } from "@/party/timing";
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

test("'show me as online' off hides the person on every device within two seconds, and still counts them once", { tag: "@attack" }, async ({ openReader }) => {
  const name = uniqueName("Hana");
  const alice = await openReader(POST);
  const bystander = await openReader("/online");
  const laptop = await openReader(POST);
  const phone = await openReader(POST);
  await signInWithDemo(laptop.page, name);
  await signInWithDemo(phone.page, name);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });
  await expect(listed(bystander.page, name)).toHaveCount(1);
  await expect(footerCount(alice.page)).toHaveText("3 readers online");

  // Switched off in a settings tab of the laptop: the phone follows, without a reload.
  await phone.page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  await setShowOnline(await laptop.context.newPage(), false);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(0, { timeout: 2000 });
  await expect(listed(bystander.page, name)).toHaveCount(0, { timeout: 2000 });
  await expect(phone.page.getByTestId("reader-chip").filter({ hasText: name })).toHaveCount(0, { timeout: 2000 });
  // Still one (anonymous) reader on the post and on the site.
  await expect(readerChips(alice.page)).toHaveCount(2);
  await expect(footerCount(alice.page)).toHaveText("3 readers online");
  expect(await phone.page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  // A page loaded afresh doesn't list them either.
  const html = await (await bystander.page.request.get("/online")).text();
  expect(html).not.toContain(name);

  // Switched back on: listed again everywhere.
  await setShowOnline(await phone.context.newPage(), true);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1, { timeout: 2000 });
  await expect(listed(bystander.page, name)).toHaveCount(1, { timeout: 2000 });
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

  // Vic leaves: her last-seen is written moments later, at the time she left.
  const leftAt = Date.now();
  await vic.context.close();
  await expect.poll(() => lastSeenAt(vicId), { timeout: 10_000 }).not.toBeNull();
  const recorded = (await lastSeenAt(vicId)) ?? 0;
  expect(recorded).toBeGreaterThanOrEqual(leftAt - 1000);
  expect(recorded).toBeLessThanOrEqual(Date.now());

  // Hal leaves while hidden: nothing is written for him.
  await hal.context.close();
  // Past the grace window and the outbox's flush delay: anything to write would be written by now.
  await new Promise((resolve) => setTimeout(resolve, DEFAULT_GRACE_MS + 4000));
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
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
});
