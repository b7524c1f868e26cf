// A post past LARGE_ROOM_READERS, filled by raw sockets, as a reader in Chromium sees it: the
// density strip, a few faces and "and N more", your own marker, a visible person by name, an
// exact count, and the rail again when the crowd thins.
import { expect, test } from "./support/fixtures";
import { E2E_LARGE_ROOM_READERS, E2E_ROOM_SOCKETS_PER_OBJECT } from "./support/ports";
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

test("a reader who arrives when the post's room is full is seated in one of its relays, and reads with everyone else", async ({ openReader }) => {
  test.setTimeout(90_000);
  const me = await openReader("/");
  // The room's own object fills up, and a few readers already sit in a relay: still the rail.
  const others: RawClient[] = [await connect(`/parties/article/${SLUG}`, { as: { userId: "seed-ada", name: "Ada Lovelace" } })];
  while (others.length < E2E_ROOM_SOCKETS_PER_OBJECT + 2) others.push(await connect(`/parties/article/${SLUG}`));
  const heartbeat = setInterval(() => others.forEach((client) => client.socket.readyState === 1 && client.send("ping")), 3000);
  try {
    // Each room socket of the tab, in order: its URL, and what happened to it as the tab saw it.
    const roomSockets: string[] = [];
    const events: string[] = [];
    me.page.on("websocket", (socket) => {
      if (!socket.url().includes(`/parties/article/${SLUG}`)) return;
      const index = roomSockets.push(socket.url()) - 1;
      events.push(`opened ${index}`);
      socket.on("framereceived", ({ payload }) => {
        if (String(payload).includes('"room-moved"')) events.push(`moved ${index}`);
      });
      socket.on("close", () => events.push(`closed ${index}`));
    });
    await me.page.goto(POST);
    const readers = others.length + 1;
    await expect(me.page.getByTestId("article-readers-count")).toHaveText(`${readers} reading now`, { timeout: 5000 });
    await expect(me.page.getByTestId("reading-rail")).toHaveAttribute("data-mode", "rail");
    await expect(me.page.getByTestId("rail-marker")).toHaveCount(readers);
    await expect(me.page.locator('[data-testid="rail-marker"][data-self="true"]')).toHaveCount(1);
    await expect(me.page.getByTestId("reader-chip").filter({ hasText: "Ada Lovelace" })).toHaveCount(1);
    // The room told the tab its seat; the tab's socket sits there (a reader's only room socket from then on).
    expect(roomSockets.map((url) => new URL(url).searchParams.get("seat"))).toEqual([null, "1"]);
    // At once: the tab didn't wait for the first socket's close, which reaches a browser seconds late.
    expect(events.slice(0, 3)).toEqual(["opened 0", "moved 0", "opened 1"]);

    // Ada, in the room's own object, moves: the seated reader sees it. The seated reader scrolls: Ada sees it.
    others[0]!.send(JSON.stringify({ type: "progress", progress: 0.75, seq: 1 }));
    await expect(me.page.locator('[data-testid="rail-marker"][data-progress="0.75"]')).toHaveCount(1);
    const youId = await me.page.evaluate(() => document.querySelector('[data-testid="rail-marker"][data-self="true"]')?.getAttribute("data-reader-id"));
    expect(youId).toBeTruthy();
    await me.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect(async () => {
      const moved = others[0]!.messages.flatMap((message) => {
        const frame = message as { type?: string; moved?: Record<string, number> };
        return frame.type === "room-diff" && frame.moved ? Object.entries(frame.moved) : [];
      });
      expect(moved.some(([id, progress]) => id === youId && progress > 0.9)).toBe(true);
    }).toPass({ timeout: 5000 });

    // Leaving from the relay: everyone's count drops, at once.
    await me.context.close();
    await expect(async () => {
      const counts = others[0]!.messages.flatMap((message) => ((message as { count?: number }).count === undefined ? [] : [(message as { count: number }).count]));
      expect(counts.at(-1)).toBe(readers - 1);
    }).toPass({ timeout: 5000 });
  } finally {
    clearInterval(heartbeat);
    others.forEach((client) => client.socket.close(1000));
  }
});
