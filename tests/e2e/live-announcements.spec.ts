// Live counts and assistive technology: the number on screen follows every change; a polite
// live region says the settled count, at most every few seconds (hooks/use-settled-value.ts).
import type { Page } from "@playwright/test";
import { MIN_GAP_MS } from "@/hooks/use-settled-value";
import { AUDIENCE_POST } from "./support/audience";
import { expect, footerCount, test } from "./support/fixtures";

interface Seen {
  testId: string;
  text: string;
  /** The page's clock (performance.now()), which also runs the settling timers. */
  at: number;
}

/** Records every text the elements with these test ids show from now on, with when. */
async function recordTimeline(page: Page, testIds: string[]): Promise<() => Promise<Seen[]>> {
  await page.evaluate((testIds) => {
    const seen: Seen[] = [];
    const last = new Map<string, string>();
    const read = () => {
      for (const testId of testIds) {
        const element = document.querySelector(`[data-testid="${testId}"]`);
        const text = element?.textContent ?? "";
        if (last.get(testId) !== text) seen.push({ testId, text, at: performance.now() });
        last.set(testId, text);
      }
    };
    read();
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
    Object.assign(window, { __timeline: seen });
  }, testIds);
  return () => page.evaluate(() => (window as unknown as { __timeline: Seen[] }).__timeline);
}

/** What a screen reader hears from `announced`: its changes, each a value `shown` had, about MIN_GAP_MS apart or more. */
function expectCalmAnnouncements(timeline: Seen[], shown: string, announced: string): void {
  const values = (testId: string) => timeline.filter((seen) => seen.testId === testId);
  const changes = values(announced).slice(1);
  const shownTexts = new Set(values(shown).map(({ text }) => text));
  for (const change of changes) expect(shownTexts, `"${change.text}" was announced but never shown`).toContain(change.text);
  changes.slice(1).forEach((change, index) => {
    // Each change reaches the page a render after its timer fires, and renders don't all take
    // equally long on a busy machine: a second of slack, still far from once per tick.
    expect(change.at - changes[index]!.at, `announced "${changes[index]!.text}", then "${change.text}" too soon`).toBeGreaterThanOrEqual(MIN_GAP_MS - 1000);
  });
}

test("live counts are announced politely once they settle, not on every change, while the numbers on screen follow at once", async ({ openReader }) => {
  test.setTimeout(90_000);
  const reader = await openReader(AUDIENCE_POST);
  const home = await openReader("/");
  const count = reader.page.getByTestId("article-readers-count");
  const announced = reader.page.getByTestId("article-readers-announced");
  await expect(count).toHaveText("1 reading now");
  await expect(announced).toHaveText("1 reading now");
  await expect(footerCount(home.page)).toHaveText("2 readers online");
  await expect(home.page.getByTestId("readers-online-announced")).toHaveText("2 readers online");
  // Heard once, from the live region; the number on screen is hidden from assistive technology.
  for (const [page, testId] of [[reader.page, "article-readers"], [home.page, "readers-online"]] as const) {
    await expect(page.getByTestId(`${testId}-announced`)).toHaveAttribute("aria-live", "polite");
    await expect(page.getByTestId(testId === "article-readers" ? "article-readers-count" : testId).first()).toHaveAttribute("aria-hidden", "true");
  }
  const readerTimeline = await recordTimeline(reader.page, ["article-readers-count", "article-readers-announced"]);
  const homeTimeline = await recordTimeline(home.page, ["readers-online", "readers-online-announced"]);

  // Three readers arrive together, two of them leave again.
  const arrivals = await Promise.all([openReader(AUDIENCE_POST), openReader(AUDIENCE_POST), openReader(AUDIENCE_POST)]);
  await expect(count).toHaveText("4 reading now");
  await expect(footerCount(home.page)).toHaveText("5 readers online");
  await Promise.all(arrivals.slice(1).map(({ context }) => context.close()));
  await expect(count).toHaveText("2 reading now");
  await expect(footerCount(home.page)).toHaveText("3 readers online", { timeout: 10_000 });

  // What is announced catches up once the counts hold still.
  await expect(announced).toHaveText("2 reading now", { timeout: 15_000 });
  await expect(home.page.getByTestId("readers-online-announced")).toHaveText("3 readers online", { timeout: 15_000 });
  const postItem = home.page.locator(`[data-testid="post-item"][data-slug="how-live-presence-works"]`);
  await expect(postItem.getByTestId("post-reading-count-announced")).toHaveText("2 reading now: How live presence works", { timeout: 15_000 });
  expectCalmAnnouncements(await readerTimeline(), "article-readers-count", "article-readers-announced");
  expectCalmAnnouncements(await homeTimeline(), "readers-online", "readers-online-announced");
});
