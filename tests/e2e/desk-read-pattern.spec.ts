// Issue 23: three readers read one post (one leaves at 30 % after 15 s; two scroll to the end
// over 20 s and sit still there 15 s more before closing). The owner's desk must add exactly
// 3 reads, 2 completions and the depth each got, every time: a visit is not lost or shortened
// when the room is rebuilt while its readers sit still (workerd evicts an object that holds only
// hibernated sockets after about 10 s without an event).
//
// The suite's worker sweeps every 4 s, and a sweep is an event: its rooms never go 10 s without
// one, so they never hibernate. This spec runs the worker with a sweep of a minute (as
// attack-audience.spec.ts runs it with other settings), so that the 15 s at the end can evict it.
import { test as base, type Page } from "@playwright/test";
import { depthCounts, deskPost, openDesk, ownProgress, postInsight, scrollTo } from "./support/desk";
import { expect, test } from "./support/fixtures";
import { startWorker, stopWorker, workerLogMark, workerLogSince } from "./support/worker-process";

// A post no other spec reads: its insights are this spec's alone (a repeat adds to them: see `before`).
const SLUG = "durable-objects-and-hibernation";
const POST = `/posts/${SLUG}`;
const EARLY_LEAVES_AFTER_MS = 15_000;
const SCROLL_TO_END_MS = 20_000;
/** Longer than the ~10 s after which the runtime evicts a room that hears nothing. */
const SIT_STILL_MS = 15_000;

/** The post's row in the desk's "Posts read most this week", as the page shows it (none: nothing yet). */
async function deskRow(page: Page): Promise<{ reads: number; completions: number }> {
  const row = page.getByTestId("insight-posts").locator(`tr[data-slug="${SLUG}"]`);
  if ((await row.count()) === 0) return { reads: 0, completions: 0 };
  const cells = await row.locator("td").allTextContents();
  const completions = /^(\d+) of (\d+)/.exec(cells[2] ?? "");
  return { reads: Number(cells[0]), completions: completions ? Number(completions[1]) : 0 };
}

test.describe("reading insights when a room sleeps mid-visit", () => {
  base.beforeAll(async () => {
    await stopWorker();
    await startWorker({ vars: { PRESENCE_SWEEP_MS: "60000" } });
  });
  base.afterAll(async () => {
    await stopWorker();
    await startWorker();
  });

  test("three readers, two of whom sit still at the end: the desk adds 3 reads, 2 completions and the depth each got", async ({ openReader }) => {
    test.setTimeout(150_000);
    const owner = await openDesk(openReader);
    const before = await postInsight(owner.context.request, SLUG);
    const beforeRow = await deskRow(owner.page);
    const logMark = workerLogMark();

    const readers = [await openReader(POST), await openReader(POST), await openReader(POST)];
    const arrivedAt = Date.now();
    await expect(deskPost(owner.page, SLUG)).toHaveAttribute("data-count", "3");
    const [early, ...finishers] = readers as [(typeof readers)[0], (typeof readers)[0], (typeof readers)[0]];
    const leaving = (async () => {
      await scrollTo(early.page, 0.32);
      await expect.poll(() => ownProgress(early.page)).toBeGreaterThan(0.3);
      await early.page.waitForTimeout(Math.max(0, arrivedAt + EARLY_LEAVES_AFTER_MS - Date.now()));
      await early.context.close();
    })();
    await Promise.all(
      finishers.map(async ({ page }) => {
        for (let tenth = 1; tenth <= 10; tenth++) {
          await page.waitForTimeout(Math.max(0, arrivedAt + (tenth * SCROLL_TO_END_MS) / 10 - Date.now()));
          await scrollTo(page, tenth / 10);
        }
        await expect.poll(() => ownProgress(page)).toBeGreaterThanOrEqual(0.99);
      }),
    );
    await leaving;
    const stillFrom = Date.now();
    await expect(deskPost(owner.page, SLUG)).toHaveAttribute("data-count", "2");
    // Sitting still is the point: nothing but heartbeats (answered by the runtime) reaches the room.
    await owner.page.waitForTimeout(Math.max(0, stillFrom + SIT_STILL_MS - Date.now()));
    for (const { context } of finishers) await context.close();
    await expect(deskPost(owner.page, SLUG)).toHaveCount(0, { timeout: 5000 });

    // Ended visits reach the app in a batch from the lobby's outbox a few seconds later.
    await expect.poll(async () => (await postInsight(owner.context.request, SLUG)).visits, { timeout: 20_000 }).toBeGreaterThanOrEqual(before.visits + 3);
    const after = await postInsight(owner.context.request, SLUG);
    const added = { visits: after.visits - before.visits, reads: after.reads - before.reads, completions: after.completions - before.completions };
    expect(added).toEqual({ visits: 3, reads: 3, completions: 2 });
    // Past 10, 20 and 30 %: all three; past 40 % to the end: the two who finished.
    expect(depthCounts(after).map((count, tenth) => count - depthCounts(before)[tenth]!)).toEqual([3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
    // Every read of this post follows this pattern, two of three lasting 35 s and more: a visit
    // restarted when the room woke would be a few seconds long (and no read).
    expect(after.medianActiveSeconds).toBeGreaterThanOrEqual(30);
    expect(after.medianActiveSeconds).toBeLessThanOrEqual(45);

    // The desk's page says the same.
    await owner.page.reload();
    expect(await deskRow(owner.page)).toEqual({ reads: beforeRow.reads + 3, completions: beforeRow.completions + 2 });

    // What this spec is about did happen: the room was evicted, and rebuilt from its sockets, mid-visit.
    expect(workerLogSince(logMark), "the worker's log says the room woke with the two readers who sat still").toMatch(new RegExp(`article ${SLUG}@\\S+: woke with 2 connections`));
  });
});
