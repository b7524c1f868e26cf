import { expect, footerCount, test } from "./support/fixtures";
import type { WebSocketRoute } from "@playwright/test";
import { userIdByName } from "./support/db";
import { readerChips, recordFooterCounts, recordTexts, signInWithDemo, uniqueName } from "./support/people";
import { statusApi, watchStatusStream } from "./support/status-api";
import { E2E_GHOST_AFTER_MS, E2E_GRACE_MS, E2E_SWEEP_MS, E2E_WORKER_PORT, E2E_WORKER_URL } from "./support/ports";

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
  await alice.page.waitForTimeout(E2E_GRACE_MS + 500);
  expect(await footerTexts()).toEqual(["2 readers online"]);
  expect(await readingTexts()).toEqual(["2 reading now"]);

  const closedAt = Date.now();
  await bob.page.close();
  await expect(footerCount(alice.page)).toHaveText("1 reader online", { timeout: E2E_GRACE_MS + 2000 });
  await expect(readingCount(alice.page)).toHaveText("1 reading now");
  expect(Date.now() - closedAt).toBeGreaterThanOrEqual(E2E_GRACE_MS - 500);
});

test("a network change in real Chromium: the old socket goes silent, never closed, while the tab reconnects; the reader stays counted, listed and on the rail, and no status event says she left", { tag: "@attack" }, async ({ openReader }) => {
  test.setTimeout(90_000);
  const name = uniqueName("Nia");
  const alice = await openReader(POST);
  const nia = await openReader("/");
  await signInWithDemo(nia.page, name);
  const niaId = (await userIdByName(name)) ?? "";
  // Every presence socket of Nia's browser passes through here; each one can be cut off.
  const routes: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
  await nia.context.routeWebSocket(new RegExp(`:${E2E_WORKER_PORT}/parties/`), (page) => {
    routes.push({ page, server: page.connectToServer() });
  });
  await nia.page.goto(POST);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });
  await expect(footerCount(alice.page)).toHaveText("2 readers online");
  // Listed before we listen: she signed in a moment ago, and others list her only once her listing delay has passed.
  await expect
    .poll(async () => ((await (await statusApi(`/api/v1/status?ids=${encodeURIComponent(niaId)}`)).json()) as { statuses: { status: string }[] }).statuses[0]?.status, {
      timeout: 10_000,
    })
    .not.toBe("offline");
  const aliceCounts = await recordFooterCounts(alice.page);
  const aliceReading = await recordTexts(alice.page, "article-readers-count");
  const niaCounts = await recordFooterCounts(nia.page);
  // What the status API's subscribers (and the webhook, fed by the same events) hear meanwhile.
  // (The lobby's once-a-minute "still online" last-seen may fall in this window: no sign of a departure.)
  const stream = await watchStatusStream();

  // Wi-Fi to mobile data: what the worker holds goes silent without a close frame (nothing
  // Nia's tab sends reaches it any more), and the tab's sockets drop, so PartySocket reconnects.
  const wifi = [...routes];
  for (const { page, server } of wifi) {
    page.onMessage(() => {});
    page.onClose(() => {});
    server.onClose(() => {});
    await page.close({ code: 4000, reason: "network changed" });
  }
  await expect.poll(() => routes.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(wifi.length * 2);

  // The worker gives up on the silent sockets after its ghost time and a sweep; nothing changes for anyone.
  await alice.page.waitForTimeout(E2E_GHOST_AFTER_MS + 2 * E2E_SWEEP_MS);
  await expect(footerCount(alice.page)).toHaveText("2 readers online");
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1);
  await expect(footerCount(nia.page)).toHaveText("2 readers online");
  expect(await aliceCounts()).toEqual(["2 readers online"]);
  expect(await aliceReading()).toEqual(["2 reading now"]);
  expect(await niaCounts()).not.toContain("0 readers online");
  const online = await sitePeople();
  expect(online.map((person) => person.name)).toEqual([name]);
  stream.stop();
  expect(stream.events.filter((event) => event.data.userId === niaId)).toEqual([]);
});

test("a reader whose tab is hidden shows as idle everywhere, still counted, and active again on return", { tag: "@attack" }, async ({ openReader }) => {
  const name = uniqueName("Ida");
  const alice = await openReader(POST);
  const ida = await openReader("/");
  await signInWithDemo(ida.page, name);
  await ida.page.goto(POST);
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
