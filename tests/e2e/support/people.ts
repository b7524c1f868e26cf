import { expect, type Page } from "@playwright/test";

/** A display name no other test (or earlier run against the same database) has used. */
export function uniqueName(first: string): string {
  return `${first} ${Math.random().toString(36).slice(2, 8)}`;
}

/** Signs in through the header's demo sign-in, in place (no navigation). */
export async function signInWithDemo(page: Page, name: string): Promise<void> {
  await page.locator("header").getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("demo-name-input").fill(name);
  await page.getByTestId("demo-sign-in").click();
  await expect(page.getByTestId("user-menu-name")).toHaveText(name);
}

export async function signOut(page: Page): Promise<void> {
  await page.locator("header").getByRole("button", { name: "Sign out" }).click();
  await expect(page.locator("header").getByRole("button", { name: "Sign in" })).toBeVisible();
}

/** The "who is reading" chips under a post's title. */
export const readerChips = (page: Page) => page.getByTestId("reader-chip");

/**
 * Records every text the visible elements with `testId` show from now on (a blink to
 * another number and back would be missed by polling). Returns a reader of the distinct texts seen.
 */
export async function recordTexts(page: Page, testId: string): Promise<() => Promise<string[]>> {
  const slot = `__texts_${testId.replace(/\W/g, "_")}`;
  await page.evaluate(
    ({ testId, slot }) => {
      const seen = new Set<string>();
      const read = () => {
        for (const element of document.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)) {
          if (element.offsetParent !== null && element.textContent) seen.add(element.textContent);
        }
      };
      read();
      new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
      Object.assign(window, { [slot]: seen });
    },
    { testId, slot },
  );
  return () => page.evaluate((slot) => [...(window as unknown as Record<string, Set<string>>)[slot]!], slot);
}

/** Every text the footer's "N readers online" shows from now on. */
export const recordFooterCounts = (page: Page) => recordTexts(page, "readers-online");
