import { expect, type Page } from "@playwright/test";
import type { Reader } from "./fixtures";
import { readerChips, signInWithDemo, uniqueName } from "./people";

export const AUDIENCE_POST = "/posts/how-live-presence-works";
export const AUDIENCE_OTHER_POST = "/posts/reading-progress-rails";

/** Scrolls a page to a fraction of the post body, as a reader would. */
export async function scrollPostTo(page: Page, fraction: number): Promise<void> {
  await page.evaluate((f) => {
    const body = document.getElementById("post-body");
    if (!body) throw new Error("no post body");
    window.scrollTo(0, body.getBoundingClientRect().top + window.scrollY + f * (body.offsetHeight - window.innerHeight));
  }, fraction);
}

/**
 * Other readers, so that live parts have something to show: a signed-in person and an
 * anonymous reader at different places in AUDIENCE_POST (chips, rail markers), and one reader
 * of another post (a ranking of two). Resolves once AUDIENCE_POST's room has both of them.
 */
export async function gatherAudience(openReader: (path?: string) => Promise<Reader>): Promise<void> {
  const named = await openReader("/");
  await signInWithDemo(named.page, uniqueName("Grace"));
  await named.page.goto(AUDIENCE_POST);
  const anonymous = await openReader(AUDIENCE_POST);
  await openReader(AUDIENCE_OTHER_POST);
  await expect(readerChips(anonymous.page)).toHaveCount(2);
  await scrollPostTo(named.page, 0.45);
  await scrollPostTo(anonymous.page, 0.8);
}
