import type { Page } from "@playwright/test";
import { expect, footerCount, test } from "./support/fixtures";
import { signInWithDemo, uniqueName } from "./support/people";
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

test(
  "signing in mid-read, then opening /online in a new tab at once: others list the person only after the delay, and their own /online and header say so",
  { tag: "@attack" },
  async ({ openReader }) => {
    const name = uniqueName("Cleo");
    const bystander = await openReader("/online");
    const cleo = await openReader(POST);
    await expect(footerCount(bystander.page)).toHaveText("2 readers online");
    const listedAt = await watchForListing(bystander.page, name);
    // The moment the worker hears of the sign-in: the tab's site socket that re-enters as the person.
    let signedInAt: number | null = null;
    cleo.page.on("websocket", (socket) => {
      if (socket.url().includes("/parties/site/") && socket.url().includes("reentry=1")) signedInAt ??= Date.now();
    });

    await signInWithDemo(cleo.page, name);
    const own = await cleo.openTab("/online");

    // Her own /online says she isn't shown to others yet, and shows her entry as such; so does the header.
    await expect(own.getByTestId("listing-hold-online")).toContainText("Others will see you here in a few seconds");
    await expect(own.getByTestId("online-self-held")).toContainText(name);
    await expect(own.getByTestId("online-self-held")).toContainText("not yet shown to others");
    await expect(own.getByTestId("online-person").filter({ hasText: name })).toHaveCount(0);
    await expect(own.getByTestId("listing-hold-header")).toBeVisible();
    // Counted all along: the footer never lost or doubled her.
    await expect(footerCount(bystander.page)).toHaveText("2 readers online");

    // Then everyone lists her, her own tab too, and the notes go.
    await expect(bystander.page.getByTestId("online-person").filter({ hasText: name })).toHaveCount(1, { timeout: E2E_REENTRY_DELAY_MS.max + 4000 });
    const listed = await listedAt();
    expect(signedInAt).not.toBeNull();
    // Never before the delay had passed, though her new tab connected within it.
    expect(listed! - signedInAt!).toBeGreaterThanOrEqual(E2E_REENTRY_DELAY_MS.min - 50);
    await expect(own.getByTestId("online-person").filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });
    await expect(own.getByTestId("online-self-held")).toHaveCount(0);
    await expect(own.getByTestId("listing-hold-online")).toHaveCount(0);
    await expect(own.getByTestId("listing-hold-header")).toHaveCount(0);
    await expect(footerCount(bystander.page)).toHaveText("2 readers online");
  },
);
