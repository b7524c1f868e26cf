// An observer who logs every value a post's "N reading now" ever shows (in a real page and on a
// raw socket), while another reader of the post changes how they are shown: signs in (no
// reload), signs out, signs in again, hides in another tab and shows again, goes home and comes
// back within seconds, reloads. Privacy may withhold the reader's marker; it must never change a
// count (docs/security.md, issue 23). Only going home takes the reader out of the post's count.
import type { Page } from "@playwright/test";
import { beat, type CountSpot, describeSamples, longestDisagreement, offValues, recordCounts, type Sample, valueAt, watchRoom, watchSite } from "./support/count-timeline";
import { expect, test } from "./support/fixtures";
import { signInWithDemo, signOut, uniqueName } from "./support/people";
import { E2E_REENTRY_DELAY_MS } from "./support/ports";

// A post whose reading insights no spec checks (this visit is long).
const SLUG = "heartbeats-and-ghost-connections";
const POST = `/posts/${SLUG}`;
/** Long enough after each change for a withheld reader to be let back in, or for a lost count to show. */
const DWELL_MS = E2E_REENTRY_DELAY_MS.max + 1000;
/** A count reaches every reader of the post within a tick. */
const TICK_MS = 1000;
/** The home page's figures come from the room through the lobby and the site's shards: one more hop. */
const LOBBY_MS = 2000;

const SPOTS: CountSpot[] = [
  { name: "post", selector: '[data-testid="article-readers-count"]', read: "data-count" },
  { name: "footer", selector: '[data-testid="readers-online"]', read: "number-in-text" },
  { name: "ranking", selector: `[data-testid="ranking-item"][data-slug="${SLUG}"]`, read: "data-count", zeroWhen: '[data-testid="reading-now"] ol' },
  { name: "list", selector: `[data-testid="post-item"][data-slug="${SLUG}"] [data-testid="post-reading-count"]`, read: "data-count" },
];

const rankingItem = (page: Page) => page.locator(`[data-testid="ranking-item"][data-slug="${SLUG}"]`);

async function setShown(settings: Page, shown: boolean): Promise<void> {
  const toggle = settings.getByTestId("show-online-toggle");
  if ((await toggle.isChecked()) !== shown) await toggle.click();
  await expect(settings.getByTestId("show-online-status")).toHaveText(shown ? "Others can see you online." : "You are hidden.");
}

test("a reader who signs in, signs out, hides, shows, comes back and reloads is counted throughout, in every view of the post", { tag: "@attack" }, async ({ openReader }) => {
  test.setTimeout(120_000);
  const log: Sample[] = [];
  const observer = await openReader("about:blank");
  const reader = await openReader("about:blank");
  await recordCounts(observer.context, (page) => (page === observer.page ? "observer" : "observer-home"), SPOTS, log);
  await recordCounts(reader.context, (page) => (page === reader.page ? "reader" : "reader-tab"), SPOTS, log);
  const steps: { step: string; at: number }[] = [];
  const step = (name: string) => steps.push({ step: name, at: Date.now() });
  const dwell = () => observer.page.waitForTimeout(DWELL_MS);
  await observer.page.goto(POST);
  const sid = (await observer.context.cookies()).find((cookie) => cookie.name === "lr_sid")?.value;
  expect(sid, "the observer's browser has its session id").toBeDefined();
  const stopWatching = beat([await watchRoom(SLUG, log), await watchSite(SLUG, log, decodeURIComponent(sid!))]);
  try {
    const observerHome = await observer.openTab("/");
    await reader.page.goto(POST);
    const observerCount = observer.page.getByTestId("article-readers-count");
    const readerCount = reader.page.getByTestId("article-readers-count");
    await expect(observerCount).toHaveAttribute("data-count", "2");
    await expect(readerCount).toHaveAttribute("data-count", "2");
    await expect(rankingItem(observerHome)).toHaveAttribute("data-count", "2");
    for (const source of ["socket:room", "socket:reading", "socket:online"]) await expect.poll(() => valueAt(log, source, Date.now())).toBe(2);
    const start = Date.now();

    step("signs in");
    const name = uniqueName("Sid");
    await signInWithDemo(reader.page, name);
    // The room withholds the marker of the reader who just signed in: the page says so, and that they count.
    await expect.soft(reader.page.getByTestId("not-shown-note")).toContainText("You are counted");
    await dwell();

    step("signs out");
    await signOut(reader.page);
    await dwell();

    step("signs in again");
    await signInWithDemo(reader.page, name);
    await dwell();

    step("hides (another tab)");
    const settings = await reader.openTab("/settings");
    await setShown(settings, false);
    await dwell();

    step("shows again");
    await setShown(settings, true);
    await dwell();
    await settings.close();

    step("goes home");
    const leftAt = Date.now();
    await reader.page.getByRole("link", { name: "Live Readers" }).first().click();
    await expect(rankingItem(reader.page)).toHaveAttribute("data-count", "1");
    await expect(rankingItem(observerHome)).toHaveAttribute("data-count", "1");

    step("reopens the post");
    await reader.page.locator(`[data-testid="post-item"][data-slug="${SLUG}"]`).getByRole("link").first().click();
    // Back on the post (the page's own loading time is the browser's, not the room's).
    await reader.page.waitForURL(`**${POST}`);
    const reopenedAt = Date.now();
    expect(reopenedAt - leftAt).toBeLessThan(10_000);
    await expect.soft(readerCount).toHaveAttribute("data-count", "2");
    await expect.soft(observerCount).toHaveAttribute("data-count", "2");
    await dwell();

    step("reloads");
    await reader.page.reload();
    await expect.soft(readerCount).toHaveAttribute("data-count", "2");
    await dwell();
    const end = Date.now();
    step("end");

    const timeline = `steps:\n${steps.map(({ step, at }) => `+${((at - start) / 1000).toFixed(2)}s ${step}`).join("\n")}\nvalues:\n${describeSamples(log.filter((sample) => sample.at >= start - 2000), start)}`;
    await test.info().attach("timeline", { body: timeline, contentType: "text/plain" });
    const away = { windows: [{ from: leftAt, to: reopenedAt + TICK_MS }], values: [1] };
    const awayFromHome = { windows: [{ from: leftAt, to: reopenedAt + LOBBY_MS }], values: [1] };
    const unshownIgnored = (source: string, samples: Sample[]) => (source.startsWith("reader:") ? samples.filter((sample) => sample.value !== null) : samples);

    // (Soft: every view that went wrong is named, with the whole timeline printed below.)
    // The post's count, in the observer's page and on the wire, and in the reader's own page: 2,
    // but while the reader was on the home page, and 2 again within a tick of coming back.
    for (const source of ["observer:post", "socket:room", "reader:post"]) {
      expect.soft(unshownIgnored(source, offValues(log, source, start, 2, away)), `${source}: only 2, but while the reader was away`).toEqual([]);
    }
    for (const source of ["observer:post", "socket:room"]) {
      expect.soft(valueAt(log, source, reopenedAt + TICK_MS), `${source}: 2 again a tick after the reader was back`).toBe(2);
    }
    // The reader's own page and the observer's never disagreed longer than a tick.
    for (const [a, b] of [["reader:post", "observer:post"], ["socket:room", "observer:post"]] as const) {
      expect.soft(longestDisagreement(log, a, b, start, end).ms, `${a} and ${b}: the longest they disagreed (ms)`).toBeLessThan(TICK_MS);
    }
    // The home page's ranking and list, and the site's figure for the post, say the same (one hop later).
    for (const source of ["observer-home:ranking", "observer-home:list", "socket:reading"]) {
      expect.soft(offValues(log, source, start, 2, awayFromHome), `${source}: only 2, but while the reader was away`).toEqual([]);
      expect.soft(valueAt(log, source, reopenedAt + LOBBY_MS), `${source}: 2 again after the reader was back`).toBe(2);
    }
    // Two readers online all along, whatever the reader did.
    for (const source of ["observer:footer", "observer-home:footer", "socket:online", "reader:footer"]) {
      expect.soft(unshownIgnored(source, offValues(log, source, start, 2)), `${source}: 2 readers online throughout`).toEqual([]);
    }
    if (test.info().errors.length > 0) console.log(timeline);
  } finally {
    stopWatching();
  }
});
