import { E2E_GRACE_MS } from "./support/ports";
import { takeDatabaseDown } from "./support/database-lock";
import { lastSeenAt, userIdByName } from "./support/db";
import { expect, footerCount, test } from "./support/fixtures";
import { recordFooterCounts, signInWithDemo, uniqueName } from "./support/people";
import { lastSeenBody, postLastSeen, signedHeaders } from "./support/last-seen-calls";

const POST = "/posts/how-live-presence-works";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("while the database is down, presence carries on, and every last-seen the app refused is written once it is back", { tag: "@attack" }, async ({ openReader }) => {
  test.setTimeout(90_000);
  const watcher = await openReader("/");
  const [dee, eli, fay] = [await openReader(POST), await openReader(POST), await openReader(POST)];
  const [deeName, eliName] = [uniqueName("Dee"), uniqueName("Eli")];
  await signInWithDemo(dee.page, deeName);
  await signInWithDemo(eli.page, eliName);
  await signInWithDemo(fay.page, uniqueName("Fay"));
  const deeId = (await userIdByName(deeName)) ?? "";
  const eliId = (await userIdByName(eliName)) ?? "";
  await expect(footerCount(watcher.page)).toHaveText("4 readers online");

  const outage = await takeDatabaseDown();
  let released = false;
  try {
    // /online still lists who is online (the live list needs no database), and says the rest is unavailable.
    const online = await openReader("/online");
    await expect(online.page.getByTestId("online-person").filter({ hasText: deeName })).toHaveCount(1, { timeout: 5000 });
    await expect(online.page.getByTestId("recently-seen-unavailable")).toBeVisible();
    await online.context.close();

    // Readers come and go; the footer follows as if nothing were wrong.
    const newcomer = await openReader(POST);
    await expect(footerCount(newcomer.page)).toHaveText("5 readers online");
    await expect(footerCount(watcher.page)).toHaveText("5 readers online");
    // Fay reloads: her socket needs a new ticket while the database can't be read. Past the
    // grace window of her old socket she is still counted, and the count never wavered.
    const watcherCounts = await recordFooterCounts(watcher.page);
    await fay.page.reload();
    await sleep(E2E_GRACE_MS + 2000);
    await expect(footerCount(fay.page)).toHaveText("5 readers online");
    expect(await watcherCounts()).toEqual(["5 readers online"]);

    const deeLeftAt = Date.now();
    await dee.context.close();
    const eliLeftAt = Date.now();
    await eli.context.close();
    const bothClosedAt = Date.now();
    await expect(footerCount(watcher.page)).toHaveText("3 readers online", { timeout: E2E_GRACE_MS + 3000 });

    // The app can't write, and says so: a 5xx, never a 200 that would make the worker drop the report.
    const report = lastSeenBody([{ userId: deeId, seenAt: deeLeftAt }]);
    const refused = await postLastSeen(report, await signedHeaders(report));
    expect(refused.status).toBe(503);
    // Long enough for the worker's first attempts (after the grace window and its flush delay) to be refused.
    await sleep(4000);

    await outage.release();
    released = true;
    // Both reports waited in the worker and arrive now, each at the time its person left.
    await expect.poll(() => lastSeenAt(deeId), { timeout: 30_000 }).not.toBeNull();
    await expect.poll(() => lastSeenAt(eliId), { timeout: 30_000 }).not.toBeNull();
    for (const [id, leftAt] of [[deeId, deeLeftAt], [eliId, eliLeftAt]] as const) {
      const seen = (await lastSeenAt(id)) ?? 0;
      expect(seen).toBeGreaterThanOrEqual(leftAt - 100);
      expect(seen).toBeLessThan(bothClosedAt + 1000);
    }
  } finally {
    if (!released) await outage.release();
  }
});
