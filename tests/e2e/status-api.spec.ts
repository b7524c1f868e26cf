import { expect, test } from "@playwright/test";
import { waitForEmptySite } from "./support/fixtures";
import { E2E_STATUS_API_KEY, E2E_WORKER_URL } from "./support/ports";
import { statusApi as api, watchStatusStream } from "./support/status-api";
import { connect } from "./support/ws-client";

const SITE = "/parties/site/global";
const SLUG = "how-live-presence-works";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.beforeEach(async () => {
  await waitForEmptySite();
});

test("every status API call needs the API key, and bad input gets a clear 400", { tag: "@attack" }, async () => {
  for (const path of ["/api/v1/status?ids=seed-ada", "/api/v1/totals", "/api/v1/status/stream"]) {
    const missing = await api(path, { key: null });
    expect(missing.status, path).toBe(401);
    expect((await missing.json()).error).toMatch(/API key/);
    expect((await api(path, { key: `${E2E_STATUS_API_KEY}x` })).status, path).toBe(401);
  }
  const empty = await api("/api/v1/status?ids=");
  expect(empty.status).toBe(400);
  expect((await empty.json()).error).toMatch(/at least one id/);
  // The worker's side of the API answers only the app's signed calls.
  for (const path of ["/internal/people", "/internal/totals", "/internal/status-stream"]) {
    expect((await fetch(`${E2E_WORKER_URL}${path}`)).status, path).toBe(401);
  }
  const tooMany = Array.from({ length: 101 }, (_, i) => `user-${i}`).join(",");
  expect((await api(`/api/v1/status?ids=${tooMany}`)).status).toBe(400);
});

test("statuses are online, idle or offline with last-seen; people who hide read as offline", async () => {
  const ada = await connect(SITE, { as: { userId: "seed-ada", name: "Ada Lovelace" } });
  // Alan chose not to show himself online (seeded so): counted, but offline to the API.
  const alan = await connect(SITE, { as: { userId: "seed-alan", name: "Alan Turing", visible: false } });
  const reader = await connect(`/parties/article/${SLUG}`);
  await sleep(500);
  const statuses = async () => (await (await api("/api/v1/status?ids=seed-ada,seed-alan,seed-grace,nobody")).json()).statuses;
  expect(await statuses()).toEqual([
    { id: "seed-ada", status: "online", lastSeenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    { id: "seed-alan", status: "offline", lastSeenAt: null },
    { id: "seed-grace", status: "offline", lastSeenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    { id: "nobody", status: "offline", lastSeenAt: null },
  ]);

  ada.send(JSON.stringify({ type: "activity", active: false }));
  await expect.poll(async () => (await statuses())[0].status).toBe("idle");

  // Totals: Ada and Alan are on the site (the room reader opened only a room socket), only Alan
  // is active; the post has one reader.
  await expect
    .poll(async () => (await api("/api/v1/totals")).json())
    .toEqual({ online: 2, active: 1, ranking: [{ slug: SLUG, title: "How live presence works", readers: 1 }] });
  for (const client of [ada, alan, reader]) client.socket.close(1000);
});

test("the status stream sends online, idle and offline events in order", async () => {
  const { events, contentType, stop } = await watchStatusStream();
  expect(contentType).toMatch(/text\/event-stream/);
  try {
    const ada = await connect(SITE, { as: { userId: "seed-ada", name: "Ada Lovelace" } });
    await expect.poll(() => events.length).toBe(1);
    ada.send(JSON.stringify({ type: "activity", active: false }));
    await expect.poll(() => events.length).toBe(2);
    ada.send(JSON.stringify({ type: "activity", active: true }));
    await expect.poll(() => events.length).toBe(3);
    ada.socket.close(1000);
    await expect.poll(() => events.length).toBe(4);

    // A hidden person comes and goes without a single event.
    const alan = await connect(SITE, { as: { userId: "seed-alan", name: "Alan Turing", visible: false } });
    alan.socket.close(1000);
    await sleep(800);

    expect(events.map((e) => [e.event, e.data.userId, e.data.status])).toEqual([
      ["status", "seed-ada", "online"],
      ["status", "seed-ada", "idle"],
      ["status", "seed-ada", "online"],
      ["status", "seed-ada", "offline"],
    ]);
    const ids = events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  } finally {
    stop();
  }
});
