// Every page (support/audited-pages.ts) against axe-core's WCAG 2.0/2.1 A and AA rules and its
// best practices: in light and dark, on a phone and a desktop, alone and with other readers
// (chips, rail markers, the ranking). A failure lists each rule, where it failed, and the
// elements' selectors. And on a 320px screen, nothing makes the reader scroll sideways.
import type { Page } from "@playwright/test";
import { AUDITED_PAGES, openAudited, openSignInPopover } from "./support/audited-pages";
import { axeViolations, formatViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";

const VIEWS = [
  { name: "phone", viewport: { width: 375, height: 812 } },
  { name: "desktop", viewport: { width: 1280, height: 800 } },
];
const SCHEMES = ["light", "dark"] as const;

/**
 * WCAG's reflow (1.4.10), which axe can't see: at 320 CSS pixels nothing sticks out past the
 * right edge, so no one scrolls sideways to read (wide code and tables scroll in their own box).
 */
async function stickingOut(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const clipped = (element: Element) => {
      for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
        if (getComputedStyle(node).overflowX !== "visible") return true;
      }
      return false;
    };
    return [...document.body.querySelectorAll("*")]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(element))
      .map((element) => element.outerHTML.slice(0, 100));
  });
}

/** Transitions (rail markers gliding into place after a resize) end before axe reads colours and positions. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== "running"));
}

for (const withReaders of [false, true]) {
  test.describe(withReaders ? "with other readers" : "alone on the site", () => {
    for (const audited of AUDITED_PAGES) {
      test(`${audited.name} (${audited.path}) passes axe in light and dark, on a phone and a desktop`, async ({ openReader }) => {
        test.setTimeout(90_000);
        const page = await openAudited(openReader, audited, withReaders);
        const violations = [];
        for (const { name, viewport } of VIEWS) {
          await page.setViewportSize(viewport);
          for (const colorScheme of SCHEMES) {
            await page.emulateMedia({ colorScheme });
            await settle(page);
            violations.push(...(await axeViolations(page, `${colorScheme}, ${name}`)));
          }
        }
        expect(violations.length, `axe found:\n${formatViolations(violations)}`).toBe(0);
        await page.setViewportSize({ width: 320, height: 640 });
        expect(await stickingOut(page), "past the right edge of a 320px screen").toEqual([]);
      });
    }
  });
}

// axe counts a label as found when a label names the field's id, even when that id is another field's.
test("with the header's sign-in open on /signin, each of the two name fields has its own label", async ({ openReader }) => {
  const { page } = await openReader("/signin");
  await openSignInPopover(page);
  await expect(page.getByRole("textbox", { name: "Display name", exact: true })).toHaveCount(2);
});
