// prefers-reduced-motion: reduce, respected: nothing glides or fades, on every page.
import type { Page } from "@playwright/test";
import { AUDIENCE_POST, scrollPostTo } from "./support/audience";
import { AUDITED_PAGES, openAudited } from "./support/audited-pages";
import { expect, test } from "./support/fixtures";

/** Records every transition and animation that starts in the page from now on. */
async function recordMotion(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const started: string[] = [];
    const note = (event: TransitionEvent | AnimationEvent) => {
      const target = event.target as Element;
      started.push(`${target.className || target.tagName}: ${"propertyName" in event ? event.propertyName : event.animationName}`);
    };
    document.addEventListener("transitionrun", note, true);
    document.addEventListener("animationstart", note, true);
    Object.assign(window, { __motion: started });
  });
  return () => page.evaluate(() => (window as unknown as { __motion: string[] }).__motion.splice(0));
}

test("with less motion asked for, another reader's marker jumps instead of gliding, and a heading's link appears at once", async ({ openReader }) => {
  const viewer = await openReader(AUDIENCE_POST);
  const other = await openReader(AUDIENCE_POST);
  await viewer.page.setViewportSize({ width: 1280, height: 800 });
  const markers = viewer.page.getByTestId("rail-marker");
  await expect(markers).toHaveCount(2);
  const othersMarker = viewer.page.locator('[data-testid="rail-marker"][data-self="false"]');
  const motion = await recordMotion(viewer.page);
  const heading = viewer.page.locator("#post-body h2");

  // The same moves, first as most readers see them: proof that motion, when there is any, is seen.
  await scrollPostTo(other.page, 0.8);
  await expect.poll(async () => Number(await othersMarker.getAttribute("data-progress"))).toBeGreaterThan(0.5);
  await heading.first().hover();
  await expect.poll(motion).not.toEqual([]);

  await viewer.page.emulateMedia({ reducedMotion: "reduce" });
  await viewer.page.mouse.move(0, 0);
  await motion();
  await scrollPostTo(other.page, 0.1);
  await expect.poll(async () => Number(await othersMarker.getAttribute("data-progress"))).toBeLessThan(0.5);
  await heading.nth(1).hover();
  await expect(heading.nth(1).locator(".heading-anchor")).toHaveCSS("opacity", "1");
  expect(await motion()).toEqual([]);
});

test("with less motion asked for, no element of any page has a transition or an animation", async ({ openReader }) => {
  test.setTimeout(90_000);
  const moving: string[] = [];
  for (const audited of AUDITED_PAGES) {
    const page = await openAudited(openReader, audited, false);
    await page.emulateMedia({ reducedMotion: "reduce" });
    const found = await page.evaluate(() =>
      [...document.querySelectorAll("*")].flatMap((element) =>
        [null, "::before", "::after"].flatMap((pseudo) => {
          const style = getComputedStyle(element, pseudo);
          const moves = style.transitionDuration.split(",").some((duration) => parseFloat(duration) > 0) || style.animationName !== "none";
          return moves ? [`${element.tagName.toLowerCase()}.${element.className}${pseudo ?? ""}: ${style.transition} ${style.animationName}`] : [];
        }),
      ),
    );
    moving.push(...found.map((what) => `${audited.name}: ${what}`));
    await page.context().close();
  }
  expect(moving).toEqual([]);
});
