import { expect, footerCount, test, waitForEmptySite } from "./support/fixtures";
import { startBlackholeProxy } from "./support/blackhole-proxy";
import { lastSeenAt } from "./support/db";
import { readerChips, recordFooterCounts, recordTexts, signInWithDemo, uniqueName } from "./support/people";
import { E2E_BLACKHOLE_PORT, E2E_WORKER_PORT, E2E_WORKER_URL } from "./support/ports";
import { presenceToken } from "./support/tokens";
import { connect } from "./support/ws-client";
import { DEFAULT_GRACE_MS, HEARTBEAT_INTERVAL_MS } from "@/party/timing";

const SLUG = "how-live-presence-works";
const POST = `/posts/${SLUG}`;

type Page = import("@playwright/test").Page;
const readingCount = (page: Page) => page.getByTestId("article-readers-count");

/** What a browser reports when its tab is switched away from, or back to. */
async function setTabVisibility(page: Page, state: "visible" | "hidden"): Promise<void> {
  await page.evaluate((visibility) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
    document.dispatchEvent(new Event("visibilitychange"));
  }, state);
}
const sitePeople = async () => ((await (await fetch(`${E2E_WORKER_URL}/parties/site/global`)).json()) as { people: { name: string }[] }).people;

test("reloading a page changes nothing for anyone else, and a tab closed for good goes right after the grace window", { tag: "@attack" }, async ({ openReader }) => {
  const alice = await openReader(POST);
  const bob = await openReader(POST);
  await expect(footerCount(alice.page)).toHaveText("2 readers online");
  await expect(readingCount(alice.page)).toHaveText("2 reading now");
  const footerTexts = await recordFooterCounts(alice.page);
  const readingTexts = await recordTexts(alice.page, "article-readers-count");

  for (let i = 0; i < 2; i++) {
    await bob.page.reload();
    await expect(readingCount(bob.page)).toHaveText("2 reading now");
  }
  await alice.page.waitForTimeout(DEFAULT_GRACE_MS + 500);
  expect(await footerTexts()).toEqual(["2 readers online"]);
  expect(await readingTexts()).toEqual(["2 reading now"]);

  const closedAt = Date.now();
  await bob.page.close();
  await expect(footerCount(alice.page)).toHaveText("1 reader online", { timeout: DEFAULT_GRACE_MS + 2000 });
  await expect(readingCount(alice.page)).toHaveText("1 reading now");
  expect(Date.now() - closedAt).toBeGreaterThanOrEqual(DEFAULT_GRACE_MS - 500);
});

test("a reader whose network vanished without a close is gone from every count, list and rail within 30 seconds", { tag: "@attack" }, async ({ openReader }) => {
  test.setTimeout(90_000);
  const alice = await openReader(POST);
  const proxy = await startBlackholeProxy(E2E_BLACKHOLE_PORT, E2E_WORKER_PORT);
  try {
    const token = await presenceToken({ sub: "seed-ada", name: "Ada Lovelace" });
    const seenBefore = (await lastSeenAt("seed-ada")) ?? 0;
    const site = await connect("/parties/site/global", { query: { token }, baseUrl: proxy.url });
    const room = await connect(`/parties/article/${SLUG}`, { query: { token }, baseUrl: proxy.url });
    const heartbeat = setInterval(() => {
      site.send("ping");
      room.send("ping");
    }, HEARTBEAT_INTERVAL_MS);
    try {
      await expect(footerCount(alice.page)).toHaveText("2 readers online");
      await expect(readingCount(alice.page)).toHaveText("2 reading now");
      await expect(alice.page.getByTestId("reader-chip").filter({ hasText: "Ada Lovelace" })).toHaveCount(1);
      expect((await sitePeople()).map((person) => person.name)).toEqual(["Ada Lovelace"]);

      // The lid closes: nothing more arrives from Ada, and nothing closes either.
      proxy.blackhole();
      const vanishedAt = Date.now();
      await expect(footerCount(alice.page)).toHaveText("1 reader online", { timeout: 30_000 });
      await expect(readingCount(alice.page)).toHaveText("1 reading now", { timeout: Math.max(1000, 30_000 - (Date.now() - vanishedAt)) });
      await expect(alice.page.getByTestId("rail-marker")).toHaveCount(1);
      expect(await sitePeople()).toEqual([]);
      const elapsed = Date.now() - vanishedAt;
      expect(elapsed).toBeLessThan(30_000);
      console.log(`ghost removed ${(elapsed / 1000).toFixed(1)} s after its network vanished`);

      // Her last-seen is when her last heartbeat arrived, not when the sweep noticed.
      await expect.poll(async () => (await lastSeenAt("seed-ada")) ?? 0, { timeout: 10_000 }).toBeGreaterThan(seenBefore);
      const lastSeen = (await lastSeenAt("seed-ada")) ?? 0;
      expect(lastSeen).toBeGreaterThanOrEqual(vanishedAt - HEARTBEAT_INTERVAL_MS - 1000);
      expect(lastSeen).toBeLessThanOrEqual(vanishedAt + 1000);
    } finally {
      clearInterval(heartbeat);
    }
  } finally {
    await proxy.close();
  }
});

test("a reader whose tab is hidden shows as idle everywhere, still counted, and active again on return", { tag: "@attack" }, async ({ openReader }) => {
  const name = uniqueName("Ida");
  const alice = await openReader(POST);
  const ida = await openReader(POST);
  await signInWithDemo(ida.page, name);
  const bystander = await openReader("/online");
  await expect(alice.page.getByTestId("readers-active")).toHaveText("3 active");
  const idaChip = readerChips(alice.page).filter({ hasText: name });
  await expect(idaChip).toHaveAttribute("data-active", "true");
  const idaId = await ida.page.locator('[data-testid="rail-marker"][data-self="true"]').getAttribute("data-reader-id");
  const idaMarker = alice.page.locator(`[data-testid="rail-marker"][data-reader-id="${idaId}"]`);
  const idaListed = bystander.page.getByTestId("online-person").filter({ hasText: name });

  await setTabVisibility(ida.page, "hidden");
  await expect(idaChip).toHaveAttribute("data-active", "false", { timeout: 1500 });
  await expect(idaMarker).toHaveAttribute("data-active", "false");
  await expect(idaListed.getByTestId("online-person-status")).toHaveText("idle");
  await expect(alice.page.getByTestId("readers-active")).toHaveText("2 active");
  await expect(footerCount(alice.page)).toHaveText("3 readers online");

  await setTabVisibility(ida.page, "visible");
  await expect(idaChip).toHaveAttribute("data-active", "true", { timeout: 1500 });
  await expect(idaMarker).toHaveAttribute("data-active", "true");
  await expect(idaListed.getByTestId("online-person-status")).toHaveText("active");
  await expect(alice.page.getByTestId("readers-active")).toHaveText("3 active");
});

test("a tab that reconnects under its old connection id within the grace window stays counted", { tag: "@attack" }, async () => {
  // PartySocket keeps its connection id across reconnects: the old socket's departure must
  // not remove the new one when the grace window ends.
  await waitForEmptySite();
  const token = await presenceToken({ sub: "seed-ada", name: "Ada Lovelace" });
  const query = { token, _pk: `tab-${Date.now()}` };
  const first = await connect("/parties/site/global", { query });
  await new Promise((resolve) => setTimeout(resolve, 300));
  first.socket.terminate();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const again = await connect("/parties/site/global", { query });
  await new Promise((resolve) => setTimeout(resolve, DEFAULT_GRACE_MS + 1500));
  expect((await sitePeople()).map((person) => person.name)).toEqual(["Ada Lovelace"]);
  expect((await (await fetch(`${E2E_WORKER_URL}/parties/site/global`)).json()).online).toBe(1);
  again.socket.close(1000);
});
