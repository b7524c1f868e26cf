// A post past LARGE_ROOM_READERS, filled by raw sockets, as a reader in Chromium sees it: the
// density strip, a few faces and "and N more", your own marker, a visible person by name, an
// exact count, and the rail again when the crowd thins.
import { expect, test } from "./support/fixtures";
import { E2E_LARGE_ROOM_READERS } from "./support/ports";
import { connect, type RawClient } from "./support/ws-client";

const SLUG = "reading-progress-rails";
const POST = `/posts/${SLUG}`;

test("a crowded post shows a density strip and 'and N more', with exact counts, and its rail again below the threshold", async ({ openReader }) => {
  test.setTimeout(90_000);
  const me = await openReader(POST);
  const crowd: RawClient[] = [await connect(`/parties/article/${SLUG}`, { as: { userId: "seed-ada", name: "Ada Lovelace" } })];
  while (crowd.length < E2E_LARGE_ROOM_READERS) crowd.push(await connect(`/parties/article/${SLUG}`));
  const heartbeat = setInterval(() => crowd.forEach((client) => client.socket.readyState === 1 && client.send("ping")), 3000);
  try {
    crowd.forEach((client, index) => client.send(JSON.stringify({ type: "progress", progress: (index % 10) / 10, seq: 1 })));
    const readers = E2E_LARGE_ROOM_READERS + 1;
    const count = me.page.getByTestId("article-readers-count");
    await expect(count).toHaveText(`${readers} reading now`, { timeout: 5000 });
    await expect(me.page.getByTestId("reading-rail")).toHaveAttribute("data-mode", "crowd");
    await expect(me.page.getByTestId("rail-density")).toBeVisible();
    // A few faces (Ada, who shows herself), you, and the rest as a number.
    await expect(me.page.getByTestId("reader-chip").filter({ hasText: "Ada Lovelace" })).toHaveCount(1);
    await expect(me.page.getByTestId("article-readers-more")).toHaveText(`and ${readers - 2} more`);
    await expect(me.page.locator('[data-testid="rail-marker"][data-self="true"]')).toHaveCount(1);
    await expect(me.page.getByTestId("rail-marker")).toHaveCount(2);
    const slices = await me.page.locator(".rail-density-slice").evaluateAll((elements) => elements.map((element) => Number(element.getAttribute("data-readers"))));
    expect(slices.reduce((sum, slice) => sum + slice, 0)).toBe(readers);
    await expect(me.page.getByTestId("rail-summary")).toContainText(`${readers} readers`);

    // The crowd thins below 80 % of the threshold: one marker per reader again.
    const leaveBelow = Math.floor(E2E_LARGE_ROOM_READERS * 0.8);
    while (crowd.length + 1 >= leaveBelow) crowd.pop()!.socket.close(1000);
    await expect(me.page.getByTestId("reading-rail")).toHaveAttribute("data-mode", "rail", { timeout: 5000 });
    await expect(count).toHaveText(`${crowd.length + 1} reading now`);
    await expect(me.page.getByTestId("rail-marker")).toHaveCount(crowd.length + 1);
  } finally {
    clearInterval(heartbeat);
    crowd.forEach((client) => client.socket.close(1000));
  }
});
