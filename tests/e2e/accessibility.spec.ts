// Every page (support/audited-pages.ts) against axe-core's WCAG 2.0/2.1 A and AA rules and its
// best practices: in light and dark, on a phone and a desktop, alone and with other readers
// (chips, rail markers, the ranking). A failure lists each rule, where it failed, and the
// elements' selectors. And on a 320px screen, nothing makes the reader scroll sideways.
import type { Page } from "@playwright/test";
import { AUDITED_PAGES, openAudited, openSignInPopover } from "./support/audited-pages";
import { axeViolations, formatViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { E2E_LARGE_ROOM_READERS } from "./support/ports";
import { connect, type RawClient } from "./support/ws-client";

const VIEWS = [
  { name: "phone", viewport: { width: 375, height: 812 } },
  { name: "desktop", viewport: { width: 1280, height: 800 } },
];
const SCHEMES = ["light", "dark"] as const;
// A post past LARGE_ROOM_READERS, filled by raw sockets as crowd.spec.ts does.
const CROWD_SLUG = "reading-progress-rails";
const CROWD_POST = `/posts/${CROWD_SLUG}`;

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

/** axe in every scheme and width, then reflow at 320px. */
async function expectAccessible(page: Page): Promise<void> {
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
}

for (const withReaders of [false, true]) {
  test.describe(withReaders ? "with other readers" : "alone on the site", () => {
    for (const audited of AUDITED_PAGES) {
      test(`${audited.name} (${audited.path}) passes axe in light and dark, on a phone and a desktop`, async ({ openReader }) => {
        test.setTimeout(90_000);
        await expectAccessible(await openAudited(openReader, audited, withReaders));
      });
    }
  });
}

test("a crowded post (the density strip, a few faces and 'and N more') passes axe too, and says in words what the strip shows", async ({ openReader }) => {
  test.setTimeout(90_000);
  const { page } = await openReader(CROWD_POST);
  const crowd: RawClient[] = [await connect(`/parties/article/${CROWD_SLUG}`, { as: { userId: "seed-ada", name: "Ada Lovelace" } })];
  while (crowd.length < E2E_LARGE_ROOM_READERS) crowd.push(await connect(`/parties/article/${CROWD_SLUG}`));
  const heartbeat = setInterval(() => crowd.forEach((client) => client.socket.readyState === 1 && client.send("ping")), 3000);
  try {
    crowd.forEach((client, index) => client.send(JSON.stringify({ type: "progress", progress: (index % 10) / 10, seq: 1 })));
    await expect(page.getByTestId("rail-density")).toBeVisible();
    await expect(page.getByTestId("article-readers-more")).toBeVisible();
    await expect(page.getByTestId("rail-summary")).toContainText(`${E2E_LARGE_ROOM_READERS + 1} readers here`);
    await expectAccessible(page);
  } finally {
    clearInterval(heartbeat);
    crowd.forEach((client) => client.socket.close(1000));
  }
});

// axe counts a label as found when a label names the field's id, even when that id is another field's.
test("with the header's sign-in open on /signin, each of the two name fields has its own label", async ({ openReader }) => {
  const { page } = await openReader("/signin");
  await openSignInPopover(page);
  await expect(page.getByRole("textbox", { name: "Display name", exact: true })).toHaveCount(2);
});
