import type { Page } from "@playwright/test";
import { expect, footerCount, test } from "./support/fixtures";
import { uniqueName } from "./support/people";
import { E2E_REENTRY_DELAY_MS } from "./support/ports";

const POST = "/posts/how-live-presence-works";

/** From now on, the page notes (its clock, the machine's) when an /online entry naming `name` first shows. */
async function watchForListing(page: Page, name: string): Promise<() => Promise<number | null>> {
  await page.evaluate((name) => {
    const seen = () =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="online-person"]')].some((entry) => entry.textContent?.includes(name));
    const note = () => {
      const slot = window as { __listedAt?: number };
      if (slot.__listedAt === undefined && seen()) slot.__listedAt = Date.now();
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, name);
  return () => page.evaluate(() => (window as { __listedAt?: number }).__listedAt ?? null);
}

/**
 * Records, from the page's first paint on, what the person was told while held (the hold may end
 * before a poll would look): the /online note, their own entry, the header's note.
 */
async function recordHoldNotes(page: Page): Promise<() => Promise<{ note: string; self: string; header: string }>> {
  await page.addInitScript(() => {
    const told = { note: "", self: "", header: "" };
    Object.assign(window, { __told: told });
    const text = (testId: string) => document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? "";
    const read = () => {
      told.note ||= text("listing-hold-online");
      told.self ||= text("online-self-held");
      told.header ||= text("listing-hold-header");
    };
    document.addEventListener("DOMContentLoaded", () => {
      read();
      new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  });
  return () => page.evaluate(() => (window as unknown as { __told: { note: string; self: string; header: string } }).__told);
}

test(
  "signing in mid-read, then opening /online in a new tab at once: others list the person only after the delay, and their own /online and header say so",
  { tag: "@attack" },
  async ({ openReader }) => {
    const name = uniqueName("Cleo");
    const bystander = await openReader("/online");
    const cleo = await openReader(POST);
    await expect(footerCount(bystander.page)).toHaveText("2 readers online");
    const listedAt = await watchForListing(bystander.page, name);
    const own = await cleo.context.newPage();
    const toldOwn = await recordHoldNotes(own);
    // The moment the worker hears of the sign-in: the tab's site socket that re-enters as the person.
    const reentry = cleo.page.waitForEvent("websocket", (socket) => socket.url().includes("/parties/site/") && socket.url().includes("reentry=1"));

    await cleo.page.locator("header").getByRole("button", { name: "Sign in" }).click();
    await cleo.page.getByTestId("demo-name-input").fill(name);
    await cleo.page.getByTestId("demo-sign-in").click();
    await reentry;
    const signedInAt = Date.now();
    // At once, /online in a new tab of the same browser (its socket is no re-entry: it just opens as her).
    await own.goto("/online");
    await expect(cleo.page.getByTestId("user-menu-name")).toHaveText(name);

    // Counted all along: the footer never lost or doubled her.
    await expect(footerCount(bystander.page)).toHaveText("2 readers online");

    // Then everyone lists her, her own tab too, and the notes go.
    await expect(bystander.page.getByTestId("online-person").filter({ hasText: name })).toHaveCount(1, { timeout: E2E_REENTRY_DELAY_MS.max + 4000 });
    const listed = await listedAt();
    // Never before the delay had passed, though her new tab connected within it (50 ms: the test
    // hears of the socket a moment after it opened). Before the fix: 462 to 753 ms.
    expect(listed! - signedInAt).toBeGreaterThanOrEqual(E2E_REENTRY_DELAY_MS.min - 50);
    // Meanwhile her own /online said she isn't shown to others yet, and showed her entry as such; so did the header.
    const told = await toldOwn();
    expect(told.note).toContain("Others will see you here in a few seconds");
    expect(told.self).toContain(name);
    expect(told.self).toContain("not yet shown to others");
    expect(told.header).toContain("Others will see you online in a few seconds");
    await expect(own.getByTestId("online-person").filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });
    await expect(own.getByTestId("online-self-held")).toHaveCount(0);
    await expect(own.getByTestId("listing-hold-online")).toHaveCount(0);
    await expect(own.getByTestId("listing-hold-header")).toHaveCount(0);
    await expect(footerCount(bystander.page)).toHaveText("2 readers online");
  },
);
