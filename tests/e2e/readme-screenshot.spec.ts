import { mkdirSync } from "node:fs";
import { expect, footerCount, test } from "./support/fixtures";
import { readerChips, signInWithDemo, uniqueName } from "./support/people";

const POST = "/posts/how-live-presence-works";

/** Scrolls a page to a fraction of the post body, as a reader would. */
async function scrollTo(page: import("@playwright/test").Page, fraction: number): Promise<void> {
  await page.evaluate((f) => {
    const body = document.getElementById("post-body");
    if (!body) throw new Error("no post body");
    window.scrollTo(0, body.getBoundingClientRect().top + window.scrollY + f * (body.offsetHeight - window.innerHeight));
  }, fraction);
}

// The README's picture is taken from the real app by this test. It lands in test-results/;
// with UPDATE_DOCS_SCREENSHOT=1 it also replaces docs/images/post-with-readers.png.
test("a post with three readers at different places, as the README shows it", async ({ openReader }) => {
  const me = await openReader(POST);
  await me.page.setViewportSize({ width: 1280, height: 800 });
  const grace = await openReader("/");
  await signInWithDemo(grace.page, uniqueName("Grace"));
  await grace.page.goto(POST);
  const third = await openReader(POST);
  await scrollTo(grace.page, 0.45);
  await scrollTo(third.page, 0.8);
  await me.page.evaluate(() => window.scrollTo(0, 0));

  await expect(readerChips(me.page)).toHaveCount(3);
  await expect(me.page.getByTestId("rail-marker")).toHaveCount(3);
  await expect(footerCount(me.page)).toHaveText("3 readers online");
  await me.page.waitForTimeout(600);

  const targets = ["test-results/post-with-readers.png"];
  if (process.env.UPDATE_DOCS_SCREENSHOT === "1") targets.push("docs/images/post-with-readers.png");
  mkdirSync("docs/images", { recursive: true });
  for (const path of targets) await me.page.screenshot({ path });
});
