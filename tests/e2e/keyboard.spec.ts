// Keyboard only: every control reachable with Tab, each with a focus ring that shows (and
// stands out 3:1 from the page), no traps; the header's sign-in opens, signs in and closes
// (Escape, focus back on its button) without a mouse; the privacy switch works from the keyboard.
import type { Page } from "@playwright/test";
import { AUDITED_PAGES, openAudited } from "./support/audited-pages";
import { expect, footerCount, test } from "./support/fixtures";
import { type FocusSeen, focusPageTop, focusSeen, tabbableControls } from "./support/focus";
import { signInWithDemo, uniqueName } from "./support/people";

/** Presses Tab and expects focus on `target`, with a ring that shows. */
async function tabTo(page: Page, target: ReturnType<Page["locator"]>): Promise<void> {
  await page.keyboard.press("Tab");
  await expect(target).toBeFocused();
  await expectRing(page);
}

async function expectRing(page: Page): Promise<FocusSeen> {
  // Some controls fade in as they take focus (a heading's "#" link): the ring shows once they have.
  const before = await focusSeen(page);
  await expect.poll(async () => (await focusSeen(page))?.ringShows, { message: `a focus ring on ${before?.label} (${before?.ring})` }).toBe(true);
  const seen = (await focusSeen(page))!;
  expect(seen.ringContrast, `focus ring contrast on ${seen.label} (${seen.ring})`).toBeGreaterThanOrEqual(3);
  return seen;
}

test("the header's sign-in works from the keyboard: Tab in, sign in, and Escape closes it and gives focus back", async ({ openReader }) => {
  const { page } = await openReader("/");
  await expect(footerCount(page)).toHaveText("1 reader online");
  const header = page.locator("header");
  for (const name of ["Live Readers", "Home", "Online", "RSS"]) await tabTo(page, header.getByRole("link", { name, exact: true }));
  // The popover's own submit button is a "Sign in" too: this is the one that opens it.
  const signIn = header.locator("button[aria-expanded]");
  await expect(signIn).toHaveText("Sign in");
  await tabTo(page, signIn);

  await page.keyboard.press("Enter");
  await expect(signIn).toHaveAttribute("aria-expanded", "true");
  await tabTo(page, header.getByRole("textbox", { name: "Display name" }));
  await tabTo(page, header.getByTestId("demo-sign-in"));
  await tabTo(page, header.getByTestId("github-sign-in"));
  await page.keyboard.press("Escape");
  await expect(header.getByRole("textbox", { name: "Display name" })).toHaveCount(0);
  await expect(signIn).toHaveAttribute("aria-expanded", "false");
  await expect(signIn).toBeFocused();

  const name = uniqueName("Kay");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await page.keyboard.type(name);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("user-menu-name")).toHaveText(name);
});

test("the 'Show me as online' switch is reached with Tab and flipped with Space, keeping focus while it saves", async ({ openReader }) => {
  const { page } = await openReader("/");
  await signInWithDemo(page, uniqueName("Lou"));
  await page.goto("/settings");
  const toggle = page.getByRole("switch", { name: "Show me as online" });
  await expect(toggle).toBeChecked();
  for (let press = 0; press < 15 && !(await toggle.evaluate((element) => element === document.activeElement)); press++) await page.keyboard.press("Tab");
  await expect(toggle).toBeFocused();
  await expectRing(page);

  await page.keyboard.press("Space");
  await expect(page.getByTestId("show-online-status")).toHaveText("You are hidden.");
  await expect(toggle).not.toBeChecked();
  await expect(toggle).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("show-online-status")).toHaveText("Others can see you online.");
  await expect(toggle).toBeChecked();
  await expect(toggle).toBeFocused();
});

for (const audited of AUDITED_PAGES) {
  test(`${audited.name} (${audited.path}): Tab reaches every control once, each visibly focused, in light and dark, and leaves the page`, async ({ openReader }) => {
    test.setTimeout(90_000);
    const page = await openAudited(openReader, audited, true);
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      const controls = await tabbableControls(page);
      await focusPageTop(page);
      const visited: FocusSeen[] = [];
      // Chromium also stops on scrollable blocks (wide code), hence the margin.
      for (let press = 0; press < controls.length + 20; press++) {
        await page.keyboard.press("Tab");
        const seen = await focusSeen(page);
        if (seen === null || seen.key === visited[0]?.key) break;
        expect(visited.map(({ key }) => key), `focus came back to ${seen.label} before leaving the page`).not.toContain(seen.key);
        visited.push(await expectRing(page));
      }
      const missed = controls.filter(({ key }) => !visited.some((seen) => seen.key === key));
      expect(missed.map(({ label }) => label), "controls Tab never reached").toEqual([]);
    }
  });
}
